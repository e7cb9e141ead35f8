import { Sql } from '../../src/persistence/sql';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin, createUser, SeededUser } from '../helpers/seed';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('admin API directory: finding users, groups and members', () => {
  let t: TestApp;
  const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
  const as = (user: SeededUser) => ({ Authorization: `Bearer ${user.token}` });
  let ala: SeededUser;
  let bob: SeededUser;
  let cyd: SeededUser;
  let olga: SeededUser;
  let physicsOrg: number;
  let staff: { id: number; name: string };
  let students: { id: number; name: string };
  let chemistry: { id: number; name: string };
  let optics: { id: number; name: string };
  let lasers: { id: number; name: string };
  let olgasTeam: number;

  beforeAll(async () => {
    t = await createTestApp();
    ala = await createUser(t, {
      username: 'ala',
      firstName: 'Ala',
      lastName: 'Kowalska',
      email: 'Ala@Example.com',
    });
    bob = await createUser(t, { username: 'bob', firstName: 'Bob', lastName: 'Nowak' });
    cyd = await createUser(t, {
      username: 'cyd',
      firstName: 'Cyd',
      lastName: 'Kowal',
      active: false,
    });
    olga = await createUser(t, { username: 'olga', firstName: 'Olga', lastName: 'Wiśniewska' });
    physicsOrg = (
      await t.http.post('/admin/v1/organizations').set(admin).send({ name: 'Faculty of Physics' })
    ).body.id;
    staff = await createGroupAsAdmin(t, {
      name: 'Physics staff',
      federated: true,
      organizationId: physicsOrg,
    });
    students = await createGroupAsAdmin(t, {
      name: 'physics students',
      organizationId: physicsOrg,
    });
    chemistry = await createGroupAsAdmin(t, { name: 'Chemistry' });
    optics = await createGroupAsAdmin(t, { name: 'Optics lab' });
    lasers = await createGroupAsAdmin(t, { name: 'Lasers' });
    olgasTeam = (
      await t.http.post('/admin/v1/groups').set(as(olga)).send({ name: "Olga's team" }).expect(201)
    ).body.id;
    // Physics staff ⊃ Optics lab ⊃ Lasers; Ala is in both lower groups and, by address, in Optics.
    await t.http
      .post(`/admin/v1/groups/${staff.id}/children`)
      .set(admin)
      .send({ groupIds: [optics.id] })
      .expect(204);
    await t.http
      .post(`/admin/v1/groups/${optics.id}/children`)
      .set(admin)
      .send({ groupIds: [lasers.id] })
      .expect(204);
    await t.http
      .post(`/admin/v1/groups/${lasers.id}/members`)
      .set(admin)
      .send({ userIds: [ala.id] })
      .expect(204);
    await t.http
      .post(`/admin/v1/groups/${optics.id}/members`)
      .set(admin)
      .send({ userIds: [ala.id] })
      .expect(204);
    await t.http
      .post(`/admin/v1/groups/${staff.id}/members`)
      .set(admin)
      .send({ userIds: [bob.id] })
      .expect(204);
    await t.http
      .put(`/admin/v1/groups/${optics.id}/email-members`)
      .set(admin)
      .send({ emails: ['ala@example.com', 'Guest@Example.org'] })
      .expect(200, { emails: ['ala@example.com', 'guest@example.org'] });
  });
  afterAll(() => t.close());

  it('finds users by the start of username, e-mail or name, with ISO 8601 timestamps', async () => {
    const res = await t.http.get('/admin/v1/users?q=KOWAL').set(admin).expect(200);
    expect(res.body).toEqual({
      items: [
        {
          id: ala.id,
          username: 'ala',
          firstName: 'Ala',
          lastName: 'Kowalska',
          email: 'Ala@Example.com',
          active: true,
          isAdmin: false,
          organizationId: null,
          createdAt: expect.stringMatching(ISO_8601),
          updatedAt: expect.stringMatching(ISO_8601),
        },
        expect.objectContaining({ id: cyd.id, username: 'cyd', active: false }),
      ],
      nextCursor: null,
      total: 2,
      totalExact: true,
    });
    const byMail = await t.http.get('/admin/v1/users?q=ala@ex').set(admin).expect(200);
    expect(byMail.body.items.map((u: { id: number }) => u.id)).toEqual([ala.id]);
    const byFullName = await t.http.get('/admin/v1/users?q=bob%20now').set(admin).expect(200);
    expect(byFullName.body.items.map((u: { id: number }) => u.id)).toEqual([bob.id]);
    const inactive = await t.http.get('/admin/v1/users?active=false').set(admin).expect(200);
    expect(inactive.body.items.map((u: { id: number }) => u.id)).toEqual([cyd.id]);
    const admins = await t.http.get('/admin/v1/users?admin=true').set(admin).expect(200);
    expect(admins.body.items.map((u: { username: string }) => u.username)).toEqual(['admin']);
  });

  it('pages users by keyset: every user once, in id order, with the same total', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: {
        body: { items: Array<{ id: number }>; nextCursor: string | null; total: number };
      } = await t.http
        .get('/admin/v1/users')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(admin)
        .expect(200);
      expect(res.body.total).toBe(5);
      seen.push(...res.body.items.map((u) => u.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([1, ala.id, bob.id, cyd.id, olga.id]);
  });

  it('lists groups in name order with direct and effective member counts', async () => {
    const res = await t.http.get('/admin/v1/groups?q=PHYS').set(admin).expect(200);
    expect(res.body).toEqual({
      items: [
        {
          id: staff.id,
          name: 'Physics staff',
          description: null,
          organizationId: physicsOrg,
          organizationName: 'Faculty of Physics',
          federated: true,
          ownerId: 1,
          memberCount: 1,
          effectiveMemberCount: 2,
          createdAt: expect.stringMatching(ISO_8601),
          updatedAt: expect.stringMatching(ISO_8601),
        },
        expect.objectContaining({ id: students.id, memberCount: 0, effectiveMemberCount: 0 }),
      ],
      nextCursor: null,
      total: 2,
      totalExact: true,
    });
    const names = async (query: string, headers = admin) =>
      (await t.http.get(`/admin/v1/groups?${query}`).set(headers).expect(200)).body.items.map(
        (g: { name: string }) => g.name,
      );
    expect(await names('')).toEqual([
      'Chemistry',
      'Lasers',
      "Olga's team",
      'Optics lab',
      'Physics staff',
      'physics students',
    ]);
    expect(await names(`organizationId=${physicsOrg}`)).toEqual([
      'Physics staff',
      'physics students',
    ]);
    expect(await names('federated=true')).toEqual(['Physics staff']);
    expect(await names(`ownerId=${olga.id}`)).toEqual(["Olga's team"]);
    expect(await names(`memberId=${ala.id}`)).toEqual(['Lasers', 'Optics lab']);
    expect(await names('q=o&federated=false')).toEqual(["Olga's team", 'Optics lab']);
  });

  it('pages groups by keyset without skipping or repeating one', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const res = await t.http
        .get('/admin/v1/groups')
        .query({ limit: 4, ...(cursor ? { cursor } : {}) })
        .set(admin)
        .expect(200);
      expect(res.body.total).toBe(6);
      seen.push(...res.body.items.map((g: { name: string }) => g.name));
      if (!res.body.nextCursor) break;
      cursor = res.body.nextCursor;
    }
    expect(seen).toEqual([
      'Chemistry',
      'Lasers',
      "Olga's team",
      'Optics lab',
      'Physics staff',
      'physics students',
    ]);
  });

  it('shows a group owner only the groups the access policy lets them read', async () => {
    const own = await t.http.get('/admin/v1/groups').set(as(olga)).expect(200);
    expect(own.body).toMatchObject({ total: 1, items: [{ id: olgasTeam, name: "Olga's team" }] });
    const other = await t.http.get(`/admin/v1/groups/${chemistry.id}`).set(as(olga)).expect(404);
    expect(other.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: `Group ${chemistry.id} not found`,
    });
    await t.http.get(`/admin/v1/groups/${chemistry.id}/members`).set(as(olga)).expect(404);
    await t.http
      .post(`/admin/v1/groups/${chemistry.id}/members`)
      .set(as(olga))
      .send({ userIds: [olga.id] })
      .expect(404);
    // A member reads the groups they belong to, directly or through nesting, but may not change them.
    const memberView = await t.http.get('/admin/v1/groups').set(as(ala)).expect(200);
    expect(memberView.body.items.map((g: { name: string }) => g.name)).toEqual([
      'Lasers',
      'Optics lab',
      'Physics staff',
    ]);
    const rename = await t.http
      .patch(`/admin/v1/groups/${lasers.id}`)
      .set(as(ala))
      .send({ name: 'Mine now' })
      .expect(403);
    expect(rename.body.message).toBe(`This needs write permission on group ${lasers.id}`);
  });

  it('reads, changes and deletes a group', async () => {
    const read = await t.http.get(`/admin/v1/groups/${optics.id}`).set(admin).expect(200);
    expect(read.body).toEqual({
      id: optics.id,
      name: 'Optics lab',
      description: null,
      slug: expect.any(String),
      organizationId: null,
      organizationName: null,
      federated: false,
      ownerId: 1,
      createdById: 1,
      updatedById: 1,
      memberCount: 1,
      activeMemberCount: 1,
      effectiveMemberCount: 1,
      defaultOtpRequiredForLogin: null,
      defaultTimeZone: null,
      defaultJobsLabel: null,
      defaultNotebooksLabel: null,
      defaultServicesLabel: null,
      roleIds: [],
      createdAt: expect.stringMatching(ISO_8601),
      updatedAt: expect.stringMatching(ISO_8601),
    });
    const patched = await t.http
      .patch(`/admin/v1/groups/${olgasTeam}`)
      .set(as(olga))
      .send({ description: 'Olga and friends' })
      .expect(200);
    expect(patched.body).toMatchObject({
      id: olgasTeam,
      description: 'Olga and friends',
      ownerId: olga.id,
    });
    const scratch = await t.http
      .post('/admin/v1/groups')
      .set(as(olga))
      .send({ name: 'Scratch' })
      .expect(201);
    await t.http.delete(`/admin/v1/groups/${scratch.body.id}`).set(as(olga)).expect(204);
    await t.http.get(`/admin/v1/groups/${scratch.body.id}`).set(admin).expect(404);
  });

  it('pages direct and effective members', async () => {
    const direct = await t.http.get(`/admin/v1/groups/${staff.id}/members`).set(admin).expect(200);
    expect(direct.body).toEqual({
      items: [
        expect.objectContaining({
          id: bob.id,
          username: 'bob',
          createdAt: expect.stringMatching(ISO_8601),
        }),
      ],
      nextCursor: null,
      total: 1,
      totalExact: true,
    });
    const first = await t.http
      .get(`/admin/v1/groups/${staff.id}/effective-members?limit=1`)
      .set(admin)
      .expect(200);
    expect(first.body).toEqual({
      items: [expect.objectContaining({ id: ala.id, direct: false })],
      nextCursor: expect.any(String),
      total: 2,
      totalExact: true,
    });
    const second = await t.http
      .get(`/admin/v1/groups/${staff.id}/effective-members?limit=1&cursor=${first.body.nextCursor}`)
      .set(admin)
      .expect(200);
    expect(second.body).toEqual({
      items: [expect.objectContaining({ id: bob.id, direct: true })],
      nextCursor: null,
      total: 2,
      totalExact: true,
    });
  });

  it('explains every path by which a user belongs to a group', async () => {
    const res = await t.http
      .get(`/admin/v1/groups/${staff.id}/members/${ala.id}/explain`)
      .set(admin)
      .expect(200);
    const via = (...groups: Array<{ id: number; name: string }>) =>
      groups.map(({ id, name }) => ({ id, name }));
    expect(res.body).toEqual({
      groupId: staff.id,
      userId: ala.id,
      member: true,
      paths: [
        { via: 'email', groups: via(staff, optics) },
        { via: 'member', groups: via(staff, optics) },
        { via: 'member', groups: via(staff, optics, lasers) },
      ],
      complete: true,
    });
    const direct = await t.http
      .get(`/admin/v1/groups/${staff.id}/members/${bob.id}/explain`)
      .set(admin)
      .expect(200);
    expect(direct.body.paths).toEqual([{ via: 'member', groups: via(staff) }]);
    const none = await t.http
      .get(`/admin/v1/groups/${chemistry.id}/members/${ala.id}/explain`)
      .set(admin)
      .expect(200);
    expect(none.body).toEqual({
      groupId: chemistry.id,
      userId: ala.id,
      member: false,
      paths: [],
      complete: true,
    });
    const unknown = await t.http
      .get(`/admin/v1/groups/${staff.id}/members/999999/explain`)
      .set(admin)
      .expect(404);
    expect(unknown.body.message).toBe('User 999999 not found');
    await t.http
      .get(`/admin/v1/groups/${staff.id}/members/${ala.id}/explain`)
      .set(as(olga))
      .expect(404);
  });

  it('nests and un-nests groups, refusing a cycle with the domain message', async () => {
    const cycle = await t.http
      .post(`/admin/v1/groups/${lasers.id}/children`)
      .set(admin)
      .send({ groupIds: [staff.id] })
      .expect(400);
    expect(cycle.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: `Nesting group ${staff.id} in group ${lasers.id} would create a cycle`,
    });
    await t.http
      .post(`/admin/v1/groups/${students.id}/children`)
      .set(admin)
      .send({ groupIds: [chemistry.id] })
      .expect(204);
    await t.http
      .get(`/admin/v1/groups/${students.id}/children`)
      .set(admin)
      .expect(200, [{ id: chemistry.id, name: 'Chemistry', federated: false }]);
    await t.http
      .delete(`/admin/v1/groups/${students.id}/children/${chemistry.id}`)
      .set(admin)
      .expect(204);
    await t.http.get(`/admin/v1/groups/${students.id}/children`).set(admin).expect(200, []);
    const invisible = await t.http
      .post(`/admin/v1/groups/${olgasTeam}/children`)
      .set(as(olga))
      .send({ groupIds: [chemistry.id] })
      .expect(404);
    expect(invisible.body.message).toBe(`Group ${chemistry.id} not found`);
  });

  it('manages administrators, shares, properties and e-mail members', async () => {
    const base = `/admin/v1/groups/${chemistry.id}`;
    await t.http.put(`${base}/administrators/${olga.id}`).set(admin).expect(204);
    const admins = await t.http.get(`${base}/administrators`).set(admin).expect(200);
    expect(admins.body).toEqual([
      expect.objectContaining({ id: olga.id, createdAt: expect.stringMatching(ISO_8601) }),
    ]);
    // Now Olga manages Chemistry, so she sees it.
    await t.http.get(`${base}`).set(as(olga)).expect(200);
    await t.http
      .put(`${base}/shares/users/${bob.id}`)
      .set(as(olga))
      .send({ level: 'write' })
      .expect(204);
    // A shared-with group must be one the sharer may read: Students is hidden from Olga, so it
    // is answered like a missing id (one visibility rule, issue 17); the administrator may.
    const hidden = await t.http
      .put(`${base}/shares/groups/${students.id}`)
      .set(as(olga))
      .send({ level: 'read' })
      .expect(404);
    expect(hidden.body.message).toBe(`Group ${students.id} not found`);
    await t.http
      .put(`${base}/shares/groups/${students.id}`)
      .set(admin)
      .send({ level: 'read' })
      .expect(204);
    await t.http
      .get(`${base}/shares`)
      .set(admin)
      .expect(200, {
        users: [
          { id: olga.id, name: 'Olga Wiśniewska', level: 'manage' },
          { id: bob.id, name: 'Bob Nowak', level: 'write' },
        ].sort((a, b) => a.id - b.id),
        groups: [{ id: students.id, name: 'physics students', level: 'read' }],
      });
    const badLevel = await t.http
      .put(`${base}/shares/users/${bob.id}`)
      .set(admin)
      .send({ level: 'owner' })
      .expect(400);
    expect(badLevel.body.message).toBe('level: level must be one of read, write, manage');
    await t.http.delete(`${base}/shares/users/${bob.id}`).set(admin).expect(204);
    await t.http.delete(`${base}/shares/groups/${students.id}`).set(admin).expect(204);
    await t.http.delete(`${base}/administrators/${olga.id}`).set(admin).expect(204);
    await t.http.get(`${base}/shares`).set(admin).expect(200, { users: [], groups: [] });
    await t.http.get(`${base}`).set(as(olga)).expect(404);

    await t.http
      .put(`${base}/properties/room`)
      .set(admin)
      .send({ value: 'B-204' })
      .expect(200, { name: 'room', value: 'B-204' });
    await t.http
      .get(`${base}/properties`)
      .set(admin)
      .expect(200, [{ name: 'room', value: 'B-204' }]);
    await t.http.delete(`${base}/properties/room`).set(admin).expect(204);
    await t.http.get(`${base}/properties`).set(admin).expect(200, []);

    const badMail = await t.http
      .put(`${base}/email-members`)
      .set(admin)
      .send({ emails: ['nope'] })
      .expect(400);
    expect(badMail.body.message).toBe('emails: "nope" is not a valid e-mail address');
    await t.http.get(`${base}/email-members`).set(admin).expect(200, { emails: [] });
  });

  it('lists, reads, renames and deletes organizations', async () => {
    const list = await t.http.get('/admin/v1/organizations?q=PHYSICS').set(as(olga)).expect(200);
    expect(list.body).toEqual({
      items: [
        {
          id: physicsOrg,
          name: 'Faculty of Physics',
          slug: expect.stringMatching(/^faculty-of-physics-/),
        },
      ],
      nextCursor: null,
      total: 1,
      totalExact: true,
    });
    const other = await t.http
      .post('/admin/v1/organizations')
      .set(admin)
      .send({ name: 'Temp' })
      .expect(201);
    const renamed = await t.http
      .patch(`/admin/v1/organizations/${other.body.id}`)
      .set(admin)
      .send({ name: 'Temporary' })
      .expect(200);
    expect(renamed.body).toEqual({ id: other.body.id, name: 'Temporary', slug: other.body.slug });
    const refused = await t.http
      .patch(`/admin/v1/organizations/${other.body.id}`)
      .set(as(olga))
      .send({ name: 'Mine' })
      .expect(403);
    expect(refused.body.message).toBe('Only a system administrator may change organizations');
    await t.http.delete(`/admin/v1/organizations/${other.body.id}`).set(admin).expect(204);
    const gone = await t.http
      .get(`/admin/v1/organizations/${other.body.id}`)
      .set(admin)
      .expect(404);
    expect(gone.body.message).toBe(`Organization ${other.body.id} not found`);
  });

  it('refuses bad list parameters with the field at fault', async () => {
    const cases: Array<[string, string]> = [
      ['/admin/v1/groups?limit=0', 'limit: limit must not be less than 1'],
      ['/admin/v1/groups?limit=201', 'limit: limit must not be greater than 200'],
      ['/admin/v1/groups?limit=1e3', 'limit: limit must be an integer'],
      ['/admin/v1/groups?cursor=bm9wZQ', 'cursor: cursor is not one this server handed out'],
      ['/admin/v1/users?cursor=WyJ4Il0', 'cursor: cursor is not one this server handed out'],
      ['/admin/v1/groups?federated=yes', 'federated: federated must be true or false'],
      ['/admin/v1/groups?ownerId=-1', 'ownerId: ownerId must be an integer'],
      ['/admin/v1/users?shoe=42', 'shoe: property shoe should not exist'],
    ];
    for (const [path, message] of cases) {
      const res = await t.http.get(path).set(admin).expect(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message });
    }
  });

  it('runs the same number of SQL statements whatever the page size', async () => {
    const statements = jest.spyOn(Sql.prototype, 'query');
    const count = async (path: string, headers = admin) => {
      statements.mockClear();
      await t.http.get(path).set(headers).expect(200);
      return statements.mock.calls.length;
    };
    try {
      for (const [path, headers] of [
        ['/admin/v1/groups', admin],
        ['/admin/v1/groups', as(olga)],
        ['/admin/v1/users', admin],
        [`/admin/v1/groups/${staff.id}/effective-members`, admin],
        [`/admin/v1/groups/${staff.id}/members`, as(bob)],
      ] as const) {
        // A token's first use in a minute also records when it was last used (one UPDATE).
        await t.http.get(path).set(headers).expect(200);
        const small = await count(`${path}?limit=1`, headers);
        expect(await count(`${path}?limit=100`, headers)).toBe(small);
        // Authentication, the access check, the page and its count.
        expect(small).toBeLessThanOrEqual(4);
      }
    } finally {
      statements.mockRestore();
    }
  });
  it('describes every directory route in OpenAPI, with examples', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    const doc = res.body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: {
        schemas: Record<string, { properties: Record<string, { example?: unknown }> }>;
      };
    };
    for (const [path, method] of [
      ['/admin/v1/users', 'get'],
      ['/admin/v1/groups', 'get'],
      ['/admin/v1/groups/{id}/members/{userId}/explain', 'get'],
      ['/admin/v1/groups/{id}/effective-members', 'get'],
      ['/admin/v1/groups/{id}/shares/groups/{groupId}', 'put'],
      ['/admin/v1/groups/{id}/children', 'post'],
      ['/admin/v1/organizations/{id}', 'patch'],
    ]) {
      // Every documented operation says what it answers on success, with an example or a schema.
      const responses = doc.paths[path]?.[method]?.responses ?? {};
      expect(Object.keys(responses).filter((status) => status.startsWith('2'))).not.toEqual([]);
    }
    expect(doc.paths['/admin/v1/groups'].get.responses['200']).toEqual({
      description: '',
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/AdminGroupPageDto' } },
      },
    });
    const entry = doc.components.schemas.AdminGroupEntryDto.properties;
    expect(entry.effectiveMemberCount.example).toBe(310);
    expect(entry.createdAt.example).toBe('2026-12-05T09:30:00.000Z');
  });
});
