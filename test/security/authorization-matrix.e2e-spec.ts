import type { Test } from 'supertest';
import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import { KeyPair, listen, mintConsumer, mintToken, UsosClient } from '../usos/usos-client';

/**
 * Who may do what, for every operation of every dialect, from one table (OPERATIONS): each
 * operation names the access it needs, EXPECTED turns that into an outcome per role, and every
 * (operation, role) cell is sent over HTTP and classified from the dialect's own answer. The
 * table must name every route the four dialects serve (the OpenAPI document lists them), so a
 * new operation cannot be added without its row.
 *
 * The world of a cell: group T, created by `owner`, with user shares for `reader` (read),
 * `writer` (write) and `manager` (manage), a write share for group P (of which `groupSharer` is
 * a member), group C nested in it (of which `nestedMember` is a member) and a direct member
 * `member`. `stranger` has no relation to T; `systemAdmin` is a system administrator.
 */

type Role =
  | 'owner'
  | 'reader'
  | 'writer'
  | 'manager'
  | 'groupSharer'
  | 'nestedMember'
  | 'stranger'
  | 'systemAdmin'
  | 'usosAdministrativeConsumer';

const USER_ROLES = [
  'owner',
  'reader',
  'writer',
  'manager',
  'groupSharer',
  'nestedMember',
  'stranger',
  'systemAdmin',
] as const;

/**
 * allowed / notFound / forbidden, answered in the dialect's own words; for lists, whether T is
 * in the answer (listed) or not (unlisted).
 */
type Outcome = 'allowed' | 'notFound' | 'forbidden' | 'listed' | 'unlisted';

/**
 * What an operation needs: a level on T; `system` (a system administrator; T hidden from others
 * is not found); `systemCreate` (a system administrator, no group involved); `authenticated` (any caller, no group involved); `list` (any caller, answers
 * only the groups the caller may read); `usos` (an administrative consumer, trusted like a
 * system administrator; through any other consumer the method is forbidden).
 */
type Requirement =
  'read' | 'write' | 'manage' | 'system' | 'systemCreate' | 'authenticated' | 'list' | 'usos';

const A: Outcome = 'allowed';
const NF: Outcome = 'notFound';
const F: Outcome = 'forbidden';

const EXPECTED: Record<Requirement, Partial<Record<Role, Outcome>>> = {
  // prettier-ignore
  read: { owner: A, reader: A, writer: A, manager: A, groupSharer: A, nestedMember: A, stranger: NF, systemAdmin: A },
  // prettier-ignore
  write: { owner: A, reader: F, writer: A, manager: A, groupSharer: A, nestedMember: F, stranger: NF, systemAdmin: A },
  // prettier-ignore
  manage: { owner: A, reader: F, writer: F, manager: A, groupSharer: F, nestedMember: F, stranger: NF, systemAdmin: A },
  // prettier-ignore
  system: { owner: F, reader: F, writer: F, manager: F, groupSharer: F, nestedMember: F, stranger: NF, systemAdmin: A },
  // prettier-ignore
  systemCreate: { owner: F, reader: F, writer: F, manager: F, groupSharer: F, nestedMember: F, stranger: F, systemAdmin: A },
  // prettier-ignore
  authenticated: { owner: A, reader: A, writer: A, manager: A, groupSharer: A, nestedMember: A, stranger: A, systemAdmin: A },
  // prettier-ignore
  list: { owner: 'listed', reader: 'listed', writer: 'listed', manager: 'listed', groupSharer: 'listed', nestedMember: 'listed', stranger: 'unlisted', systemAdmin: 'listed' },
  // prettier-ignore
  usos: { owner: F, reader: F, writer: F, manager: F, groupSharer: F, nestedMember: F, stranger: F, systemAdmin: F, usosAdministrativeConsumer: A },
};

type Dialect = 'civis' | 'publisher' | 'jive' | 'usos';

interface World {
  target: number;
  targetName: string;
  member: SeededUser;
}

interface Cell {
  world: World;
  caller: SeededUser;
  role: Role;
}

interface Operation {
  dialect: Dialect;
  requirement: Requirement;
  /** Changes T or its relations: each cell gets a fresh world. */
  mutates?: boolean;
  send: (cell: Cell) => Test;
}

let t: TestApp;
let users: Record<(typeof USER_ROLES)[number] | 'member', SeededUser>;
let usosBase: string;
let administrativeConsumer: KeyPair;
let plainConsumer: KeyPair;
const usosTokens = new Map<string, KeyPair>();
let worldCounter = 0;

