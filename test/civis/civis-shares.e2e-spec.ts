import { createTestApp, TestApp } from '../helpers/create-test-app';
import { basic, civisUser, CivisUser, JSON_UTF8, NO_STORE } from './civis-helpers';

const empty = () => ({ users: [], groups: [] });
const named = (u: CivisUser) => ({ id: u.id, name: `${u.firstName} ${u.lastName}` });

/** Shares, child groups and the permissions they grant (spec/civis.md §4, §6). */
describe('Civis /groups shares and permissions', () => {
  let t: TestApp;
  let olive: CivisUser;
  let rita: CivisUser;
  let walt: CivisUser;
  let mia: CivisUser;
  let sam: CivisUser;
  let tom: CivisUser;
  let groupId: number;
  let team: { id: number; name: string };

  beforeAll(async () => {
    t = await createTestApp();
    olive = await civisUser(t, 'Olive', 'Owner');
    rita = await civisUser(t, 'Rita', 'Reader');
    walt = await civisUser(t, 'Walt', 'Writer');
    mia = await civisUser(t, 'Mia', 'Manager');
    sam = await civisUser(t, 'Sam', 'Stranger');
    tom = await civisUser(t, 'Tom', 'Teammate');
    groupId = (await t.http.post('/groups').set(basic(olive)).send({ name: 'Shared' }).expect(201))
      .body.id;
    const created = await t.http.post('/groups').set(basic(olive)).send({ name: 'Team' });
    team = { id: created.body.id, name: 'Team' };
    await t.http.put(`/groups/${team.id}/members/${tom.id}`).set(basic(olive)).expect(200);
  });
  afterAll(() => t.close());

  const shares = (user: CivisUser) =>
    t.http.get(`/groups/${groupId}/shares`).set(basic(user)).expect(200);

  it('list_shares(id) on a fresh group: [ShareIndex] with only the owner', async () => {
    const res = await shares(olive);
    expect(res.headers['content-type']).toBe(JSON_UTF8);
    expect(res.headers).toMatchObject(NO_STORE);
    expect(res.body).toEqual([
      {
        readers: empty(),
        writers: empty(),
        owners: { users: [named(olive)], groups: [] },
        totalUserShares: 1,
        totalGroupShares: 0,
      },
    ]);
  });

  it('put_shares_users(1, [2,3], "read", send_shared_email=False), then write and manage', async () => {
    const read = await t.http
      .put(`/groups/${groupId}/shares/users`)
      .set(basic(olive))
      .send({ user_ids: [rita.id, walt.id], permission_level: 'read', send_shared_email: false })
      .expect(200);
    expect(read.headers['content-type']).toBe(JSON_UTF8);
    expect(read.body).toEqual({
      readers: { users: [named(rita), named(walt)], groups: [] },
      writers: empty(),
      owners: { users: [named(olive)], groups: [] },
      totalUserShares: 3,
      totalGroupShares: 0,
    });
    // Sharing again changes the level; camelCase keys work too.
    await t.http
      .put(`/groups/${groupId}/shares/users`)
      .set(basic(olive))
      .send({ userIds: [walt.id], permissionLevel: 'write', shareEmailBody: 'hello' })
      .expect(200);
    const manage = await t.http
      .put(`/groups/${groupId}/shares/users`)
      .set(basic(olive))
      .send({ user_ids: [mia.id, olive.id], permission_level: 'manage' })
      .expect(200);
    const index = {
      readers: { users: [named(rita)], groups: [] },
      writers: { users: [named(walt)], groups: [] },
      owners: { users: [named(olive), named(mia)], groups: [] },
      totalUserShares: 4,
      totalGroupShares: 0,
    };
    expect(manage.body).toEqual(index);
    expect((await shares(rita)).body).toEqual([index]);
  });

  it('read sees but may not edit (403); write edits attributes and members but not shares', async () => {
    await t.http.get(`/groups/${groupId}`).set(basic(rita)).send({}).expect(200);
    const patch = await t.http
      .patch(`/groups/${groupId}`)
      .set(basic(rita))
      .send({ description: 'x' })
      .expect(403);
    expect(patch.headers['content-type']).toBe(JSON_UTF8);
    expect(patch.body).toEqual({
      error: 'forbidden',
      errorDescription: `This needs write permission on group ${groupId}`,
      code: 403,
    });
    const member = await t.http
      .put(`/groups/${groupId}/members/${sam.id}`)
      .set(basic(rita))
      .expect(403);
    expect(member.body.error).toBe('forbidden');

    await t.http
      .patch(`/groups/${groupId}`)
      .set(basic(walt))
      .send({ description: 'w' })
      .expect(200);
    await t.http.put(`/groups/${groupId}/members/${rita.id}`).set(basic(walt)).expect(200);
    await t.http.delete(`/groups/${groupId}/members/${rita.id}`).set(basic(walt)).expect(204);
    const manageOnly = {
      error: 'forbidden',
      errorDescription: `This needs manage permission on group ${groupId}`,
      code: 403,
    };
    for (const req of [
      t.http
        .put(`/groups/${groupId}/shares/users`)
        .send({ user_ids: [sam.id], permission_level: 'read' }),
      t.http
        .put(`/groups/${groupId}/shares/groups`)
        .send({ group_ids: [team.id], permission_level: 'read' }),
      t.http.delete(`/groups/${groupId}/shares/users/${rita.id}`),
      t.http.delete(`/groups/${groupId}/shares/groups/${team.id}`),
      t.http.delete(`/groups/${groupId}`),
    ]) {
      const res = await req.set(basic(walt)).expect(403);
      expect(res.body).toEqual(manageOnly);
    }
  });

  it('without any share the group is not found (404), whatever the method', async () => {
    const notFound = {
      error: 'not_found',
      errorDescription: `Group ${groupId} not found`,
      code: 404,
    };
    for (const req of [
      t.http.get(`/groups/${groupId}`).send({}),
      t.http.patch(`/groups/${groupId}`).send({ name: 'x' }),
      t.http.put(`/groups/${groupId}`).send({ name: 'x' }),
      t.http.delete(`/groups/${groupId}`),
      t.http.put(`/groups/${groupId}/members/${sam.id}`),
      t.http.delete(`/groups/${groupId}/members/${sam.id}`),
      t.http.get(`/groups/${groupId}/shares`),
      t.http
        .put(`/groups/${groupId}/shares/users`)
        .send({ user_ids: [sam.id], permission_level: 'read' }),
      t.http.get(`/groups/${groupId}/child_groups`),
    ]) {
      const res = await req.set(basic(sam)).expect(404);
      expect(res.body).toEqual(notFound);
    }
    const list = await t.http.get('/groups').set(basic(sam)).expect(200);
    expect(list.body).toEqual([]);
  });

  it('put_shares_groups(1, [4], "manage", share_email_body="hi"): members of the group manage', async () => {
    const res = await t.http
      .put(`/groups/${groupId}/shares/groups`)
      .set(basic(olive))
      .send({ group_ids: [team.id], permission_level: 'manage', share_email_body: 'hi' })
      .expect(200);
    expect(res.body).toEqual({
      readers: { users: [named(rita)], groups: [] },
      writers: { users: [named(walt)], groups: [] },
      owners: { users: [named(olive), named(mia)], groups: [team] },
      totalUserShares: 4,
      totalGroupShares: 1,
    });
    // Tom manages through Team: he may share; once Team only reads, he may not edit.
    await t.http
      .put(`/groups/${groupId}/shares/users`)
      .set(basic(tom))
      .send({ user_ids: [sam.id], permission_level: 'read' })
      .expect(200);
    await t.http
      .put(`/groups/${groupId}/shares/groups`)
      .set(basic(olive))
      .send({ groupIds: [team.id], permissionLevel: 'read' })
      .expect(200);
    await t.http.patch(`/groups/${groupId}`).set(basic(tom)).send({ name: 'No' }).expect(403);
    const list = await t.http.get('/groups?permission=read').set(basic(tom)).expect(200);
    expect(list.body.map((g: { name: string }) => g.name)).toEqual(['Shared', 'Team']);
  });

  it('delete_shares_users / delete_shares_groups: 204 empty; revoking a missing share is a no-op', async () => {
    for (const path of [
      `/groups/${groupId}/shares/users/${sam.id}`,
      `/groups/${groupId}/shares/groups/${team.id}`,
      `/groups/${groupId}/shares/users/${sam.id}`,
    ]) {
      const res = await t.http
        .delete(path)
        .set(basic(mia))
        .set('Content-Type', 'application/json')
        .send('{}')
        .expect(204);
      expect(res.text).toBe('');
      expect(res.headers['content-type']).toBeUndefined();
    }
    await t.http.get(`/groups/${groupId}`).set(basic(sam)).expect(404);
    expect((await shares(olive)).body).toEqual([
      {
        readers: { users: [named(rita)], groups: [] },
        writers: { users: [named(walt)], groups: [] },
        owners: { users: [named(olive), named(mia)], groups: [] },
        totalUserShares: 4,
        totalGroupShares: 0,
      },
    ]);
  });

  it('get_child_groups(id): the groups this group holds a share on, by level', async () => {
    const ids: Record<string, number> = {};
    for (const name of ['Group 18', 'Group 19', 'Group 20', 'Group 21']) {
      ids[name] = (await t.http.post('/groups').set(basic(olive)).send({ name })).body.id;
    }
    const levels: Array<[string, string]> = [
      ['Group 18', 'manage'],
      ['Group 19', 'write'],
      ['Group 20', 'read'],
      ['Group 21', 'read'],
    ];
    for (const [name, level] of levels) {
      await t.http
        .put(`/groups/${ids[name]}/shares/groups`)
        .set(basic(olive))
        .send({ group_ids: [team.id], permission_level: level })
        .expect(200);
    }
    const res = await t.http
      .get(`/groups/${team.id}/child_groups`)
      .set(basic(tom))
      .set('Content-Type', 'application/json')
      .send('{}')
      .expect(200);
    expect(res.headers['content-type']).toBe(JSON_UTF8);
    expect(res.body).toEqual({
      manageable: [{ id: ids['Group 18'], name: 'Group 18' }],
      writeable: [{ id: ids['Group 19'], name: 'Group 19' }],
      readable: [
        { id: ids['Group 20'], name: 'Group 20' },
        { id: ids['Group 21'], name: 'Group 21' },
      ],
    });
    const none = await t.http.get(`/groups/${ids['Group 18']}/child_groups`).set(basic(olive));
    expect(none.body).toEqual({ manageable: [], writeable: [], readable: [] });
  });

  it('below manage, shares and child groups name only the groups the caller can see', async () => {
    const hidden = (
      await t.http.post('/groups').set(basic(olive)).send({ name: 'Hidden' }).expect(201)
    ).body.id as number;
    const viewer = await civisUser(t, 'Vera', 'Viewer');
    await t.http
      .put(`/groups/${team.id}/shares/users`)
      .set(basic(olive))
      .send({ user_ids: [viewer.id], permission_level: 'write' })
      .expect(200);
    // Team holds read on Hidden, Hidden holds write on Team; Vera writes Team but cannot see Hidden.
    await t.http
      .put(`/groups/${hidden}/shares/groups`)
      .set(basic(olive))
      .send({ group_ids: [team.id], permission_level: 'read' })
      .expect(200);
    await t.http
      .put(`/groups/${team.id}/shares/groups`)
      .set(basic(olive))
      .send({ group_ids: [hidden], permission_level: 'write' })
      .expect(200);
    await t.http.get(`/groups/${hidden}`).set(basic(viewer)).expect(404);
    const seenByViewer = await t.http.get(`/groups/${team.id}/shares`).set(basic(viewer));
    expect(seenByViewer.status).toBe(200);
    expect(seenByViewer.body).toEqual([
      {
        readers: empty(),
        writers: { users: [named(viewer)], groups: [] },
        owners: { users: [named(olive)], groups: [] },
        totalUserShares: 2,
        totalGroupShares: 0,
      },
    ]);
    const seenByOwner = await t.http.get(`/groups/${team.id}/shares`).set(basic(olive));
    expect(seenByOwner.body[0]).toMatchObject({
      writers: { users: [named(viewer)], groups: [{ id: hidden, name: 'Hidden' }] },
      totalGroupShares: 1,
    });
    const childrenForViewer = await t.http
      .get(`/groups/${team.id}/child_groups`)
      .set(basic(viewer))
      .expect(200);
    // Every group Team holds a share on is hidden from Vera, who is not a member of Team.
    expect(childrenForViewer.body).toEqual({ manageable: [], writeable: [], readable: [] });
    // Tom belongs to Team, so Team's read share on Hidden lets him see it.
    const childrenForMember = await t.http
      .get(`/groups/${team.id}/child_groups`)
      .set(basic(tom))
      .expect(200);
    expect(childrenForMember.body.readable).toContainEqual({ id: hidden, name: 'Hidden' });
    const childrenForOwner = await t.http
      .get(`/groups/${team.id}/child_groups`)
      .set(basic(olive))
      .expect(200);
    expect(childrenForOwner.body).toEqual(childrenForMember.body);
  });

  it('unknown users or groups in a share are 404s naming them', async () => {
    const user = await t.http
      .put(`/groups/${groupId}/shares/users`)
      .set(basic(olive))
      .send({ user_ids: [rita.id, 999999], permission_level: 'read' })
      .expect(404);
    expect(user.body).toEqual({
      error: 'not_found',
      errorDescription: 'User 999999 not found',
      code: 404,
    });
    const group = await t.http
      .put(`/groups/${groupId}/shares/groups`)
      .set(basic(olive))
      .send({ group_ids: [999998, 999999], permission_level: 'read' })
      .expect(404);
    expect(group.body).toEqual({
      error: 'not_found',
      errorDescription: 'Group 999998, 999999 not found',
      code: 404,
    });
  });
});
