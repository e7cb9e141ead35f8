import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin, createUser, SeededUser } from '../helpers/seed';
import {
  ADMIN_AUTH,
  basic,
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

describe('Jive groupService reads', () => {
  let t: TestApp;
  let alice: SeededUser;
  let bob: SeededUser;
  let carol: SeededUser;
  let reader: SeededUser;
  let hr: { id: number; name: string };
  let finance: { id: number; name: string };
  let plus: { id: number; name: string };
  let numeric: { id: number; name: string };
  let rnd: { id: number; name: string };

  /** GET as a user holding a read share on every group (a group it may not read is not found). */
  async function get(path: string, auth = userAuth(reader)) {
    const res = await t.http.get(`${SERVICE}${path}`).set('Authorization', auth);
    expect(res.headers['content-type']).toBe(XML_CONTENT_TYPE);
    return { status: res.status, xml: withoutDates(res.text) };
  }

  async function post(path: string, body: string) {
    await t.http
      .post(`${SERVICE}${path}`)
      .set('Authorization', ADMIN_AUTH)
      .set('Content-Type', 'text/xml')
      .send(body)
      .expect(200);
  }

  beforeAll(async () => {
    t = await createTestApp();
    alice = await createUser(t);
    bob = await createUser(t);
    carol = await createUser(t);
    reader = await createUser(t);
    hr = await createGroupAsAdmin(t, { name: 'Human Resources', description: 'People' });
    finance = await createGroupAsAdmin(t, { name: 'Finance' });
    plus = await createGroupAsAdmin(t, { name: 'C+ Team' });
    numeric = await createGroupAsAdmin(t, { name: '42' });
    rnd = await createGroupAsAdmin(t, { name: 'R&D <Lab>', description: 'a "quoted" & <tagged>' });
    for (const group of [hr, finance, plus, numeric, rnd]) {
      await t.http
        .put(`/groups/${group.id}/shares/users`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .send({ user_ids: [reader.id], permission_level: 'read' })
        .expect(200);
    }
    for (const [user, group] of [
      [alice, hr],
      [bob, hr],
      [alice, finance],
    ] as const) {
      await post(
        '/groupMembers',
        `<addMemberToGroup><userID>${user.id}</userID><groupID>${group.id}</groupID></addMemberToGroup>`,
      );
    }
    await post(
      '/groupAdmins',
      `<addAdministratorToGroup><userID>${carol.id}</userID><groupID>${hr.id}</groupID></addAdministratorToGroup>`,
    );
    await post(
      '/groupAdmins',
      `<addAdministratorToGroup><userID>${bob.id}</userID><groupID>${hr.id}</groupID></addAdministratorToGroup>`,
    );
    await post(
      '/properties',
      `<setProperty><name>color</name><value>blue</value><groupID>${hr.id}</groupID></setProperty>`,
    );
    await post(
      '/properties',
      `<setProperty><name>alpha</name><value>a &amp; b</value><groupID>${hr.id}</groupID></setProperty>`,
    );
  });
  afterAll(() => t.close());

  const hrXml = () => groupXml({ ...hr, description: 'People', memberCount: 2 });
  const financeXml = () => groupXml({ ...finance, memberCount: 1 });
  const rndXml = () =>
    groupXml({
      id: rnd.id,
      name: 'R&amp;D &lt;Lab&gt;',
      description: 'a "quoted" &amp; &lt;tagged&gt;',
    });

  it('getGroups: every group as a full Group, by name, dates in Jive format', async () => {
    const res = await t.http.get(`${SERVICE}/groups`).set('Authorization', userAuth(reader));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XML_CONTENT_TYPE);
    expect(res.text).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?><ns2:getGroupsResponse xmlns:ns2="http:\/\/jivesoftware\.com\/clearspace\/webservices"><return><ID>/,
    );
    expect(res.text).toMatch(
      /<creationDate>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00<\/creationDate>/,
    );
    expect(withoutDates(res.text)).toBe(
      ok('getGroups', [groupXml(numeric), groupXml(plus), financeXml(), hrXml(), rndXml()]),
    );
  });

  it('getGroup by ID, with an optional trailing slash', async () => {
    expect(await get(`/groupsByID/${hr.id}`)).toEqual({
      status: 200,
      xml: ok('getGroup', [hrXml()]),
    });
    expect(await get(`/groupsByID/${finance.id}/`)).toEqual({
      status: 200,
      xml: ok('getGroup', [financeXml()]),
    });
  });

  it('getGroupByName decodes "+" as a space, then %XX; a numeric name is still a name', async () => {
    expect(await get('/groups/Human+Resources')).toEqual({
      status: 200,
      xml: ok('getGroupByName', [hrXml()]),
    });
    expect(await get('/groups/human%20resources')).toEqual({
      status: 200,
      xml: ok('getGroupByName', [hrXml()]),
    });
    expect(await get('/groups/C%2B+Team')).toEqual({
      status: 200,
      xml: ok('getGroupByName', [groupXml(plus)]),
    });
    expect(await get(`/groups/${encodeURIComponent('R&D <Lab>')}`)).toEqual({
      status: 200,
      xml: ok('getGroupByName', [rndXml()]),
    });
    expect(await get('/groups/42')).toEqual({
      status: 200,
      xml: ok('getGroupByName', [groupXml(numeric)]),
    });
    expect(await get('/groups/C+++Team')).toEqual({
      status: 500,
      xml: fault('com.jivesoftware.base.GroupNotFoundException: Group C   Team not found'),
    });
  });

  it('getGroupCount, getGroupNames and getGroupNamesBounded (by name; past the end: empty)', async () => {
    expect(await get('/groupCount')).toEqual({ status: 200, xml: ok('getGroupCount', ['5']) });
    expect(await get('/groupNames')).toEqual({
      status: 200,
      xml: ok('getGroupNames', [
        '42',
        'C+ Team',
        'Finance',
        'Human Resources',
        'R&amp;D &lt;Lab&gt;',
      ]),
    });
    expect(await get('/groupNamesBounded/0/2')).toEqual({
      status: 200,
      xml: ok('getGroupNamesBounded', ['42', 'C+ Team']),
    });
    expect(await get('/groupNamesBounded/3/10/')).toEqual({
      status: 200,
      xml: ok('getGroupNamesBounded', ['Human Resources', 'R&amp;D &lt;Lab&gt;']),
    });
    expect(await get('/groupNamesBounded/5/2')).toEqual({
      status: 200,
      xml: ok('getGroupNamesBounded'),
    });
    expect(await get('/groupNamesBounded/0/0')).toEqual({
      status: 200,
      xml: ok('getGroupNamesBounded'),
    });
  });

  it('getGroupMembers: direct members as full Users by ID; an empty group answers the empty wrapper', async () => {
    expect(await get(`/groupMembers/${hr.id}`)).toEqual({
      status: 200,
      xml: ok('getGroupMembers', [userXml(alice), userXml(bob)]),
    });
    expect(await get(`/groupMembers/${plus.id}`)).toEqual({
      status: 200,
      xml: ok('getGroupMembers'),
    });
  });

  it('renders a User without the elements it has no value for (no e-mail, no names), never a password', async () => {
    const bare = await createUser(t, { firstName: '', lastName: '', email: undefined });
    await post(
      '/groupMembers',
      `<addMemberToGroup><userID>${bare.id}</userID><groupID>${numeric.id}</groupID></addMemberToGroup>`,
    );
    const res = await get(`/groupMembers/${numeric.id}`);
    expect(res).toEqual({
      status: 200,
      xml: ok('getGroupMembers', [
        `<creationDate>{DATE}</creationDate>` +
          `<emailVisible>true</emailVisible><enabled>true</enabled><ID>${bare.id}</ID>` +
          `<modificationDate>{DATE}</modificationDate><nameVisible>true</nameVisible>` +
          `<username>${bare.username}</username>`,
      ]),
    });
    await t.http
      .delete(`${SERVICE}/groupMembers/${numeric.id}/${bare.id}`)
      .set('Authorization', ADMIN_AUTH)
      .expect(200);
  });

  it('getGroupAdmins and getAdministratorCount', async () => {
    expect(await get(`/groupAdmins/${hr.id}`)).toEqual({
      status: 200,
      xml: ok('getGroupAdmins', [userXml(bob), userXml(carol)]),
    });
    expect(await get(`/administratorCount/${hr.id}`)).toEqual({
      status: 200,
      xml: ok('getAdministratorCount', ['2']),
    });
    expect(await get(`/groupAdmins/${finance.id}`)).toEqual({
      status: 200,
      xml: ok('getGroupAdmins'),
    });
    expect(await get(`/administratorCount/${finance.id}`)).toEqual({
      status: 200,
      xml: ok('getAdministratorCount', ['0']),
    });
  });

  it('getProperties: name, value pairs by name', async () => {
    expect(await get(`/properties/${hr.id}`)).toEqual({
      status: 200,
      xml: ok('getProperties', [
        '<name>alpha</name><value>a &amp; b</value>',
        '<name>color</name><value>blue</value>',
      ]),
    });
    expect(await get(`/properties/${finance.id}`)).toEqual({
      status: 200,
      xml: ok('getProperties'),
    });
  });

  it('getUserGroups and getUserGroupNames: groups where the user is a direct member', async () => {
    expect(await get(`/userGroups/${alice.id}`)).toEqual({
      status: 200,
      xml: ok('getUserGroups', [financeXml(), hrXml()]),
    });
    expect(await get(`/userGroupNames/${alice.id}`)).toEqual({
      status: 200,
      xml: ok('getUserGroupNames', ['Finance', 'Human Resources']),
    });
    // carol administers HR but is no member of it.
    expect(await get(`/userGroups/${carol.id}`)).toEqual({
      status: 200,
      xml: ok('getUserGroups'),
    });
    expect(await get(`/userGroupNames/${carol.id}`)).toEqual({
      status: 200,
      xml: ok('getUserGroupNames'),
    });
  });

  it('isReadOnly is false by default', async () => {
    expect(await get('/isReadOnly')).toEqual({ status: 200, xml: ok('isReadOnly', ['false']) });
  });

  it('documents all 22 operations in OpenAPI with XML examples', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    type Op = {
      operationId: string;
      tags: string[];
      parameters: Array<{ name: string; in: string }>;
      requestBody?: { content: Record<string, { schema: { example: string } }> };
      responses: Record<
        string,
        {
          content?: Record<
            string,
            { example?: string; examples?: Record<string, { value: string }> }
          >;
          headers?: Record<string, { schema: { example: string } }>;
        }
      >;
    };
    const ops = Object.entries(res.body.paths as Record<string, Record<string, Op>>)
      .filter(([path]) => path.startsWith(SERVICE))
      .flatMap(([path, verbs]) =>
        Object.entries(verbs).map(([verb, op]) => ({
          line: `${verb.toUpperCase()} ${path.slice(SERVICE.length)} ${op.operationId} ${op.parameters.map((p) => `${p.in}:${p.name}`).join(',')}`,
          op,
        })),
      );
    expect(ops.map((o) => o.line).sort()).toEqual([
      'DELETE /groupAdmins/{groupID}/{userID} jive_removeAdministratorFromGroup path:groupID,path:userID',
      'DELETE /groupMembers/{groupID}/{userID} jive_removeMemberFromGroup path:groupID,path:userID',
      'DELETE /groups/{groupID} jive_deleteGroup path:groupID',
      'DELETE /properties/{groupID}/{name} jive_deleteProperty path:groupID,path:name',
      'GET /administratorCount/{groupID} jive_getAdministratorCount path:groupID',
      'GET /groupAdmins/{groupID} jive_getGroupAdmins path:groupID',
      'GET /groupCount jive_getGroupCount ',
      'GET /groupMembers/{groupID} jive_getGroupMembers path:groupID',
      'GET /groupNames jive_getGroupNames ',
      'GET /groupNamesBounded/{startIndex}/{numResults} jive_getGroupNamesBounded path:startIndex,path:numResults',
      'GET /groups jive_getGroups ',
      'GET /groups/{name} jive_getGroupByName path:name',
      'GET /groupsByID/{groupID} jive_getGroup path:groupID',
      'GET /isReadOnly jive_isReadOnly ',
      'GET /properties/{groupID} jive_getProperties path:groupID',
      'GET /userGroupNames/{userID} jive_getUserGroupNames path:userID',
      'GET /userGroups/{userID} jive_getUserGroups path:userID',
      'POST /groupAdmins jive_addAdministratorToGroup ',
      'POST /groupMembers jive_addMemberToGroup ',
      'POST /groups jive_createGroup ',
      'POST /properties jive_setProperty ',
      'PUT /groups jive_updateGroup ',
    ]);
    const create = ops.find((o) => o.op.operationId === 'jive_createGroup')!.op;
    expect(create.tags).toEqual(['jive']);
    expect(create.requestBody!.content['text/xml'].schema.example).toBe(
      '<createGroup><name>HR</name><description>Human resources</description><isFederated>false</isFederated></createGroup>',
    );
    expect(create.responses['200'].content!['text/xml'].example).toBe(
      ok('createGroup', [
        '<ID>1001</ID><objectType>4</objectType><creationDate>2010-03-01T10:00:00.000+00:00</creationDate>' +
          '<description>Human resources</description><memberCount>2</memberCount>' +
          '<modificationDate>2010-03-01T10:00:00.000+00:00</modificationDate><name>HR</name>',
      ]),
    );
    expect(
      create.responses['500'].content!['text/xml'].examples!.GroupAlreadyExistsException,
    ).toEqual({
      value: fault('com.jivesoftware.base.GroupAlreadyExistsException: Group "HR" already exists'),
    });
    for (const { line, op } of ops) {
      const operation = op.operationId.replace(/^jive_/, '');
      expect({ line, tags: op.tags }).toEqual({ line, tags: ['jive'] });
      const wrapper = `<?xml version="1.0" encoding="UTF-8"?><ns2:${operation}Response xmlns:ns2="${JIVE_NS}"`;
      const example = op.responses['200'].content!['text/xml'].example!;
      expect(example.slice(0, wrapper.length)).toBe(wrapper);
      expect(op.responses['401'].headers!['WWW-Authenticate'].schema.example).toBe(
        'Basic realm="Groupbridge"',
      );
      if (line.startsWith('POST') || line.startsWith('PUT')) {
        expect(op.requestBody!.content['text/xml'].schema.example).toMatch(
          new RegExp(`^<${operation}>.*</${operation}>$`),
        );
      }
    }
  });

  it('answers 401 with a Basic challenge (not a fault) without or with wrong credentials', async () => {
    for (const auth of [undefined, basic(carol.username, 'wrong'), basic('nobody', 'x')]) {
      const req = t.http.get(`${SERVICE}/groups`);
      const res = await (auth ? req.set('Authorization', auth) : req);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="Groupbridge"');
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.text).toBe('Unauthorized');
    }
    const write = await t.http
      .post(`${SERVICE}/groupMembers`)
      .set('Authorization', basic(carol.username, 'wrong'))
      .set('Content-Type', 'text/plain')
      .send(
        `<addMemberToGroup><userID>${carol.id}</userID><groupID>${finance.id}</groupID></addMemberToGroup>`,
      );
    expect({ status: write.status, challenge: write.headers['www-authenticate'] }).toEqual({
      status: 401,
      challenge: 'Basic realm="Groupbridge"',
    });
    expect(await get(`/groupMembers/${finance.id}`)).toEqual({
      status: 200,
      xml: ok('getGroupMembers', [userXml(alice)]),
    });
  });
});
