import { Caller } from '../../src/domain/caller';
import { GroupsService } from '../../src/domain/groups.service';
import { MembershipService } from '../../src/domain/membership.service';
import { SharesService } from '../../src/domain/shares.service';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin } from '../helpers/seed';
import { basic, civisUser, CivisUser, memberOf } from './civis-helpers';

const named = (u: CivisUser) => ({ id: u.id, name: `${u.firstName} ${u.lastName}` });

/**
 * Civis sees the same groups, members and shares as the other dialects: what they write through
 * the domain (nesting from USOS, administrators from Jive, provisioned groups from the admin API)
 * shows on the Civis wire, and the other way round.
 */
describe('Civis /groups over the shared domain', () => {
  let t: TestApp;
  let olive: CivisUser;
  let nick: CivisUser;
  let adam: CivisUser;
  let sharedId: number;
  let teamId: number;
  let subId: number;

  const as = (user: CivisUser): Caller => ({ userId: user.id, systemAdmin: false });
  const create = async (name: string) =>
    (await t.http.post('/groups').set(basic(olive)).send({ name }).expect(201)).body.id as number;

  beforeAll(async () => {
    t = await createTestApp();
    olive = await civisUser(t, 'Olive', 'Owner');
    nick = await civisUser(t, 'Nick', 'Nested');
    adam = await civisUser(t, 'Adam', 'Admin');
    sharedId = await create('Shared');
    teamId = await create('Team');
    subId = await create('Sub Team');
    await t.http.put(`/groups/${subId}/members/${nick.id}`).set(basic(olive)).expect(200);
    // Sub Team nested in Team, as USOS custom_group_ids or Publisher would do it.
    await t.app.get(GroupsService).updateGroup(as(olive), teamId, { childGroupIds: [subId] });
  });
  afterAll(() => t.close());

  it('a group share applies to the effective members of the group, nested ones included', async () => {
    await t.http.get(`/groups/${sharedId}`).set(basic(nick)).expect(404);
    await t.http
      .put(`/groups/${sharedId}/shares/groups`)
      .set(basic(olive))
      .send({ group_ids: [teamId], permission_level: 'write' })
      .expect(200);
    const patched = await t.http
      .patch(`/groups/${sharedId}`)
      .set(basic(nick))
      .send({ description: 'edited through a nested group' })
      .expect(200);
    expect(patched.body).toMatchObject({
      description: 'edited through a nested group',
      lastUpdatedById: nick.id,
    });
    const writable = await t.http.get('/groups?permission=write').set(basic(nick)).expect(200);
    expect(writable.body.map((g: { name: string }) => g.name)).toEqual(['Shared']);
    await t.http.delete(`/groups/${sharedId}`).set(basic(nick)).expect(403);
    // Team's own child_groups lists the share; revoking it takes Nick's access away.
    const children = await t.http.get(`/groups/${teamId}/child_groups`).set(basic(nick));
    expect(children.status).toBe(200);
    expect(children.body).toEqual({
      manageable: [],
      writeable: [{ id: sharedId, name: 'Shared' }],
      readable: [],
    });
    await t.http
      .delete(`/groups/${sharedId}/shares/groups/${teamId}`)
      .set(basic(olive))
      .expect(204);
    await t.http.get(`/groups/${sharedId}`).set(basic(nick)).expect(404);
  });

  it('a Jive group administrator is a Civis owner, and a Civis manage share is a Jive administrator', async () => {
    const shares = t.app.get(SharesService);
    await shares.addAdministrator(as(olive), sharedId, adam.id);
    const index = await t.http.get(`/groups/${sharedId}/shares`).set(basic(adam)).expect(200);
    expect(index.body).toEqual([
      {
        readers: { users: [], groups: [] },
        writers: { users: [], groups: [] },
        owners: { users: [named(olive), named(adam)], groups: [] },
        totalUserShares: 2,
        totalGroupShares: 0,
      },
    ]);
    // As an owner Adam may share; Nick, made a manager through Civis, is a Jive administrator.
    await t.http
      .put(`/groups/${sharedId}/shares/users`)
      .set(basic(adam))
      .send({ user_ids: [nick.id], permission_level: 'manage' })
      .expect(200);
    const administrators = await shares.listAdministrators(as(olive), sharedId);
    expect(administrators.map((u) => u.id)).toEqual([nick.id, adam.id].sort((a, b) => a - b));
    // Revoked through Civis, gone for Jive too.
    await t.http.delete(`/groups/${sharedId}/shares/users/${adam.id}`).set(basic(nick)).expect(204);
    expect((await shares.listAdministrators(as(olive), sharedId)).map((u) => u.id)).toEqual([
      nick.id,
    ]);
  });

  it('members written elsewhere are Civis members; Civis members are everyone’s members', async () => {
    const membership = t.app.get(MembershipService);
    await membership.addMembers(as(olive), sharedId, [adam.id]);
    const group = await t.http.get(`/groups/${sharedId}`).set(basic(olive)).expect(200);
    expect(group.body).toMatchObject({
      memberCount: 1,
      totalMemberCount: 1,
      members: [memberOf(adam)],
    });
    await t.http.put(`/groups/${sharedId}/members/${olive.id}`).set(basic(olive)).expect(200);
    const members = await membership.listMembers(as(olive), sharedId);
    expect(members.map((u) => u.id)).toEqual([olive.id, adam.id].sort((a, b) => a - b));
  });

  it('a group provisioned through the admin API is a Civis group the administrator owns', async () => {
    const provisioned = await createGroupAsAdmin(t, {
      name: 'Faculty of Physics',
      federated: true,
    });
    const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const res = await t.http.get(`/groups/${provisioned.id}`).set(admin).expect(200);
    expect(res.body).toMatchObject({
      id: provisioned.id,
      name: 'Faculty of Physics',
      memberCount: 0,
      members: [],
    });
    expect(res.body.createdById).toBe(res.body.lastUpdatedById);
    const shares = await t.http.get(`/groups/${provisioned.id}/shares`).set(admin).expect(200);
    expect(shares.body[0].owners.users).toEqual([
      { id: res.body.createdById, name: expect.any(String) },
    ]);
    // Invisible to a user without a share or membership.
    await t.http.get(`/groups/${provisioned.id}`).set(basic(olive)).expect(404);
  });
});
