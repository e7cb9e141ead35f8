import { Sql } from '../../src/persistence/sql';
import { ADMIN_TOKEN, TestApp } from '../helpers/create-test-app';

export const HOST = 'example.com';
export const BASE = `http://${HOST}`;
export const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
export const JSON_TYPE = 'application/json; charset=utf-8';
export const XML_TYPE = 'application/xml; charset=utf-8';
export const DATE = /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}:\d{3}$/;

export type Format = 'json' | 'xml';

let requestCounter = 0;

/** A request as a Publisher client sends it: Host, request id, Bearer token, Accept. */
export function pub(
  t: TestApp,
  method: 'get' | 'post' | 'put' | 'delete',
  path: string,
  opts: { token?: string | null; accept?: Format; requestId?: string } = {},
) {
  requestCounter += 1;
  const req = t.http[method](path)
    .set('Host', HOST)
    .set('X-Request-Id', opts.requestId ?? `pub-${requestCounter}`);
  if (opts.token !== null) req.set('Authorization', `Bearer ${opts.token ?? ADMIN_TOKEN}`);
  if (opts.accept === 'xml') req.set('Accept', 'application/xml');
  if (opts.accept === 'json') req.set('Accept', 'application/json');
  return req;
}

/** Sends a body in the given format with its Content-Type (a JSON string is sent as is). */
export function withBody(req: ReturnType<typeof pub>, format: Format, json: unknown, xml: string) {
  return format === 'xml'
    ? req.set('Content-Type', 'application/xml').send(xml)
    : req
        .set('Content-Type', 'application/json')
        .send(typeof json === 'string' ? json : JSON.stringify(json));
}

/** Pins a group's timestamps so bodies can be compared exactly. */
export async function setTimes(
  t: TestApp,
  id: number,
  createdAt: number,
  updatedAt: number = createdAt,
): Promise<void> {
  await t.app
    .get(Sql)
    .query(`UPDATE groups SET created_at = ?, updated_at = ? WHERE id = ?`, [
      createdAt,
      updatedAt,
      id,
    ]);
}

/** The error object as JSON or XML, exactly. */
export function errorBody(format: Format, summary: string, ref: number, requestId: string) {
  const link = `${BASE}/api/2/error/${requestId}`;
  return format === 'xml'
    ? `${XML_DECL}<error><summary>${summary}</summary><ref>${ref}</ref><link>${link}</link></error>`
    : { error: { summary, ref, link } };
}

/** The body as the client sees it: parsed JSON, or the XML text. */
export function bodyOf(res: { body: unknown; text: string }, format: Format): unknown {
  return format === 'xml' ? res.text : res.body;
}

export async function createOrganization(t: TestApp, name: string): Promise<number> {
  const res = await t.http
    .post('/admin/v1/organizations')
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .send({ name })
    .expect(201);
  return res.body.id as number;
}
