import { createTestApp, TestApp } from '../helpers/create-test-app';
import {
  basic,
  civisUser,
  CivisUser,
  createOrganization,
  ISO_MS,
  JSON_UTF8,
  memberOf,
  NO_STORE,
  simpleUser,
  UUID,
} from './civis-helpers';

/**
 * Replays, in their exact wire form, every request civis-python 2.9.1 was seen sending
 * (spec/civis.md §4) and every request recorded in the spec's x-examples, and checks each whole
 * response against the recorded one: status, headers, body, and the key order of every object.
 */

/** The recorded responses (spec/civis_groups_spec.json x-examples), one of each shape. */
const RECORDED = {
  summary: {
    id: 30,
    name: 'Default',
    createdAt: '2026-04-17T18:21:01.000Z',
    updatedAt: '2026-04-17T18:21:01.000Z',
    description: null,
    slug: 'default',
    organizationId: 4,
    organizationName: 'Default',
    memberCount: 1,
    totalMemberCount: 1,
    lastUpdatedById: null,
    createdById: null,
    members: [],
  },
  group: {
    id: 2637,
    name: 'Group 15',
    createdAt: '2026-04-17T18:28:57.000Z',
    updatedAt: '2026-04-17T18:28:57.000Z',
    description: null,
    slug: 'group_ab',
    organizationId: 53,
    organizationName: 'Organization 48',
    memberCount: 1,
    totalMemberCount: 1,
    defaultOtpRequiredForLogin: null,
    roleIds: [],
    defaultTimeZone: null,
    defaultJobsLabel: null,
    defaultNotebooksLabel: null,
    defaultServicesLabel: null,
    lastUpdatedById: null,
    createdById: null,
    members: [
      {
        id: 2337,
        name: 'User devuserfactory1774 1772',
        username: 'devuserfactory1774',
        initials: 'UD',
        online: null,
        email: 'devuserfactory17741722user@localhost.test',
        primaryGroupId: 30,
        active: true,
      },
    ],
  },
  childGroups: {
    manageable: [{ id: 2658, name: 'Group 18' }],
    writeable: [{ id: 2664, name: 'Group 19' }],
    readable: [{ id: 2670, name: 'Group 20' }],
  },
};

/**
 * Same keys in the same order at every level, same JSON types where both sides are non-null
 * (the recordings send nullable fields as null, so null matches anything).
 */
