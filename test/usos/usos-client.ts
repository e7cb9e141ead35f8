import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import OAuth from 'oauth-1.0a';
import request from 'supertest';
import { ADMIN_TOKEN, TestApp } from '../helpers/create-test-app';

/** Test-side USOS client: signs with the independent `oauth-1.0a` package, never with our code. */

export type Placement = 'header' | 'body' | 'query';
export type SignatureMethod = 'HMAC-SHA1' | 'PLAINTEXT';

export interface KeyPair {
  key: string;
  secret: string;
}

export interface CallOptions {
  verb?: 'GET' | 'POST';
  /** Where the oauth_* parameters travel. Default: query for GET, header for POST. */
  placement?: Placement;
  signatureMethod?: SignatureMethod;
  /** POST the method parameters as multipart/form-data (not signed: the server refuses it). */
  multipart?: boolean;
  /** Method parameters to send in the query string even on POST (MUCI client style). */
  query?: Record<string, string>;
  timestamp?: number;
  nonce?: string;
  /** Changes the oauth_* parameters after signing. */
  tamper?: (oauth: Record<string, string>) => void;
  /** Changes the form body after signing. */
  tamperBody?: (body: Record<string, string>) => Record<string, string>;
  /** Overrides the credentials used (e.g. no token). */
  consumer?: KeyPair;
  token?: KeyPair | null;
  /** Send without any OAuth parameter. */
  unsigned?: boolean;
  /** The origin (and path prefix) the client believes it talks to; default: the real one. */
  signedBaseUrl?: string;
}

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/** Makes the app listen so the signed URL (http://127.0.0.1:<port>/…) is known before sending. */
export async function listen(t: TestApp): Promise<string> {
  const server = t.app.getHttpServer();
  if (!server.listening) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function mintConsumer(t: TestApp, administrative: boolean): Promise<KeyPair> {
  const res = await t.http
    .post('/admin/v1/oauth/consumers')
    .set(admin)
    .send({ name: `consumer ${administrative}`, administrative })
    .expect(201);
  return { key: res.body.key, secret: res.body.secret };
}

export async function mintToken(t: TestApp, consumerKey: string, userId: number): Promise<KeyPair> {
  const res = await t.http
    .post('/admin/v1/oauth/tokens')
    .set(admin)
    .send({ consumerKey, userId })
    .expect(201);
  return { key: res.body.token, secret: res.body.secret };
}

export class UsosClient {
  constructor(
    readonly baseUrl: string,
    readonly consumer: KeyPair,
    readonly token: KeyPair | null,
  ) {}

  call(method: string, params: Record<string, string> = {}, opts: CallOptions = {}) {
    return this.callService(`csgroups/${method}`, params, opts);
  }

  /** Any USOS method, e.g. `oauth/request_token` or `users/user`. */
  callService(service: string, params: Record<string, string> = {}, opts: CallOptions = {}) {
    const verb = opts.verb ?? 'POST';
    const placement = opts.placement ?? (verb === 'GET' ? 'query' : 'header');
    const path = `/services/${service}`;
    const url = `${opts.signedBaseUrl ?? this.baseUrl}${path}`;
    const consumer = opts.consumer ?? this.consumer;
    const token = opts.token === undefined ? this.token : opts.token;
    const signatureMethod = opts.signatureMethod ?? 'HMAC-SHA1';
    const oauth = new OAuth({
      consumer,
      signature_method: signatureMethod,
      // PLAINTEXT: the library's own default (the signing key is the signature).
      hash_function:
        signatureMethod === 'PLAINTEXT'
          ? undefined
          : (base, key) => createHmac('sha1', key).update(base).digest('base64'),
    });
    if (opts.timestamp !== undefined) oauth.getTimeStamp = () => opts.timestamp!;
    if (opts.nonce !== undefined) oauth.getNonce = () => opts.nonce!;

    const query = { ...(verb === 'GET' ? params : {}), ...opts.query };
    const body = verb === 'POST' ? { ...params } : {};
    // A name in both the query and the form body is signed twice (RFC 5849 §3.4.1.3.1).
    const signed: Record<string, string | string[]> = { ...query };
    if (!opts.multipart) {
      for (const [k, v] of Object.entries(body)) signed[k] = k in query ? [query[k], v] : v;
    }
    const authorization = oauth.authorize(
      { url, method: verb, data: signed },
      token ? { key: token.key, secret: token.secret } : undefined,
    );
    const protocol: Record<string, string> = {};
    for (const [k, v] of Object.entries(authorization))
      if (k.startsWith('oauth_')) protocol[k] = String(v);
    opts.tamper?.(protocol);
    // oauth-1.0a copies protocol parameters given as method parameters (oauth_callback,
    // oauth_verifier) into its output: they travel once, with the others.
    if (!opts.unsigned) {
      for (const name of Object.keys(params)) {
        if (!name.startsWith('oauth_')) continue;
        delete query[name];
        delete body[name];
      }
    }

    if (!opts.unsigned && placement === 'query') Object.assign(query, protocol);
    if (!opts.unsigned && placement === 'body') Object.assign(body, protocol);
    const qs = new URLSearchParams(query).toString();
    const target = qs ? `${path}?${qs}` : path;
    const agent = request(this.baseUrl);
    let req = verb === 'GET' ? agent.get(target) : agent.post(target);
    // PLAINTEXT is accepted only over TLS: the client talks to a TLS-terminating proxy, which
    // says so (the app under test runs with TRUST_PROXY).
    if (signatureMethod === 'PLAINTEXT') req = req.set('X-Forwarded-Proto', 'https');
    if (!opts.unsigned && placement === 'header') {
      req = req.set(
        'Authorization',
        oauth.toHeader(protocol as unknown as OAuth.Authorization).Authorization,
      );
    }
    if (verb === 'POST') {
      if (opts.multipart) {
        for (const [k, v] of Object.entries(body)) req = req.field(k, v);
      } else {
        const sent = opts.tamperBody ? opts.tamperBody(body) : body;
        req = req.type('form').send(new URLSearchParams(sent).toString());
      }
    }
    return req;
  }
}

/** Every USOS error: JSON (whatever the format), CORS allowed. */
export function expectUsosError(
  res: { status: number; headers: Record<string, string>; text: string },
  status: number,
  body: Record<string, unknown>,
) {
  expect({ status: res.status, body: JSON.parse(res.text) }).toEqual({ status, body });
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers['access-control-allow-origin']).toBe('*');
}
