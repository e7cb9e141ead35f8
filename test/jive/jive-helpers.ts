import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { ADMIN_PASSWORD, TestApp } from '../helpers/create-test-app';
import { SeededUser } from '../helpers/seed';

export const SERVICE = '/rpc/rest/groupService';
export const JIVE_NS = 'http://jivesoftware.com/clearspace/webservices';
export const XML_CONTENT_TYPE = 'text/xml;charset=UTF-8';
export const DATE = '{DATE}';

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export const ADMIN_AUTH = basic('admin', ADMIN_PASSWORD);

export function userAuth(user: SeededUser): string {
  return basic(user.username, user.password);
}

/** Replaces every xs:dateTime (checked to be in Jive's exact format) by {DATE}. */
export function withoutDates(xml: string): string {
  return xml.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00/g, DATE);
}

/** The exact success document of an operation. */
export function ok(operation: string, returns: string[] = []): string {
  const open = `<?xml version="1.0" encoding="UTF-8"?><ns2:${operation}Response xmlns:ns2="${JIVE_NS}"`;
  if (returns.length === 0) return `${open}/>`;
  return `${open}>${returns.map((r) => `<return>${r}</return>`).join('')}</ns2:${operation}Response>`;
}

export function fault(faultString: string): string {
  const ns = 'http://cxf.apache.org/bindings/xformat';
  return `<ns1:XMLFault xmlns:ns1="${ns}"><ns1:faultstring xmlns:ns1="${ns}">${faultString}</ns1:faultstring></ns1:XMLFault>`;
}

/** A Group `<return>` with dates as {DATE}. */
export function groupXml(g: {
  id: number;
  name: string;
  description?: string;
  memberCount?: number;
}): string {
  const description =
    g.description === undefined ? '' : `<description>${g.description}</description>`;
  return (
    `<ID>${g.id}</ID><objectType>4</objectType><creationDate>${DATE}</creationDate>${description}` +
    `<memberCount>${g.memberCount ?? 0}</memberCount><modificationDate>${DATE}</modificationDate>` +
    `<name>${g.name}</name>`
  );
}

/** A User `<return>` of a user seeded with createUser (First Last, username@example.com). */
export function userXml(u: { id: number; username: string }): string {
  return (
    `<creationDate>${DATE}</creationDate><email>${u.username}@example.com</email>` +
    `<emailVisible>true</emailVisible><enabled>true</enabled><firstName>First</firstName>` +
    `<ID>${u.id}</ID><lastName>Last</lastName><modificationDate>${DATE}</modificationDate>` +
    `<name>First Last</name><nameVisible>true</nameVisible><username>${u.username}</username>`
  );
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request with exactly these headers (supertest always adds a Content-Type to a body). */
export async function rawRequest(
  t: TestApp,
  method: string,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<RawResponse> {
  const server = t.app.getHttpServer();
  if (!server.listening)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
