import {
  GROUP_MEMBER_COUNTS_REBUILD,
  GroupMemberCounts1765900000000,
} from '../../src/persistence/migrations/1765900000000-group-member-counts';
import { Sql } from '../../src/persistence/sql';
import { TransactionRunner } from '../../src/persistence/transaction-runner';
import { DataSource } from 'typeorm';
import { basic } from '../civis/civis-helpers';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin, createUser, SeededUser } from '../helpers/seed';
import { ADMIN_AUTH, ok, SERVICE } from '../jive/jive-helpers';
import { pub } from '../publisher/publisher-helpers';
import { CORE_GROUP, CORE_USER, patch, provisioningToken } from '../scim/scim-helpers';

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const civisAdmin = basic({ token: ADMIN_TOKEN });

/** Civis: `memberCount` = active direct members, `totalMemberCount` = all direct members. */
interface Counts {
  memberCount: number;
  totalMemberCount: number;
}

/**
 * Each group's direct member counts are columns the database keeps exact (GroupMemberCounts
 * migration, docs/performance.md F24): every surface that writes members, a user's `active`, a
 * user's or a group's deletion, a rolled-back write and concurrent writers must leave them equal
 * to the member rows, as the Civis list (which reads the columns) and the Civis group show them.
 */
describe('the maintained member counts', () => {
  let t: TestApp;
  let users: SeededUser[];
  let scimToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    users = [];
    for (let i = 0; i < 8; i++) users.push(await createUser(t, { username: `counted${i}` }));
    scimToken = await provisioningToken(t);
  });
  afterAll(() => t.close());

  /** Every group's counts as the Civis list shows them to an administrator. */
  async function listed(): Promise<Map<number, Counts>> {
    const res = await t.http.get('/groups?limit=1000').set(civisAdmin).expect(200);
    const rows = res.body as Array<Counts & { id: number }>;
    return new Map(
      rows.map((g) => [g.id, { memberCount: g.memberCount, totalMemberCount: g.totalMemberCount }]),
    );
  }

  /** The group's counts in the Civis list and in the Civis group object, which must agree. */
  async function counts(groupId: number): Promise<Counts> {
    const fromList = (await listed()).get(groupId);
    const object = await t.http.get(`/groups/${groupId}`).set(civisAdmin).expect(200);
    const fromObject = {
      memberCount: object.body.memberCount as number,
      totalMemberCount: object.body.totalMemberCount as number,
    };
    expect(fromList).toEqual(fromObject);
    return fromObject;
  }

  const expected = (active: number, total: number): Counts => ({
    memberCount: active,
    totalMemberCount: total,
  });

  /** Every group whose maintained counts differ from COUNT(*)s over its member rows. */
  async function drifted(): Promise<unknown[]> {
    return t.app.get(Sql).query(
      `SELECT g.id, g.member_count, g.active_member_count,
         (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS counted,
         (SELECT COUNT(*) FROM group_members m JOIN users u ON u.id = m.user_id
           WHERE m.group_id = g.id AND u.active = TRUE) AS counted_active
       FROM groups g
       WHERE g.member_count <> (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)
         OR g.active_member_count <> (SELECT COUNT(*) FROM group_members m
           JOIN users u ON u.id = m.user_id WHERE m.group_id = g.id AND u.active = TRUE)`,
    );
  }

  const civisAdd = (groupId: number, userId: number) =>
    t.http.put(`/groups/${groupId}/members/${userId}`).set(civisAdmin);
  const civisRemove = (groupId: number, userId: number) =>
    t.http.delete(`/groups/${groupId}/members/${userId}`).set(civisAdmin);
  const setActive = (userId: number, active: boolean) =>
    t.http.patch(`/admin/v1/users/${userId}`).set(admin).send({ active }).expect(200);

  function jive(method: 'post' | 'delete', path: string, body?: string) {
    const req = t.http[method](`${SERVICE}${path}`).set('Authorization', ADMIN_AUTH);
    return body === undefined ? req : req.set('Content-Type', 'text/xml').send(body);
  }

  it('follows members added and removed through Civis, Jive and Publisher', async () => {
    const { id } = await createGroupAsAdmin(t, { name: 'Counted through dialects' });
    expect(await counts(id)).toEqual(expected(0, 0));

    for (const u of users.slice(0, 3)) await civisAdd(id, u.id).expect(200);
    await civisAdd(id, users[0].id).expect(200); // already a member: nothing changes
    expect(await counts(id)).toEqual(expected(3, 3));
    await civisRemove(id, users[1].id).expect(204);
    expect(await counts(id)).toEqual(expected(2, 2));

    const add = (u: SeededUser) =>
      `<addMemberToGroup><userID>${u.id}</userID><groupID>${id}</groupID></addMemberToGroup>`;
    expect((await jive('post', '/groupMembers', add(users[3]))).text).toBe(ok('addMemberToGroup'));
    expect((await jive('post', '/groupMembers', add(users[4]))).text).toBe(ok('addMemberToGroup'));
    expect(await counts(id)).toEqual(expected(4, 4));
    expect((await jive('delete', `/groupMembers/${id}/${users[0].id}`)).text).toBe(
      ok('removeMemberFromGroup'),
    );
    expect(await counts(id)).toEqual(expected(3, 3));

    await pub(t, 'put', `/api/2/groups/${id}/users`)
      .send({ group: { users: [String(users[5].id), users[6].id] } })
      .expect(200);
    expect(await counts(id)).toEqual(expected(5, 5));
    // A Publisher replace keeps exactly the users it names: three removed, one added.
    await pub(t, 'put', `/api/2/groups/${id}`)
      .send({ group: { name: 'Counted through dialects', users: [users[5].id, users[7].id] } })
      .expect(200);
    expect(await counts(id)).toEqual(expected(2, 2));
    expect(await drifted()).toEqual([]);
  });

  it('follows SCIM PATCH of members and of a user’s active, and refuses nothing half-way', async () => {
    const scim = { Authorization: `Bearer ${scimToken}` };
    const scimUsers: string[] = [];
    for (const userName of ['scim-ann', 'scim-bob', 'scim-cid']) {
      const res = await t.http
        .post('/scim/v2/Users')
        .set(scim)
        .send({ schemas: [CORE_USER], userName })
        .expect(201);
      scimUsers.push(res.body.id as string);
    }
    const created = await t.http
      .post('/scim/v2/Groups')
      .set(scim)
      .send({ schemas: [CORE_GROUP], displayName: 'Counted through SCIM', members: [] })
      .expect(201);
    const scimId = created.body.id as string;
    const id = Number(scimId.replace('group-', ''));
    await t.http
      .post('/scim/v2/Groups')
      .set(scim)
      .send({ schemas: [CORE_GROUP], displayName: 'Taken by SCIM', members: [] })
      .expect(201);
    const patchGroup = (...ops: Array<Record<string, unknown>>) =>
      t.http
        .patch(`/scim/v2/Groups/${scimId}`)
        .set(scim)
        .send(patch(...ops));

    await patchGroup({
      op: 'add',
      path: 'members',
      value: scimUsers.map((value) => ({ value })),
    }).expect(204);
    expect(await counts(id)).toEqual(expected(3, 3));
    await patchGroup({ op: 'remove', path: `members[value eq "${scimUsers[0]}"]` }).expect(204);
    expect(await counts(id)).toEqual(expected(2, 2));

    // Members added, then a rename to a taken name fails the request: the add is rolled back.
    const failed = await patchGroup(
      { op: 'add', path: 'members', value: [{ value: scimUsers[0] }] },
      { op: 'replace', path: 'displayName', value: 'Taken by SCIM' },
    );
    expect(failed.status).toBe(409);
    expect(await counts(id)).toEqual(expected(2, 2));

    const patchUser = (active: boolean) =>
      t.http
        .patch(`/scim/v2/Users/${scimUsers[1]}`)
        .set(scim)
        .send(patch({ op: 'replace', path: 'active', value: active }))
        .expect(204);
    await patchUser(false);
    expect(await counts(id)).toEqual(expected(1, 2));
    await patchUser(false); // unchanged: nothing to count
    expect(await counts(id)).toEqual(expected(1, 2));
    await patchUser(true);
    expect(await counts(id)).toEqual(expected(2, 2));
    expect(await drifted()).toEqual([]);
  });

  it('follows a user deactivated, reactivated and deleted, in every group it is in', async () => {
    const groups = [
      (await createGroupAsAdmin(t, { name: 'Active one' })).id,
      (await createGroupAsAdmin(t, { name: 'Active two' })).id,
    ];
    const [u, v, w] = [
      await createUser(t),
      await createUser(t),
      await createUser(t, { active: false }),
    ];
    for (const g of groups) for (const x of [u, v, w]) await civisAdd(g, x.id).expect(200);
    for (const g of groups) expect(await counts(g)).toEqual(expected(2, 3));

    await setActive(u.id, false);
    for (const g of groups) expect(await counts(g)).toEqual(expected(1, 3));
    await setActive(w.id, true);
    for (const g of groups) expect(await counts(g)).toEqual(expected(2, 3));
    await setActive(u.id, true);
    for (const g of groups) expect(await counts(g)).toEqual(expected(3, 3));

    // An active member deleted, then an inactive one: each leaves both counts exact.
    await t.http.delete(`/admin/v1/users/${u.id}`).set(admin).expect(204);
    for (const g of groups) expect(await counts(g)).toEqual(expected(2, 2));
    await setActive(v.id, false);
    await t.http.delete(`/admin/v1/users/${v.id}`).set(admin).expect(204);
    for (const g of groups) expect(await counts(g)).toEqual(expected(1, 1));
    expect(await drifted()).toEqual([]);
  });

  it('leaves the other groups exact when a group and its members are deleted', async () => {
    const doomed = (await createGroupAsAdmin(t, { name: 'Doomed' })).id;
    const kept = (await createGroupAsAdmin(t, { name: 'Kept' })).id;
    for (const u of users.slice(0, 4)) {
      await civisAdd(doomed, u.id).expect(200);
      await civisAdd(kept, u.id).expect(200);
    }
    await t.http.delete(`/admin/v1/groups/${doomed}`).set(admin).expect(204);
    expect((await listed()).has(doomed)).toBe(false);
    expect(await counts(kept)).toEqual(expected(4, 4));
    // A member of both deactivated afterwards: only the group that is left has a count to change.
    await setActive(users[0].id, false);
    expect(await counts(kept)).toEqual(expected(3, 4));
    await setActive(users[0].id, true);
    expect(await drifted()).toEqual([]);
  });

  it('is unchanged by a write rolled back after its member rows were written', async () => {
    const { id } = await createGroupAsAdmin(t, { name: 'Rolled back' });
    await civisAdd(id, users[0].id).expect(200);
    const rolledBack = t.app.get(TransactionRunner).runInTransaction(async (em) => {
      const sql = t.app.get(Sql);
      await sql.query(
        `INSERT INTO group_members (group_id, user_id, created_at) VALUES (?, ?, 0), (?, ?, 0)`,
        [id, users[1].id, id, users[2].id],
        em,
      );
      await sql.query(
        `DELETE FROM group_members WHERE group_id = ? AND user_id = ?`,
        [id, users[0].id],
        em,
      );
      await sql.query(`UPDATE users SET active = FALSE WHERE id = ?`, [users[1].id], em);
      throw new Error('rolled back');
    });
    await expect(rolledBack).rejects.toThrow('rolled back');
    expect(await counts(id)).toEqual(expected(1, 1));
    // An unknown user refuses the whole Civis write.
    await civisAdd(id, 999_999).expect(404);
    expect(await counts(id)).toEqual(expected(1, 1));
  });

  it('counts every one of many concurrent member adds to one group, and concurrent (de)activations', async () => {
    const { id } = await createGroupAsAdmin(t, { name: 'Concurrent adds' });
    const other = (await createGroupAsAdmin(t, { name: 'Concurrent others' })).id;
    const many: SeededUser[] = [];
    for (let i = 0; i < 20; i++) many.push(await createUser(t));
    for (const u of many.slice(0, 10)) await civisAdd(other, u.id).expect(200);

    // 20 adds to one group, racing deactivations of half of those users (members elsewhere too).
    const responses = await Promise.all([
      ...many.map((u) => civisAdd(id, u.id)),
      ...many
        .slice(0, 10)
        .map((u) => t.http.patch(`/admin/v1/users/${u.id}`).set(admin).send({ active: false })),
    ]);
    expect(responses.map((r) => r.status)).toEqual([
      ...many.map(() => 200),
      ...many.slice(0, 10).map(() => 200),
    ]);
    expect(await counts(id)).toEqual(expected(10, 20));
    expect(await counts(other)).toEqual(expected(0, 10));

    // And back: half removed while the other half is reactivated.
    const back = await Promise.all([
      ...many.slice(10).map((u) => civisRemove(id, u.id)),
      ...many
        .slice(0, 10)
        .map((u) => t.http.patch(`/admin/v1/users/${u.id}`).set(admin).send({ active: true })),
    ]);
    expect(back.map((r) => r.status)).toEqual([
      ...many.slice(10).map(() => 204),
      ...many.slice(0, 10).map(() => 200),
    ]);
    expect(await counts(id)).toEqual(expected(10, 10));
    expect(await counts(other)).toEqual(expected(10, 10));
    expect(await drifted()).toEqual([]);
  });

  // Two transactions held open by hand: a membership written while its user's active changes in
  // another transaction must be counted with the active the user ends up with.
  const onPostgres = process.env.GB_TEST_ENGINE === 'postgres' ? it : it.skip;
  onPostgres('counts a membership written while its user is deactivated elsewhere', async () => {
    const { id } = await createGroupAsAdmin(t, { name: 'Raced' });
    const [u, v] = [await createUser(t), await createUser(t)];
    await civisAdd(id, v.id).expect(200);
    const ds = t.app.get(DataSource);
    const [writer, changer] = [ds.createQueryRunner(), ds.createQueryRunner()];
    try {
      for (const [write, active] of [
        [`INSERT INTO group_members (group_id, user_id, created_at) VALUES ($1, $2, 0)`, false],
        [`DELETE FROM group_members WHERE group_id = $1 AND user_id = $2`, true],
      ] as const) {
        await writer.startTransaction();
        await writer.query(write, [id, u.id]);
        await changer.startTransaction();
        const change = changer.query(`UPDATE users SET active = $1 WHERE id = $2`, [active, u.id]);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await writer.commitTransaction();
        await change;
        await changer.commitTransaction();
        expect(await drifted()).toEqual([]);
      }
      expect(await counts(id)).toEqual(expected(1, 1));
    } finally {
      await writer.release();
      await changer.release();
    }
  });

  it('rebuilds wrong counts, and the migration fills them from existing rows after its down()', async () => {
    const before = await listed();
    expect(before.size).toBeGreaterThan(5);
    const sql = t.app.get(Sql);
    await sql.query(`UPDATE groups SET member_count = member_count + 3, active_member_count = 7`);
    expect((await drifted()).length).toBe(before.size);
    for (const statement of GROUP_MEMBER_COUNTS_REBUILD) await sql.query(statement);
    expect(await drifted()).toEqual([]);
    expect(await listed()).toEqual(before);

    const migration = new GroupMemberCounts1765900000000();
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await drifted()).toEqual([]);
    expect(await listed()).toEqual(before);
  });
});
