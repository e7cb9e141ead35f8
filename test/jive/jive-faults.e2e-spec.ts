import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin, createUser, SeededUser } from '../helpers/seed';
import {
  ADMIN_AUTH,
  fault,
  groupXml,
  ok,
  rawRequest,
  SERVICE,
  userAuth,
  withoutDates,
  XML_CONTENT_TYPE,
} from './jive-helpers';

const UNMARSHAL = 'javax.xml.bind.UnmarshalException';
const NUMBER_FORMAT = 'java.lang.NumberFormatException';
const ILLEGAL_ARGUMENT = 'java.lang.IllegalArgumentException';
const GROUP_NOT_FOUND = 'com.jivesoftware.base.GroupNotFoundException';
const USER_NOT_FOUND = 'com.jivesoftware.base.UserNotFoundException';
const READ_ONLY = 'java.lang.UnsupportedOperationException: This server is read-only';

describe('Jive groupService faults', () => {
  let t: TestApp;
  let user: SeededUser;
  let group: { id: number; name: string };

  async function send(method: string, path: string, body = '', contentType?: string) {
    const headers: Record<string, string> = { Authorization: ADMIN_AUTH };
    if (contentType) headers['Content-Type'] = contentType;
    const res = await rawRequest(t, method, `${SERVICE}${path}`, body, headers);
    expect(res.headers['content-type']).toBe(XML_CONTENT_TYPE);
    return { status: res.status, xml: withoutDates(res.text) };
  }

  beforeAll(async () => {
    t = await createTestApp();
    user = await createUser(t);
    group = await createGroupAsAdmin(t, { name: 'Faulty' });
  });
  afterAll(() => t.close());

  describe('bodies', () => {
    it.each([
      ['text/xml', 'text/xml'],
      ['text/plain', 'text/plain'],
      ['no Content-Type', undefined],
    ])('malformed XML, an empty body and a DOCTYPE fault as %s', async (_label, type) => {
      expect(await send('POST', '/groups', '<createGroup><name>x</createGroup>', type)).toEqual({
        status: 500,
        xml: fault(
          `${UNMARSHAL}: Malformed XML: Expected closing tag 'name' (opened in line 1, col 14) instead of closing tag 'createGroup'. (line 1)`,
        ),
      });
      expect(await send('POST', '/groupMembers', '', type)).toEqual({
        status: 500,
        xml: fault(`${UNMARSHAL}: Malformed XML: Start tag expected. (line 1)`),
      });
      const bomb =
        '<!DOCTYPE createGroup [<!ENTITY a "EXPANDED">]><createGroup><name>&a;</name></createGroup>';
      expect(await send('POST', '/groups', bomb, type)).toEqual({
        status: 500,
        xml: fault(`${UNMARSHAL}: DOCTYPE declarations are not allowed`),
      });
      // Xerces refuses characters XML cannot carry; PostgreSQL could not store U+0000 either.
      expect(
        await send('POST', '/groups', '<createGroup><name>a\u0000b</name></createGroup>', type),
      ).toEqual({
        status: 500,
        xml: fault(
          `${UNMARSHAL}: An invalid XML character (Unicode: 0x0) was found in the document.`,
        ),
      });
      expect(
        await send('POST', '/groups', '<createGroup><name>a\u0001b</name></createGroup>', type),
      ).toEqual({
        status: 500,
        xml: fault(
          `${UNMARSHAL}: An invalid XML character (Unicode: 0x1) was found in the document.`,
        ),
      });
      // An element name the parser will not build an object property from is bad input too.
      expect(
        await send(
          'POST',
          '/groups',
          '<createGroup><name>x</name><constructor>1</constructor></createGroup>',
          type,
        ),
      ).toEqual({
        status: 500,
        xml: fault(
          `${UNMARSHAL}: [SECURITY] Invalid name: "constructor" is a reserved JavaScript keyword that could cause prototype pollution`,
        ),
      });
      expect((await send('GET', '/groupNames')).xml).toBe(ok('getGroupNames', ['Faulty']));
    });

    it('faults when the root element is not the operation, with or without a namespace', async () => {
      expect(
        await send(
          'POST',
          '/groupMembers',
          '<addAdministratorToGroup><userID>1</userID><groupID>1</groupID></addAdministratorToGroup>',
          'text/xml',
        ),
      ).toEqual({
        status: 500,
        xml: fault(
          `${UNMARSHAL}: unexpected element (local:&quot;addAdministratorToGroup&quot;). Expected element is &lt;addMemberToGroup&gt;`.replace(
            /&quot;/g,
            '"',
          ),
        ),
      });
      expect(
        await send(
          'POST',
          '/properties',
          '<ns:setproperty xmlns:ns="urn:x"><name>a</name></ns:setproperty>',
        ),
      ).toEqual({
        status: 500,
        xml: fault(
          `${UNMARSHAL}: unexpected element (local:"setproperty"). Expected element is &lt;setProperty&gt;`,
        ),
      });
      for (const twoRoots of ['<createGroup/><createGroup/>', '<createGroup/><other/>']) {
        expect(await send('POST', '/groups', twoRoots, 'text/plain')).toEqual({
          status: 500,
          xml: fault(
            `${UNMARSHAL}: The markup in the document following the root element must be well-formed.`,
          ),
        });
      }
    });

    it('faults on a missing, repeated or non-numeric id argument', async () => {
      expect(
        await send(
          'POST',
          '/groupMembers',
          `<addMemberToGroup><userID>${user.id}</userID></addMemberToGroup>`,
        ),
      ).toEqual({ status: 500, xml: fault(`${UNMARSHAL}: Missing element &lt;groupID&gt;`) });
      expect(
        await send(
          'POST',
          '/groupMembers',
          `<addMemberToGroup><userID>${user.id}</userID><groupID>1</groupID><groupID>2</groupID></addMemberToGroup>`,
        ),
      ).toEqual({
        status: 500,
        xml: fault(`${UNMARSHAL}: &lt;groupID&gt; must appear once and contain text only`),
      });
      expect(
        await send(
          'POST',
          '/groupAdmins',
          `<addAdministratorToGroup><userID>abc</userID><groupID>${group.id}</groupID></addAdministratorToGroup>`,
        ),
      ).toEqual({ status: 500, xml: fault(`${NUMBER_FORMAT}: For input string: "abc"`) });
      expect(await send('PUT', '/groups', '<updateGroup><name>x</name></updateGroup>')).toEqual({
        status: 500,
        xml: fault(`${UNMARSHAL}: Missing element &lt;group&gt;`),
      });
      expect(
        await send('PUT', '/groups', '<updateGroup><group><ID>1.5</ID></group></updateGroup>'),
      ).toEqual({
        status: 500,
        xml: fault(`${NUMBER_FORMAT}: For input string: "1.5"`),
      });
      expect(
        await send(
          'POST',
          '/properties',
          `<setProperty><value>v</value><groupID>${group.id}</groupID></setProperty>`,
        ),
      ).toEqual({
        status: 500,
        xml: fault(`${UNMARSHAL}: Missing element &lt;name&gt;`),
      });
    });
  });

  describe('path arguments', () => {
    it('a non-numeric id is a NumberFormatException; an id no row can have is not found', async () => {
      expect(await send('GET', '/groupsByID/abc')).toEqual({
        status: 500,
        xml: fault(`${NUMBER_FORMAT}: For input string: "abc"`),
      });
      expect(await send('DELETE', `/groupMembers/${group.id}/x1`)).toEqual({
        status: 500,
        xml: fault(`${NUMBER_FORMAT}: For input string: "x1"`),
      });
      expect(await send('GET', '/userGroups/99999999999999999999')).toEqual({
        status: 500,
        xml: fault(`${NUMBER_FORMAT}: For input string: "99999999999999999999"`),
      });
      expect(await send('GET', '/groupsByID/9999999999')).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group 9999999999 not found`),
      });
      expect(await send('GET', '/groupMembers/0')).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group 0 not found`),
      });
      expect(await send('GET', '/userGroupNames/-5')).toEqual({
        status: 500,
        xml: fault(`${USER_NOT_FOUND}: User -5 not found`),
      });
      expect(await send('GET', '/groupNamesBounded/a/1')).toEqual({
        status: 500,
        xml: fault(`${NUMBER_FORMAT}: For input string: "a"`),
      });
      expect(await send('GET', '/groupNamesBounded/0/2147483648')).toEqual({
        status: 500,
        xml: fault(`${NUMBER_FORMAT}: For input string: "2147483648"`),
      });
      expect(await send('GET', '/groupNamesBounded/-1/1')).toEqual({
        status: 500,
        xml: fault(`${ILLEGAL_ARGUMENT}: startIndex must not be negative`),
      });
    });

    it('a name argument with a character XML cannot carry is an IllegalArgumentException', async () => {
      for (const [method, path, codePoint] of [
        ['GET', '/groups/a%00b', '0000'],
        ['GET', '/groups/a%EF%BF%BEb', 'FFFE'],
        ['DELETE', `/properties/${group.id}/a%00b`, '0000'],
      ]) {
        expect({ path, ...(await send(method, path)) }).toEqual({
          path,
          status: 500,
          xml: fault(
            `${ILLEGAL_ARGUMENT}: name must not contain U+${codePoint}, which XML cannot carry`,
          ),
        });
      }
    });

    it('unknown ids fault GroupNotFound / UserNotFound on every read', async () => {
      for (const path of [
        'groupsByID',
        'groupMembers',
        'groupAdmins',
        'administratorCount',
        'properties',
      ]) {
        expect(await send('GET', `/${path}/424242`)).toEqual({
          status: 500,
          xml: fault(`${GROUP_NOT_FOUND}: Group 424242 not found`),
        });
      }
      expect(await send('GET', '/groups/No+such+group')).toEqual({
        status: 500,
        xml: fault(`${GROUP_NOT_FOUND}: Group No such group not found`),
      });
      for (const path of ['userGroups', 'userGroupNames']) {
        expect(await send('GET', `/${path}/424242`)).toEqual({
          status: 500,
          xml: fault(`${USER_NOT_FOUND}: User 424242 not found`),
        });
      }
    });
  });

  describe('routing', () => {
    it.each([
      ['GET', `${SERVICE}/groups/a/b`, 'Verb: GET Path: /groups/a/b'],
      ['GET', `${SERVICE}/groups/a/b/`, 'Verb: GET Path: /groups/a/b'],
      ['PUT', `${SERVICE}/groupMembers`, 'Verb: PUT Path: /groupMembers'],
      ['POST', `${SERVICE}/groupsByID/1`, 'Verb: POST Path: /groupsByID/1'],
      ['DELETE', `${SERVICE}/properties/1`, 'Verb: DELETE Path: /properties/1'],
      ['GET', `${SERVICE}/noSuchOperation`, 'Verb: GET Path: /noSuchOperation'],
      ['GET', SERVICE, 'Verb: GET Path: /rpc/rest/groupService'],
      ['GET', '/rpc/rest/userService/users', 'Verb: GET Path: /rpc/rest/userService/users'],
      ['GET', '/rpc/rest', 'Verb: GET Path: /rpc/rest'],
    ])('%s %s is an "Invalid URL/Verb combination" fault', async (method, path, message) => {
      const res = await rawRequest(t, method, path, method === 'GET' ? '' : '<x/>', {
        Authorization: ADMIN_AUTH,
        'Content-Type': 'text/xml',
      });
      expect(res.headers['content-type']).toBe(XML_CONTENT_TYPE);
      expect({ status: res.status, xml: res.text }).toEqual({
        status: 500,
        xml: fault(`Invalid URL/Verb combination. ${message}`),
      });
    });
  });

  it('an unknown path is a fault even without credentials (routing precedes authentication)', async () => {
    const res = await rawRequest(t, 'GET', `${SERVICE}/nothing`, '', {});
    expect({ status: res.status, type: res.headers['content-type'], text: res.text }).toEqual({
      status: 500,
      type: XML_CONTENT_TYPE,
      text: fault('Invalid URL/Verb combination. Verb: GET Path: /nothing'),
    });
  });

  describe('HTTP-level refusals', () => {
    it('a body over the size limit is refused with 413 and a fault body', async () => {
      const huge = `<createGroup><name>${'x'.repeat(t.config.bodyLimitBytes)}</name></createGroup>`;
      expect(await send('POST', '/groups', huge, 'text/plain')).toEqual({
        status: 413,
        xml: fault('org.apache.cxf.interceptor.Fault: request entity too large'),
      });
    });

    it('a path segment that is not valid percent-encoding is a fault', async () => {
      expect(await send('GET', '/groups/%E0%A4%A')).toEqual({
        status: 500,
        xml: fault("org.apache.cxf.interceptor.Fault: Failed to decode param '%E0%A4%A'"),
      });
    });
  });

  describe('READ_ONLY', () => {
    it('isReadOnly answers true, reads work and every write faults UnsupportedOperationException', async () => {
      t = await t.restart({ readOnly: true });
      expect(await send('GET', '/isReadOnly')).toEqual({
        status: 200,
        xml: ok('isReadOnly', ['true']),
      });
      expect(await send('GET', `/groupsByID/${group.id}`)).toEqual({
        status: 200,
        xml: ok('getGroup', [groupXml(group)]),
      });
      const writes: Array<[string, string, string?]> = [
        ['POST', '/groups', '<createGroup><name>New</name></createGroup>'],
        [
          'PUT',
          '/groups',
          `<updateGroup><group><ID>${group.id}</ID><name>Other</name></group></updateGroup>`,
        ],
        ['DELETE', `/groups/${group.id}`],
        [
          'POST',
          '/groupMembers',
          `<addMemberToGroup><userID>${user.id}</userID><groupID>${group.id}</groupID></addMemberToGroup>`,
        ],
        ['DELETE', `/groupMembers/${group.id}/${user.id}`],
        [
          'POST',
          '/groupAdmins',
          `<addAdministratorToGroup><userID>${user.id}</userID><groupID>${group.id}</groupID></addAdministratorToGroup>`,
        ],
        ['DELETE', `/groupAdmins/${group.id}/${user.id}`],
        [
          'POST',
          '/properties',
          `<setProperty><name>a</name><value>b</value><groupID>${group.id}</groupID></setProperty>`,
        ],
        ['DELETE', `/properties/${group.id}/a`],
      ];
      for (const [method, path, body] of writes) {
        expect({ method, path, ...(await send(method, path, body, body && 'text/plain')) }).toEqual(
          {
            method,
            path,
            status: 500,
            xml: fault(READ_ONLY),
          },
        );
      }
      // Other writes refuse before looking at the caller, whoever it is.
      const member = await rawRequest(
        t,
        'POST',
        `${SERVICE}/groupMembers`,
        `<addMemberToGroup><userID>${user.id}</userID><groupID>${group.id}</groupID></addMemberToGroup>`,
        { Authorization: userAuth(user) },
      );
      expect({ status: member.status, text: member.text }).toEqual({
        status: 500,
        text: fault(READ_ONLY),
      });
      // A plain user still gets Unauthorized for createGroup: the permission check comes first.
      const res = await rawRequest(
        t,
        'POST',
        `${SERVICE}/groups`,
        '<createGroup><name>N</name></createGroup>',
        {
          Authorization: userAuth(user),
        },
      );
      expect({ status: res.status, text: res.text }).toEqual({
        status: 500,
        text: fault(
          'com.jivesoftware.base.UnauthorizedException: Only a system administrator may create groups',
        ),
      });
    });
  });
});
