import { Sql } from '../../src/persistence/sql';
import { createTestApp, TestApp } from '../helpers/create-test-app';
import { basic, civisUser, CivisUser, memberOf } from './civis-helpers';

const T0 = Date.UTC(2026, 3, 17, 18, 28, 57, 0);
const T0_ISO = '2026-04-17T18:28:57.000Z';

/**
 * Civis's recorded answer to PUT /groups/{id}/members/{user_id} keeps lastUpdatedById and
 * updatedAt as they were: member and share changes are not updates of the group's attributes.
 */
describe('Civis /groups: member and share changes leave updatedAt and lastUpdatedById', () => {
  let t: TestApp;
  let olive: CivisUser; // creator (owner)
  let walt: CivisUser; // write share: changes members
  let mia: CivisUser; // manage share: changes shares
  let nell: CivisUser;
  let groupId: number;
  let otherGroupId: number;

  beforeAll(async () => {
    t = await createTestApp();
    olive = await civisUser(t, 'Olive', 'Owner');
    walt = await civisUser(t, 'Walt', 'Writer');
    mia = await civisUser(t, 'Mia', 'Manager');
    nell = await civisUser(t, 'Nell', 'New');
    const created = await t.http.post('/groups').set(basic(olive)).send({ name: 'Stamped' });
    groupId = created.body.id;
    otherGroupId = (await t.http.post('/groups').set(basic(olive)).send({ name: 'Other' })).body.id;
    // Mia shares Stamped with Other below: a shared-with group must be one she may read.
    await t.http
      .put(`/groups/${otherGroupId}/shares/users`)
      .set(basic(olive))
      .send({ user_ids: [mia.id], permission_level: 'read' })
      .expect(200);
    await t.http
      .put(`/groups/${groupId}/shares/users`)
      .set(basic(olive))
      .send({ user_ids: [walt.id], permission_level: 'write' })
      .expect(200);
    await t.http
      .put(`/groups/${groupId}/shares/users`)
      .set(basic(olive))
      .send({ user_ids: [mia.id], permission_level: 'manage' })
      .expect(200);
    // A past time, so that any write stamping "now" would show.
    await t.app
      .get(Sql)
      .query(`UPDATE groups SET created_at = ?, updated_at = ? WHERE id = ?`, [T0, T0, groupId]);
  });
  afterAll(() => t.close());

  async function stamps() {
    const res = await t.http.get(`/groups/${groupId}`).set(basic(olive)).expect(200);
    const { createdAt, updatedAt, lastUpdatedById, createdById } = res.body;
    return { createdAt, updatedAt, lastUpdatedById, createdById };
  }

  const unchanged = () => ({
    createdAt: T0_ISO,
    updatedAt: T0_ISO,
    lastUpdatedById: olive.id,
    createdById: olive.id,
  });

  it('PUT /groups/{id}/members/{user_id}: the answer and the group keep them, as recorded', async () => {
    const res = await t.http
      .put(`/groups/${groupId}/members/${nell.id}`)
      .set(basic(walt))
      .expect(200);
    expect(res.body).toMatchObject({ ...unchanged(), members: [memberOf(nell)] });
    expect(await stamps()).toEqual(unchanged());
  });

  it('DELETE /groups/{id}/members/{user_id}', async () => {
    await t.http.delete(`/groups/${groupId}/members/${nell.id}`).set(basic(walt)).expect(204);
    expect(await stamps()).toEqual(unchanged());
  });

  it.each([
    ['PUT', 'shares/users', () => ({ user_ids: [nell.id], permission_level: 'read' })],
    ['PUT', 'shares/groups', () => ({ group_ids: [otherGroupId], permission_level: 'read' })],
    ['DELETE', () => `shares/users/${nell.id}`, undefined],
    ['DELETE', () => `shares/groups/${otherGroupId}`, undefined],
  ] as const)('%s /groups/{id}/%s', async (verb, path, body) => {
    const suffix = typeof path === 'function' ? path() : path;
    const req =
      verb === 'PUT'
        ? t.http.put(`/groups/${groupId}/${suffix}`).set(basic(mia)).send(body!())
        : t.http.delete(`/groups/${groupId}/${suffix}`).set(basic(mia));
    expect((await req).status).toBe(verb === 'PUT' ? 200 : 204);
    expect(await stamps()).toEqual(unchanged());
  });

  it('an attribute change (PATCH) does move them', async () => {
    await t.http
      .patch(`/groups/${groupId}`)
      .set(basic(walt))
      .send({ name: 'Restamped' })
      .expect(200);
    const after = await stamps();
    expect(after.lastUpdatedById).toBe(walt.id);
    expect(after.updatedAt).not.toBe(T0_ISO);
    expect(after.createdAt).toBe(T0_ISO);
  });
});
