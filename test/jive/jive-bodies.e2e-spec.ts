import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin, createUser, SeededUser } from '../helpers/seed';
import {
  ADMIN_AUTH,
  fault,
  groupXml,
  JIVE_NS,
  ok,
  rawRequest,
  SERVICE,
  userAuth,
  userXml,
  withoutDates,
  XML_CONTENT_TYPE,
} from './jive-helpers';

/** How clients send the argument document: the Content-Type is never significant (spec A3). */
const CONTENT_TYPES: Array<[string, string | null]> = [
  ['text/xml', 'text/xml'],
  ['text/plain', 'text/plain'],
  ['no Content-Type', null],
];

/** The root element with no namespace (Openfire, Ruby) or the Jive one (the Java client). */
const ROOTS: Array<[string, (op: string, args: string) => string]> = [
  ['no namespace', (op, args) => `<${op}>${args}</${op}>`],
  ['a prefixed namespace', (op, args) => `<ns:${op} xmlns:ns="${JIVE_NS}">${args}</ns:${op}>`],
  [
    'a default namespace and a declaration',
    (op, args) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<${op} xmlns="${JIVE_NS}">\n  ${args}\n</${op}>`,
  ],
];

const MATRIX = CONTENT_TYPES.flatMap(([typeLabel, type]) =>
  ROOTS.map(([rootLabel, root]) => [`${typeLabel}, ${rootLabel}`, type, root] as const),
);

describe('Jive groupService request bodies', () => {
  let t: TestApp;
  let user: SeededUser;
  let plain: SeededUser; // no system administrator, no group administrator
  let cases = 0;

  async function send(
    method: string,
    path: string,
    body: string,
    type: string | null,
    auth = ADMIN_AUTH,
  ) {
    const headers: Record<string, string> = { Authorization: auth };
    if (type) headers['Content-Type'] = type;
    const res = await rawRequest(t, method, `${SERVICE}${path}`, body, headers);
    expect(res.headers['content-type']).toBe(XML_CONTENT_TYPE);
    return { status: res.status, xml: withoutDates(res.text) };
  }

  const read = async (path: string) => (await send('GET', path, '', null)).xml;

  /** A fresh group per case, so each case's effect is seen alone. */
  async function freshGroup() {
    cases += 1;
    return createGroupAsAdmin(t, { name: `Bodies ${cases}` });
  }

  beforeAll(async () => {
    t = await createTestApp();
    user = await createUser(t);
    plain = await createUser(t);
  });
  afterAll(() => t.close());

  describe.each(MATRIX)('sent as %s', (_label, type, root) => {
    it('addMemberToGroup', async () => {
      const g = await freshGroup();
      const args = `<userID>${user.id}</userID><groupID>${g.id}</groupID>`;
      expect(await send('POST', '/groupMembers', root('addMemberToGroup', args), type)).toEqual({
        status: 200,
        xml: ok('addMemberToGroup'),
      });
      expect(await read(`/groupMembers/${g.id}`)).toBe(ok('getGroupMembers', [userXml(user)]));
    });

    it('addAdministratorToGroup', async () => {
      const g = await freshGroup();
      const args = `<userID>${user.id}</userID><groupID>${g.id}</groupID>`;
      expect(
        await send('POST', '/groupAdmins', root('addAdministratorToGroup', args), type),
      ).toEqual({ status: 200, xml: ok('addAdministratorToGroup') });
      expect(await read(`/groupAdmins/${g.id}`)).toBe(ok('getGroupAdmins', [userXml(user)]));
    });

    it('createGroup', async () => {
      cases += 1;
      const name = `Created ${cases}`;
      const args = `<name>${name}</name><description>made &amp; sent</description><isFederated>false</isFederated>`;
      const res = await send('POST', '/groups', root('createGroup', args), type);
      const id = Number(/<ID>(\d+)<\/ID>/.exec(res.xml)?.[1]);
      const created = groupXml({ id, name, description: 'made &amp; sent' });
      expect(res).toEqual({ status: 200, xml: ok('createGroup', [created]) });
      expect(await read(`/groupsByID/${id}`)).toBe(ok('getGroup', [created]));
    });

    it('setProperty', async () => {
      const g = await freshGroup();
      const args = `<name>colour</name><value>&lt;blue&gt;</value><groupID>${g.id}</groupID>`;
      expect(await send('POST', '/properties', root('setProperty', args), type)).toEqual({
        status: 200,
        xml: ok('setProperty'),
      });
      expect(await read(`/properties/${g.id}`)).toBe(
        ok('getProperties', ['<name>colour</name><value>&lt;blue&gt;</value>']),
      );
    });

    it('updateGroup', async () => {
      const g = await freshGroup();
      const args = `<group><ID>${g.id}</ID><description>Updated</description></group>`;
      expect(await send('PUT', '/groups', root('updateGroup', args), type)).toEqual({
        status: 200,
        xml: ok('updateGroup'),
      });
      expect(await read(`/groupsByID/${g.id}`)).toBe(
        ok('getGroup', [groupXml({ ...g, description: 'Updated' })]),
      );
    });

    it('faults with the exact class and message', async () => {
      const g = await freshGroup();
      const member = (userId: number | string, groupId: number | string) =>
        root('addMemberToGroup', `<userID>${userId}</userID><groupID>${groupId}</groupID>`);
      const faults: Array<[string, string, string, string, string?]> = [
        [
          'POST',
          '/groupMembers',
          member(user.id, 999999),
          'com.jivesoftware.base.GroupNotFoundException: Group 999999 not found',
        ],
        [
          'POST',
          '/groupMembers',
          member(999999, g.id),
          'com.jivesoftware.base.UserNotFoundException: User 999999 not found',
        ],
        [
          'POST',
          '/groups',
          root('createGroup', `<name>${g.name.toUpperCase()}</name>`),
          `com.jivesoftware.base.GroupAlreadyExistsException: Group "${g.name.toUpperCase()}" already exists`,
        ],
        [
          'POST',
          '/groups',
          root('createGroup', '<name>Not mine</name>'),
          'com.jivesoftware.base.UnauthorizedException: Only a system administrator may create groups',
          userAuth(plain),
        ],
        [
          'POST',
          '/groupMembers',
          member(user.id, g.id),
          // A group the caller may not read does not exist for them.
          `com.jivesoftware.base.GroupNotFoundException: Group ${g.id} not found`,
          userAuth(plain),
        ],
        [
          'POST',
          '/groupMembers',
          member('abc', g.id),
          'java.lang.NumberFormatException: For input string: "abc"',
        ],
        [
          'POST',
          '/groupMembers',
          root('addAdministratorToGroup', `<userID>${user.id}</userID><groupID>${g.id}</groupID>`),
          'javax.xml.bind.UnmarshalException: unexpected element (local:"addAdministratorToGroup"). Expected element is &lt;addMemberToGroup&gt;',
        ],
        [
          'PUT',
          '/groups',
          root('updateGroup', `<ID>${g.id}</ID>`),
          'javax.xml.bind.UnmarshalException: Missing element &lt;group&gt;',
        ],
      ];
      for (const [method, path, body, faultString, auth] of faults) {
        expect({ path, body, ...(await send(method, path, body, type, auth)) }).toEqual({
          path,
          body,
          status: 500,
          xml: fault(faultString),
        });
      }
      // Nothing of the refused calls was applied.
      expect(await read(`/groupMembers/${g.id}`)).toBe(ok('getGroupMembers'));
      expect(await read(`/groups/Not+mine`)).toBe(
        fault('com.jivesoftware.base.GroupNotFoundException: Group Not mine not found'),
      );
    });
  });

  it.each([
    'application/x-www-form-urlencoded',
    'application/json',
    'application/octet-stream',
    'text/xml; charset=UTF-8',
  ])('reads the body as XML under Content-Type %s too', async (type) => {
    const g = await freshGroup();
    const body = `<addMemberToGroup><userID>${user.id}</userID><groupID>${g.id}</groupID></addMemberToGroup>`;
    expect(await send('POST', '/groupMembers', body, type)).toEqual({
      status: 200,
      xml: ok('addMemberToGroup'),
    });
    expect(await read(`/groupMembers/${g.id}`)).toBe(ok('getGroupMembers', [userXml(user)]));
  });
});
