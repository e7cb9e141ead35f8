import { createTestApp, TestApp } from '../helpers/create-test-app';
import {
  basic,
  bearer,
  civisUser,
  CivisUser,
  createOrganization,
  ISO_MS,
  JSON_UTF8,
  memberOf,
  NO_STORE,
  UUID,
} from './civis-helpers';

/** Replays what civis-python and the spec's recordings send for single groups (spec/civis.md §4, §6). */
describe('Civis /groups: groups and members', () => {
  let t: TestApp;
  let orgId: number;
  let otherOrgId: number;
  let alice: CivisUser;
  let bob: CivisUser;
  let idle: CivisUser;

  beforeAll(async () => {
    t = await createTestApp();
    orgId = await createOrganization(t, 'Default');
    otherOrgId = await createOrganization(t, 'Organization 37');
    alice = await civisUser(t, 'Alice', 'Smith', { organizationId: orgId });
    bob = await civisUser(t, 'bob', 'jones');
    idle = await civisUser(t, 'Ivy', 'Idle', { active: false });
  });
  afterAll(() => t.close());

  /** The 19 fields of a Group a fresh POST {"name"} gives, for `alice` in `Default`. */
  function freshGroup(name: string, creator: CivisUser = alice) {
    return {
      id: expect.any(Number),
      name,
      createdAt: expect.stringMatching(ISO_MS),
      updatedAt: expect.stringMatching(ISO_MS),
      description: null,
      slug: expect.stringMatching(UUID),
      organizationId: creator === alice ? orgId : null,
      organizationName: creator === alice ? 'Default' : null,
      memberCount: 0,
      totalMemberCount: 0,
      defaultOtpRequiredForLogin: null,
      roleIds: [],
      defaultTimeZone: null,
      defaultJobsLabel: null,
      defaultNotebooksLabel: null,
      defaultServicesLabel: null,
      lastUpdatedById: creator.id,
      createdById: creator.id,
      members: [],
    };
  }

  async function post(body: object, user: CivisUser = alice) {
    return t.http.post('/groups').set(basic(user)).send(body).expect(201);
  }

  it('POST /groups {"name"} as recorded (Bearer): 201, the full Group, creator organization', async () => {
    const res = await t.http
      .post('/groups')
      .set(bearer(alice))
      .set('Content-Type', 'application/json')
      .send('{\n  "name": "Friendship"\n}')
      .expect(201);
    expect(res.headers['content-type']).toBe(JSON_UTF8);
    expect(res.headers).toMatchObject(NO_STORE);
    expect(res.body).toEqual(freshGroup('Friendship'));
    expect(Object.keys(res.body)).toEqual(Object.keys(freshGroup('Friendship')));
    expect(res.body.updatedAt).toBe(res.body.createdAt);
  });

  it('POST as civis-python sends post("New", organization_id=…, role_ids=[1], description=None, …)', async () => {
    const res = await t.http
      .post('/groups')
      .set(basic(bob))
      .set('User-Agent', 'civis-python (Python 3.11.7; civis-python 2.9.1; requests 2.34.2)')
      .set('Accept', '*/*')
      .send({
        name: 'New',
        description: null,
        organization_id: otherOrgId,
        default_otp_required_for_login: false,
        role_ids: [1],
      })
      .expect(201);
    expect(res.body).toEqual({
      ...freshGroup('New', bob),
      organizationId: otherOrgId,
      organizationName: 'Organization 37',
      defaultOtpRequiredForLogin: false,
      roleIds: [1],
    });
  });

  it('POST accepts every attribute in camelCase too; a user without organization gets null', async () => {
    const res = await post(
      {
        name: 'Camel',
        description: 'd',
        slug: 'camel-slug',
        defaultOtpRequiredForLogin: true,
        roleIds: [3, 4],
        defaultTimeZone: 'Europe/Warsaw',
        defaultJobsLabel: 'jobs',
        defaultNotebooksLabel: 'nb',
        defaultServicesLabel: 'svc',
      },
      bob,
    );
    expect(res.body).toEqual({
      ...freshGroup('Camel', bob),
      description: 'd',
      slug: 'camel-slug',
      defaultOtpRequiredForLogin: true,
      roleIds: [3, 4],
      defaultTimeZone: 'Europe/Warsaw',
      defaultJobsLabel: 'jobs',
      defaultNotebooksLabel: 'nb',
      defaultServicesLabel: 'svc',
    });
  });

  it('GET /groups/{id} with the {} body civis-python sends, and with none as recorded', async () => {
    const created = await post({ name: 'Shared Read' });
    const viaClient = await t.http
      .get(`/groups/${created.body.id}`)
      .set(basic(alice))
      .set('Content-Type', 'application/json')
      .send('{}')
      .expect(200);
    expect(viaClient.headers['content-type']).toBe(JSON_UTF8);
    expect(viaClient.headers).toMatchObject(NO_STORE);
    expect(viaClient.body).toEqual(created.body);
    const recorded = await t.http
      .get(`/groups/${created.body.id}`)
      .set(bearer(alice))
      .set('Content-Type', 'application/json')
      .expect(200);
    expect(recorded.body).toEqual(created.body);
    // The versioned media type of the real API is accepted, not negotiated away.
    const versioned = await t.http
      .get(`/groups/${created.body.id}`)
      .set(basic(alice))
      .set('Accept', 'application/vnd.civis-platform.v1')
      .expect(200);
    expect(versioned.body).toEqual(created.body);
  });

  it('GET /groups/{id} sends no ETag, so If-None-Match never turns the answer into a 304', async () => {
    const group = (await post({ name: 'Uncached' })).body;
    const first = await t.http.get(`/groups/${group.id}`).set(basic(alice)).expect(200);
    expect(first.headers.etag).toBeUndefined();
    const again = await t.http
      .get(`/groups/${group.id}`)
      .set(basic(alice))
      .set('If-None-Match', 'W/"anything"')
      .expect(200);
    expect(again.body).toEqual(first.body);
  });

  it('PUT /groups/{id}/members/{user_id} (body {} or none): 200 Group with complete members', async () => {
    const group = (await post({ name: 'Group 15' })).body;
    const first = await t.http
      .put(`/groups/${group.id}/members/${bob.id}`)
      .set(basic(alice))
      .set('Content-Type', 'application/json')
      .send('{}')
      .expect(200);
    expect(first.headers['content-type']).toBe(JSON_UTF8);
    expect(first.body).toEqual({
      ...group,
      updatedAt: expect.stringMatching(ISO_MS),
      memberCount: 1,
      totalMemberCount: 1,
      members: [memberOf(bob)],
    });
    expect(first.body.members[0]).toEqual({
      id: bob.id,
      name: 'bob jones',
      username: bob.username,
      initials: 'BJ',
      online: null,
      email: bob.email,
      primaryGroupId: null,
      active: true,
    });
    // As recorded: Content-Type set, no body. An inactive member counts in totalMemberCount only.
    const second = await t.http
      .put(`/groups/${group.id}/members/${idle.id}`)
      .set(bearer(alice))
      .set('Content-Type', 'application/json')
      .expect(200);
    expect(second.body).toMatchObject({ memberCount: 1, totalMemberCount: 2 });
    expect(second.body.members).toEqual([memberOf(bob), memberOf(idle, false)]);
    // Adding again is harmless.
    const again = await t.http
      .put(`/groups/${group.id}/members/${bob.id}`)
      .set(basic(alice))
      .send({})
      .expect(200);
    expect(again.body.members).toEqual([memberOf(bob), memberOf(idle, false)]);
  });

  it('DELETE /groups/{id}/members/{user_id}: 204, empty body, no Content-Type', async () => {
    const group = (await post({ name: 'Group 16' })).body;
    await t.http.put(`/groups/${group.id}/members/${bob.id}`).set(basic(alice)).expect(200);
    const res = await t.http
      .delete(`/groups/${group.id}/members/${bob.id}`)
      .set(basic(alice))
      .set('Content-Type', 'application/json')
      .send('{}')
      .expect(204);
    expect(res.text).toBe('');
    expect(res.headers['content-type']).toBeUndefined();
    expect(res.headers).toMatchObject(NO_STORE);
    const after = await t.http.get(`/groups/${group.id}`).set(basic(alice)).send({}).expect(200);
    expect(after.body).toMatchObject({ memberCount: 0, totalMemberCount: 0, members: [] });
  });

  it('PATCH as recorded (name, then description): only those change, updatedAt and lastUpdatedById move', async () => {
    const group = (await post({ name: 'Patch me', description: 'keep' })).body;
    await t.http.put(`/groups/${group.id}/members/${bob.id}`).set(basic(alice)).expect(200);
    await t.http
      .put(`/groups/${group.id}/shares/users`)
      .set(basic(alice))
      .send({ user_ids: [bob.id], permission_level: 'write' })
      .expect(200);
    const renamed = await t.http
      .patch(`/groups/${group.id}`)
      .set(bearer(bob))
      .set('Content-Type', 'application/json')
      .send('{\n  "name": "Friendship 2"\n}')
      .expect(200);
    expect(renamed.body).toEqual({
      ...group,
      name: 'Friendship 2',
      updatedAt: expect.stringMatching(ISO_MS),
      memberCount: 1,
      totalMemberCount: 1,
      lastUpdatedById: bob.id,
      members: [memberOf(bob)],
    });
    const described = await t.http
      .patch(`/groups/${group.id}`)
      .set(basic(alice))
      .send({ description: 'Wonderful new description' })
      .expect(200);
    expect(described.body).toEqual({
      ...renamed.body,
      description: 'Wonderful new description',
      updatedAt: expect.stringMatching(ISO_MS),
      lastUpdatedById: alice.id,
    });
  });

  it('PATCH tells an absent key from null; patch(id) with no fields sends {} and changes nothing', async () => {
    const group = (
      await post({
        name: 'Nulls',
        description: 'x',
        default_time_zone: 'UTC',
        role_ids: [7],
        default_otp_required_for_login: true,
      })
    ).body;
    const cleared = await t.http
      .patch(`/groups/${group.id}`)
      .set(basic(alice))
      .send({ description: null, roleIds: null, default_otp_required_for_login: null })
      .expect(200);
    expect(cleared.body).toEqual({
      ...group,
      updatedAt: expect.stringMatching(ISO_MS),
      description: null,
      roleIds: [],
      defaultOtpRequiredForLogin: null,
    });
    const untouched = await t.http
      .patch(`/groups/${group.id}`)
      .set(basic(alice))
      .send({})
      .expect(200);
    expect(untouched.body).toEqual({ ...cleared.body, updatedAt: expect.stringMatching(ISO_MS) });
    const camel = await t.http
      .patch(`/groups/${group.id}`)
      .set(basic(alice))
      .send({ defaultJobsLabel: 'gpu', organizationId: otherOrgId })
      .expect(200);
    expect(camel.body).toEqual({
      ...untouched.body,
      updatedAt: expect.stringMatching(ISO_MS),
      defaultJobsLabel: 'gpu',
      organizationId: otherOrgId,
      organizationName: 'Organization 37',
    });
  });

  it('PUT put(1, "N2", slug="s"): name and slug set, every other optional attribute null', async () => {
    const group = (
      await post({
        name: 'Replace me',
        description: 'old',
        default_time_zone: 'UTC',
        default_jobs_label: 'a',
        default_notebooks_label: 'b',
        default_services_label: 'c',
        default_otp_required_for_login: true,
        role_ids: [1, 2],
      })
    ).body;
    const res = await t.http
      .put(`/groups/${group.id}`)
      .set(basic(alice))
      .send({ name: 'N2', slug: 's' })
      .expect(200);
    expect(res.headers['content-type']).toBe(JSON_UTF8);
    expect(res.body).toEqual({
      ...group,
      name: 'N2',
      slug: 's',
      updatedAt: expect.stringMatching(ISO_MS),
      description: null,
      organizationId: null,
      organizationName: null,
      defaultOtpRequiredForLogin: null,
      roleIds: [],
      defaultTimeZone: null,
      defaultJobsLabel: null,
      defaultNotebooksLabel: null,
      defaultServicesLabel: null,
    });
    // Without a slug, a fresh one is generated (a group always has one).
    const again = await t.http
      .put(`/groups/${group.id}`)
      .set(basic(alice))
      .send({ name: 'N2', organization_id: orgId, description: 'new' })
      .expect(200);
    expect(again.body).toMatchObject({
      slug: expect.stringMatching(UUID),
      organizationId: orgId,
      organizationName: 'Default',
      description: 'new',
    });
  });

  it('every path of the spec, and /endpoints, is documented in OpenAPI under the civis tag', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const civis = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.tags?.includes('civis'))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(civis.sort()).toEqual(
      [
        'GET /groups',
        'POST /groups',
        'GET /groups/{id}',
        'PUT /groups/{id}',
        'PATCH /groups/{id}',
        'DELETE /groups/{id}',
        'PUT /groups/{id}/members/{user_id}',
        'DELETE /groups/{id}/members/{user_id}',
        'GET /groups/{id}/shares',
        'PUT /groups/{id}/shares/users',
        'PUT /groups/{id}/shares/groups',
        'DELETE /groups/{id}/shares/users/{user_id}',
        'DELETE /groups/{id}/shares/groups/{group_id}',
        'GET /groups/{id}/child_groups',
        'GET /endpoints',
      ].sort(),
    );
  });

  it('OpenAPI describes the wire shapes: the 19 Group fields, pagination headers, every error', async () => {
    type Schema = { required?: string[]; items?: Schema; properties?: Record<string, Schema> };
    type Operation = {
      responses: Record<
        string,
        { schema?: Schema; content?: Record<string, { schema: Schema }>; headers?: object }
      >;
    };
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    const schemaOf = (op: Operation, status: string) =>
      op.responses[status].content?.['application/json'].schema;
    const groupPaths = doc.paths['/groups/{id}'];
    const group = schemaOf(groupPaths.get, '200')!;
    expect(group.required).toEqual(Object.keys(freshGroup('x')));
    expect(group.properties!.members.items!.required).toEqual(Object.keys(memberOf(alice)));
    const list = doc.paths['/groups'].get;
    expect(Object.keys(list.responses['200'].headers ?? {})).toEqual([
      'X-Pagination-Per-Page',
      'X-Pagination-Current-Page',
      'X-Pagination-Total-Pages',
      'X-Pagination-Total-Entries',
      'Access-Control-Expose-Headers',
    ]);
    expect(schemaOf(list, '200')!.items!.required).toHaveLength(13);
    expect(Object.keys(doc.paths['/groups'].post.responses).sort()).toEqual(
      ['201', '400', '401', '403', '404', '409'].sort(),
    );
    expect(Object.keys(groupPaths.patch.responses).sort()).toEqual(
      ['200', '400', '401', '403', '404', '409'].sort(),
    );
    expect(Object.keys(groupPaths.delete.responses).sort()).toEqual(
      ['204', '400', '401', '403', '404'].sort(),
    );
    expect(schemaOf(groupPaths.get, '404')!.required).toEqual([
      'error',
      'errorDescription',
      'code',
    ]);
  });

  it('DELETE /groups/{id} (deprecated): 204 empty, then 404', async () => {
    const group = (await post({ name: 'Doomed' })).body;
    const res = await t.http
      .delete(`/groups/${group.id}`)
      .set(bearer(alice))
      .set('Content-Type', 'application/json')
      .expect(204);
    expect(res.text).toBe('');
    expect(res.headers['content-type']).toBeUndefined();
    const gone = await t.http.get(`/groups/${group.id}`).set(basic(alice)).send({}).expect(404);
    expect(gone.body).toEqual({
      error: 'not_found',
      errorDescription: `Group ${group.id} not found`,
      code: 404,
    });
  });
});