function expectShape(actual: unknown, recorded: unknown, path = '$'): void {
  if (actual === null || recorded === null) return;
  if (Array.isArray(recorded)) {
    expect({ path, isArray: Array.isArray(actual) }).toEqual({ path, isArray: true });
    const [first] = actual as unknown[];
    if (first !== undefined && recorded.length > 0) expectShape(first, recorded[0], `${path}[0]`);
    return;
  }
  if (typeof recorded === 'object') {
    const keys = Object.keys(actual as object);
    expect({ path, keys }).toEqual({ path, keys: Object.keys(recorded) });
    for (const key of keys) {
      expectShape(
        (actual as Record<string, unknown>)[key],
        (recorded as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
    }
    return;
  }
  expect({ path, type: typeof actual }).toEqual({ path, type: typeof recorded });
}

const PAGINATION_EXPOSED =
  'X-Pagination-Per-Page, X-Pagination-Current-Page, X-Pagination-Total-Pages, X-Pagination-Total-Entries';

function paging(perPage: number, page: number, pages: number, entries: number) {
  return {
    'x-pagination-per-page': String(perPage),
    'x-pagination-current-page': String(page),
    'x-pagination-total-pages': String(pages),
    'x-pagination-total-entries': String(entries),
    'access-control-expose-headers': PAGINATION_EXPOSED,
  };
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

describe('Civis /groups: civis-python and the recorded examples, replayed', () => {
  let t: TestApp;
  let orgId: number;
  let cara: CivisUser;
  let user2: CivisUser;
  let user3: CivisUser;

  /**
   * A request exactly as civis-python sends it: Basic `<key>:`, its User-Agent, `Accept: *\/*`,
   * and a JSON body as Python's json.dumps writes it (`{}` when there are no body parameters), or
   * no body and no Content-Type for the iterator's page requests.
   */
  function civisPython(method: Method, url: string, json: string | null = '{}') {
    const req = t.http[method](url)
      .set(basic(cara))
      .set('User-Agent', 'civis-python (Python 3.11.7; civis-python 2.9.1; requests 2.34.2)')
      .set('Accept', '*/*');
    return json === null ? req : req.set('Content-Type', 'application/json').send(json);
  }

  /** A request exactly as recorded in the spec's x-examples (Bearer, Host, an empty Cookie). */
  function recorded(method: Method, url: string, body?: string) {
    const req = t.http[method](url)
      .set('Content-Type', 'application/json')
      .set('Authorization', `Bearer ${cara.token}`)
      .set('Host', 'api.civis.test')
      .set('Cookie', '');
    return body === undefined ? req : req.send(body);
  }

  function expectJson(res: { headers: Record<string, string> }) {
    expect(res.headers['content-type']).toBe(JSON_UTF8);
    expect(res.headers).toMatchObject(NO_STORE);
  }

  function expectEmpty(res: { headers: Record<string, string>; text: string }) {
    expect(res.text).toBe('');
    expect(res.headers['content-type']).toBeUndefined();
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers).toMatchObject(NO_STORE);
  }

  beforeAll(async () => {
    t = await createTestApp();
    orgId = await createOrganization(t, 'Default');
    cara = await civisUser(t, 'Cara', 'Client', { organizationId: orgId });
    user2 = await civisUser(t, 'Uma', 'Two');
    user3 = await civisUser(t, 'Ugo', 'Three');
  });
  afterAll(() => t.close());

  describe('civis.APIClient() without local_api_spec: GET /endpoints', () => {
    it('serves the Swagger 2.0 spec of /groups, every operation of which is routed here', async () => {
      const res = await civisPython('get', '/endpoints', null).expect(200);
      expectJson(res);
      const spec = res.body as {
        swagger: string;
        paths: Record<string, Record<string, { summary: string }>>;
        definitions: Record<string, unknown>;
      };
      expect(spec.swagger).toBe('2.0');
      const operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\/$/, '')}`),
      );
      const doc = (await t.http.get('/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, { tags?: string[] }>>;
      };
      const served = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/groups'))
        .flatMap(([path, ops]) =>
          Object.entries(ops)
            .filter(([, op]) => op.tags?.includes('civis'))
            .map(([method]) => `${method.toUpperCase()} ${path}`),
        );
      expect(operations.sort()).toEqual(served.sort());
      expect(spec.definitions).toHaveProperty('Group');
    });

    it('a bad key: 401 with WWW-Authenticate, which civis-python reports as an expired key', async () => {
      const res = await t.http
        .get('/endpoints')
        .set(basic({ token: 'expired' }))
        .expect(401);
      expectJson(res);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="Groupbridge"/);
      expect(res.body).toEqual({
        error: 'unauthorized',
        errorDescription: 'The API key is missing, invalid or expired.',
        code: 401,
      });
    });
  });

  describe('civis-python 2.9.1 (spec/civis.md §4)', () => {
    let group: Record<string, unknown> & { id: number };
    let team: { id: number; name: string };

    const named = (u: CivisUser) => ({ id: u.id, name: `${u.firstName} ${u.lastName}` });

    it('post("New", organization_id=…, role_ids=[1], description=None, default_otp_required_for_login=False)', async () => {
      const res = await civisPython(
        'post',
        '/groups',
        `{"name": "New", "description": null, "organization_id": ${orgId}, "default_otp_required_for_login": false, "role_ids": [1]}`,
      ).expect(201);
      expectJson(res);
      expectShape(res.body, RECORDED.group);
      expect(res.body).toEqual({
        id: expect.any(Number),
        name: 'New',
        createdAt: expect.stringMatching(ISO_MS),
        updatedAt: res.body.createdAt,
        description: null,
        slug: expect.stringMatching(UUID),
        organizationId: orgId,
        organizationName: 'Default',
        memberCount: 0,
        totalMemberCount: 0,
        defaultOtpRequiredForLogin: false,
        roleIds: [1],
        defaultTimeZone: null,
        defaultJobsLabel: null,
        defaultNotebooksLabel: null,
        defaultServicesLabel: null,
        lastUpdatedById: cara.id,
        createdById: cara.id,
        members: [],
      });
      group = res.body;
    });

    it('get(1): GET with the body {}', async () => {
      const res = await civisPython('get', `/groups/${group.id}`).expect(200);
      expectJson(res);
      expect(res.body).toEqual(group);
    });

    it('put(1, "N2", slug="s"): every optional attribute not sent becomes null', async () => {
      const res = await civisPython(
        'put',
        `/groups/${group.id}`,
        '{"name": "N2", "slug": "s"}',
      ).expect(200);
      expectJson(res);
      expectShape(res.body, RECORDED.group);
      expect(res.body).toEqual({
        ...group,
        name: 'N2',
        slug: 's',
        updatedAt: expect.stringMatching(ISO_MS),
        organizationId: null,
        organizationName: null,
        defaultOtpRequiredForLogin: null,
        roleIds: [],
      });
      group = res.body;
    });

    it('patch(1, description="d") and patch(1) with no fields ({})', async () => {
      const described = await civisPython(
        'patch',
        `/groups/${group.id}`,
        '{"description": "d"}',
      ).expect(200);
      expectJson(described);
      expect(described.body).toEqual({
        ...group,
        description: 'd',
        updatedAt: expect.stringMatching(ISO_MS),
      });
      const unchanged = await civisPython('patch', `/groups/${group.id}`).expect(200);
      expect(unchanged.body).toEqual({
        ...described.body,
        updatedAt: expect.stringMatching(ISO_MS),
      });
      group = unchanged.body;
    });

    it('put_members(1, 2): PUT with {}, the Group with its new member', async () => {
      const res = await civisPython('put', `/groups/${group.id}/members/${user2.id}`).expect(200);
      expectJson(res);
      expectShape(res.body, RECORDED.group);
      expect(res.body).toEqual({
        ...group,
        updatedAt: expect.stringMatching(ISO_MS),
        memberCount: 1,
        totalMemberCount: 1,
        members: [memberOf(user2)],
      });
      group = res.body;
    });

    it('put_shares_users(1, [2, 3], "read", send_shared_email=False)', async () => {
      const res = await civisPython(
        'put',
        `/groups/${group.id}/shares/users`,
        `{"user_ids": [${user2.id}, ${user3.id}], "permission_level": "read", "send_shared_email": false}`,
      ).expect(200);
      expectJson(res);
      expect(res.body).toEqual({
        readers: { users: [named(user2), named(user3)], groups: [] },
        writers: { users: [], groups: [] },
        owners: { users: [named(cara)], groups: [] },
        totalUserShares: 3,
        totalGroupShares: 0,
      });
    });

    it('put_shares_groups(1, [4], "manage", share_email_body="hi")', async () => {
      const created = await civisPython('post', '/groups', '{"name": "Team 4"}').expect(201);
      team = { id: created.body.id, name: 'Team 4' };
      const res = await civisPython(
        'put',
        `/groups/${group.id}/shares/groups`,
        `{"group_ids": [${team.id}], "permission_level": "manage", "share_email_body": "hi"}`,
      ).expect(200);
      expectJson(res);
      expect(res.body).toEqual({
        readers: { users: [named(user2), named(user3)], groups: [] },
        writers: { users: [], groups: [] },
        owners: { users: [named(cara)], groups: [team] },
        totalUserShares: 3,
        totalGroupShares: 1,
      });
    });

    it('list_shares(1): [ShareIndex]', async () => {
      const res = await civisPython('get', `/groups/${group.id}/shares`).expect(200);
      expectJson(res);
      expect(res.body).toEqual([
        {
          readers: { users: [named(user2), named(user3)], groups: [] },
          writers: { users: [], groups: [] },
          owners: { users: [named(cara)], groups: [team] },
          totalUserShares: 3,
          totalGroupShares: 1,
        },
      ]);
    });

    it('get_child_groups(4) / list_child_groups(4): GET …/child_groups with {}', async () => {
      const res = await civisPython('get', `/groups/${team.id}/child_groups`).expect(200);
      expectJson(res);
      expectShape(res.body, RECORDED.childGroups);
      expect(res.body).toEqual({
        manageable: [{ id: group.id, name: 'N2' }],
        writeable: [],
        readable: [],
      });
    });

    it('list(limit=2): GET /groups?limit=2 with {}', async () => {
      const res = await civisPython('get', '/groups?limit=2').expect(200);
      expectJson(res);
      expect(res.headers).toMatchObject(paging(2, 1, 1, 2));
      expectShape(res.body[0], RECORDED.summary);
      expect(res.body).toEqual([
        expect.objectContaining({ id: group.id, name: 'N2', members: [] }),
        expect.objectContaining({ id: team.id, name: 'Team 4', members: [] }),
      ]);
    });

    it('list(include_members=True, user_ids=[2, 3], permission="read", query=None, order_dir="desc", page_num=1)', async () => {
      const res = await civisPython(
        'get',
        `/groups?permission=read&include_members=True&user_ids%5B%5D=${user2.id}&user_ids%5B%5D=${user3.id}&page_num=1&order_dir=desc`,
      ).expect(200);
      expectJson(res);
      expect(res.headers).toMatchObject(paging(50, 1, 1, 1));
      expect(res.body).toEqual([
        {
          id: group.id,
          name: 'N2',
          createdAt: group.createdAt,
          updatedAt: group.updatedAt,
          description: 'd',
          slug: 's',
          organizationId: null,
          organizationName: null,
          memberCount: 1,
          totalMemberCount: 1,
          lastUpdatedById: cara.id,
          createdById: cara.id,
          members: [simpleUser(user2)],
        },
      ]);
      expectShape(res.body[0], RECORDED.summary);
    });

    it('list(limit=2, iterator=True, order="name"): pages without a body until 200 []; civis-r pages by the headers', async () => {
      for (const name of ['Alpha', 'Bravo', 'Charlie']) {
        await civisPython('post', '/groups', `{"name": "${name}"}`).expect(201);
      }
      const names = ['Alpha', 'Bravo', 'Charlie', 'N2', 'Team 4'];
      // civis-python: page_num=1, 2, … with the same parameters, stopping only on an empty page.
      const seen: string[] = [];
      for (let page = 1; ; page += 1) {
        const res = await civisPython(
          'get',
          `/groups?limit=2&order=name&page_num=${page}`,
          null,
        ).expect(200);
        expectJson(res);
        expect(res.headers).toMatchObject(paging(2, page, 3, 5));
        if (res.body.length === 0) {
          expect(page).toBe(4);
          break;
        }
        seen.push(...res.body.map((g: { name: string }) => g.name));
      }
      expect(seen).toEqual(names);
      // civis-r: page 1, then up to X-Pagination-Total-Pages.
      const fromHeaders: string[] = [];
      let totalPages = 1;
      for (let page = 1; page <= totalPages; page += 1) {
        const res = await t.http
          .get(`/groups?limit=2&order=name&page_num=${page}`)
          .set(basic(cara))
          .expect(200);
        totalPages = Number(res.headers['x-pagination-total-pages']);
        expect(Number(res.headers['x-pagination-current-page'])).toBe(page);
        fromHeaders.push(...res.body.map((g: { name: string }) => g.name));
      }
      expect(fromHeaders).toEqual(names);
    });

    it('delete_shares_users(1, 3) / delete_shares_groups(1, 4) / delete_members(1, 2): 204, empty', async () => {
      for (const path of [
        `/groups/${group.id}/shares/users/${user3.id}`,
        `/groups/${group.id}/shares/groups/${team.id}`,
        `/groups/${group.id}/members/${user2.id}`,
      ]) {
        expectEmpty(await civisPython('delete', path).expect(204));
      }
      const shares = await civisPython('get', `/groups/${group.id}/shares`).expect(200);
      expect(shares.body).toEqual([
        {
          readers: { users: [named(user2)], groups: [] },
          writers: { users: [], groups: [] },
          owners: { users: [named(cara)], groups: [] },
          totalUserShares: 2,
          totalGroupShares: 0,
        },
      ]);
      const after = await civisPython('get', `/groups/${group.id}`).expect(200);
      expect(after.body).toMatchObject({ memberCount: 0, totalMemberCount: 0, members: [] });
    });

    it('an error as civis-python reads it: errorDescription, on a 404', async () => {
      const res = await civisPython('get', '/groups/404404').expect(404);
      expectJson(res);
      expect(res.body).toEqual({
        error: 'not_found',
        errorDescription: 'Group 404404 not found',
        code: 404,
      });
    });
  });

  describe('the x-examples recorded in the spec (Bearer, no body on GET/DELETE)', () => {
    let reader: CivisUser;
    let friendship: Record<string, unknown> & { id: number };

    beforeAll(async () => {
      reader = await civisUser(t, 'Devuser', 'Factory');
    });

    it('POST /groups {"name": "Friendship"}: 201, generated slug, creator organization, no members', async () => {
      const res = await recorded('post', '/groups', '{\n  "name": "Friendship"\n}').expect(201);
      expectJson(res);
      expectShape(res.body, RECORDED.group);
      expect(res.body).toEqual({
        id: expect.any(Number),
        name: 'Friendship',
        createdAt: expect.stringMatching(ISO_MS),
        updatedAt: res.body.createdAt,
        description: null,
        slug: expect.stringMatching(UUID),
        organizationId: orgId,
        organizationName: 'Default',
        memberCount: 0,
        totalMemberCount: 0,
        defaultOtpRequiredForLogin: null,
        roleIds: [],
        defaultTimeZone: null,
        defaultJobsLabel: null,
        defaultNotebooksLabel: null,
        defaultServicesLabel: null,
        lastUpdatedById: cara.id,
        createdById: cara.id,
        members: [],
      });
      friendship = res.body;
    });

    it('PUT /groups/{id}/members/{user_id} with no body: 200, the Group with the member', async () => {
      const res = await recorded('put', `/groups/${friendship.id}/members/${reader.id}`).expect(
        200,
      );
      expectJson(res);
      expectShape(res.body, RECORDED.group);
      expect(res.body).toEqual({
        ...friendship,
        updatedAt: expect.stringMatching(ISO_MS),
        memberCount: 1,
        totalMemberCount: 1,
        members: [memberOf(reader)],
      });
      friendship = res.body;
    });

    it('GET /groups/{id}: 200, members with management details', async () => {
      const res = await recorded('get', `/groups/${friendship.id}`).expect(200);
      expectJson(res);
      expectShape(res.body, RECORDED.group);
      expect(res.body).toEqual(friendship);
    });

    it('PATCH name, then PATCH description (pretty-printed bodies)', async () => {
      const renamed = await recorded(
        'patch',
        `/groups/${friendship.id}`,
        '{\n  "name": "Friendship 2"\n}',
      ).expect(200);
      expectJson(renamed);
      expect(renamed.body).toEqual({
        ...friendship,
        name: 'Friendship 2',
        updatedAt: expect.stringMatching(ISO_MS),
      });
      const described = await recorded(
        'patch',
        `/groups/${friendship.id}`,
        '{\n  "description": "Wonderful new description"\n}',
      ).expect(200);
      expectShape(described.body, RECORDED.group);
      expect(described.body).toEqual({
        ...renamed.body,
        description: 'Wonderful new description',
        updatedAt: expect.stringMatching(ISO_MS),
      });
    });

    it('GET /groups with no parameters: by name, members [] even when memberCount is 1', async () => {
      const res = await recorded('get', '/groups').expect(200);
      expectJson(res);
      expect(res.headers).toMatchObject(paging(50, 1, 1, 6));
      for (const item of res.body) expectShape(item, RECORDED.summary);
      expect(res.body.map((g: { name: string }) => g.name)).toEqual([
        'Alpha',
        'Bravo',
        'Charlie',
        'Friendship 2',
        'N2',
        'Team 4',
      ]);
      expect(res.body[3]).toMatchObject({ memberCount: 1, totalMemberCount: 1, members: [] });
    });

    it('GET /groups/{id}/child_groups: 200 {manageable, writeable, readable}', async () => {
      const levels = ['manage', 'write', 'read'] as const;
      const targets: Array<{ id: number; name: string }> = [];
      for (const [index, level] of levels.entries()) {
        const name = `Group ${18 + index}`;
        const created = await recorded('post', '/groups', `{\n  "name": "${name}"\n}`).expect(201);
        targets.push({ id: created.body.id, name });
        await recorded(
          'put',
          `/groups/${created.body.id}/shares/groups`,
          `{\n  "groupIds": [${friendship.id}],\n  "permissionLevel": "${level}"\n}`,
        ).expect(200);
      }
      const res = await recorded('get', `/groups/${friendship.id}/child_groups`).expect(200);
      expectJson(res);
      expectShape(res.body, RECORDED.childGroups);
      expect(res.body).toEqual({
        manageable: [targets[0]],
        writeable: [targets[1]],
        readable: [targets[2]],
      });
    });

    it('DELETE /groups/{id}/members/{user_id}, then DELETE /groups/{id} (empty body): 204, no Content-Type', async () => {
      expectEmpty(
        await recorded('delete', `/groups/${friendship.id}/members/${reader.id}`, '').expect(204),
      );
      expectEmpty(await recorded('delete', `/groups/${friendship.id}`, '').expect(204));
      const gone = await recorded('get', `/groups/${friendship.id}`).expect(404);
      expectJson(gone);
      expect(gone.body).toEqual({
        error: 'not_found',
        errorDescription: `Group ${friendship.id} not found`,
        code: 404,
      });
    });
  });
});
