import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser } from '../helpers/seed';
import {
  CORE_USER,
  ENTERPRISE_USER,
  LIST,
  patch,
  provisioningToken,
  SCIM,
  scimError,
  withoutTimes,
} from './scim-helpers';

const BASE = 'https://idm.example.org/scim/v2';

/** RFC 7644 /Users as identity providers drive it (Entra ID, Okta idioms included). */
describe('SCIM /Users', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ publicUrl: 'https://idm.example.org' });
    token = await provisioningToken(t);
  });
  afterAll(() => t.close());

  async function create(body: Record<string, unknown>) {
    const res = await t.http
      .post('/scim/v2/Users')
      .set(auth())
      .set('Content-Type', 'application/scim+json')
      .send(JSON.stringify({ schemas: [CORE_USER], ...body }))
      .expect(201);
    return res.body as { id: string } & Record<string, unknown>;
  }

  async function list(query: string) {
    const res = await t.http.get(`/scim/v2/Users?${query}`).set(auth()).expect(200);
    return res.body as { totalResults: number; Resources: Array<{ id: string; userName: string }> };
  }

  it('creates a user from mixed-case attributes, keeps what it does not model, answers 201 with Location and ETag', async () => {
    const res = await t.http
      .post('/scim/v2/Users')
      .set(auth())
      .set('Content-Type', 'application/scim+json')
      .send(
        JSON.stringify({
          schemas: [CORE_USER, ENTERPRISE_USER],
          UserName: 'bjensen',
          externalId: 'entra-0001',
          name: { givenName: 'Barbara', FamilyName: 'Jensen', formatted: 'Ms. Barbara J Jensen' },
          displayName: 'Babs Jensen',
          active: 'True',
          emails: [
            { value: 'bjensen@example.com', type: 'work', Primary: true },
            { value: 'babs@example.org', type: 'home' },
          ],
          title: 'Tour Guide',
          password: 'never stored',
          adreses: [{ country: 'misspelt, ignored' }],
          [ENTERPRISE_USER]: { Department: 'Tours', manager: 'user-1' },
        }),
      )
      .expect(201);
    expect(res.headers['content-type']).toBe(SCIM);
    const id = res.body.id as string;
    expect(id).toMatch(/^user-\d+$/);
    expect(res.headers.location).toBe(`${BASE}/Users/${id}`);
    expect(res.headers.etag).toBe(res.body.meta.version);
    expect(withoutTimes(res.body)).toEqual({
      schemas: [CORE_USER, ENTERPRISE_USER],
      id,
      externalId: 'entra-0001',
      userName: 'bjensen',
      name: { givenName: 'Barbara', familyName: 'Jensen', formatted: 'Ms. Barbara J Jensen' },
      displayName: 'Babs Jensen',
      active: true,
      emails: [
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@example.org', type: 'home', primary: false },
      ],
      title: 'Tour Guide',
      [ENTERPRISE_USER]: { department: 'Tours', manager: { value: 'user-1' } },
      meta: { resourceType: 'User', location: `${BASE}/Users/${id}` },
    });
    // The same user in the admin API: the primary address is the user's e-mail everywhere.
    const admin = await t.http
      .get(`/admin/v1/users/${id.slice('user-'.length)}`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    expect(admin.body).toMatchObject({
      username: 'bjensen',
      firstName: 'Barbara',
      lastName: 'Jensen',
      email: 'bjensen@example.com',
      active: true,
      isAdmin: false,
    });
  });

  it('refuses a taken userName with 409 uniqueness, and a missing one with 400 invalidValue', async () => {
    await create({ userName: 'taken' });
    const dup = await t.http.post('/scim/v2/Users').set(auth()).send({ userName: 'taken' });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual(scimError(409, 'User "taken" already exists', 'uniqueness'));
    const none = await t.http.post('/scim/v2/Users').set(auth()).send({ displayName: 'x' });
    expect(none.status).toBe(400);
    expect(none.body).toEqual(scimError(400, 'userName is required', 'invalidValue'));
    const email = await t.http
      .post('/scim/v2/Users')
      .set(auth())
      .send({ userName: 'bad-mail', emails: [{ value: 'nope' }] });
    expect(email.status).toBe(400);
    expect(email.body).toEqual(
      scimError(400, '"nope" is not a valid e-mail address', 'invalidValue'),
    );
  });

  describe('filters run in SQL', () => {
    let ids: Record<string, string>;

    beforeAll(async () => {
      ids = {};
      for (const [userName, family, mails, active, externalId] of [
        ['f-alice', 'Employee', ['alice@example.com', 'alice@home.example.org'], true, 'ext-A'],
        ['f-bob', 'Employee', ['bob@example.net'], true, 'ext-b'],
        ['F-Carol', 'Other', ['carol@example.com'], false, null],
      ] as const) {
        const user = await create({
          userName,
          externalId,
          active,
          name: { familyName: family },
          emails: mails.map((value, i) => ({ value, type: i === 0 ? 'work' : 'home' })),
        });
        ids[userName] = user.id;
      }
    });

    it.each([
      ['userName eq "F-ALICE"', ['f-alice']],
      ['userName sw "f-" and active eq true', ['f-alice', 'f-bob']],
      [
        'name.familyName eq "employee" and (emails.value co "example.com" or emails co ".net")',
        ['f-alice', 'f-bob'],
      ],
      [
        'emails[type eq "work" and value ew "example.com"] and userName sw "f-"',
        ['f-alice', 'F-Carol'],
      ],
      ['emails[type eq "home"] and userName sw "f-"', ['f-alice']],
      ['not (active eq true) and userName sw "f"', ['F-Carol']],
      ['externalId eq "ext-A"', ['f-alice']],
      ['externalId eq "EXT-A"', []],
      ['externalId pr and userName sw "f-"', ['f-alice', 'f-bob']],
      ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "f-bob"', ['f-bob']],
      [
        'meta.created gt "2000-01-01T00:00:00Z" and userName sw "f-"',
        ['f-alice', 'f-bob', 'F-Carol'],
      ],
      ['meta.lastModified lt "2000-01-01T00:00:00Z"', []],
      ['id eq "group-1"', []],
    ])('%s', async (filter, expected) => {
      const body = await list(`filter=${encodeURIComponent(filter)}&sortBy=userName`);
      expect(body.Resources.map((r) => r.userName)).toEqual(expected);
      expect(body.totalResults).toBe(expected.length);
    });

    it('id eq finds one user', async () => {
      const body = await list(`filter=${encodeURIComponent(`id eq "${ids['f-bob']}"`)}`);
      expect(body.Resources.map((r) => r.id)).toEqual([ids['f-bob']]);
    });

    it('pages with startIndex / count and sorts with sortBy / sortOrder', async () => {
      const filter = encodeURIComponent('userName sw "f-"');
      const page = await list(
        `filter=${filter}&sortBy=userName&sortOrder=descending&startIndex=2&count=1`,
      );
      expect(page).toMatchObject({
        schemas: [LIST],
        totalResults: 3,
        startIndex: 2,
        itemsPerPage: 1,
      });
      expect(page.Resources.map((r) => r.userName)).toEqual(['f-bob']);
      const none = await list(`filter=${filter}&count=0`);
      expect(none).toEqual({
        schemas: [LIST],
        totalResults: 3,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
    });

    it('returns only the asked attributes (id and schemas always), or all but the excluded', async () => {
      const filter = encodeURIComponent('userName eq "f-bob"');
      const only = await list(`filter=${filter}&attributes=userName,emails.value,name.familyName`);
      expect(only.Resources).toEqual([
        {
          schemas: [CORE_USER],
          id: ids['f-bob'],
          userName: 'f-bob',
          name: { familyName: 'Employee' },
          emails: [{ value: 'bob@example.net' }],
        },
      ]);
      const without = await list(`filter=${filter}&excludedAttributes=emails,meta,name,externalId`);
      expect(without.Resources).toEqual([
        { schemas: [CORE_USER], id: ids['f-bob'], userName: 'f-bob', active: true },
      ]);
    });

    it.each([
      ['title eq "x"', 'Filtering on title is not supported'],
      ['userName eq', 'Invalid filter: [(EOT)] is not json'],
      ['userName eq Employee', 'Invalid filter: [Employee(Word)] is not json'],
      ['active eq "yes"', 'active compares with eq or ne and true or false'],
      ['meta.created gt "yesterday"', 'meta.created compares with a date-time string'],
    ])('refuses %s with 400 invalidFilter', async (filter, detail) => {
      const res = await t.http
        .get(`/scim/v2/Users?filter=${encodeURIComponent(filter)}`)
        .set(auth())
        .expect(400);
      expect(res.headers['content-type']).toBe(SCIM);
      expect(res.body).toEqual(scimError(400, detail, 'invalidFilter'));
    });
  });

  it('PUT replaces the user: what is not sent is gone', async () => {
    const user = await create({
      userName: 'put-me',
      displayName: 'Before',
      emails: [{ value: 'put@example.com', primary: true }],
      title: 'Old',
    });
    const res = await t.http
      .put(`/scim/v2/Users/${user.id}`)
      .set(auth())
      .send({ schemas: [CORE_USER], id: user.id, userName: 'put-me-2', active: false })
      .expect(200);
    expect(withoutTimes(res.body)).toEqual({
      schemas: [CORE_USER],
      id: user.id,
      userName: 'put-me-2',
      active: false,
      meta: { resourceType: 'User', location: `${BASE}/Users/${user.id}` },
    });
  });

  it('PATCH applies Entra ID and Okta idioms atomically and answers 204 (200 with the resource when attributes are asked for)', async () => {
    const user = await create({
      userName: 'patch-me',
      emails: [{ value: 'one@example.com', type: 'work', primary: true }],
    });
    await t.http
      .patch(`/scim/v2/Users/${user.id}`)
      .set(auth())
      .send(
        patch(
          { op: 'Replace', path: 'active', value: 'False' },
          { op: 'Add', path: 'emails[type eq "work"].value', value: 'two@example.com' },
          { op: 'replace', path: 'name.givenName', value: 'Pat' },
          { op: 'add', path: `${ENTERPRISE_USER}:employeeNumber`, value: '42' },
        ),
      )
      .expect(204);
    const res = await t.http
      .patch(`/scim/v2/Users/${user.id}?attributes=userName,active,emails,name,${ENTERPRISE_USER}`)
      .set(auth())
      .send(patch({ op: 'replace', value: { userName: 'patched', 'name.familyName': 'Ch' } }))
      .expect(200);
    expect(res.body).toEqual({
      schemas: [CORE_USER, ENTERPRISE_USER],
      id: user.id,
      userName: 'patched',
      name: { givenName: 'Pat', familyName: 'Ch' },
      active: false,
      emails: [{ value: 'two@example.com', type: 'work', primary: true }],
      [ENTERPRISE_USER]: { employeeNumber: '42' },
    });
    // One failing operation leaves the user as it was.
    const bad = await t.http
      .patch(`/scim/v2/Users/${user.id}`)
      .set(auth())
      .send(
        patch(
          { op: 'replace', path: 'userName', value: 'half-applied' },
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'not-an-address' },
        ),
      )
      .expect(400);
    expect(bad.body).toEqual(
      scimError(400, '"not-an-address" is not a valid e-mail address', 'invalidValue'),
    );
    const after = await t.http.get(`/scim/v2/Users/${user.id}`).set(auth()).expect(200);
    expect(after.body.userName).toBe('patched');
  });

  it('refuses malformed PATCH messages', async () => {
    const user = await create({ userName: 'patch-bad' });
    for (const [body, expected] of [
      [
        { Operations: [] },
        scimError(
          400,
          `schemas must contain ${'urn:ietf:params:scim:api:messages:2.0:PatchOp'}`,
          'invalidSyntax',
        ),
      ],
      [
        patch({ op: 'move', path: 'userName' }),
        scimError(400, 'Operations[0].op must be add, remove or replace', 'invalidSyntax'),
      ],
      [patch({ op: 'remove' }), scimError(400, 'Operations[0]: remove needs a path', 'noTarget')],
    ] as const) {
      const res = await t.http.patch(`/scim/v2/Users/${user.id}`).set(auth()).send(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(expected);
    }
  });

  it('honours If-Match (412 when stale) and If-None-Match (304)', async () => {
    const user = await create({ userName: 'versioned' });
    const got = await t.http.get(`/scim/v2/Users/${user.id}`).set(auth()).expect(200);
    const etag = got.headers.etag as string;
    await t.http
      .get(`/scim/v2/Users/${user.id}`)
      .set(auth())
      .set('If-None-Match', etag)
      .expect(304);
    await t.http
      .patch(`/scim/v2/Users/${user.id}`)
      .set(auth())
      .set('If-Match', 'W/"1"')
      .send(patch({ op: 'replace', path: 'displayName', value: 'stale' }))
      .expect(412);
    await t.http
      .patch(`/scim/v2/Users/${user.id}`)
      .set(auth())
      .set('If-Match', etag)
      .send(patch({ op: 'replace', path: 'displayName', value: 'fresh' }))
      .expect(204);
    const res = await t.http.delete(`/scim/v2/Users/${user.id}`).set(auth()).set('If-Match', etag);
    expect(res.status).toBe(412);
    expect(res.body).toEqual(
      scimError(412, 'The resource has changed since the given version (If-Match)'),
    );
  });

  it('deletes a user (404 afterwards), and a deactivated user can no longer sign in anywhere', async () => {
    const user = await create({ userName: 'leaver' });
    await t.http.delete(`/scim/v2/Users/${user.id}`).set(auth()).expect(204);
    const gone = await t.http.get(`/scim/v2/Users/${user.id}`).set(auth()).expect(404);
    expect(gone.body).toEqual(scimError(404, `User ${user.id.slice(5)} not found`));

    const member = await createUser(t, { username: 'will-be-deactivated' });
    await t.http.get('/groups').set('Authorization', `Bearer ${member.token}`).expect(200);
    await t.http
      .patch(`/scim/v2/Users/user-${member.id}`)
      .set(auth())
      .send(patch({ op: 'replace', value: { active: false } }))
      .expect(204);
    await t.http.get('/groups').set('Authorization', `Bearer ${member.token}`).expect(401);
  });

  it('keeps privileged accounts out of reach: administrators and provisioners are neither listed nor found', async () => {
    const all = await list('count=200');
    expect(all.Resources.map((r) => r.userName)).not.toContain('admin');
    expect(all.Resources.map((r) => r.userName)).not.toContain('idp-provisioner');
    const res = await t.http.get('/scim/v2/Users/user-1').set(auth()).expect(404);
    expect(res.body).toEqual(scimError(404, 'User 1 not found'));
    await t.http
      .patch('/scim/v2/Users/user-1')
      .set(auth())
      .send(patch({ op: 'replace', path: 'active', value: false }))
      .expect(404);
  });

  it('cannot delete an administrator or a provisioner: 404, and both keep working', async () => {
    const admin = await createUser(t, { username: 'second-admin', admin: true });
    for (const id of [1, admin.id]) {
      const res = await t.http.delete(`/scim/v2/Users/user-${id}`).set(auth()).expect(404);
      expect(res.body).toEqual(scimError(404, `User ${id} not found`));
    }
    await t.http.get('/admin/v1/users/1').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    await t.http.get('/admin/v1/users').set('Authorization', `Bearer ${admin.token}`).expect(200);
    await t.http.get('/scim/v2/Users?count=1').set(auth()).expect(200);
  });
});
