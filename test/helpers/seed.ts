import { TestApp, ADMIN_TOKEN } from './create-test-app';

export interface SeededUser {
  id: number;
  username: string;
  token: string;
  password: string;
}

let counter = 0;

/** Creates a user through the admin API and mints its bearer token / API key. */
export async function createUser(
  t: TestApp,
  fields: {
    username?: string;
    firstName?: string;
    lastName?: string;
    email?: string;
    admin?: boolean;
    organizationId?: number;
    active?: boolean;
  } = {},
): Promise<SeededUser> {
  counter += 1;
  const username = fields.username ?? `user${counter}_${process.pid}`;
  const password = `pw-${username}-secret`;
  const created = await t.http
    .post('/admin/v1/users')
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .send({
      firstName: 'First',
      lastName: 'Last',
      email: `${username}@example.com`,
      ...fields,
      username,
      password,
    })
    .expect(201);
  const minted = await t.http
    .post(`/admin/v1/users/${created.body.id}/tokens`)
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .expect(201);
  return { id: created.body.id, username, token: minted.body.token, password };
}

/** Provisions a group through the admin API (e.g. a federated / USOS primary group). */
export async function createGroupAsAdmin(
  t: TestApp,
  body: { name: string; description?: string; federated?: boolean; organizationId?: number },
): Promise<{ id: number; name: string }> {
  const res = await t.http
    .post('/admin/v1/groups')
    .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
    .send(body)
    .expect(201);
  return { id: res.body.id, name: res.body.name };
}
