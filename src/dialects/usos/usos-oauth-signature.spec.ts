import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import {
  baseStringUri,
  hmacSha1Signature,
  parseOAuthHeader,
  percentEncode,
  signatureBaseString,
  signingKey,
} from './usos-oauth-signature';

describe('usos OAuth 1.0a signatures', () => {
  it('percent-encodes per RFC 3986', () => {
    expect(percentEncode("a b!*'()~-._|+/=ż")).toBe('a%20b%21%2A%27%28%29~-._%7C%2B%2F%3D%C5%BC');
  });

  it('reproduces the RFC 5849 §3.4.1.1 example base string', () => {
    const params: Array<[string, string]> = [
      ['b5', '=%3D'],
      ['a3', 'a'],
      ['c@', ''],
      ['a2', 'r b'],
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
      ['c2', ''],
      ['a3', '2 q'],
      ['oauth_signature', 'ignored'],
    ];
    expect(
      signatureBaseString('post', baseStringUri('HTTP', 'EXAMPLE.com:80', '/request'), params),
    ).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q' +
        '%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9dj' +
        'dj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1' +
        '%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });

  it('keeps non-default ports and drops default ones', () => {
    expect(baseStringUri('https', 'Example.COM:443', '/a')).toBe('https://example.com/a');
    expect(baseStringUri('http', '127.0.0.1:8080', '/a')).toBe('http://127.0.0.1:8080/a');
    expect(baseStringUri('http', 'h', '')).toBe('http://h/');
  });

  it('agrees with the independent oauth-1.0a signer (HMAC-SHA1 and PLAINTEXT)', () => {
    const consumer = { key: 'ck', secret: 'c&s ecret' };
    const token = { key: 'tk', secret: 't/secret+' };
    const url = 'http://127.0.0.1:4000/services/csgroups/create';
    const data = { name: 'Semi nar', user_ids: '1|2', 'odd[key]': "ż!'" };
    const hmac = new OAuth({
      consumer,
      signature_method: 'HMAC-SHA1',
      hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
    });
    const signed = hmac.authorize({ url, method: 'POST', data }, token);
    const pairs = [
      ...Object.entries(data),
      // authorize() returns its oauth_* data (merged with the request data on some versions).
      ...Object.entries(signed)
        .filter(([k]) => k.startsWith('oauth_'))
        .map(([k, v]) => [k, String(v)]),
    ] as Array<[string, string]>;
    const base = signatureBaseString('POST', url, pairs);
    expect(hmacSha1Signature(base, consumer.secret, token.secret)).toBe(signed.oauth_signature);

    const plaintext = new OAuth({ consumer, signature_method: 'PLAINTEXT' });
    expect(plaintext.authorize({ url, method: 'POST', data }, token).oauth_signature).toBe(
      signingKey(consumer.secret, token.secret),
    );
  });

  it('parses OAuth Authorization headers', () => {
    expect(
      parseOAuthHeader(
        'OAuth realm="Example", oauth_consumer_key="ck",oauth_signature="a%2Bb%3D",  oauth_nonce="n"',
      ),
    ).toEqual([
      ['realm', 'Example'],
      ['oauth_consumer_key', 'ck'],
      ['oauth_signature', 'a+b='],
      ['oauth_nonce', 'n'],
    ]);
    expect(parseOAuthHeader('oauth')).toEqual([]);
    expect(parseOAuthHeader('Bearer abc')).toBeNull();
    expect(parseOAuthHeader(undefined)).toBeNull();
    expect(() => parseOAuthHeader('OAuth oauth_nonce=n')).toThrow(
      'Malformed OAuth Authorization header',
    );
    expect(() => parseOAuthHeader('OAuth oauth_nonce="%E0%A4%A"')).toThrow(
      'Malformed percent-encoding in the OAuth Authorization header',
    );
  });
});
