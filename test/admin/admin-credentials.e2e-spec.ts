import { DataSource } from 'typeorm';
import {
  ADMIN_TOKEN,
  createTestApp,
  createTestInstances,
  TestApp,
} from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import {
  expectUsosError,
  KeyPair,
  listen,
  mintConsumer,
  mintToken,
  UsosClient,
} from '../usos/usos-client';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const civisKey = (token: string) => ({
  Authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}`,
});

const civisUnauthorized = {
  error: 'unauthorized',
  errorDescription: 'The API key is missing, invalid or expired.',
  code: 401,
};

describe('credential lifecycle (admin API)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Every surface a bearer token / API key opens: admin API, Publisher, Civis (Bearer and Basic). */
  async function statusesFor(token: string): Promise<number[]> {
    return Promise.all([
      t.http.get('/admin/v1/users/1').set(bearer(token)),
      t.http.get('/api/2/groups').set(bearer(token)),
      t.http.get('/groups').set(bearer(token)),
      t.http.get('/groups').set(civisKey(token)),
    ]).then((answers) => answers.map((res) => res.status));
  }

  describe('API tokens', () => {
    let user: SeededUser;

    beforeAll(async () => {
      user = await createUser(t, { admin: true });
    });

    it('mints a token with a label and an expiry, shown once, and lists it without the secret', async () => {
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const minted = await t.http
        .post(`/admin/v1/users/${user.id}/tokens`)
        .set(admin)
        .send({ label: 'timetable sync', expiresAt })
        .expect(201);
      expect(minted.body).toEqual({
        id: expect.any(Number),
        token: expect.stringMatching(/^[\w-]{43}$/),
        label: 'timetable sync',
        createdAt: expect.stringMatching(ISO_8601),
        expiresAt,
      });
      expect(await statusesFor(minted.body.token)).toEqual([200, 200, 200, 200]);

      const listed = await t.http.get(`/admin/v1/users/${user.id}/tokens`).set(admin).expect(200);
      expect(listed.body).toEqual([
        {
          id: expect.any(Number),
          userId: user.id,
          label: null,
          createdAt: expect.stringMatching(ISO_8601),
          lastUsedAt: null,
          expiresAt: null,
          revokedAt: null,
          bootstrap: false,
        },
        {
          id: minted.body.id,
          userId: user.id,
          label: 'timetable sync',
          createdAt: minted.body.createdAt,
          lastUsedAt: expect.stringMatching(ISO_8601),
          expiresAt,
          revokedAt: null,
          bootstrap: false,
        },
      ]);
      expect(listed.text).not.toContain(minted.body.token);
      expect(listed.text).not.toContain(user.token);
    });

    it('refuses an expiry in the past and unknown fields, naming the field', async () => {
      const past = await t.http
        .post(`/admin/v1/users/${user.id}/tokens`)
        .set(admin)
        .send({ expiresAt: new Date(Date.now() - 1000).toISOString() })
        .expect(400);
      expect(past.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'expiresAt: expiresAt must be in the future',
      });
      const stray = await t.http
        .post(`/admin/v1/users/${user.id}/tokens`)
        .set(admin)
        .send({ secret: 'mine' })
        .expect(400);
      expect(stray.body.message).toBe('secret: property secret should not exist');
    });

    it('refuses an expired token everywhere', async () => {
      const minted = await t.http
        .post(`/admin/v1/users/${user.id}/tokens`)
        .set(admin)
        .send({ expiresAt: new Date(Date.now() + 3_600_000).toISOString() })
        .expect(201);
      // Time cannot be moved forward over HTTP: the expiry is moved back instead.
      await t.app
        .get(DataSource)
        .query(`UPDATE api_tokens SET expires_at = ${Date.now() - 1} WHERE id = ${minted.body.id}`);
      expect(await statusesFor(minted.body.token)).toEqual([401, 401, 401, 401]);
    });

    it('revokes one token at once, keeps it listed, and answers 404 for a token of another user', async () => {
      const other = await createUser(t);
      const minted = await t.http
        .post(`/admin/v1/users/${user.id}/tokens`)
        .set(admin)
        .send({})
        .expect(201);
      await t.http
        .delete(`/admin/v1/users/${other.id}/tokens/${minted.body.id}`)
        .set(admin)
        .expect(404)
        .expect({
          statusCode: 404,
          error: 'Not Found',
          message: `Token ${minted.body.id} not found`,
        });
      await t.http
        .delete(`/admin/v1/users/${user.id}/tokens/${minted.body.id}`)
        .set(admin)
        .expect(204);
      expect(await statusesFor(minted.body.token)).toEqual([401, 401, 401, 401]);
      const civis = await t.http.get('/groups').set(civisKey(minted.body.token)).expect(401);
      expect(civis.body).toEqual(civisUnauthorized);
      // Revoking again changes nothing.
      await t.http
        .delete(`/admin/v1/users/${user.id}/tokens/${minted.body.id}`)
        .set(admin)
        .expect(204);
      const listed = await t.http.get(`/admin/v1/users/${user.id}/tokens`).set(admin).expect(200);
      const revoked = listed.body.find((row: { id: number }) => row.id === minted.body.id);
      expect(revoked.revokedAt).toEqual(expect.stringMatching(ISO_8601));
      expect(await statusesFor(user.token)).toEqual([200, 200, 200, 200]);
    });

    it('revokes all of a user’s tokens and says how many', async () => {
      const victim = await createUser(t);
      const second = await t.http
        .post(`/admin/v1/users/${victim.id}/tokens`)
        .set(admin)
        .expect(201);
      await t.http
        .delete(`/admin/v1/users/${victim.id}/tokens`)
        .set(admin)
        .expect(200)
        .expect({ revoked: 2 });
      await t.http.get('/groups').set(bearer(victim.token)).expect(401);
      await t.http.get('/groups').set(bearer(second.body.token)).expect(401);
      await t.http
        .delete(`/admin/v1/users/${victim.id}/tokens`)
        .set(admin)
        .expect(200)
        .expect({ revoked: 0 });
      await t.http.get('/admin/v1/users/999999/tokens').set(admin).expect(404);
    });

    it('is for system administrators only', async () => {
      const plain = await createUser(t);
      const res = await t.http
        .get(`/admin/v1/users/${plain.id}/tokens`)
        .set(bearer(plain.token))
        .expect(403);
      expect(res.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'The admin API is for system administrators',
      });
    });
  });

  describe('OAuth consumers and access tokens (USOS)', () => {
    let base: string;
    let user: SeededUser;

    beforeAll(async () => {
      base = await listen(t);
      user = await createUser(t);
    });

    async function consumerId(key: string): Promise<number> {
      const listed = await t.http.get('/admin/v1/oauth/consumers').set(admin).expect(200);
      return listed.body.find((c: { key: string }) => c.key === key).id;
    }

    it('lists consumers without their secrets', async () => {
      const consumer = await mintConsumer(t, true);
      const listed = await t.http.get('/admin/v1/oauth/consumers').set(admin).expect(200);
      expect(listed.body).toContainEqual({
        id: expect.any(Number),
        key: consumer.key,
        name: 'consumer true',
        administrative: true,
        createdAt: expect.stringMatching(ISO_8601),
        disabledAt: null,
      });
      expect(listed.text).not.toContain(consumer.secret);
    });

    it('a disabled consumer is refused like an unknown key, and works again once enabled', async () => {
      const consumer = await mintConsumer(t, true);
      const client = new UsosClient(base, consumer, await mintToken(t, consumer.key, user.id));
      await client.call('user').expect(200);
      const id = await consumerId(consumer.key);
      const disabled = await t.http
        .patch(`/admin/v1/oauth/consumers/${id}`)
        .set(admin)
        .send({ disabled: true })
        .expect(200);
      expect(disabled.body).toMatchObject({ id, disabledAt: expect.stringMatching(ISO_8601) });
      expectUsosError(await client.call('user'), 401, {
        message: 'Unknown consumer key.',
        error: 'invalid_oauth_request',
        reason: 'invalid_consumer',
      });
      await t.http
        .patch(`/admin/v1/oauth/consumers/${id}`)
        .set(admin)
        .send({ disabled: false })
        .expect(200);
      await client.call('user').expect(200);
    });

    it('a deleted consumer takes its access tokens with it', async () => {
      const consumer = await mintConsumer(t, true);
      const token = await mintToken(t, consumer.key, user.id);
      const client = new UsosClient(base, consumer, token);
      await client.call('user').expect(200);
      const id = await consumerId(consumer.key);
      const before = await t.http.get(`/admin/v1/oauth/consumers/${id}/tokens`).set(admin);
      expect(before.body).toEqual([
        {
          id: expect.any(Number),
          consumerId: id,
          consumerName: 'consumer true',
          userId: user.id,
          scopes: [],
          createdAt: expect.stringMatching(ISO_8601),
          lastUsedAt: expect.stringMatching(ISO_8601),
          expiresAt: null,
          revokedAt: null,
        },
      ]);
      expect(before.text).not.toContain(token.key);
      expect(before.text).not.toContain(token.secret);
      await t.http.delete(`/admin/v1/oauth/consumers/${id}`).set(admin).expect(204);
      expect((await client.call('user')).status).toBe(401);
      const userTokens = await t.http.get(`/admin/v1/users/${user.id}/oauth-tokens`).set(admin);
      expect(userTokens.body.map((row: { consumerId: number }) => row.consumerId)).not.toContain(
        id,
      );
      await t.http
        .delete(`/admin/v1/oauth/consumers/${id}`)
        .set(admin)
        .expect(404)
        .expect({ statusCode: 404, error: 'Not Found', message: `Consumer ${id} not found` });
    });

    it('revokes one access token, or all of a user’s, or all of a consumer’s', async () => {
      const consumer = await mintConsumer(t, true);
      const id = await consumerId(consumer.key);
      const [first, second, third] = [
        await mintToken(t, consumer.key, user.id),
        await mintToken(t, consumer.key, user.id),
        await mintToken(t, consumer.key, user.id),
      ];
      const clients = [first, second, third].map((tk) => new UsosClient(base, consumer, tk));
      const listed = await t.http.get(`/admin/v1/oauth/consumers/${id}/tokens`).set(admin);
      await t.http.delete(`/admin/v1/oauth/tokens/${listed.body[0].id}`).set(admin).expect(204);
      expectUsosError(await clients[0].call('user'), 401, {
        message: 'Unknown or revoked access token for this consumer.',
        error: 'invalid_oauth_request',
        reason: 'invalid_token',
      });
      await clients[1].call('user').expect(200);
      await t.http
        .delete(`/admin/v1/oauth/consumers/${id}/tokens`)
        .set(admin)
        .expect(200)
        .expect({ revoked: 2 });
      expect((await clients[1].call('user')).status).toBe(401);
      expect((await clients[2].call('user')).status).toBe(401);

      const fresh = new UsosClient(base, consumer, await mintToken(t, consumer.key, user.id));
      await fresh.call('user').expect(200);
      const revoked = await t.http
        .delete(`/admin/v1/users/${user.id}/oauth-tokens`)
        .set(admin)
        .expect(200);
      expect(revoked.body.revoked).toBeGreaterThanOrEqual(1);
      expect((await fresh.call('user')).status).toBe(401);
      await t.http.delete('/admin/v1/oauth/tokens/999999').set(admin).expect(404);
    });
  });

  describe('deactivating a user', () => {
    it('revokes its tokens for good; reactivation restores the account and its password only', async () => {
      const member = await createUser(t);
      const consumer: KeyPair = await mintConsumer(t, true);
      const client = new UsosClient(
        await listen(t),
        consumer,
        await mintToken(t, consumer.key, member.id),
      );
      await client.call('user').expect(200);
      const basic = {
        Authorization: `Basic ${Buffer.from(`${member.username}:${member.password}`).toString('base64')}`,
      };
      const jiveGroups = `/rpc/rest/groupService/userGroups/${member.id}`;
      await t.http.get(jiveGroups).set(basic).expect(200);

      await t.http
        .patch(`/admin/v1/users/${member.id}`)
        .set(admin)
        .send({ active: false })
        .expect(200);
      await t.http.get('/groups').set(bearer(member.token)).expect(401);
      await t.http.get(jiveGroups).set(basic).expect(401);
      await t.http
        .patch(`/admin/v1/users/${member.id}`)
        .set(admin)
        .send({ active: true })
        .expect(200);

      await t.http.get('/groups').set(bearer(member.token)).expect(401);
      expect((await client.call('user')).status).toBe(401);
      await t.http.get(jiveGroups).set(basic).expect(200);
      const tokens = await t.http.get(`/admin/v1/users/${member.id}/tokens`).set(admin);
      expect(tokens.body).toEqual([
        expect.objectContaining({ revokedAt: expect.stringMatching(ISO_8601) }),
      ]);
    });
  });

  describe('the ADMIN_TOKEN bootstrap token', () => {
    it('is marked, and replaced (the old one revoked) when the variable changes', async () => {
      const listed = await t.http.get('/admin/v1/users/1/tokens').set(admin).expect(200);
      expect(listed.body).toEqual([
        expect.objectContaining({ label: 'ADMIN_TOKEN', bootstrap: true, revokedAt: null }),
      ]);
      const next = 'next-admin-token-0123456789abcdef0123456789';
      t = await t.restart({ adminToken: next });
      await t.http.get('/admin/v1/users/1').set(admin).expect(401);
      const after = await t.http.get('/admin/v1/users/1/tokens').set(bearer(next)).expect(200);
      expect(after.body).toEqual([
        expect.objectContaining({ bootstrap: true, revokedAt: expect.stringMatching(ISO_8601) }),
        expect.objectContaining({ label: 'ADMIN_TOKEN', bootstrap: true, revokedAt: null }),
      ]);
      // A revocation is final: naming the old token again does not bring it back (the variable
      // still changed, so `next` goes too: a fresh value is needed).
      t = await t.restart({ adminToken: ADMIN_TOKEN });
      await t.http.get('/admin/v1/users/1').set(admin).expect(401);
      await t.http.get('/admin/v1/users/1').set(bearer(next)).expect(401);
      const third = 'third-admin-token-0123456789abcdef0123456789';
      t = await t.restart({ adminToken: third });
      await t.http.get('/admin/v1/users/1').set(bearer(third)).expect(200);
    });
  });
});

describe('a revocation holds at once on every instance', () => {
  it('a token revoked through one instance is refused by the other', async () => {
    const { instances, drop } = await createTestInstances(2);
    const [a, b] = instances;
    try {
      const user = await createUser(a, { admin: true });
      await b.http.get('/groups').set(bearer(user.token)).expect(200);
      await a.http.delete(`/admin/v1/users/${user.id}/tokens`).set(admin).expect(200);
      await b.http.get('/groups').set(bearer(user.token)).expect(401);
      await b.http.get('/api/2/groups').set(bearer(user.token)).expect(401);
    } finally {
      for (const instance of instances) await instance.app.close();
      await drop();
    }
  });
});
