import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { basic, bearer, civisUser, CivisUser, JSON_UTF8, NO_STORE } from './civis-helpers';

const NOT_EXPECTED = 'The given request was not as expected';

function badRequest(detail: string) {
  return {
    error: 'bad_request',
    errorDescription: `${NOT_EXPECTED}: Validation failed: ${detail}`,
    code: 400,
  };
}

/** Every error a Civis client can meet: `{error, errorDescription, code}` (spec/civis.md §3, §5, §6). */
describe('Civis /groups errors', () => {
  let t: TestApp;
  let ann: CivisUser;
  let groupId: number;

  beforeAll(async () => {
    t = await createTestApp();
    ann = await civisUser(t, 'Ann', 'Errant');
    groupId = (await t.http.post('/groups').set(basic(ann)).send({ name: 'Existing' }).expect(201))
      .body.id;
  });
  afterAll(() => t.close());

  describe('401 unauthorized, always with WWW-Authenticate (civis-python crashes without it)', () => {
    const unauthorized = {
      error: 'unauthorized',
      errorDescription: 'The API key is missing, invalid or expired.',
      code: 401,
    };
    const challenge =
      'Bearer realm="Groupbridge", error="invalid_token", error_description="The API key is missing, invalid or expired."';

    it.each([
      ['no Authorization', {}],
      ['a wrong key as civis-python sends it', basic({ token: 'not-a-key' })],
      ['a wrong Bearer key', bearer({ token: 'not-a-key' })],
      ['an unsupported scheme', { Authorization: 'Token abc' }],
      ['a Basic header that is not base64', { Authorization: 'Basic !!!' }],
      ['a Bearer key sent as a Basic password', { Authorization: 'Basic OmFiYw==' }],
    ])('%s', async (_, headers: Record<string, string>) => {
      for (const req of [
        t.http.get('/groups').send({}),
        t.http.post('/groups').send({ name: 'x' }),
        t.http.delete(`/groups/${groupId}/members/1`),
      ]) {
        const res = await req.set(headers).expect(401);
        expect(res.headers['content-type']).toBe(JSON_UTF8);
        expect(res.headers['www-authenticate']).toBe(challenge);
        expect(res.headers).toMatchObject(NO_STORE);
        expect(res.body).toEqual(unauthorized);
      }
    });

    it('the scheme picks the credential, in any letter case', async () => {
      const key = basic(ann).Authorization.slice('Basic '.length);
      await t.http.get('/groups').set('Authorization', `basic ${key}`).expect(200);
      await t.http.get('/groups').set('Authorization', `BEARER ${ann.token}`).expect(200);
      // A key under the other scheme's name is not a key.
      await t.http.get('/groups').set('Authorization', `Bearer ${key}`).expect(401);
      await t.http.get('/groups').set('Authorization', `Basic ${ann.token}`).expect(401);
    });

    it('a deactivated user key no longer works', async () => {
      const gone = await civisUser(t, 'Gone', 'Soon');
      await t.http.get('/groups').set(basic(gone)).expect(200);
      await t.http
        .patch(`/admin/v1/users/${gone.id}`)
        .set('Authorization', `Bearer ${t.config.adminToken}`)
        .send({ active: false })
        .expect(200);
      const res = await t.http.get('/groups').set(basic(gone)).expect(401);
      expect(res.body).toEqual(unauthorized);
    });
  });

  describe('400 bad_request names the field', () => {
    it.each([
      ['{}', {}, 'name: is required'],
      ['name null', { name: null }, 'name: must not be null'],
      ['name not a string', { name: 5 }, 'name: must be a string'],
      ['empty name', { name: '  ' }, 'name: The group name must not be empty'],
      [
        'a name with leading whitespace',
        { name: ' a' },
        'name: The group name must not begin or end with whitespace',
      ],
      [
        'a name with trailing whitespace',
        { name: 'a\u00a0' },
        'name: The group name must not begin or end with whitespace',
      ],
      [
        'name over 100 characters',
        { name: 'x'.repeat(101) },
        'name: The group name must be at most 100 characters',
      ],
      [
        'organization_id not an integer',
        { name: 'a', organization_id: 'x' },
        'organization_id: must be an integer between 1 and 2147483647',
      ],
      [
        'organizationId out of range',
        { name: 'a', organizationId: 2147483648 },
        'organization_id: must be an integer between 1 and 2147483647',
      ],
      [
        'role_ids not integers',
        { name: 'a', role_ids: [1, 'two'] },
        'role_ids: must be a list of at most 1000 integers between 1 and 2147483647',
      ],
      [
        'default_otp_required_for_login not a boolean',
        { name: 'a', defaultOtpRequiredForLogin: 'maybe' },
        'default_otp_required_for_login: must be true or false',
      ],
      ['description not a string', { name: 'a', description: 1 }, 'description: must be a string'],
      ['a NUL in the name', { name: 'a\u0000b' }, 'name: must not contain NUL characters'],
    ])('POST with %s', async (_, body, detail) => {
      const res = await t.http.post('/groups').set(basic(ann)).send(body).expect(400);
      expect(res.headers['content-type']).toBe(JSON_UTF8);
      expect(res.body).toEqual(badRequest(detail));
    });

    it('PUT requires name; PATCH refuses a null name; a body must be an object', async () => {
      const put = await t.http
        .put(`/groups/${groupId}`)
        .set(basic(ann))
        .send({ description: 'd' })
        .expect(400);
      expect(put.body).toEqual(badRequest('name: is required'));
      const patch = await t.http
        .patch(`/groups/${groupId}`)
        .set(basic(ann))
        .send({ name: null })
        .expect(400);
      expect(patch.body).toEqual(badRequest('name: must not be null'));
      const array = await t.http.post('/groups').set(basic(ann)).send([1]).expect(400);
      expect(array.body).toEqual(badRequest('body: must be a JSON object'));
    });

    it.each([
      ['limit=0', 'limit: must be an integer between 1 and 1000'],
      ['limit=1001', 'limit: must be an integer between 1 and 1000'],
      ['limit=abc', 'limit: must be an integer between 1 and 1000'],
      ['limit=1&limit=2', 'limit: must be an integer between 1 and 1000'],
      ['page_num=0', 'page_num: must be an integer between 1 and 2147483647'],
      ['order=updated_at', 'order: must be one of name, created_at'],
      ['order_dir=up', 'order_dir: must be one of asc, desc'],
      ['permission=admin', 'permission: must be one of read, write, manage'],
      ['include_members=yes', 'include_members: must be true or false'],
      ['organization_id=-1', 'organization_id: must be an integer between 1 and 2147483647'],
      [
        'user_ids%5B%5D=1&user_ids%5B%5D=x',
        'user_ids: must be a list of at most 1000 integers between 1 and 2147483647',
      ],
      ['query=a&query=b', 'query: must be a string'],
      ['query=%00', 'query: must not contain NUL characters'],
    ])('GET /groups?%s', async (qs, detail) => {
      const res = await t.http.get(`/groups?${qs}`).set(basic(ann)).send({}).expect(400);
      expect(res.body).toEqual(badRequest(detail));
    });

    it('path ids must be integers', async () => {
      const res = await t.http.get('/groups/abc').set(basic(ann)).expect(400);
      expect(res.body).toEqual(badRequest('id: must be an integer between 1 and 2147483647'));
      const big = await t.http
        .put(`/groups/${groupId}/members/99999999999`)
        .set(basic(ann))
        .expect(400);
      expect(big.body).toEqual(badRequest('user_id: must be an integer between 1 and 2147483647'));
      const share = await t.http
        .delete(`/groups/${groupId}/shares/groups/1.5`)
        .set(basic(ann))
        .expect(400);
      expect(share.body).toEqual(
        badRequest('group_id: must be an integer between 1 and 2147483647'),
      );
    });

    it.each([
      [{ permission_level: 'read' }, 'user_ids: is required'],
      [{ user_ids: [], permission_level: 'read' }, 'user_ids: must contain at least one id'],
      [{ user_ids: [1] }, 'permission_level: is required'],
      [
        { user_ids: [1], permission_level: 'owner' },
        'permission_level: must be one of read, write, manage',
      ],
      [
        { user_ids: [1], permission_level: 'read', send_shared_email: 'perhaps' },
        'send_shared_email: must be true or false',
      ],
    ])('PUT shares/users %j', async (body, detail) => {
      const res = await t.http
        .put(`/groups/${groupId}/shares/users`)
        .set(basic(ann))
        .send(body)
        .expect(400);
      expect(res.body).toEqual(badRequest(detail));
    });

    it('at most 1000 ids in a share', async () => {
      const ids = Array.from({ length: 1001 }, (_, i) => i + 1);
      const res = await t.http
        .put(`/groups/${groupId}/shares/users`)
        .set(basic(ann))
        .send({ user_ids: ids, permission_level: 'read' })
        .expect(400);
      expect(res.body).toEqual(
        badRequest('user_ids: must be a list of at most 1000 integers between 1 and 2147483647'),
      );
    });

    it('PUT shares/groups needs group_ids', async () => {
      const res = await t.http
        .put(`/groups/${groupId}/shares/groups`)
        .set(basic(ann))
        .send({ user_ids: [1], permission_level: 'read' })
        .expect(400);
      expect(res.body).toEqual(badRequest('group_ids: is required'));
    });

    it('malformed JSON', async () => {
      const res = await t.http
        .post('/groups')
        .set(basic(ann))
        .set('Content-Type', 'application/json')
        .send('{"name": ')
        .expect(400);
      expect(res.headers['content-type']).toBe(JSON_UTF8);
      expect(res.body).toEqual({
        error: 'bad_request',
        errorDescription: expect.stringMatching(new RegExp(`^${NOT_EXPECTED}: \\S`)),
        code: 400,
      });
    });
  });

  describe('404 not_found', () => {
    it('an unknown group, whatever the operation', async () => {
      const missing = { error: 'not_found', errorDescription: 'Group 999999 not found', code: 404 };
      for (const req of [
        t.http.get('/groups/999999').send({}),
        t.http.put('/groups/999999').send({ name: 'x' }),
        t.http.patch('/groups/999999').send({}),
        t.http.delete('/groups/999999'),
        t.http.put(`/groups/999999/members/${ann.id}`),
        t.http.delete(`/groups/999999/members/${ann.id}`),
        t.http.get('/groups/999999/shares'),
        t.http
          .put('/groups/999999/shares/users')
          .send({ user_ids: [ann.id], permission_level: 'read' }),
        t.http
          .put('/groups/999999/shares/groups')
          .send({ group_ids: [groupId], permission_level: 'read' }),
        t.http.delete(`/groups/999999/shares/users/${ann.id}`),
        t.http.delete(`/groups/999999/shares/groups/${groupId}`),
        t.http.get('/groups/999999/child_groups'),
      ]) {
        const res = await req.set(basic(ann)).expect(404);
        expect(res.headers['content-type']).toBe(JSON_UTF8);
        expect(res.body).toEqual(missing);
      }
    });

    it('an unknown group read by a system administrator (no policy query, the same answer)', async () => {
      const res = await t.http
        .get('/groups/999999')
        .set(basic({ token: ADMIN_TOKEN }))
        .expect(404);
      expect(res.headers['content-type']).toBe(JSON_UTF8);
      expect(res.body).toEqual({
        error: 'not_found',
        errorDescription: 'Group 999999 not found',
        code: 404,
      });
      await t.http
        .get(`/groups/${groupId}`)
        .set(basic({ token: ADMIN_TOKEN }))
        .expect(200);
    });

    it('an unknown user in put_members / delete_members', async () => {
      for (const req of [
        t.http.put(`/groups/${groupId}/members/999999`),
        t.http.delete(`/groups/${groupId}/members/999999`),
      ]) {
        const res = await req.set(basic(ann)).expect(404);
        expect(res.body).toEqual({
          error: 'not_found',
          errorDescription: 'User 999999 not found',
          code: 404,
        });
      }
    });

    it('an unknown organization', async () => {
      const res = await t.http
        .post('/groups')
        .set(basic(ann))
        .send({ name: 'Orphan', organization_id: 999999 })
        .expect(404);
      expect(res.body).toEqual({
        error: 'not_found',
        errorDescription: 'Organization 999999 not found',
        code: 404,
      });
    });

    it('an unknown endpoint under /groups', async () => {
      const res = await t.http.get(`/groups/${groupId}/projects`).set(basic(ann)).expect(404);
      expect(res.headers).toMatchObject(NO_STORE);
      expect(res.body).toEqual({
        error: 'not_found',
        errorDescription: 'The requested endpoint could not be found.',
        code: 404,
      });
    });
  });

  describe('409 conflict', () => {
    it('a duplicate name (case-insensitive) on POST, PUT and PATCH; a duplicate slug', async () => {
      const other = (
        await t.http.post('/groups').set(basic(ann)).send({ name: 'Other', slug: 'taken' })
      ).body.id;
      const conflict = (name: string) => ({
        error: 'conflict',
        errorDescription: `Group "${name}" already exists`,
        code: 409,
      });
      const posted = await t.http
        .post('/groups')
        .set(basic(ann))
        .send({ name: 'EXISTING' })
        .expect(409);
      expect(posted.headers['content-type']).toBe(JSON_UTF8);
      expect(posted.body).toEqual(conflict('EXISTING'));
      const put = await t.http
        .put(`/groups/${other}`)
        .set(basic(ann))
        .send({ name: 'existing' })
        .expect(409);
      expect(put.body).toEqual(conflict('existing'));
      const patched = await t.http
        .patch(`/groups/${other}`)
        .set(basic(ann))
        .send({ name: 'Existing' })
        .expect(409);
      expect(patched.body).toEqual(conflict('Existing'));
      const slug = await t.http
        .patch(`/groups/${groupId}`)
        .set(basic(ann))
        .send({ slug: 'taken' })
        .expect(409);
      expect(slug.body).toEqual(conflict('taken'));
    });
  });

  it('413 for a body over the limit, in the Civis shape', async () => {
    const res = await t.http
      .post('/groups')
      .set(basic(ann))
      .send({ name: 'big', description: 'x'.repeat(1024 * 1024) })
      .expect(413);
    expect(res.body).toEqual({
      error: 'payload_too_large',
      errorDescription: expect.any(String),
      code: 413,
    });
  });

  it('READ_ONLY: reads work, writes are 403 forbidden', async () => {
    t = await t.restart({ readOnly: true });
    await t.http.get(`/groups/${groupId}`).set(basic(ann)).expect(200);
    const res = await t.http.post('/groups').set(basic(ann)).send({ name: 'Nope' }).expect(403);
    expect(res.body).toEqual({
      error: 'forbidden',
      errorDescription: 'This server is read-only',
      code: 403,
    });
  });
});
