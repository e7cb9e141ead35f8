import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import { bodyOf, errorBody, Format, JSON_TYPE, pub, withBody, XML_TYPE } from './publisher-helpers';

type Send = (format: Format, requestId: string) => ReturnType<typeof pub>;

interface ErrorCase {
  what: string;
  send: Send;
  status: number;
  ref: number;
  summary: string;
}

describe('Publisher errors', () => {
  let t: TestApp;
  let member: SeededUser;
  let outsider: SeededUser;
  let inactive: SeededUser;
  let groupId: number;
  let counter = 0;
  const FORMATS: Format[] = ['json', 'xml'];

  beforeAll(async () => {
    t = await createTestApp();
    member = await createUser(t);
    outsider = await createUser(t);
    inactive = await createUser(t, { active: false, email: 'gone@example.com' });
    // Groupbridge does not make e-mail addresses unique; HighQ's "add users by e-mail" assumes it.
    await createUser(t, { email: 'shared@example.com' });
    await createUser(t, { email: 'Shared@Example.com' });
    const res = await pub(t, 'post', '/api/2/groups')
      .send({ group: { name: 'Existing', users: [member.id] } })
      .expect(200);
    groupId = res.body.group.id;
  });

  afterAll(() => t.close());

  /** Asserts status, content type and the exact error object in the negotiated format. */
  async function expectError(c: ErrorCase, format: Format) {
    counter += 1;
    const requestId = `err-${counter}`;
    const res = await c.send(format, requestId);
    expect(res.status).toBe(c.status);
    expect(res.headers['content-type']).toBe(format === 'xml' ? XML_TYPE : JSON_TYPE);
    expect(res.headers['x-request-id']).toBe(requestId);
    expect(bodyOf(res, format)).toEqual(errorBody(format, c.summary, c.ref, requestId));
    return res;
  }

  const get =
    (path: string, token?: string | null): Send =>
    (format, requestId) =>
      pub(t, 'get', path, { accept: format, requestId, token });

  /** A body in the negotiated format: `json` as an object, `xml` as text. */
  const send =
    (
      method: 'post' | 'put',
      path: () => string,
      json: unknown,
      xml: string,
      token?: string,
    ): Send =>
    (format, requestId) =>
      withBody(pub(t, method, path(), { accept: format, requestId, token }), format, json, xml);

  const groupPath = () => `/api/2/groups/${groupId}`;
  const usersPath = () => `/api/2/groups/${groupId}/users`;

  const cases: ErrorCase[] = [
    {
      what: 'no token',
      send: get('/api/2/groups', null),
      status: 401,
      ref: 401,
      summary: 'Not authorised',
    },
    {
      what: 'an unknown token',
      send: get('/api/2/groups/1', 'not-a-token'),
      status: 401,
      ref: 401,
      summary: 'Not authorised',
    },
    {
      what: 'Basic credentials instead of a bearer token',
      send: (format, requestId) =>
        pub(t, 'get', '/api/2/groups', { accept: format, requestId, token: null }).auth(
          member.username,
          member.password,
        ),
      status: 401,
      ref: 401,
      summary: 'Not authorised',
    },
    {
      what: "an inactive user's token",
      send: (format, requestId) => get('/api/2/groups', inactive.token)(format, requestId),
      status: 401,
      ref: 401,
      summary: 'Not authorised',
    },
    {
      what: 'an empty body',
      send: (format, requestId) =>
        pub(t, 'post', '/api/2/groups', { accept: format, requestId })
          .set('Content-Type', format === 'xml' ? 'application/xml' : 'application/json')
          .send(''),
      status: 400,
      ref: 74,
      summary: 'Request parameters are missing',
    },
    {
      what: 'an unparseable body',
      send: send('post', () => '/api/2/groups', '{"group": {', '<group><name>x</group>'),
      status: 400,
      ref: 74,
      summary: 'Request parameters are missing',
    },
    {
      what: 'a body without the group object',
      send: send('post', () => '/api/2/groups', { name: 'x' }, '<name>x</name>'),
      status: 400,
      ref: 74,
      summary: 'Request parameters are missing',
    },
    {
      what: 'PUT …/users without users',
      send: send('put', usersPath, { group: { users: [] } }, '<group><users/></group>'),
      status: 400,
      ref: 74,
      summary: 'Request parameters are missing',
    },
    {
      what: 'a bad offset',
      send: get('/api/2/groups?offset=-1'),
      status: 400,
      ref: 106,
      summary: 'Invalid parameter: offset',
    },
    {
      what: 'a bad limit',
      send: get('/api/2/groups?limit=0'),
      status: 400,
      ref: 107,
      summary: 'Invalid parameter: limit',
    },
    {
      what: 'a limit over 1000',
      send: get('/api/2/groups?limit=1001'),
      status: 400,
      ref: 107,
      summary: 'Invalid parameter: limit',
    },
    {
      what: 'a repeated search',
      send: get('/api/2/groups?search=a&Search=b'),
      status: 400,
      ref: 909,
      summary: 'Invalid parameter: search',
    },
    {
      what: 'a sort key without + or -',
      send: get('/api/2/groups?sort=name'),
      status: 400,
      ref: 79,
      summary: 'Invalid parameter: sort',
    },
    {
      what: 'an unknown sort field',
      send: get('/api/2/groups?sort=-size'),
      status: 400,
      ref: 79,
      summary: 'Invalid parameter: sort',
    },
    {
      what: 'an unknown field',
      send: get('/api/2/groups?fields=id,colour'),
      status: 400,
      ref: 903,
      summary: 'Invalid parameter: fields',
    },
    {
      what: 'a bad createdDate',
      send: get('/api/2/groups?createdDate=yesterday'),
      status: 400,
      ref: 904,
      summary: 'Invalid parameter: createddate',
    },
    {
      what: 'a reversed modifiedDate range',
      send: get('/api/2/groups?MODIFIEDDATE=20171004,20170801'),
      status: 400,
      ref: 905,
      summary: 'Invalid parameter: modifieddate',
    },
    {
      what: 'an unknown user in a new group',
      send: send(
        'post',
        () => '/api/2/groups',
        { group: { name: 'New', users: [999999] } },
        '<group><name>New</name><users><user>999999</user></users></group>',
      ),
      status: 404,
      ref: 108,
      summary: 'The requested user does not exist',
    },
    {
      what: 'a user id beyond the id range',
      send: send(
        'post',
        () => '/api/2/groups',
        { group: { name: 'New', users: [99999999999] } },
        '<group><name>New</name><users><user>99999999999</user></users></group>',
      ),
      status: 404,
      ref: 108,
      summary: 'The requested user does not exist',
    },
    {
      what: 'an inactive user added by id',
      send: (format, requestId) =>
        send(
          'put',
          usersPath,
          { group: { users: [inactive.id] } },
          `<group><users><user>${inactive.id}</user></users></group>`,
        )(format, requestId),
      status: 404,
      ref: 108,
      summary: 'The requested user does not exist',
    },
    {
      what: 'an inactive user added by e-mail',
      send: send(
        'put',
        usersPath,
        { group: { users: ['GONE@example.com'] } },
        '<group><users><user>GONE@example.com</user></users></group>',
      ),
      status: 404,
      ref: 108,
      summary: 'The requested user does not exist',
    },
    {
      what: 'an unknown e-mail',
      send: send(
        'put',
        usersPath,
        { group: { users: ['nobody@example.com'] } },
        '<group><users><user>nobody@example.com</user></users></group>',
      ),
      status: 404,
      ref: 108,
      summary: 'The requested user does not exist',
    },
    {
      what: 'an e-mail address shared by two users',
      send: send(
        'put',
        usersPath,
        { group: { users: ['SHARED@example.com'] } },
        '<group><users><user>SHARED@example.com</user></users></group>',
      ),
      status: 400,
      ref: 907,
      summary:
        'Invalid parameter: users (SHARED@example.com is the e-mail address of more than one user)',
    },
    {
      what: 'a member changing the group',
      send: (format, requestId) =>
        send(
          'put',
          groupPath,
          { group: { name: 'Mine now' } },
          '<group><name>Mine now</name></group>',
          member.token,
        )(format, requestId),
      status: 403,
      ref: 123,
      summary: 'Access denied',
    },
    {
      what: 'a member deleting the group',
      send: (format, requestId) =>
        pub(t, 'delete', groupPath(), { accept: format, requestId, token: member.token }),
      status: 403,
      ref: 123,
      summary: 'Access denied',
    },
    {
      what: 'GET of an unknown group',
      send: get('/api/2/groups/999999'),
      status: 404,
      ref: 901,
      summary: 'The requested user group does not exist',
    },
    {
      what: 'GET of a group the caller cannot see',
      send: (format, requestId) => get(groupPath(), outsider.token)(format, requestId),
      status: 404,
      ref: 901,
      summary: 'The requested user group does not exist',
    },
    {
      what: 'GET of a group id beyond the id range',
      send: get('/api/2/groups/99999999999'),
      status: 404,
      ref: 901,
      summary: 'The requested user group does not exist',
    },
    {
      what: 'PUT of an unknown group',
      send: send(
        'put',
        () => '/api/2/groups/999999',
        { group: { name: 'X' } },
        '<group><name>X</name></group>',
      ),
      status: 404,
      ref: 901,
      summary: 'The requested user group does not exist',
    },
    {
      what: 'PUT …/users of an unknown group',
      send: send(
        'put',
        () => '/api/2/groups/999999/users',
        { group: { users: [1] } },
        '<group><users><user>1</user></users></group>',
      ),
      status: 404,
      ref: 901,
      summary: 'The requested user group does not exist',
    },
    {
      what: 'DELETE of an unknown group',
      send: (format, requestId) =>
        pub(t, 'delete', '/api/2/groups/999999', { accept: format, requestId }),
      status: 404,
      ref: 901,
      summary: 'The requested user group does not exist',
    },
    {
      what: 'a duplicate name (case-insensitive)',
      send: send(
        'post',
        () => '/api/2/groups',
        { group: { name: 'EXISTING' } },
        '<group><name>EXISTING</name></group>',
      ),
      status: 409,
      ref: 902,
      summary: 'A user group with this name already exists',
    },
    {
      what: 'an empty name',
      send: send('post', () => '/api/2/groups', { group: { name: ' ' } }, '<group><name/></group>'),
      status: 400,
      ref: 906,
      summary: 'Invalid parameter: name (The group name must not be empty)',
    },
    {
      what: 'a name over 100 characters',
      send: send(
        'post',
        () => '/api/2/groups',
        { group: { name: 'n'.repeat(101) } },
        `<group><name>${'n'.repeat(101)}</name></group>`,
      ),
      status: 400,
      ref: 906,
      summary: 'Invalid parameter: name (The group name must be at most 100 characters)',
    },
    {
      what: 'a name that is not text',
      send: send(
        'post',
        () => '/api/2/groups',
        { group: { name: 42 } },
        '<group><name><first>4</first></name></group>',
      ),
      status: 400,
      ref: 906,
      summary: 'Invalid parameter: name (The group name must be text)',
    },
    {
      what: 'PUT without a name',
      send: send('put', groupPath, { group: { users: [] } }, '<group><users/></group>'),
      status: 400,
      ref: 906,
      summary: 'Invalid parameter: name (The group name must not be empty)',
    },
    {
      what: 'a user that is not an id',
      send: send(
        'post',
        () => '/api/2/groups',
        { group: { name: 'New', users: ['bob'] } },
        '<group><name>New</name><users><user>bob</user></users></group>',
      ),
      status: 400,
      ref: 907,
      summary: 'Invalid parameter: users',
    },
    {
      what: 'an e-mail where only ids are accepted',
      send: send(
        'post',
        () => '/api/2/groups',
        { group: { name: 'New', users: ['a@example.com'] } },
        '<group><name>New</name><users><user>a@example.com</user></users></group>',
      ),
      status: 400,
      ref: 907,
      summary: 'Invalid parameter: users',
    },
    {
      what: 'users that are not a list',
      send: send('put', usersPath, { group: { users: 5 } }, '<group><users>5</users></group>'),
      status: 400,
      ref: 907,
      summary: 'Invalid parameter: users',
    },
    {
      what: 'a path id that is not a number',
      send: get('/api/2/groups/abc'),
      status: 400,
      ref: 908,
      summary: 'Invalid parameter: id',
    },
    {
      what: 'a body id that differs from the path',
      send: send(
        'put',
        groupPath,
        { group: { id: 999999, name: 'X' } },
        '<group><id>999999</id><name>X</name></group>',
      ),
      status: 400,
      ref: 908,
      summary: 'Invalid parameter: id',
    },
    {
      what: 'an unknown path under /api/2/',
      send: get('/api/2/users'),
      status: 404,
      ref: 911,
      summary: 'The requested resource does not exist',
    },
    {
      what: 'a body in a charset the server cannot read',
      send: (format, requestId) =>
        pub(t, 'post', '/api/2/groups', { accept: format, requestId })
          .set('Content-Type', `application/${format}; charset=ebcdic-x`)
          .send(format === 'xml' ? '<group><name>X</name></group>' : '{"group":{"name":"X"}}'),
      status: 415,
      ref: 913,
      summary: 'Request rejected',
    },
    {
      what: 'a body over the size limit',
      send: send(
        'post',
        () => '/api/2/groups',
        { group: { name: 'x'.repeat(1024 * 1024 + 10) } },
        `<group><name>${'x'.repeat(1024 * 1024 + 10)}</name></group>`,
      ),
      status: 413,
      ref: 912,
      summary: 'Request body is too large',
    },
  ];

  describe.each(FORMATS)('in %s', (format) => {
    it.each(cases)('$what → $status ref $ref', async (c) => {
      await expectError(c, format);
    });
  });

  it('sends WWW-Authenticate with a 401', async () => {
    const res = await pub(t, 'get', '/api/2/groups', { token: null }).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="Publisher"');
  });

  it.each(FORMATS)('refuses an XML body with a DOCTYPE before parsing (%s)', async (format) => {
    await expectError(
      {
        what: 'doctype',
        send: (accept, requestId) =>
          pub(t, 'post', '/api/2/groups', { accept, requestId })
            .set('Content-Type', 'application/xml')
            .send(
              '<?xml version="1.0"?><!DOCTYPE group [<!ENTITY e "Expanded">]>' +
                '<group><name>&e;</name></group>',
            ),
        status: 400,
        ref: 74,
        summary: 'Request parameters are missing',
      },
      format,
    );
    const list = await pub(t, 'get', '/api/2/groups?search=expanded').expect(200);
    expect(list.body).toEqual({ total: 0, currentpage: 0, groups: [] });
  });

  it('rejects the whole request when one user is bad: nothing half-applied', async () => {
    await pub(t, 'put', `/api/2/groups/${groupId}/users`)
      .send({ group: { users: [outsider.id, 999999] } })
      .expect(404);
    const res = await pub(t, 'get', `/api/2/groups/${groupId}`).expect(200);
    expect(res.body.group.users).toEqual([member.id]);
  });

  it('refuses more than 5000 users in one request with 400 ref 907, on both engines', async () => {
    const users = Array.from({ length: 5001 }, (_, i) => i + 1);
    for (const [method, path] of [
      ['post', '/api/2/groups'],
      ['put', `/api/2/groups/${groupId}/users`],
    ] as const) {
      const res = await pub(t, method, path)
        .send({ group: { name: 'Too many', users } })
        .expect(400);
      expect(res.body.error).toMatchObject({ ref: 907 });
    }
    const res = await pub(t, 'get', `/api/2/groups/${groupId}`).expect(200);
    expect(res.body.group.users).toEqual([member.id]);
  });

  it('lets a PUT keep a member who has since become inactive', async () => {
    const leaver = await createUser(t);
    const created = await pub(t, 'post', '/api/2/groups')
      .send({ group: { name: 'Keeps inactive', users: [leaver.id] } })
      .expect(200);
    const id = created.body.group.id;
    await t.http
      .patch(`/admin/v1/users/${leaver.id}`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ active: false })
      .expect(200);
    await pub(t, 'put', `/api/2/groups/${id}`)
      .send({ group: { name: 'Keeps inactive', users: [leaver.id, outsider.id] } })
      .expect(200);
    const res = await pub(t, 'get', `/api/2/groups/${id}`).expect(200);
    expect(res.body.group.users).toEqual([outsider.id, leaver.id]); // ordered by id
  });
});

describe('Publisher errors when READ_ONLY', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ readOnly: true });
  });

  afterAll(() => t.close());

  it.each<Format>(['json', 'xml'])('answers every write with 403 ref 910 (%s)', async (format) => {
    const res = await withBody(
      pub(t, 'post', '/api/2/groups', { accept: format, requestId: `ro-${format}` }),
      format,
      { group: { name: 'Nope' } },
      '<group><name>Nope</name></group>',
    );
    expect(res.status).toBe(403);
    expect(bodyOf(res, format)).toEqual(
      errorBody(format, 'This server is read-only', 910, `ro-${format}`),
    );
    const list = await pub(t, 'get', '/api/2/groups').expect(200);
    expect(list.body).toEqual({ total: 0, currentpage: 0, groups: [] });
  });
});
