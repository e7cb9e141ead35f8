import request from 'supertest';
import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser } from '../helpers/seed';
import {
  expectUsosError,
  KeyPair,
  listen,
  mintConsumer,
  mintToken,
  UsosClient,
} from './usos-client';

const UNSIGNED_BODY = {
  message:
    'csgroups methods take parameters from the query string or an ' +
    'application/x-www-form-urlencoded body only; other bodies are not signed.',
  error: 'unsupported_media_type',
};

const PLAINTEXT_NEEDS_TLS = {
  message: 'PLAINTEXT signatures are accepted only over HTTPS (RFC 5849 §3.4.4); use HMAC-SHA1.',
  error: 'param_invalid',
  param_name: 'oauth_signature_method',
};

describe('USOS csgroups: a signature protects what is executed', () => {
  let t: TestApp;
  let base: string;
  let consumer: KeyPair;
  let token: KeyPair;
  let client: UsosClient;

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    const me = await createUser(t);
    consumer = await mintConsumer(t, true);
    token = await mintToken(t, consumer.key, me.id);
    client = new UsosClient(base, consumer, token);
  });
  afterAll(() => t.close());

  const create = async (name: string): Promise<string> =>
    (await client.call('create', { name }).expect(200)).body.custom_group_id;

  it('refuses an unsigned multipart parameter beside a signed query (the decoy attack)', async () => {
    const decoy = await create('Decoy');
    const victim = await create('Victim');
    // The signature covers the query (decoy) only; the multipart field names the victim.
    const res = await client.call(
      'delete',
      { custom_group_ids: victim },
      { multipart: true, query: { custom_group_ids: decoy } },
    );
    expectUsosError(res, 415, UNSIGNED_BODY);
    for (const id of [decoy, victim]) {
      await client.call('custom_group', { custom_group_id: id }).expect(200);
    }
  });

  it('refuses any body that is not form-urlencoded, signed or not', async () => {
    const id = await create('Body types');
    for (const [type, body] of [
      ['application/json', JSON.stringify({ custom_group_ids: id })],
      ['text/plain', `custom_group_ids=${id}`],
      ['application/xml', `<custom_group_ids>${id}</custom_group_ids>`],
    ]) {
      const res = await client
        .call('delete', {}, { verb: 'POST', query: { custom_group_ids: id } })
        .set('Content-Type', type)
        .send(body);
      expectUsosError(res, 415, UNSIGNED_BODY);
    }
    await client.call('custom_group', { custom_group_id: id }).expect(200);
  });

  it('bounds the number of form fields (413 in the USOS format)', async () => {
    const form = Array.from({ length: 1001 }, (_, i) => `f${i}=x`).join('&');
    const res = await request(base).post('/services/csgroups/user').type('form').send(form);
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({ message: expect.stringMatching(/too many parameters/i) });
  });

  describe('PLAINTEXT only over TLS', () => {
    it('refuses PLAINTEXT over plain http, and X-Forwarded-Proto without TRUST_PROXY', async () => {
      // The test client always claims https for PLAINTEXT; this app does not trust the claim.
      const res = await client.call('user', {}, { signatureMethod: 'PLAINTEXT' });
      expectUsosError(res, 400, PLAINTEXT_NEEDS_TLS);
      await client.call('user', {}, { signatureMethod: 'HMAC-SHA1' }).expect(200);
    });

    it('accepts PLAINTEXT behind a TLS proxy with TRUST_PROXY, or when USOS_PLAINTEXT_OVER_HTTP allows it', async () => {
      for (const overrides of [{ trustProxy: true }, { usosPlaintextOverHttp: true }]) {
        t = await t.restart(overrides);
        client = new UsosClient(await listen(t), consumer, token);
        await client.call('user', {}, { signatureMethod: 'PLAINTEXT' }).expect(200);
      }
      const plainHttp = await request(await listen(t))
        .get('/services/csgroups/user')
        .query({
          oauth_consumer_key: consumer.key,
          oauth_token: token.key,
          oauth_signature_method: 'PLAINTEXT',
          oauth_timestamp: String(Math.floor(Date.now() / 1000)),
          oauth_nonce: `plain-${Date.now()}`,
          oauth_signature: `${consumer.secret}&${token.secret}`,
        });
      expect(plainHttp.status).toBe(200);
    });
  });
});