const bearer = (user: SeededUser) => ({ Authorization: `Bearer ${user.token}` });
const basic = (user: SeededUser) => ({
  Authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`,
});

const civis = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) => (c: Cell) =>
  t.http[method](path.replace(':id', String(c.world.target))).set(bearer(c.caller));

const publisher = (method: 'get' | 'post' | 'put' | 'delete', path: string) => (c: Cell) =>
  t.http[method](path.replace(':id', String(c.world.target)))
    .set(bearer(c.caller))
    .set('Accept', 'application/json');

const JIVE = '/rpc/rest/groupService';
const jive =
  (
    method: 'get' | 'post' | 'put' | 'delete',
    path: (c: Cell) => string,
    body?: (c: Cell) => string,
  ) =>
  (c: Cell) => {
    const req = t.http[method](`${JIVE}${path(c)}`).set(basic(c.caller));
    return body ? req.set('Content-Type', 'text/xml').send(body(c)) : req;
  };

/** USOS through the administrative consumer for that role, a plain consumer for the others. */
const usos = (method: string, params: (c: Cell) => Record<string, string>) => (c: Cell) => {
  const administrative = c.role === 'usosAdministrativeConsumer';
  const consumer = administrative ? administrativeConsumer : plainConsumer;
  const token = usosTokens.get(`${administrative}:${c.caller.id}`)!;
  return new UsosClient(usosBase, consumer, token).call(method, params(c));
};

const T = (c: Cell) => String(c.world.target);

/** The one table: every operation of every dialect and the access it needs. */
const OPERATIONS: Record<string, Operation> = {
  // Civis /groups
  'GET /groups': {
    dialect: 'civis',
    requirement: 'list',
    send: civis('get', '/groups?limit=1000'),
  },
  'POST /groups': {
    dialect: 'civis',
    requirement: 'authenticated',
    send: (c) => civis('post', '/groups')(c).send({ name: `civis new ${++worldCounter}` }),
  },
  'GET /groups/{id}': { dialect: 'civis', requirement: 'read', send: civis('get', '/groups/:id') },
  'PUT /groups/{id}': {
    dialect: 'civis',
    requirement: 'write',
    mutates: true,
    send: (c) => civis('put', '/groups/:id')(c).send({ name: `${c.world.targetName} put` }),
  },
  'PATCH /groups/{id}': {
    dialect: 'civis',
    requirement: 'write',
    mutates: true,
    send: (c) => civis('patch', '/groups/:id')(c).send({ description: 'patched' }),
  },
  'DELETE /groups/{id}': {
    dialect: 'civis',
    requirement: 'manage',
    mutates: true,
    send: civis('delete', '/groups/:id'),
  },
  'PUT /groups/{id}/members/{user_id}': {
    dialect: 'civis',
    requirement: 'write',
    mutates: true,
    send: (c) => civis('put', `/groups/:id/members/${users.stranger.id}`)(c),
  },
  'DELETE /groups/{id}/members/{user_id}': {
    dialect: 'civis',
    requirement: 'write',
    mutates: true,
    send: (c) => civis('delete', `/groups/:id/members/${c.world.member.id}`)(c),
  },
  'GET /groups/{id}/shares': {
    dialect: 'civis',
    requirement: 'read',
    send: civis('get', '/groups/:id/shares'),
  },
  'PUT /groups/{id}/shares/users': {
    dialect: 'civis',
    requirement: 'manage',
    mutates: true,
    send: (c) =>
      civis(
        'put',
        '/groups/:id/shares/users',
      )(c).send({
        user_ids: [users.stranger.id],
        permission_level: 'read',
      }),
  },
  'PUT /groups/{id}/shares/groups': {
    dialect: 'civis',
    requirement: 'manage',
    mutates: true,
    // A principal every caller can see: the world's own nested group C would not do for all.
    send: (c) =>
      civis(
        'put',
        '/groups/:id/shares/groups',
      )(c).send({
        group_ids: [c.world.target],
        permission_level: 'read',
      }),
  },
  'DELETE /groups/{id}/shares/users/{user_id}': {
    dialect: 'civis',
    requirement: 'manage',
    mutates: true,
    send: (c) => civis('delete', `/groups/:id/shares/users/${users.reader.id}`)(c),
  },
  'DELETE /groups/{id}/shares/groups/{group_id}': {
    dialect: 'civis',
    requirement: 'manage',
    mutates: true,
    send: (c) => civis('delete', `/groups/:id/shares/groups/${c.world.target}`)(c),
  },
  'GET /groups/{id}/child_groups': {
    dialect: 'civis',
    requirement: 'read',
    send: civis('get', '/groups/:id/child_groups'),
  },

  // Publisher /api/2/groups
  'GET /api/2/groups': {
    dialect: 'publisher',
    requirement: 'list',
    send: publisher('get', '/api/2/groups?limit=1000'),
  },
  'POST /api/2/groups': {
    dialect: 'publisher',
    requirement: 'authenticated',
    send: (c) =>
      publisher('post', '/api/2/groups')(c).send({ group: { name: `pub new ${++worldCounter}` } }),
  },
  'GET /api/2/groups/{id}': {
    dialect: 'publisher',
    requirement: 'read',
    send: publisher('get', '/api/2/groups/:id'),
  },
  'PUT /api/2/groups/{id}': {
    dialect: 'publisher',
    requirement: 'write',
    mutates: true,
    send: (c) =>
      publisher('put', '/api/2/groups/:id')(c).send({ group: { name: c.world.targetName } }),
  },
  'DELETE /api/2/groups/{id}': {
    dialect: 'publisher',
    requirement: 'manage',
    mutates: true,
    send: publisher('delete', '/api/2/groups/:id'),
  },
  'PUT /api/2/groups/{id}/users': {
    dialect: 'publisher',
    requirement: 'write',
    mutates: true,
    send: (c) =>
      publisher(
        'put',
        '/api/2/groups/:id/users',
      )(c).send({ group: { users: [users.stranger.id] } }),
  },

  // Jive /rpc/rest/groupService
  [`POST ${JIVE}/groupAdmins`]: {
    dialect: 'jive',
    requirement: 'manage',
    mutates: true,
    send: jive(
      'post',
      () => '/groupAdmins',
      (c) =>
        `<addAdministratorToGroup><userID>${users.stranger.id}</userID><groupID>${T(c)}</groupID></addAdministratorToGroup>`,
    ),
  },
  [`POST ${JIVE}/groupMembers`]: {
    dialect: 'jive',
    requirement: 'manage',
    mutates: true,
    send: jive(
      'post',
      () => '/groupMembers',
      (c) =>
        `<addMemberToGroup><userID>${users.stranger.id}</userID><groupID>${T(c)}</groupID></addMemberToGroup>`,
    ),
  },
  [`POST ${JIVE}/groups`]: {
    dialect: 'jive',
    requirement: 'systemCreate',
    send: jive(
      'post',
      () => '/groups',
      () => `<createGroup><name>jive new ${++worldCounter}</name></createGroup>`,
    ),
  },
  [`DELETE ${JIVE}/groups/{groupID}`]: {
    dialect: 'jive',
    requirement: 'system',
    mutates: true,
    send: jive('delete', (c) => `/groups/${T(c)}`),
  },
  [`DELETE ${JIVE}/properties/{groupID}/{name}`]: {
    dialect: 'jive',
    requirement: 'manage',
    mutates: true,
    send: jive('delete', (c) => `/properties/${T(c)}/color`),
  },
  [`GET ${JIVE}/administratorCount/{groupID}`]: {
    dialect: 'jive',
    requirement: 'read',
    send: jive('get', (c) => `/administratorCount/${T(c)}`),
  },
  [`GET ${JIVE}/groupsByID/{groupID}`]: {
    dialect: 'jive',
    requirement: 'read',
    send: jive('get', (c) => `/groupsByID/${T(c)}`),
  },
  [`GET ${JIVE}/groupAdmins/{groupID}`]: {
    dialect: 'jive',
    requirement: 'read',
    send: jive('get', (c) => `/groupAdmins/${T(c)}`),
  },
  [`GET ${JIVE}/groups/{name}`]: {
    dialect: 'jive',
    requirement: 'read',
    send: jive('get', (c) => `/groups/${encodeURIComponent(c.world.targetName)}`),
  },
  [`GET ${JIVE}/groupCount`]: {
    dialect: 'jive',
    requirement: 'authenticated',
    send: jive('get', () => '/groupCount'),
  },
  [`GET ${JIVE}/groupMembers/{groupID}`]: {
    dialect: 'jive',
    requirement: 'read',
    send: jive('get', (c) => `/groupMembers/${T(c)}`),
  },
  [`GET ${JIVE}/groupNames`]: {
    dialect: 'jive',
    requirement: 'list',
    send: jive('get', () => '/groupNames'),
  },
  [`GET ${JIVE}/groupNamesBounded/{startIndex}/{numResults}`]: {
    dialect: 'jive',
    requirement: 'list',
    send: jive('get', () => '/groupNamesBounded/0/100000'),
  },
  [`GET ${JIVE}/groups`]: {
    dialect: 'jive',
    requirement: 'list',
    send: jive('get', () => '/groups'),
  },
  [`GET ${JIVE}/properties/{groupID}`]: {
    dialect: 'jive',
    requirement: 'read',
    send: jive('get', (c) => `/properties/${T(c)}`),
  },
  [`GET ${JIVE}/userGroupNames/{userID}`]: {
    dialect: 'jive',
    requirement: 'list',
    send: jive('get', (c) => `/userGroupNames/${c.world.member.id}`),
  },
  [`GET ${JIVE}/userGroups/{userID}`]: {
    dialect: 'jive',
    requirement: 'list',
    send: jive('get', (c) => `/userGroups/${c.world.member.id}`),
  },
  [`GET ${JIVE}/isReadOnly`]: {
    dialect: 'jive',
    requirement: 'authenticated',
    send: jive('get', () => '/isReadOnly'),
  },
  [`DELETE ${JIVE}/groupAdmins/{groupID}/{userID}`]: {
    dialect: 'jive',
    requirement: 'manage',
    mutates: true,
    send: jive('delete', (c) => `/groupAdmins/${T(c)}/${users.manager.id}`),
  },
  [`DELETE ${JIVE}/groupMembers/{groupID}/{userID}`]: {
    dialect: 'jive',
    requirement: 'manage',
    mutates: true,
    send: jive('delete', (c) => `/groupMembers/${T(c)}/${c.world.member.id}`),
  },
  [`POST ${JIVE}/properties`]: {
    dialect: 'jive',
    requirement: 'manage',
    mutates: true,
    send: jive(
      'post',
      () => '/properties',
      (c) =>
        `<setProperty><name>color</name><value>red</value><groupID>${T(c)}</groupID></setProperty>`,
    ),
  },
  [`PUT ${JIVE}/groups`]: {
    dialect: 'jive',
    requirement: 'manage',
    mutates: true,
    send: jive(
      'put',
      () => '/groups',
      (c) =>
        `<updateGroup><group><ID>${T(c)}</ID><description>changed</description></group></updateGroup>`,
    ),
  },

  // USOS services/csgroups (GET and POST alike; the table sends POST)
  'POST /services/csgroups/create': {
    dialect: 'usos',
    requirement: 'usos',
    send: usos('create', () => ({ name: `usos new ${++worldCounter}` })),
  },
  'POST /services/csgroups/custom_group': {
    dialect: 'usos',
    requirement: 'usos',
    send: usos('custom_group', (c) => ({ custom_group_id: T(c) })),
  },
  'POST /services/csgroups/custom_groups': {
    dialect: 'usos',
    requirement: 'usos',
    send: usos('custom_groups', (c) => ({ custom_group_ids: T(c) })),
  },
  'POST /services/csgroups/delete': {
    dialect: 'usos',
    requirement: 'usos',
    mutates: true,
    send: usos('delete', (c) => ({ custom_group_ids: T(c) })),
  },
  'POST /services/csgroups/update': {
    dialect: 'usos',
    requirement: 'usos',
    mutates: true,
    send: usos('update', (c) => ({ custom_group_id: T(c), name: `${c.world.targetName} usos` })),
  },
  'POST /services/csgroups/user': {
    dialect: 'usos',
    requirement: 'usos',
    send: usos('user', () => ({})),
  },
};

/** The dialect's own answer, read back as an outcome (anything else is reported as is). */
function classify(
  dialect: Dialect,
  requirement: Requirement,
  res: { status: number; text: string },
  world: World,
): string {
  const ok = res.status >= 200 && res.status < 300;
  if (ok && requirement === 'list') {
    const named =
      dialect === 'jive'
        ? res.text.includes(`${world.targetName}<`)
        : res.text.includes(JSON.stringify(world.targetName));
    return named ? 'listed' : 'unlisted';
  }
  if (ok) return 'allowed';
  const body = res.text;
  switch (dialect) {
    case 'civis':
    case 'publisher':
      if (res.status === 404) return 'notFound';
      if (res.status === 403) return 'forbidden';
      break;
    case 'jive':
      if (res.status === 500 && body.includes('com.jivesoftware.base.GroupNotFoundException'))
        return 'notFound';
      if (res.status === 500 && body.includes('com.jivesoftware.base.UnauthorizedException'))
        return 'forbidden';
      break;
    case 'usos':
      if (res.status === 400 && body.includes('"object_not_found"')) return 'notFound';
      if (res.status === 403 || body.includes('"object_forbidden"')) return 'forbidden';
      break;
  }
  return `unexpected ${res.status} ${body.slice(0, 200)}`;
}

async function buildWorld(): Promise<World> {
  const n = ++worldCounter;
  const owner = users.owner;
  const create = async (name: string) =>
    (await t.http.post('/groups').set(bearer(owner)).send({ name }).expect(201)).body.id as number;
  const groupP = await create(`matrix P ${n}`);
  const groupC = await create(`matrix C ${n}`);
  await t.http
    .put(`/groups/${groupP}/members/${users.groupSharer.id}`)
    .set(bearer(owner))
    .expect(200);
  await t.http
    .put(`/groups/${groupC}/members/${users.nestedMember.id}`)
    .set(bearer(owner))
    .expect(200);
  const targetName = `matrix T ${n}`;
  // USOS creates T with C nested in it and a direct member; the token's user (owner) owns it.
  const created = await new UsosClient(
    usosBase,
    administrativeConsumer,
    usosTokens.get(`true:${owner.id}`)!,
  )
    .call('create', {
      name: targetName,
      custom_group_ids: String(groupC),
      user_ids: String(users.member.id),
    })
    .expect(200);
  const target = Number(created.body.custom_group_id);
  for (const [user, level] of [
    [users.reader, 'read'],
    [users.writer, 'write'],
    [users.manager, 'manage'],
  ] as const) {
    await t.http
      .put(`/groups/${target}/shares/users`)
      .set(bearer(owner))
      .send({ user_ids: [user.id], permission_level: level })
      .expect(200);
  }
  await t.http
    .put(`/groups/${target}/shares/groups`)
    .set(bearer(owner))
    .send({ group_ids: [groupP], permission_level: 'write' })
    .expect(200);
  await t.http
    .post(`${JIVE}/properties`)
    .set(basic(users.systemAdmin))
    .set('Content-Type', 'text/xml')
    .send(
      `<setProperty><name>color</name><value>blue</value><groupID>${target}</groupID></setProperty>`,
    )
    .expect(200);
  return { target, targetName, member: users.member };
}

describe('authorization matrix: every role × every operation of every dialect', () => {
  let sharedWorld: World;

  beforeAll(async () => {
    t = await createTestApp();
    usosBase = await listen(t);
    const entries = await Promise.all(
      [...USER_ROLES, 'member' as const].map(
        async (role) => [role, await createUser(t, { admin: role === 'systemAdmin' })] as const,
      ),
    );
    users = Object.fromEntries(entries) as typeof users;
    administrativeConsumer = await mintConsumer(t, true);
    plainConsumer = await mintConsumer(t, false);
    for (const user of Object.values(users)) {
      usosTokens.set(`true:${user.id}`, await mintToken(t, administrativeConsumer.key, user.id));
      usosTokens.set(`false:${user.id}`, await mintToken(t, plainConsumer.key, user.id));
    }
    sharedWorld = await buildWorld();
  }, 120_000);
  afterAll(() => t.close());

  it('has a row for every route the four dialects serve', async () => {
    const spec = await t.http.get('/docs-json').expect(200);
    const routes = Object.entries(spec.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) =>
        ['/groups', '/api/2/groups', JIVE, '/services/csgroups'].some(
          (prefix) => path === prefix || path.startsWith(`${prefix}/`),
        ),
      )
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      )
      // USOS serves each method over GET and POST alike; the table names the POST.
      .map((route) => route.replace(/^GET (\/services\/csgroups\/)/, 'POST $1'));
    expect([...new Set(routes)].sort()).toEqual(Object.keys(OPERATIONS).sort());
  });

  describe.each(Object.entries(OPERATIONS))('%s', (_, operation) => {
    const roles: Role[] =
      operation.dialect === 'usos'
        ? [...USER_ROLES, 'usosAdministrativeConsumer']
        : [...USER_ROLES];

    it(`answers ${operation.requirement}`, async () => {
      const observed: Partial<Record<Role, string>> = {};
      for (const role of roles) {
        const world = operation.mutates ? await buildWorld() : sharedWorld;
        const caller = role === 'usosAdministrativeConsumer' ? users.stranger : users[role];
        const res = await operation.send({ world, caller, role });
        observed[role] = classify(operation.dialect, operation.requirement, res, world);
      }
      expect(observed).toEqual(EXPECTED[operation.requirement]);
    }, 120_000);
  });
});
