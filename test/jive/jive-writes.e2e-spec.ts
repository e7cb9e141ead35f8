import { GroupsService } from '../../src/domain/groups.service';
import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin, createUser, SeededUser } from '../helpers/seed';
import {
  ADMIN_AUTH,
  fault,
  groupXml,
  JIVE_NS,
  ok,
  SERVICE,
  userAuth,
  userXml,
  withoutDates,
  XML_CONTENT_TYPE,
} from './jive-helpers';

const GROUP_NOT_FOUND = 'com.jivesoftware.base.GroupNotFoundException';
const USER_NOT_FOUND = 'com.jivesoftware.base.UserNotFoundException';
const ALREADY_EXISTS = 'com.jivesoftware.base.GroupAlreadyExistsException';
const UNAUTHORIZED = 'com.jivesoftware.base.UnauthorizedException';

describe('Jive groupService writes', () => {
  let t: TestApp;
  let admin: SeededUser; // a group administrator (manage share), not a system administrator
  let member: SeededUser; // a plain member of the group (read level)
  let outsider: SeededUser; // no relation to any group
  let target: SeededUser;

  type Call = { status: number; xml: string };

  async function call(
    method: 'post' | 'put' | 'delete' | 'get',
    path: string,
    body?: string,
    auth = ADMIN_AUTH,
    contentType = 'text/xml',
  ): Promise<Call> {
    let req = t.http[method](`${SERVICE}${path}`).set('Authorization', auth);
    if (body !== undefined) req = req.set('Content-Type', contentType).send(body);
    const res = await req;
    expect(res.headers['content-type']).toBe(XML_CONTENT_TYPE);
    return { status: res.status, xml: withoutDates(res.text) };
  }

  const addMember = (groupId: number, userId: number, auth = ADMIN_AUTH) =>
    call(
      'post',
      '/groupMembers',
      `<addMemberToGroup><userID>${userId}</userID><groupID>${groupId}</groupID></addMemberToGroup>`,
      auth,
    );

  const addAdmin = (groupId: number, userId: number, auth = ADMIN_AUTH) =>
    call(
      'post',
      '/groupAdmins',
      `<addAdministratorToGroup><userID>${userId}</userID><groupID>${groupId}</groupID></addAdministratorToGroup>`,
      auth,
    );

  const members = async (groupId: number) => (await call('get', `/groupMembers/${groupId}`)).xml;
  const admins = async (groupId: number) => (await call('get', `/groupAdmins/${groupId}`)).xml;

  async function newGroup(name: string) {
    const group = await createGroupAsAdmin(t, { name });
    expect(await addAdmin(group.id, admin.id)).toEqual({
      status: 200,
      xml: ok('addAdministratorToGroup'),
    });
    expect(await addMember(group.id, member.id)).toEqual({
      status: 200,
      xml: ok('addMemberToGroup'),
    });
    return group;
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t);
    member = await createUser(t);
    outsider = await createUser(t);
    target = await createUser(t);
  });
  afterAll(() => t.close());

  describe('createGroup', () => {
    it('stores isFederated, decodes predefined entities and omits an empty description', async () => {
      const res = await call(
        'post',
        '/groups/',
        '<createGroup><name>R&amp;D &lt;1&gt;</name><description/><isFederated>true</isFederated></createGroup>',
      );
      const id = Number(/<ID>(\d+)<\/ID>/.exec(res.xml)?.[1]);
      expect(res).toEqual({
        status: 200,
        xml: ok('createGroup', [groupXml({ id, name: 'R&amp;D &lt;1&gt;' })]),
      });
      const groups = t.app.get(GroupsService);
      const stored = await groups.getGroup({ userId: admin.id, systemAdmin: true }, id);
      expect({
        name: stored.name,
        federated: stored.federated,
        description: stored.description,
      }).toEqual({
        name: 'R&D <1>',
        federated: true,
        description: null,
      });
      const plain = await call(
        'post',
        '/groups',
        '<createGroup><name>Not federated</name></createGroup>',
      );
      const plainId = Number(/<ID>(\d+)<\/ID>/.exec(plain.xml)?.[1]);
      expect(
        (await groups.getGroup({ userId: admin.id, systemAdmin: true }, plainId)).federated,
      ).toBe(false);
    });

    it('a name with a slash round-trips through getGroupByName as %2F', async () => {
      const created = await call(
        'post',
        '/groups',
        '<createGroup><name>A/B Team</name></createGroup>',
      );
      const id = Number(/<ID>(\d+)<\/ID>/.exec(created.xml)?.[1]);
      expect(await call('get', '/groups/A%2FB+Team')).toEqual({
        status: 200,
        xml: ok('getGroupByName', [groupXml({ id, name: 'A/B Team' })]),
      });
    });

    it('refuses a duplicate name (case-insensitively), a non-admin caller and an empty name', async () => {
      await call('post', '/groups', '<createGroup><name>Unique</name></createGroup>');
      expect(
        await call('post', '/groups', '<createGroup><name>UNIQUE</name></createGroup>'),
      ).toEqual({
        status: 500,
        xml: fault(`${ALREADY_EXISTS}: Group "UNIQUE" already exists`),
      });
      expect(
        await call(
          'post',
          '/groups',
          '<createGroup><name>Mine</name></createGroup>',
          userAuth(admin),
        ),
      ).toEqual({
        status: 500,
        xml: fault(`${UNAUTHORIZED}: Only a system administrator may create groups`),
      });
      expect(await call('post', '/groups', '<createGroup><name></name></createGroup>')).toEqual({
        status: 500,
        xml: fault('java.lang.IllegalArgumentException: The group name must not be empty'),
      });
      expect(
        await call(
          'post',
          '/groups',
          '<createGroup><name>X</name><isFederated>yes</isFederated></createGroup>',
        ),
      ).toEqual({
        status: 500,
        xml: fault(
          'java.lang.IllegalArgumentException: isFederated must be true, false, 1 or 0 (got "yes")',
        ),
      });
    });
  });

  describe('members and administrators', () => {
    it('a group administrator adds and removes members; repeats are no-ops', async () => {
      const g = await newGroup('Members');
      expect(await addMember(g.id, target.id, userAuth(admin))).toEqual({
        status: 200,
        xml: ok('addMemberToGroup'),
      });
      expect(await addMember(g.id, target.id, userAuth(admin))).toEqual({
        status: 200,
        xml: ok('addMemberToGroup'),
      });
      expect(await members(g.id)).toBe(ok('getGroupMembers', [userXml(member), userXml(target)]));
      expect((await call('get', `/groupsByID/${g.id}`)).xml).toBe(
        ok('getGroup', [groupXml({ ...g, memberCount: 2 })]),
      );
      const remove = () =>
        call('delete', `/groupMembers/${g.id}/${target.id}`, undefined, userAuth(admin));
      expect(await remove()).toEqual({ status: 200, xml: ok('removeMemberFromGroup') });
      expect(await remove()).toEqual({ status: 200, xml: ok('removeMemberFromGroup') });
      expect(await members(g.id)).toBe(ok('getGroupMembers', [userXml(member)]));
    });

    it('faults UserNotFound / GroupNotFound for unknown ids, group first', async () => {
      const g = await newGroup('Unknowns');
      expect(await addMember(g.id, 999999)).toEqual({
        status: 500,
        xml: fault(`${USER_NOT_FOUND}: User 999999 not found`),
      });
      expect(await addMember(999999, 999999)).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group 999999 not found`),
      });
      expect(await call('delete', `/groupMembers/${g.id}/999999`)).toEqual({
        status: 500,
        xml: fault(`${USER_NOT_FOUND}: User 999999 not found`),
      });
      expect(await call('delete', `/groupMembers/999999/${target.id}`)).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group 999999 not found`),
      });
      expect(await addAdmin(g.id, 999999)).toEqual({
        status: 500,
        xml: fault(`${USER_NOT_FOUND}: User 999999 not found`),
      });
      expect(await call('delete', `/groupAdmins/${g.id}/999999`)).toEqual({
        status: 500,
        xml: fault(`${USER_NOT_FOUND}: User 999999 not found`),
      });
      expect(await call('delete', `/groupAdmins/999999/${target.id}`)).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group 999999 not found`),
      });
    });

    it('a member is no group administrator (Unauthorized); to an outsider the group does not exist', async () => {
      const g = await newGroup('Guarded');
      for (const [who, refusal] of [
        [member, `${UNAUTHORIZED}: This needs manage permission on group ${g.id}`],
        [outsider, `${GROUP_NOT_FOUND}: Group ${g.id} not found`],
      ] as const) {
        expect(await addMember(g.id, target.id, userAuth(who))).toEqual({
          status: 500,
          xml: fault(refusal),
        });
        expect(
          await call('delete', `/groupMembers/${g.id}/${member.id}`, undefined, userAuth(who)),
        ).toEqual({ status: 500, xml: fault(refusal) });
        expect(await addAdmin(g.id, who.id, userAuth(who))).toEqual({
          status: 500,
          xml: fault(refusal),
        });
      }
      expect(await members(g.id)).toBe(ok('getGroupMembers', [userXml(member)]));
      expect(await admins(g.id)).toBe(ok('getGroupAdmins', [userXml(admin)]));
    });

    it('administrators are a list of their own: add, remove, no-op for a non-administrator', async () => {
      const g = await newGroup('Admins');
      expect(await addAdmin(g.id, target.id, userAuth(admin))).toEqual({
        status: 200,
        xml: ok('addAdministratorToGroup'),
      });
      expect(await admins(g.id)).toBe(ok('getGroupAdmins', [userXml(admin), userXml(target)]));
      // The new administrator, not a member, can now manage the group.
      expect(await addMember(g.id, outsider.id, userAuth(target))).toEqual({
        status: 200,
        xml: ok('addMemberToGroup'),
      });
      const remove = () =>
        call('delete', `/groupAdmins/${g.id}/${target.id}/`, undefined, userAuth(admin));
      expect(await remove()).toEqual({ status: 200, xml: ok('removeAdministratorFromGroup') });
      expect(await remove()).toEqual({ status: 200, xml: ok('removeAdministratorFromGroup') });
      expect(await admins(g.id)).toBe(ok('getGroupAdmins', [userXml(admin)]));
      expect((await call('get', `/administratorCount/${g.id}`)).xml).toBe(
        ok('getAdministratorCount', ['1']),
      );
      // No longer an administrator, and no other tie to the group: it does not exist for them.
      expect(await addMember(g.id, target.id, userAuth(target))).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group ${g.id} not found`),
      });
    });
  });

  describe('properties', () => {
    it('setProperty upserts, deleteProperty removes (missing: no-op), names are percent-decoded', async () => {
      const g = await newGroup('Props');
      const set = (name: string, value: string, auth = userAuth(admin)) =>
        call(
          'post',
          '/properties',
          `<ns2:setProperty xmlns:ns2="${JIVE_NS}"><name>${name}</name><value>${value}</value><groupID>${g.id}</groupID></ns2:setProperty>`,
          auth,
          'text/plain',
        );
      expect(await set('color', 'blue')).toEqual({ status: 200, xml: ok('setProperty') });
      expect(await set('color', 'red')).toEqual({ status: 200, xml: ok('setProperty') });
      expect(await set('a/b c', '&lt;x&gt;')).toEqual({ status: 200, xml: ok('setProperty') });
      expect((await call('get', `/properties/${g.id}`)).xml).toBe(
        ok('getProperties', [
          '<name>a/b c</name><value>&lt;x&gt;</value>',
          '<name>color</name><value>red</value>',
        ]),
      );
      expect(
        await call('delete', `/properties/${g.id}/a%2Fb%20c`, undefined, userAuth(admin)),
      ).toEqual({
        status: 200,
        xml: ok('deleteProperty'),
      });
      expect(
        await call('delete', `/properties/${g.id}/missing`, undefined, userAuth(admin)),
      ).toEqual({
        status: 200,
        xml: ok('deleteProperty'),
      });
      expect((await call('get', `/properties/${g.id}`)).xml).toBe(
        ok('getProperties', ['<name>color</name><value>red</value>']),
      );
      expect(await set('color', 'green', userAuth(member))).toEqual({
        status: 500,
        xml: fault(`${UNAUTHORIZED}: This needs manage permission on group ${g.id}`),
      });
      expect(
        await call('delete', `/properties/${g.id}/color`, undefined, userAuth(outsider)),
      ).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group ${g.id} not found`),
      });
      expect(
        await call(
          'post',
          '/properties',
          '<setProperty><name>x</name><value>y</value><groupID>999999</groupID></setProperty>',
        ),
      ).toEqual({ status: 500, xml: fault(`${GROUP_NOT_FOUND}: Group 999999 not found`) });
      // The name is part of the property's key: PostgreSQL cannot index one of any length.
      expect(await set('n'.repeat(255), 'long')).toEqual({ status: 200, xml: ok('setProperty') });
      expect(await set('n'.repeat(256), 'too long')).toEqual({
        status: 500,
        xml: fault(
          'java.lang.IllegalArgumentException: The property name must be at most 255 characters',
        ),
      });
      expect((await call('get', `/properties/${g.id}`)).xml).toBe(
        ok('getProperties', [
          '<name>color</name><value>red</value>',
          `<name>${'n'.repeat(255)}</name><value>long</value>`,
        ]),
      );
      expect(await call('delete', '/properties/999999/x')).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group 999999 not found`),
      });
    });
  });

  describe('updateGroup', () => {
    const update = (inner: string, auth = ADMIN_AUTH) =>
      call(
        'put',
        '/groups',
        `<updateGroup><group>${inner}</group></updateGroup>`,
        auth,
        'text/plain',
      );

    it('a system administrator renames; absent elements keep their value, an empty description clears it', async () => {
      const g = await newGroup('Old name');
      expect(await update(`<ID>${g.id}</ID><description>Desc</description>`)).toEqual({
        status: 200,
        xml: ok('updateGroup'),
      });
      expect(await update(`<ID>${g.id}</ID><name>New name</name>`)).toEqual({
        status: 200,
        xml: ok('updateGroup'),
      });
      expect((await call('get', `/groupsByID/${g.id}`)).xml).toBe(
        ok('getGroup', [
          groupXml({ id: g.id, name: 'New name', description: 'Desc', memberCount: 1 }),
        ]),
      );
      expect(await update(`<ID>${g.id}</ID><description/>`)).toEqual({
        status: 200,
        xml: ok('updateGroup'),
      });
      expect((await call('get', `/groupsByID/${g.id}`)).xml).toBe(
        ok('getGroup', [groupXml({ id: g.id, name: 'New name', memberCount: 1 })]),
      );
    });

    it('a group administrator changes the description, echoing the full group back (Openfire style)', async () => {
      const g = await newGroup('Echoed');
      const echoed =
        `<ID>${g.id}</ID><objectType>4</objectType><creationDate>2010-03-01T10:00:00.000+00:00</creationDate>` +
        `<description>By the admin</description><memberCount>7</memberCount>` +
        `<modificationDate>2010-03-01T10:00:00.000+00:00</modificationDate><name>Echoed</name>`;
      expect(await update(echoed, userAuth(admin))).toEqual({
        status: 200,
        xml: ok('updateGroup'),
      });
      expect((await call('get', `/groupsByID/${g.id}`)).xml).toBe(
        ok('getGroup', [
          groupXml({ id: g.id, name: 'Echoed', description: 'By the admin', memberCount: 1 }),
        ]),
      );
      expect(
        await update(`<ID>${g.id}</ID><description>x</description>`, userAuth(member)),
      ).toEqual({
        status: 500,
        xml: fault(`${UNAUTHORIZED}: This needs manage permission on group ${g.id}`),
      });
    });

    it('a group administrator renames (seed: Unauthorized only for neither a system nor a group administrator)', async () => {
      const g = await newGroup('Before rename');
      expect(await update(`<ID>${g.id}</ID><name>After rename</name>`, userAuth(admin))).toEqual({
        status: 200,
        xml: ok('updateGroup'),
      });
      expect((await call('get', `/groupsByID/${g.id}`)).xml).toBe(
        ok('getGroup', [groupXml({ id: g.id, name: 'After rename', memberCount: 1 })]),
      );
      // A member may read the group but not rename it; to an outsider it does not exist.
      for (const [who, refusal] of [
        [member, `${UNAUTHORIZED}: This needs manage permission on group ${g.id}`],
        [outsider, `${GROUP_NOT_FOUND}: Group ${g.id} not found`],
      ] as const) {
        expect(await update(`<ID>${g.id}</ID><name>Taken over</name>`, userAuth(who))).toEqual({
          status: 500,
          xml: fault(refusal),
        });
      }
      expect((await call('get', `/groupsByID/${g.id}`)).xml).toBe(
        ok('getGroup', [groupXml({ id: g.id, name: 'After rename', memberCount: 1 })]),
      );
    });

    it('faults GroupAlreadyExists on a rename onto another name, GroupNotFound for an unknown ID', async () => {
      const g = await newGroup('Taken A');
      await newGroup('Taken B');
      expect(await update(`<ID>${g.id}</ID><name>taken b</name>`)).toEqual({
        status: 500,
        xml: fault(`${ALREADY_EXISTS}: Group "taken b" already exists`),
      });
      expect(await update(`<ID>${g.id}</ID><name>TAKEN A</name>`)).toEqual({
        status: 200,
        xml: ok('updateGroup'),
      });
      expect(await update('<ID>999999</ID><name>x</name>')).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group 999999 not found`),
      });
    });
  });

  describe('deleteGroup', () => {
    it('only a system administrator deletes; then the group is gone', async () => {
      const g = await newGroup('Doomed');
      expect(await call('delete', `/groups/${g.id}`, undefined, userAuth(admin))).toEqual({
        status: 500,
        xml: fault(`${UNAUTHORIZED}: Only a system administrator may do this`),
      });
      expect(await call('delete', `/groups/${g.id}`, undefined, userAuth(outsider))).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group ${g.id} not found`),
      });
      expect(await call('delete', `/groups/${g.id}/`)).toEqual({
        status: 200,
        xml: ok('deleteGroup'),
      });
      expect(await call('get', `/groupsByID/${g.id}`)).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group ${g.id} not found`),
      });
      expect(await call('delete', `/groups/${g.id}`)).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group ${g.id} not found`),
      });
    });
  });
});
