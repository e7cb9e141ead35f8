import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin } from '../helpers/seed';
import {
  CORE_GROUP,
  CORE_USER,
  patch,
  provisioningToken,
  scimError,
  withoutTimes,
} from './scim-helpers';

const BASE = 'https://idm.example.org/scim/v2';

/** RFC 7644 /Groups: displayName = the group's name, members = users and nested groups. */
describe('SCIM /Groups', () => {
  let t: TestApp;
  let token: string;
  let ann: string;
  let bob: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ publicUrl: 'https://idm.example.org' });
    token = await provisioningToken(t);
    for (const userName of ['ann', 'bob']) {
      const res = await t.http
        .post('/scim/v2/Users')
        .set(auth())
        .send({ schemas: [CORE_USER], userName, displayName: `${userName} (display)` })
        .expect(201);
      if (userName === 'ann') ann = res.body.id;
      else bob = res.body.id;
    }
  });
  afterAll(() => t.close());

  async function create(displayName: string, members: string[] = [], externalId?: string) {
    const res = await t.http
      .post('/scim/v2/Groups')
      .set(auth())
      .send({
        schemas: [CORE_GROUP],
        displayName,
        externalId,
        members: members.map((value) => ({ value })),
      })
      .expect(201);
    return res.body.id as string;
  }

  async function members(id: string) {
    const res = await t.http.get(`/scim/v2/Groups/${id}`).set(auth()).expect(200);
    return (res.body.members as Array<{ value: string }>).map((m) => m.value);
  }

  it('creates a group with user and group members, rendered with $ref, display and type', async () => {
    const inner = await create('Inner');
    const res = await t.http
      .post('/scim/v2/Groups')
      .set(auth())
      .send({
        schemas: [CORE_GROUP],
        DisplayName: 'Outer',
        externalId: 'okta-00g1',
        members: [{ value: bob, display: 'ignored' }, { value: inner }, { value: ann }],
      })
      .expect(201);
    const id = res.body.id as string;
    expect(res.headers.location).toBe(`${BASE}/Groups/${id}`);
    expect(withoutTimes(res.body)).toEqual({
      schemas: [CORE_GROUP],
      id,
      externalId: 'okta-00g1',
      displayName: 'Outer',
      members: [
        { value: ann, $ref: `${BASE}/Users/${ann}`, display: 'ann (display)', type: 'User' },
        { value: bob, $ref: `${BASE}/Users/${bob}`, display: 'bob (display)', type: 'User' },
        { value: inner, $ref: `${BASE}/Groups/${inner}`, display: 'Inner', type: 'Group' },
      ],
      meta: { resourceType: 'Group', location: `${BASE}/Groups/${id}` },
    });
  });

  it('refuses a taken displayName (any case) with 409, unknown members and cycles with 400', async () => {
    await create('Taken');
    const dup = await t.http.post('/scim/v2/Groups').set(auth()).send({ displayName: 'TAKEN' });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual(scimError(409, 'Group "TAKEN" already exists', 'uniqueness'));
    const unknown = await t.http
      .post('/scim/v2/Groups')
      .set(auth())
      .send({ displayName: 'Ghosts', members: [{ value: 'user-999999' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual(scimError(400, 'User 999999 not found', 'invalidValue'));
    const garbage = await t.http
      .post('/scim/v2/Groups')
      .set(auth())
      .send({ displayName: 'Garbage', members: 'string id 1' });
    expect(garbage.status).toBe(400);
    expect(garbage.body).toEqual(
      scimError(400, 'Each member must be an object with a string value', 'invalidValue'),
    );

    const a = await create('Cycle A');
    const b = await create('Cycle B', [a]);
    const cycle = await t.http
      .patch(`/scim/v2/Groups/${a}`)
      .set(auth())
      .send(patch({ op: 'add', path: 'members', value: [{ value: b }] }));
    expect(cycle.status).toBe(400);
    expect(cycle.body).toEqual(
      scimError(
        400,
        `Nesting group ${b.slice(6)} in group ${a.slice(6)} would create a cycle`,
        'invalidValue',
      ),
    );
    expect(await members(a)).toEqual([]);
  });

  it('PATCH adds and removes members the ways Entra ID and Okta send them, in one transaction', async () => {
    const id = await create('Patched', [ann]);
    await t.http
      .patch(`/scim/v2/Groups/${id}`)
      .set(auth())
      .send(patch({ op: 'Add', path: 'members', value: [{ value: bob }] }))
      .expect(204);
    expect(await members(id)).toEqual([ann, bob]);
    await t.http
      .patch(`/scim/v2/Groups/${id}`)
      .set(auth())
      .send(patch({ op: 'remove', path: `members[value eq "${ann}"]` }))
      .expect(204);
    expect(await members(id)).toEqual([bob]);
    await t.http
      .patch(`/scim/v2/Groups/${id}`)
      .set(auth())
      .send(
        patch(
          { op: 'Remove', path: 'members', value: [{ value: bob }] },
          { op: 'replace', value: { id, displayName: 'Patched (renamed)', externalId: 'e-9' } },
        ),
      )
      .expect(204);
    const res = await t.http
      .patch(`/scim/v2/Groups/${id}?excludedAttributes=members,meta`)
      .set(auth())
      .send(patch({ op: 'replace', path: 'members', value: [{ value: ann }, { value: bob }] }))
      .expect(200);
    expect(res.body).toEqual({
      schemas: [CORE_GROUP],
      id,
      externalId: 'e-9',
      displayName: 'Patched (renamed)',
    });
    expect(await members(id)).toEqual([ann, bob]);
    // A failing step undoes the steps before it.
    const failing = await t.http
      .patch(`/scim/v2/Groups/${id}`)
      .set(auth())
      .send(
        patch(
          { op: 'remove', path: 'members' },
          { op: 'add', path: 'members', value: [{ value: 'user-999999' }] },
        ),
      );
    expect(failing.status).toBe(400);
    expect(await members(id)).toEqual([ann, bob]);
    await t.http
      .patch(`/scim/v2/Groups/${id}`)
      .set(auth())
      .send(patch({ op: 'remove', path: 'members' }))
      .expect(204);
    expect(await members(id)).toEqual([]);
  });

  it('PUT replaces name, externalId and members', async () => {
    const id = await create('Put', [ann], 'x-1');
    const res = await t.http
      .put(`/scim/v2/Groups/${id}`)
      .set(auth())
      .send({ schemas: [CORE_GROUP], id, displayName: 'Put (replaced)', members: [{ value: bob }] })
      .expect(200);
    expect(res.body).toMatchObject({ displayName: 'Put (replaced)', members: [{ value: bob }] });
    expect(res.body.externalId).toBeUndefined();
  });

  it('lists with filters on displayName, externalId and members, in SQL', async () => {
    const withAnn = await create('Filter With Ann', [ann], 'flt-1');
    await create('Filter Without', [bob], 'flt-2');
    for (const [filter, expected] of [
      ['displayName eq "filter with ann"', ['Filter With Ann']],
      ['displayName sw "Filter" and members[value eq "' + ann + '"]', ['Filter With Ann']],
      ['displayName sw "filter" and members.value eq "' + bob + '"', ['Filter Without']],
      ['externalId eq "flt-2" or id eq "' + withAnn + '"', ['Filter With Ann', 'Filter Without']],
      ['displayName co "With" and not (members pr)', []],
    ] as const) {
      const res = await t.http
        .get(
          `/scim/v2/Groups?filter=${encodeURIComponent(filter)}&sortBy=displayName&excludedAttributes=members`,
        )
        .set(auth())
        .expect(200);
      expect(res.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(
        expected,
      );
      expect(res.body.Resources.every((g: object) => !('members' in g))).toBe(true);
    }
  });

  it('sees only directory-synced groups: a group made in another API is not found', async () => {
    const own = await createGroupAsAdmin(t, { name: 'Made elsewhere' });
    await t.http.get(`/scim/v2/Groups/group-${own.id}`).set(auth()).expect(404);
    const listed = await t.http
      .get(`/scim/v2/Groups?filter=${encodeURIComponent('displayName eq "Made elsewhere"')}`)
      .set(auth())
      .expect(200);
    expect(listed.body.totalResults).toBe(0);
    const clash = await t.http
      .post('/scim/v2/Groups')
      .set(auth())
      .send({ displayName: 'made ELSEWHERE' });
    expect(clash.status).toBe(409);
    const synced = await createGroupAsAdmin(t, { name: 'Synced by admin', federated: true });
    await t.http.get(`/scim/v2/Groups/group-${synced.id}`).set(auth()).expect(200);
  });

  it('cannot change or delete a group made in another API: 404, and the group is untouched', async () => {
    const own = await createGroupAsAdmin(t, { name: 'Kept elsewhere' });
    const path = `/scim/v2/Groups/group-${own.id}`;
    const notFound = scimError(404, `Group ${own.id} not found`);
    const patched = await t.http
      .patch(path)
      .set(auth())
      .send(
        patch(
          { op: 'replace', path: 'displayName', value: 'Taken over' },
          { op: 'add', path: 'members', value: [{ value: ann }] },
        ),
      )
      .expect(404);
    expect(patched.body).toEqual(notFound);
    const replaced = await t.http
      .put(path)
      .set(auth())
      .send({ schemas: [CORE_GROUP], displayName: 'Taken over', members: [{ value: ann }] })
      .expect(404);
    expect(replaced.body).toEqual(notFound);
    const deleted = await t.http.delete(path).set(auth()).expect(404);
    expect(deleted.body).toEqual(notFound);
    const kept = await t.http
      .get(`/admin/v1/groups/${own.id}`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    expect({ name: kept.body.name, memberCount: kept.body.memberCount }).toEqual({
      name: 'Kept elsewhere',
      memberCount: 0,
    });
  });

  it('deletes a group; a user id is not a group id', async () => {
    const id = await create('Doomed');
    await t.http.delete(`/scim/v2/Groups/${id}`).set(auth()).expect(204);
    const gone = await t.http.get(`/scim/v2/Groups/${id}`).set(auth()).expect(404);
    expect(gone.body).toEqual(scimError(404, `Group ${id.slice(6)} not found`));
    const wrongKind = await t.http.get(`/scim/v2/Groups/${ann}`).set(auth()).expect(404);
    expect(wrongKind.body).toEqual(scimError(404, `Group ${ann} not found`));
  });
});
