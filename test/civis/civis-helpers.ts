import { ADMIN_TOKEN, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';

/** What civis-python always sends: Basic with the API key as user name and an empty password. */
export function basic(user: { token: string }) {
  return { Authorization: `Basic ${Buffer.from(`${user.token}:`).toString('base64')}` };
}

/** What the spec's recorded requests send. */
export function bearer(user: { token: string }) {
  return { Authorization: `Bearer ${user.token}` };
}

export const JSON_UTF8 = 'application/json; charset=utf-8';
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const NO_STORE = { 'cache-control': 'private, no-store', pragma: 'no-cache', expires: '0' };

export async function createOrganization(t: TestApp, name: string): Promise<number> {
  const res = await t.http
    .post('/admin/v1/organizations')
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .send({ name })
    .expect(201);
  return res.body.id as number;
}

export interface CivisUser extends SeededUser {
  firstName: string;
  lastName: string;
  email: string;
}

export async function civisUser(
  t: TestApp,
  firstName: string,
  lastName: string,
  extra: { organizationId?: number; active?: boolean } = {},
): Promise<CivisUser> {
  const username = `${firstName.toLowerCase()}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const email = `${username}@example.com`;
  const user = await createUser(t, { username, firstName, lastName, email, ...extra });
  return { ...user, firstName, lastName, email };
}

/** UserSimpleUserWithManagementDetails as the server must render it. */
export function memberOf(user: CivisUser, active = true) {
  return {
    id: user.id,
    name: `${user.firstName} ${user.lastName}`,
    username: user.username,
    initials: `${user.firstName[0]}${user.lastName[0]}`.toUpperCase(),
    online: null,
    email: user.email,
    primaryGroupId: null,
    active,
  };
}

export function simpleUser(user: CivisUser) {
  const { id, name, username, initials, online } = memberOf(user);
  return { id, name, username, initials, online };
}
