import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin, createUser, SeededUser } from '../helpers/seed';
import {
  ADMIN_AUTH,
  fault,
  groupXml,
  ok,
  SERVICE,
  userXml,
  withoutDates,
  XML_CONTENT_TYPE,
} from './jive-helpers';

/** XML text reaches the domain as written (XML 1.0 §2.10), decoded in the body's own encoding. */
describe('Jive groupService: XML text and encodings', () => {
  let t: TestApp;
  let user: SeededUser;

  async function send(
    method: 'get' | 'post' | 'put',
    path: string,
    body?: string | Buffer,
    type = 'text/xml',
  ) {
    let req = t.http[method](`${SERVICE}${path}`).set('Authorization', ADMIN_AUTH);
    if (body !== undefined) req = req.set('Content-Type', type).send(body);
    const res = await req;
    expect(res.headers['content-type']).toBe(XML_CONTENT_TYPE);
    return { status: res.status, xml: withoutDates(res.text) };
  }

  const byName = (name: string) =>
    send('get', `/groups/${encodeURIComponent(name).replace(/%20/g, '+')}`);

  beforeAll(async () => {
    t = await createTestApp();
    user = await createUser(t);
  });
  afterAll(() => t.close());

  it('keeps CDATA and the spaces around it; indentation between elements is no text', async () => {
    const body =
      '<createGroup>\n  <name>A <![CDATA[<b>]]> B</name>\n  <description> two  spaces </description>\n' +
      '  <isFederated> false </isFederated>\n</createGroup>';
    const created = await send('post', '/groups', body);
    expect(created.status).toBe(200);
    const id = Number(/<ID>(\d+)<\/ID>/.exec(created.xml)![1]);
    expect(await byName('A <b> B')).toEqual({
      status: 200,
      xml: ok('getGroupByName', [
        groupXml({ id, name: 'A &lt;b&gt; B', description: ' two  spaces ' }),
      ]),
    });
  });

  it('reads xs:long arguments with surrounding whitespace, as JAXB collapses them', async () => {
    const g = await createGroupAsAdmin(t, { name: 'Spaced ids' });
    const body = `<addMemberToGroup><userID>\n ${user.id} </userID><groupID> ${g.id}\n</groupID></addMemberToGroup>`;
    expect(await send('post', '/groupMembers', body)).toEqual({
      status: 200,
      xml: ok('addMemberToGroup'),
    });
    expect((await send('get', `/groupMembers/${g.id}`)).xml).toBe(
      ok('getGroupMembers', [userXml(user)]),
    );
  });

  it.each([
    ['createGroup', 'post', '<createGroup><name> Leading</name></createGroup>'],
    ['createGroup', 'post', '<createGroup><name><![CDATA[Trailing ]]></name></createGroup>'],
  ] as const)(
    'refuses a name with leading or trailing whitespace (%s), never trims it',
    async (_op, method, body) => {
      expect(await send(method, '/groups', body)).toEqual({
        status: 500,
        xml: fault(
          'java.lang.IllegalArgumentException: The group name must not begin or end with whitespace',
        ),
      });
      expect((await send('get', '/groupNames')).xml).not.toMatch(/Leading|Trailing/);
    },
  );

  it('refuses a rename to a padded name and keeps the old one', async () => {
    const g = await createGroupAsAdmin(t, { name: 'Unpadded' });
    expect(
      await send(
        'put',
        '/groups',
        `<updateGroup><group><ID>${g.id}</ID><name>Unpadded </name></group></updateGroup>`,
      ),
    ).toEqual({
      status: 500,
      xml: fault(
        'java.lang.IllegalArgumentException: The group name must not begin or end with whitespace',
      ),
    });
    expect((await byName('Unpadded')).status).toBe(200);
  });

  it('decodes by the XML declaration when the Content-Type has no charset', async () => {
    const body = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><createGroup><name>Café</name></createGroup>',
      'latin1',
    );
    expect((await send('post', '/groups', body)).status).toBe(200);
    expect((await byName('Café')).xml).toMatch(/<name>Café<\/name>/);
  });

  it("lets the Content-Type's charset override the declaration", async () => {
    const body = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><createGroup><name>Crème</name></createGroup>',
      'utf8',
    );
    expect((await send('post', '/groups', body, 'text/xml;charset=UTF-8')).status).toBe(200);
    expect((await byName('Crème')).xml).toMatch(/<name>Crème<\/name>/);
  });

  it('faults an encoding it cannot decode, and creates nothing', async () => {
    const body =
      '<?xml version="1.0" encoding="x-klingon"?><createGroup><name>Klingon</name></createGroup>';
    expect(await send('post', '/groups', body)).toEqual({
      status: 500,
      xml: fault('org.apache.cxf.interceptor.Fault: Unsupported encoding "x-klingon"'),
    });
    expect((await byName('Klingon')).xml).toBe(
      fault('com.jivesoftware.base.GroupNotFoundException: Group Klingon not found'),
    );
  });
});
