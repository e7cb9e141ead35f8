import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import { ADMIN_AUTH, fault, ok, SERVICE, userAuth } from '../jive/jive-helpers';

const MISSING = 987654;
const GROUP_NOT_FOUND = 'com.jivesoftware.base.GroupNotFoundException';

/** What a client sees, with the probed id written as {ID} so two answers can be compared. */
function seen(res: Response, id: number) {
  return {
    status: res.status,
    contentType: res.headers['content-type'],
    text: res.text.replace(new RegExp(`\\b${id}\\b`, 'g'), '{ID}'),
  };
}

describe('one visibility rule: a group the caller may not read is a missing group', () => {
  let t: TestApp;
  let owner: SeededUser;
  let member: SeededUser;
  let outsider: SeededUser;
  let hidden: number;
  let visible: number;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t);
    member = await createUser(t);
    outsider = await createUser(t);
    const create = async (user: SeededUser, name: string) =>
      (
        await t.http
          .post('/groups')
          .set('Authorization', `Bearer ${user.token}`)
          .send({ name })
          .expect(201)
      ).body.id as number;
    hidden = await create(owner, 'Hidden payroll');
    visible = await create(outsider, 'Outsider own');
    await t.http
      .put(`/groups/${hidden}/members/${member.id}`)
      .set('Authorization', `Bearer ${owner.token}`)
      .expect(200);
  });
  afterAll(() => t.close());

  describe('Jive, with any credential', () => {
    const jive = (path: string, user: SeededUser | null) =>
      t.http.get(`${SERVICE}${path}`).set('Authorization', user ? userAuth(user) : ADMIN_AUTH);

    it.each([
      '/groupMembers/',
      '/groupsByID/',
      '/groupAdmins/',
      '/administratorCount/',
      '/properties/',
    ])('GET %s<hidden id> is GroupNotFound, exactly as a missing id', async (path) => {
      const hiddenAnswer = await jive(`${path}${hidden}`, outsider);
      const missingAnswer = await jive(`${path}${MISSING}`, outsider);
      expect(seen(hiddenAnswer, hidden)).toEqual(seen(missingAnswer, MISSING));
      expect(hiddenAnswer.status).toBe(500);
      expect(hiddenAnswer.text).toBe(fault(`${GROUP_NOT_FOUND}: Group ${hidden} not found`));
      expect(hiddenAnswer.text).not.toContain(member.username);
    });

    it('a write on a hidden group is GroupNotFound too, not Unauthorized', async () => {
      const send = (id: number) =>
        t.http
          .post(`${SERVICE}/groupMembers`)
          .set('Authorization', userAuth(outsider))
          .set('Content-Type', 'text/xml')
          .send(
            `<addMemberToGroup><userID>${outsider.id}</userID><groupID>${id}</groupID></addMemberToGroup>`,
          );
      expect(seen(await send(hidden), hidden)).toEqual(seen(await send(MISSING), MISSING));
    });

    it('counts, names, getGroups and getUserGroups hold only readable groups', async () => {
      expect((await jive('/groupCount', outsider)).text).toBe(ok('getGroupCount', ['1']));
      expect((await jive('/groupNames', outsider)).text).toBe(
        ok('getGroupNames', ['Outsider own']),
      );
      expect((await jive('/groupNamesBounded/0/10', outsider)).text).toBe(
        ok('getGroupNamesBounded', ['Outsider own']),
      );
      expect((await jive('/groups', outsider)).text).not.toContain('Hidden payroll');
      expect((await jive(`/userGroups/${member.id}`, outsider)).text).toBe(ok('getUserGroups'));
      expect((await jive(`/userGroupNames/${member.id}`, outsider)).text).toBe(
        ok('getUserGroupNames'),
      );
      // The member reads the group it belongs to.
      expect((await jive(`/userGroupNames/${member.id}`, member)).text).toBe(
        ok('getUserGroupNames', ['Hidden payroll']),
      );
    });

    it('system administrators see every group', async () => {
      expect((await jive('/groupCount', null)).text).toBe(ok('getGroupCount', ['2']));
      expect((await jive('/groupNames', null)).text).toBe(
        ok('getGroupNames', ['Hidden payroll', 'Outsider own']),
      );
      expect((await jive(`/groupMembers/${hidden}`, null)).status).toBe(200);
    });
  });

  describe('references to a hidden group are answered like a missing id', () => {
    it('Civis: sharing with a hidden group', async () => {
      const send = (id: number) =>
        t.http
          .put(`/groups/${visible}/shares/groups`)
          .set('Authorization', `Bearer ${outsider.token}`)
          .send({ group_ids: [id], permission_level: 'read' });
      const hiddenAnswer = await send(hidden);
      expect(hiddenAnswer.status).toBe(404);
      expect(seen(hiddenAnswer, hidden)).toEqual(seen(await send(MISSING), MISSING));
      expect(hiddenAnswer.text).not.toContain('Hidden payroll');
    });

    it('Civis: reading or changing a hidden group', async () => {
      for (const [method, path] of [
        ['get', '/groups/{id}'],
        ['get', '/groups/{id}/shares'],
        ['get', '/groups/{id}/child_groups'],
        ['put', `/groups/{id}/members/${outsider.id}`],
        ['delete', '/groups/{id}'],
      ] as const) {
        const send = (id: number) =>
          t.http[method](path.replace('{id}', String(id))).set(
            'Authorization',
            `Bearer ${outsider.token}`,
          );
        expect(seen(await send(hidden), hidden)).toEqual(seen(await send(MISSING), MISSING));
      }
    });

    it('Publisher: reading or changing a hidden group', async () => {
      for (const [method, path] of [
        ['get', '/api/2/groups/{id}'],
        ['delete', '/api/2/groups/{id}'],
      ] as const) {
        const send = (id: number) =>
          t.http[method](path.replace('{id}', String(id)))
            .set('Authorization', `Bearer ${outsider.token}`)
            .set('Host', 'example.com')
            .set('X-Request-Id', 'probe');
        expect(seen(await send(hidden), hidden)).toEqual(seen(await send(MISSING), MISSING));
      }
    });
  });
});
