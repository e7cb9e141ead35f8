import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 5849 §3.6: percent-encode everything but the unreserved characters. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export type ParamPair = [name: string, value: string];

/**
 * The parameters of an `Authorization: OAuth …` header (RFC 5849 §3.5.1), decoded; `realm`
 * included (the caller drops it). Null when the header is not of the OAuth scheme; throws on a
 * malformed one.
 */
export function parseOAuthHeader(header: string | undefined): ParamPair[] | null {
  if (!header) return null;
  const match = /^\s*OAuth(?:\s+(.*))?$/is.exec(header);
  if (!match) return null;
  const rest = (match[1] ?? '').trim();
  if (rest === '') return [];
  const pairs: ParamPair[] = [];
  const item = /\s*([^\s=,]+)\s*=\s*"([^"]*)"\s*(,|$)/y;
  let pos = 0;
  while (pos < rest.length) {
    item.lastIndex = pos;
    const m = item.exec(rest);
    if (!m) throw new Error('Malformed OAuth Authorization header');
    pairs.push([decodePercent(m[1]), decodePercent(m[2])]);
    pos = item.lastIndex;
  }
  return pairs;
}

function decodePercent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new Error('Malformed percent-encoding in the OAuth Authorization header');
  }
}

/** RFC 5849 §3.4.1.2: lower-case scheme and host, no default port, no query. */
export function baseStringUri(protocol: string, host: string, path: string): string {
  const scheme = protocol.toLowerCase();
  let authority = host.toLowerCase();
  if (
    (scheme === 'http' && authority.endsWith(':80')) ||
    (scheme === 'https' && authority.endsWith(':443'))
  ) {
    authority = authority.slice(0, authority.lastIndexOf(':'));
  }
  return `${scheme}://${authority}${path || '/'}`;
}

/**
 * RFC 5849 §3.4.1: `METHOD&enc(uri)&enc(params)`, where the parameters (query, form body and
 * protocol parameters, `oauth_signature` excluded) are encoded, sorted by name then value.
 */
export function signatureBaseString(method: string, uri: string, params: ParamPair[]): string {
  const normalized = params
    .filter(([name]) => name !== 'oauth_signature')
    .map(([name, value]) => [percentEncode(name), percentEncode(value)])
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return [method.toUpperCase(), percentEncode(uri), percentEncode(normalized)].join('&');
}

/** RFC 5849 §3.4.4 (PLAINTEXT signature, also the HMAC key of §3.4.2). */
export function signingKey(consumerSecret: string, tokenSecret: string): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

export function hmacSha1Signature(
  baseString: string,
  consumerSecret: string,
  tokenSecret: string,
): string {
  return createHmac('sha1', signingKey(consumerSecret, tokenSecret))
    .update(baseString)
    .digest('base64');
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
