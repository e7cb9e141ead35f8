import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser } from '../helpers/seed';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('native admin API /admin/v1', () => {
  let t: TestApp;
  const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /health answers ok', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('creates, reads, updates and deletes a user', async () => {
    const created = await t.http
      .post('/admin/v1/users')
      .set(admin)
      .send({
        username: 'ala',
        firstName: 'Ala',
        lastName: 'Nowak',
        email: 'ala@example.com',
        password: 'long-password',
      })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      username: 'ala',
      firstName: 'Ala',
      lastName: 'Nowak',
      email: 'ala@example.com',
      active: true,
      isAdmin: false,
      organizationId: null,
      createdAt: expect.stringMatching(ISO_8601),
      updatedAt: expect.stringMatching(ISO_8601),
    });
    expect(created.body).not.toHaveProperty('password');
    expect(created.body).not.toHaveProperty('passwordHash');
    const id = created.body.id;
    const fetched = await t.http.get(`/admin/v1/users/${id}`).set(admin).expect(200);
    expect(fetched.body.username).toBe('ala');
    const patched = await t.http
      .patch(`/admin/v1/users/${id}`)
      .set(admin)
      .send({ lastName: 'Kowalska', active: false })
      .expect(200);
    expect(patched.body).toMatchObject({ lastName: 'Kowalska', active: false, firstName: 'Ala' });
    await t.http.delete(`/admin/v1/users/${id}`).set(admin).expect(204);
    const gone = await t.http.get(`/admin/v1/users/${id}`).set(admin).expect(404);
    expect(gone.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: `User ${id} not found`,
    });
  });

  it('answers 409 on a duplicate username', async () => {
    await t.http.post('/admin/v1/users').set(admin).send({ username: 'dup' }).expect(201);
    const res = await t.http
      .post('/admin/v1/users')
      .set(admin)
      .send({ username: 'dup' })
      .expect(409);
    expect(res.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'User "dup" already exists',
    });
  });

  it('answers 400 naming the failing field', async () => {
    const res = await t.http
      .post('/admin/v1/users')
      .set(admin)
      .send({ username: 'x', email: 'not-an-email' })
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'email: email must be an email',
    });
    const unknown = await t.http
      .post('/admin/v1/users')
      .set(admin)
      .send({ username: 'y', shoeSize: 42 })
      .expect(400);
    expect(unknown.body.message).toBe('shoeSize: property shoeSize should not exist');
    for (const raw of ['abc', '1e3', '0x10', '0']) {
      const badId = await t.http.get(`/admin/v1/users/${raw}`).set(admin).expect(400);
      expect(badId.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'id: id must be an integer from 1 to 2147483647',
      });
    }
  });

  it('refuses, on both engines alike, values a database or an XML dialect cannot carry', async () => {
    for (const path of ['/admin/v1/users/2147483648', '/admin/v1/users/0']) {
      const res = await t.http.get(path).set(admin).expect(400);
      expect(res.body.message).toBe('id: id must be an integer from 1 to 2147483647');
    }
    const nul = await t.http
      .post('/admin/v1/users')
      .set(admin)
      .send({ username: 'nul', firstName: 'A\u0000B' })
      .expect(400);
    expect(nul.body.message).toBe('firstName: firstName must not contain control characters');
    const badName = await t.http
      .post('/admin/v1/groups')
      .set(admin)
      .send({ name: 'bell\u0007' })
      .expect(400);
    expect(badName.body.message).toBe('name: The group name must not contain control characters');
    const hugeOrganization = await t.http
      .post('/admin/v1/groups')
      .set(admin)
      .send({ name: 'Huge', organizationId: 2147483648 })
      .expect(400);
    expect(hugeOrganization.body.message).toBe(
      'organizationId: organizationId must not be greater than 2147483647',
    );
  });

  it('answers malformed JSON and oversized bodies in the native shape', async () => {
    const bad = await t.http
      .post('/admin/v1/users')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send('{bad')
      .expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const big = await t.http
      .post('/admin/v1/users')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024) }))
      .expect(413);
    expect(big.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('requires credentials (401), and a system administrator for credentials and user changes (403)', async () => {
    const none = await t.http.get('/admin/v1/users/1').expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="Groupbridge"');
    expect(none.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Unauthorized' });
    await t.http.get('/admin/v1/users/1').set('Authorization', 'Bearer wrong').expect(401);
    const user = await createUser(t);
    const res = await t.http
      .post('/admin/v1/oauth/consumers')
      .set('Authorization', `Bearer ${user.token}`)
      .send({ name: 'X', administrative: false })
      .expect(403);
    expect(res.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'The admin API is for system administrators',
    });
    const organization = await t.http
      .post('/admin/v1/organizations')
      .set('Authorization', `Bearer ${user.token}`)
      .send({ name: 'X' })
      .expect(403);
    expect(organization.body.message).toBe('Only a system administrator may create organizations');
    const deactivate = await t.http
      .patch(`/admin/v1/users/${user.id}`)
      .set('Authorization', `Bearer ${user.token}`)
      .send({ active: false })
      .expect(403);
    expect(deactivate.body.message).toBe('The admin API is for system administrators');
  });

  it('creates organizations, federated groups, OAuth consumers and tokens', async () => {
    const org = await t.http
      .post('/admin/v1/organizations')
      .set(admin)
      .send({ name: 'Faculty of Physics' })
      .expect(201);
    expect(org.body).toEqual({
      id: expect.any(Number),
      name: 'Faculty of Physics',
      slug: expect.stringMatching(/^faculty-of-physics-[0-9a-f]{6}$/),
    });
    const group = await t.http
      .post('/admin/v1/groups')
      .set(admin)
      .send({ name: 'Physics staff', federated: true, organizationId: org.body.id })
      .expect(201);
    expect(group.body).toMatchObject({
      name: 'Physics staff',
      federated: true,
      organizationId: org.body.id,
      organizationName: 'Faculty of Physics',
      memberCount: 0,
    });
    const dupe = await t.http
      .post('/admin/v1/groups')
      .set(admin)
      .send({ name: 'PHYSICS STAFF' })
      .expect(409);
    expect(dupe.body.message).toBe('Group "PHYSICS STAFF" already exists');
    const consumer = await t.http
      .post('/admin/v1/oauth/consumers')
      .set(admin)
      .send({ name: 'App', administrative: true })
      .expect(201);
    expect(consumer.body).toEqual({
      id: expect.any(Number),
      key: expect.any(String),
      secret: expect.any(String),
    });
    const user = await createUser(t);
    const token = await t.http
      .post('/admin/v1/oauth/tokens')
      .set(admin)
      .send({ consumerKey: consumer.body.key, userId: user.id })
      .expect(201);
    expect(token.body).toEqual({
      id: expect.any(Number),
      token: expect.any(String),
      secret: expect.any(String),
    });
    await t.http
      .post('/admin/v1/oauth/tokens')
      .set(admin)
      .send({ consumerKey: 'nope', userId: user.id })
      .expect(404);
  });

  it('mints tokens usable as Bearer and as Basic <token>: and passwords as Basic', async () => {
    const user = await createUser(t, { admin: true });
    await t.http
      .get(`/admin/v1/users/${user.id}`)
      .set('Authorization', `Bearer ${user.token}`)
      .expect(200);
    expect(user.token.length).toBeGreaterThanOrEqual(43);
  });

  it('keeps data across a restart and re-ensures the administrator idempotently', async () => {
    await t.http.post('/admin/v1/users').set(admin).send({ username: 'survivor' }).expect(201);
    t = await t.restart();
    await t.http.post('/admin/v1/users').set(admin).send({ username: 'survivor' }).expect(409);
    t = await t.restart();
    await t.http.get('/health').expect(200);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/admin/v1/users', '/admin/v1/users/{id}/tokens', '/health']),
    );
  });
});
