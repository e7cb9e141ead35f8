import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import request, { type Test } from 'supertest';
import { ADMIN_PASSWORD, ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import { StatementCounter } from '../helpers/statement-counter';
import { PATCH_OP, provisioningToken } from '../scim/scim-helpers';
import { listen, mintConsumer, mintToken, UsosClient } from '../usos/usos-client';
import { csrfFrom, signIn } from '../web/web-helpers';

/**
 * Statements per request, bounded (issue 22, item 4): every list and page endpoint of every
 * dialect, and every write, runs the same number of SQL statements whether the page, the group's
 * member list or the caller's group list holds 10, 100 or 1000 rows, and whatever the depth
 * (1, 5, 20) of the nesting a group is seen through. An N+1 — Keycloak's repeated regression on
 * groups (keycloak#25731, #40242, #51125) — fails here instead of slipping through.
 *
 * The same holds for SCIM, the admin API and the console. Their pages are capped (SCIM and the
 * admin API at 200 a page, the console at 25), so there the scale is the rows behind the page: a
 * page of min(N, 200) out of N, a group with N members, a user with N tokens.
 *
 * Statements are counted at the driver (test/helpers/statement-counter.ts), BEGIN/COMMIT
 * included; once-a-minute housekeeping (HOUSEKEEPING) is left out. The expected count of each case is the count at the smallest scale: what is
 * asserted is that it does not grow.
 */
jest.setTimeout(180_000);

const SIZES = [10, 100, 1000] as const;
const DEPTHS = [1, 5, 20] as const;
type Size = (typeof SIZES)[number];
type Depth = (typeof DEPTHS)[number];

/** Groups per size: 0 is read, 1 takes the writes, 2–5 are deleted (one per dialect). */
const SIZED_GROUPS = 6;
const TS = 1_700_000_000_000;

type Agent = ReturnType<typeof request.agent>;

interface Sized {
  owner: SeededUser;
  /** `owner` signed in to the console, and the session's CSRF token for its forms. */
  console: Agent;
  csrf: string;
  /**
   * N federated groups `s<N> 0001…`, which SCIM sees; the first four with N members each: 0 is
   * read, 1 takes the writes, 2 and 3 are deleted (admin API, SCIM).
   */
  federated: number[];
  /** N organizations `o<N> 0001…`. */
  organizations: number[];
  /** Every group `owner` created, owns and is a direct member of (N of them). */
  groupIds: number[];
  /** `groupIds[0..5]`: groups with N direct members each. */
  big: number[];
  usos: UsosClient;
}

interface Nested {
  /** Direct member of the chain's bottom only. */
  viewer: SeededUser;
  /** The chain's top: depth groups below it. */
  top: number;
  /** Shared (read) with the top only: the viewer sees it through `depth` levels of nesting. */
  target: number;
  usos: UsosClient;
}

interface Fixture {
  /** Plain users m0001…m1000, by number. */
  members: number[];
  /** A user with the provisioning role: SCIM's caller. */
  provisioner: string;
  /** The system administrator signed in to the console. */
  adminConsole: Agent;
  sized: Record<Size, Sized>;
  nested: Record<Depth, Nested>;
}

const bearer = (token: string) => `Bearer ${token}`;
const basicKey = (token: string) => `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
const pad = (n: number) => String(n).padStart(4, '0');
/** The page size asked for at scale N, within the surface's cap. */
const pageOf = (n: number, cap = 200) => Math.min(n, cap);

async function insertRows(ds: DataSource, head: string, rows: string[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await ds.query(`${head} VALUES ${rows.slice(i, i + 200).join(', ')}`);
  }
}

async function ids(ds: DataSource, sql: string): Promise<number[]> {
  const rows: { id: number | string }[] = await ds.query(sql);
  return rows.map((r) => Number(r.id));
}

/** A cookie-keeping agent signed in through the form, as the console's users are. */
async function consoleSession(t: TestApp, username: string, password: string): Promise<Agent> {
  const agent = request.agent(t.app.getHttpServer());
  const res = await signIn(agent, username, password, '/console');
  if (res.status !== 303) throw new Error(`signing ${username} in: ${res.status} ${res.text}`);
  return agent;
}

/** Bulk rows straight into the schema: 1000 users and 1110 groups through HTTP would be minutes. */
async function seed(t: TestApp): Promise<Fixture> {
  const ds = t.app.get(DataSource);
  await insertRows(
    ds,
    'INSERT INTO users (username, first_name, last_name, email, created_at, updated_at)',
    Array.from(
      { length: 1000 },
      (_, i) =>
        `('m${pad(i + 1)}', 'First${i + 1}', 'Last${i + 1}', 'm${pad(i + 1)}@example.com', ${TS}, ${TS})`,
    ),
  );
  const members = await ids(ds, `SELECT id FROM users WHERE username LIKE 'm%' ORDER BY id`);
  const baseUrl = await listen(t);
  const consumer = await mintConsumer(t, true);
  const usosFor = async (user: SeededUser) =>
    new UsosClient(baseUrl, consumer, await mintToken(t, consumer.key, user.id));

  const sized = {} as Record<Size, Sized>;
  for (const n of SIZES) {
    const owner = await createUser(t, { username: `owner${n}` });
    await insertRows(
      ds,
      'INSERT INTO groups (name, name_key, slug, owner_id, created_by_id, updated_by_id, created_at, updated_at)',
      Array.from({ length: n }, (_, i) => {
        const name = `c${n} ${pad(i + 1)}`;
        return `('${name}', '${name}', 'c${n}-${pad(i + 1)}', ${owner.id}, ${owner.id}, ${owner.id}, ${TS + i}, ${TS + i})`;
      }),
    );
    const groupIds = await ids(
      ds,
      `SELECT id FROM groups WHERE owner_id = ${owner.id} ORDER BY id`,
    );
    await ds.query(
      `INSERT INTO group_members (group_id, user_id, created_at)
       SELECT id, ${owner.id}, ${TS} FROM groups WHERE owner_id = ${owner.id}`,
    );
    const big = groupIds.slice(0, SIZED_GROUPS);
    for (const g of big) {
      await insertRows(
        ds,
        'INSERT INTO group_members (group_id, user_id, created_at)',
        members.slice(0, n).map((u) => `(${g}, ${u}, ${TS})`),
      );
    }
    await insertRows(
      ds,
      'INSERT INTO groups (name, name_key, slug, federated, created_at, updated_at)',
      Array.from({ length: n }, (_, i) => {
        const name = `s${n} ${pad(i + 1)}`;
        return `('${name}', '${name}', 's${n}-${pad(i + 1)}', TRUE, ${TS + i}, ${TS + i})`;
      }),
    );
    const federated = await ids(ds, `SELECT id FROM groups WHERE slug LIKE 's${n}-%' ORDER BY id`);
    for (const g of federated.slice(0, 4)) {
      await insertRows(
        ds,
        'INSERT INTO group_members (group_id, user_id, created_at)',
        members.slice(0, n).map((u) => `(${g}, ${u}, ${TS})`),
      );
    }
    await insertRows(
      ds,
      'INSERT INTO organizations (name, slug)',
      Array.from({ length: n }, (_, i) => `('o${n} ${pad(i + 1)}', 'o${n}-${pad(i + 1)}')`),
    );
    const organizations = await ids(
      ds,
      `SELECT id FROM organizations WHERE slug LIKE 'o${n}-%' ORDER BY id`,
    );
    // N more API keys for the owner (hashes of keys nobody holds): the tokens list holds N + 1.
    await insertRows(
      ds,
      'INSERT INTO api_tokens (user_id, token_hash, created_at)',
      Array.from({ length: n }, (_, i) => {
        const hash = createHash('sha256').update(`unused ${n} ${i}`).digest('hex');
        return `(${owner.id}, '${hash}', ${TS + i})`;
      }),
    );
    const session = await consoleSession(t, owner.username, owner.password);
    sized[n] = {
      owner,
      console: session,
      csrf: csrfFrom((await session.get('/console/groups')).text),
      groupIds,
      big,
      federated,
      organizations,
      usos: await usosFor(owner),
    };
  }

  const nested = {} as Record<Depth, Nested>;
  for (const d of DEPTHS) {
    const viewer = await createUser(t, { username: `viewer${d}` });
    await insertRows(
      ds,
      'INSERT INTO groups (name, name_key, slug, created_at, updated_at)',
      Array.from({ length: d + 2 }, (_, level) => {
        const name = level <= d ? `chain${d} level ${pad(level)}` : `chain${d} target`;
        return `('${name}', '${name}', 'chain${d}-${level}', ${TS}, ${TS})`;
      }),
    );
    const chain = await ids(ds, `SELECT id FROM groups WHERE slug LIKE 'chain${d}-%' ORDER BY id`);
    const target = chain.pop()!;
    await insertRows(
      ds,
      'INSERT INTO group_children (parent_id, child_id)',
      chain.slice(1).map((parent, i) => `(${parent}, ${chain[i]})`),
    );
    await ds.query(
      `INSERT INTO group_members (group_id, user_id, created_at) VALUES (${chain[0]}, ${viewer.id}, ${TS})`,
    );
    await ds.query(
      `INSERT INTO group_shares (group_id, principal_type, principal_id, level, created_at)
       VALUES (${target}, 'group', ${chain[d]}, 1, ${TS})`,
    );
    nested[d] = { viewer, top: chain[d], target, usos: await usosFor(viewer) };
  }
  return {
    members,
    provisioner: await provisioningToken(t),
    adminConsole: await consoleSession(t, 'admin', ADMIN_PASSWORD),
    sized,
    nested,
  };
}

interface Case<S extends number> {
  name: string;
  scales: readonly S[];
  request(t: TestApp, f: Fixture, scale: S): Test;
  status?: number;
}

/**
 * Work done at most once a minute, on whichever request comes then: the OAuth nonce pruning, and
 * a token's last-use stamp where tokens keep one.
 */
const HOUSEKEEPING = [
  /^DELETE FROM oauth_nonces WHERE expires_at </,
  /^UPDATE (api_tokens|oauth_tokens) SET last_used_at = /,
];

const ADMIN = bearer(ADMIN_TOKEN);
const XML = 'text/xml';

/** Every list and page endpoint, by page size (or by how many rows the caller's answer holds). */
const LISTS: Case<Size>[] = [
  {
    name: 'Civis GET /groups (admin, limit N)',
    scales: SIZES,
    request: (t, _f, n) => t.http.get(`/groups?limit=${n}&page_num=1`).set('Authorization', ADMIN),
  },
  {
    name: 'Civis GET /groups (owner of N groups, limit N)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .get(`/groups?limit=${n}&page_num=1`)
        .set('Authorization', basicKey(f.sized[n].owner.token)),
  },
  {
    name: 'Civis GET /groups?include_members=true (owner of N groups, limit N)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .get(`/groups?limit=${n}&page_num=1&include_members=true`)
        .set('Authorization', basicKey(f.sized[n].owner.token)),
  },
  {
    name: 'Publisher GET /api/2/groups?fields=…users (owner of N groups, limit N)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .get(`/api/2/groups?limit=${n}&offset=0&fields=id,name,users,createddate`)
        .set('Authorization', bearer(f.sized[n].owner.token)),
  },
  {
    name: 'Publisher GET /api/2/groups (admin, limit N)',
    scales: SIZES,
    request: (t, _f, n) =>
      t.http.get(`/api/2/groups?limit=${n}&offset=0`).set('Authorization', ADMIN),
  },
  {
    name: 'Publisher GET /api/2/groups (owner of N groups, limit N)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .get(`/api/2/groups?limit=${n}&offset=0`)
        .set('Authorization', bearer(f.sized[n].owner.token)),
  },
  {
    name: 'Jive GET groupNamesBounded/0/N',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .get(`/rpc/rest/groupService/groupNamesBounded/0/${n}`)
        .set('Authorization', basicKey(f.sized[n].owner.token)),
  },
  ...(['groups', 'groupNames', 'groupCount'] as const).map((op): Case<Size> => ({
    name: `Jive GET ${op} (owner of N groups)`,
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .get(`/rpc/rest/groupService/${op}`)
        .set('Authorization', basicKey(f.sized[n].owner.token)),
  })),
  ...(['userGroups', 'userGroupNames'] as const).map((op): Case<Size> => ({
    name: `Jive GET ${op}/{user in N groups}`,
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .get(`/rpc/rest/groupService/${op}/${f.sized[n].owner.id}`)
        .set('Authorization', basicKey(f.sized[n].owner.token)),
  })),
  {
    name: 'USOS csgroups/user (creator of N groups)',
    scales: SIZES,
    request: (_t, f, n) => f.sized[n].usos.call('user', { fields: 'id|name' }),
  },
  {
    name: 'USOS csgroups/custom_groups (N ids)',
    scales: SIZES,
    request: (_t, f, n) =>
      f.sized[n].usos.call('custom_groups', { custom_group_ids: f.sized[n].groupIds.join('|') }),
  },
];

/** One group's page of members, shares, children and properties, for a group with N members. */
const GROUP_READS: Case<Size>[] = [
  ...['', '/shares', '/child_groups'].map((suffix): Case<Size> => ({
    name: `Civis GET /groups/{id}${suffix} (N members)`,
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .get(`/groups/${f.sized[n].big[0]}${suffix}`)
        .set('Authorization', basicKey(f.sized[n].owner.token)),
  })),
  {
    name: 'Publisher GET /api/2/groups/{id} (N members)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .get(`/api/2/groups/${f.sized[n].big[0]}`)
        .set('Authorization', bearer(f.sized[n].owner.token)),
  },
  ...(
    ['groupMembers', 'groupAdmins', 'groupsByID', 'properties', 'administratorCount'] as const
  ).map((op): Case<Size> => ({
    name: `Jive GET ${op}/{id} (N members)`,
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .get(`/rpc/rest/groupService/${op}/${f.sized[n].big[0]}`)
        .set('Authorization', basicKey(f.sized[n].owner.token)),
  })),
  {
    name: 'Jive GET groups/{name} (N members)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .get(`/rpc/rest/groupService/groups/${encodeURIComponent(`c${n} 0001`)}`)
        .set('Authorization', basicKey(f.sized[n].owner.token)),
  },
  {
    name: 'USOS csgroups/custom_group with users, e-mails and children (N members)',
    scales: SIZES,
    request: (_t, f, n) =>
      f.sized[n].usos.call('custom_group', {
        custom_group_id: String(f.sized[n].big[0]),
        fields: 'id|name|users|emails|custom_groups|primary_groups',
      }),
  },
];

/** A group seen only through `depth` levels of nesting, and the chain's top. */
const NESTED_READS: Case<Depth>[] = [
  {
    name: 'Civis GET /groups/{id} through nesting of depth D',
    scales: DEPTHS,
    request: (t, f, d) =>
      t.http
        .get(`/groups/${f.nested[d].target}`)
        .set('Authorization', basicKey(f.nested[d].viewer.token)),
  },
  {
    name: 'Civis GET /groups (viewer through nesting of depth D)',
    scales: DEPTHS,
    request: (t, f, d) =>
      t.http
        .get('/groups?limit=1000&page_num=1')
        .set('Authorization', basicKey(f.nested[d].viewer.token)),
  },
  {
    name: 'Publisher GET /api/2/groups/{id} through nesting of depth D',
    scales: DEPTHS,
    request: (t, f, d) =>
      t.http
        .get(`/api/2/groups/${f.nested[d].target}`)
        .set('Authorization', bearer(f.nested[d].viewer.token)),
  },
  {
    name: 'Jive GET groupMembers/{id} through nesting of depth D',
    scales: DEPTHS,
    request: (t, f, d) =>
      t.http
        .get(`/rpc/rest/groupService/groupMembers/${f.nested[d].target}`)
        .set('Authorization', basicKey(f.nested[d].viewer.token)),
  },
  {
    name: 'Jive GET userGroups/{viewer} (depth D)',
    scales: DEPTHS,
    request: (t, f, d) =>
      t.http
        .get(`/rpc/rest/groupService/userGroups/${f.nested[d].viewer.id}`)
        .set('Authorization', basicKey(ADMIN_TOKEN)),
  },
  {
    name: 'USOS csgroups/custom_group through nesting of depth D',
    scales: DEPTHS,
    request: (_t, f, d) =>
      f.nested[d].usos.call('custom_group', { custom_group_id: String(f.nested[d].target) }),
  },
  ...['', '/child_groups'].map((suffix): Case<Depth> => ({
    name: `Civis GET /groups/{top of depth D}${suffix} (admin)`,
    scales: DEPTHS,
    request: (t, f, d) =>
      t.http.get(`/groups/${f.nested[d].top}${suffix}`).set('Authorization', ADMIN),
  })),
];

const jive = (t: TestApp, token: string, verb: 'post' | 'put', op: string, xml: string) =>
  t.http[verb](`/rpc/rest/groupService/${op}`)
    .set('Authorization', basicKey(token))
    .set('Content-Type', XML)
    .send(xml);

/** Writes on a group with N members (or carrying N users), each scale on its own groups. */
const WRITES: Case<Size>[] = [
  {
    name: 'Civis PUT /groups/{id}/members/{user} (N members)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .put(`/groups/${f.sized[n].big[1]}/members/${f.sized[1000].owner.id}`)
        .set('Authorization', basicKey(f.sized[n].owner.token)),
  },
  {
    name: 'Civis DELETE /groups/{id}/members/{user} (N members)',
    scales: SIZES,
    status: 204,
    request: (t, f, n) =>
      t.http
        .delete(`/groups/${f.sized[n].big[1]}/members/${f.members[0]}`)
        .set('Authorization', basicKey(f.sized[n].owner.token)),
  },
  {
    name: 'Civis PATCH /groups/{id} (N members)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .patch(`/groups/${f.sized[n].big[1]}`)
        .set('Authorization', basicKey(f.sized[n].owner.token))
        .send({ description: 'patched' }),
  },
  {
    name: 'Civis PUT /groups/{id}/shares/users (N members)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .put(`/groups/${f.sized[n].big[1]}/shares/users`)
        .set('Authorization', basicKey(f.sized[n].owner.token))
        .send({ user_ids: [f.members[1]], permission_level: 'read' }),
  },
  {
    name: 'Civis DELETE /groups/{id} (N members)',
    scales: SIZES,
    status: 204,
    request: (t, f, n) =>
      t.http
        .delete(`/groups/${f.sized[n].big[2]}`)
        .set('Authorization', basicKey(f.sized[n].owner.token)),
  },
  {
    name: 'Civis POST /groups',
    scales: SIZES,
    status: 201,
    request: (t, f, n) =>
      t.http
        .post('/groups')
        .set('Authorization', basicKey(f.sized[n].owner.token))
        .send({ name: `civis new ${n}` }),
  },
  {
    name: 'Publisher PUT /api/2/groups/{id}/users (set N users)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .put(`/api/2/groups/${f.sized[n].big[1]}/users`)
        .set('Authorization', bearer(f.sized[n].owner.token))
        .send({ group: { users: f.members.slice(500, 500 + n) } }),
  },
  {
    name: 'Publisher PUT /api/2/groups/{id} (N members)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .put(`/api/2/groups/${f.sized[n].big[1]}`)
        .set('Authorization', bearer(f.sized[n].owner.token))
        .send({ group: { name: `c${n} renamed` } }),
  },
  {
    name: 'Publisher POST /api/2/groups with N users',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .post('/api/2/groups')
        .set('Authorization', bearer(f.sized[n].owner.token))
        .send({ group: { name: `publisher new ${n}`, users: f.members.slice(0, n) } }),
  },
  {
    name: 'Publisher DELETE /api/2/groups/{id} (N members)',
    scales: SIZES,
    status: 202,
    request: (t, f, n) =>
      t.http
        .delete(`/api/2/groups/${f.sized[n].big[3]}`)
        .set('Authorization', bearer(f.sized[n].owner.token)),
  },
  {
    name: 'Jive POST groupMembers (N members)',
    scales: SIZES,
    request: (t, f, n) =>
      jive(
        t,
        f.sized[n].owner.token,
        'post',
        'groupMembers',
        `<addMemberToGroup><userID>${f.members[999]}</userID><groupID>${f.sized[n].big[1]}</groupID></addMemberToGroup>`,
      ),
  },
  {
    name: 'Jive POST groupAdmins (N members)',
    scales: SIZES,
    request: (t, f, n) =>
      jive(
        t,
        f.sized[n].owner.token,
        'post',
        'groupAdmins',
        `<addAdministratorToGroup><userID>${f.members[2]}</userID><groupID>${f.sized[n].big[1]}</groupID></addAdministratorToGroup>`,
      ),
  },
  {
    name: 'Jive POST properties (N members)',
    scales: SIZES,
    request: (t, f, n) =>
      jive(
        t,
        f.sized[n].owner.token,
        'post',
        'properties',
        `<setProperty><name>colour</name><value>green</value><groupID>${f.sized[n].big[1]}</groupID></setProperty>`,
      ),
  },
  {
    name: 'Jive DELETE groupMembers/{id}/{user} (N members)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .delete(`/rpc/rest/groupService/groupMembers/${f.sized[n].big[1]}/${f.members[3]}`)
        .set('Authorization', basicKey(f.sized[n].owner.token)),
  },
  {
    name: 'Jive DELETE groups/{id} (N members; a system administrator)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .delete(`/rpc/rest/groupService/groups/${f.sized[n].big[4]}`)
        .set('Authorization', basicKey(ADMIN_TOKEN)),
  },
  {
    name: 'USOS csgroups/create with N user_ids',
    scales: SIZES,
    request: (_t, f, n) =>
      f.sized[n].usos.call('create', {
        name: `usos new ${n}`,
        user_ids: f.members.slice(0, n).join('|'),
      }),
  },
  {
    name: 'USOS csgroups/update with N user_ids',
    scales: SIZES,
    request: (_t, f, n) =>
      f.sized[n].usos.call('update', {
        custom_group_id: String(f.sized[n].big[1]),
        user_ids: f.members.slice(0, n).join('|'),
      }),
  },
  {
    name: 'USOS csgroups/delete (N members)',
    scales: SIZES,
    request: (_t, f, n) =>
      f.sized[n].usos.call('delete', { custom_group_ids: String(f.sized[n].big[5]) }),
  },
];

/** Nesting a chain of depth D under another group: the cycle check walks D levels. */
const NESTED_WRITES: Case<Depth>[] = [
  {
    name: 'USOS csgroups/update nesting a chain of depth D',
    scales: DEPTHS,
    request: (_t, f, d) =>
      f.sized[10].usos.call('update', {
        custom_group_id: String(f.sized[10].groupIds[6 + DEPTHS.indexOf(d)]),
        custom_group_ids: String(f.nested[d].top),
      }),
  },
];

const SCIM_JSON = 'application/scim+json';
const scimGet = (t: TestApp, f: Fixture, path: string) =>
  t.http.get(path).set('Authorization', bearer(f.provisioner));
const scimMember = (id: number) => ({ value: `user-${id}` });

/** SCIM (the provisioner's view: federated groups, users who are neither admins nor provisioners). */
const SCIM_READS: Case<Size>[] = [
  {
    name: 'SCIM GET /Groups?filter=displayName sw …&count=min(N,200) (N groups, one of N members)',
    scales: SIZES,
    request: (t, f, n) =>
      scimGet(
        t,
        f,
        `/scim/v2/Groups?filter=${encodeURIComponent(`displayName sw "s${n} "`)}&count=${pageOf(n)}`,
      ),
  },
  {
    name: 'SCIM GET /Groups?filter=members[value eq …] and displayName sw …&count=min(N,200)',
    scales: SIZES,
    request: (t, f, n) =>
      scimGet(
        t,
        f,
        `/scim/v2/Groups?filter=${encodeURIComponent(`members[value eq "user-${f.members[0]}"] and displayName sw "s${n} "`)}&count=${pageOf(n)}`,
      ),
  },
  {
    name: 'SCIM GET /Users?filter=userName sw "m"&count=min(N,200)',
    scales: SIZES,
    request: (t, f, n) =>
      scimGet(
        t,
        f,
        `/scim/v2/Users?filter=${encodeURIComponent('userName sw "m"')}&count=${pageOf(n)}`,
      ),
  },
  {
    name: 'SCIM GET /Users?count=min(N,200) (no filter)',
    scales: SIZES,
    request: (t, f, n) => scimGet(t, f, `/scim/v2/Users?count=${pageOf(n)}`),
  },
  {
    name: 'SCIM GET /Groups/{id} (N members)',
    scales: SIZES,
    request: (t, f, n) => scimGet(t, f, `/scim/v2/Groups/group-${f.sized[n].federated[0]}`),
  },
];

const SCIM_WRITES: Case<Size>[] = [
  {
    name: 'SCIM PATCH /Groups/{id} add a member (N members)',
    scales: SIZES,
    status: 204,
    request: (t, f, n) =>
      t.http
        .patch(`/scim/v2/Groups/group-${f.sized[n].federated[1]}`)
        .set('Authorization', bearer(f.provisioner))
        .set('Content-Type', SCIM_JSON)
        .send({
          schemas: [PATCH_OP],
          Operations: [{ op: 'add', path: 'members', value: [scimMember(f.sized[1000].owner.id)] }],
        }),
  },
  {
    name: 'SCIM PUT /Groups/{id} with N members',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .put(`/scim/v2/Groups/group-${f.sized[n].federated[1]}`)
        .set('Authorization', bearer(f.provisioner))
        .set('Content-Type', SCIM_JSON)
        .send({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          displayName: `s${n} replaced`,
          members: f.members.slice(500, 500 + n).map(scimMember),
        }),
  },
];

const adminGet = (t: TestApp, path: string) => t.http.get(path).set('Authorization', ADMIN);

/** The admin API's directory lists: a page of min(N, 200) out of N rows. */
const ADMIN_LISTS: Case<Size>[] = [
  {
    name: 'admin GET /users?q=…&limit=min(N,200) (about N users match)',
    scales: SIZES,
    // m000… matches 9, m00… 99, m… 1000.
    request: (t, _f, n) =>
      adminGet(t, `/admin/v1/users?q=${'m000'.slice(0, 5 - String(n).length)}&limit=${pageOf(n)}`),
  },
  ...(
    [
      ['q', (f, n) => `q=${encodeURIComponent(`c${n} `)}`],
      ['ownerId', (f, n) => `ownerId=${f.sized[n].owner.id}`],
      ['memberId', (f, n) => `memberId=${f.sized[n].owner.id}`],
      ['federated', (_f, n) => `federated=true&q=${encodeURIComponent(`s${n} `)}`],
    ] as [string, (f: Fixture, n: Size) => string][]
  ).map(([filter, query]): Case<Size> => ({
    name: `admin GET /groups?${filter}=…&limit=min(N,200) (admin, N groups match)`,
    scales: SIZES,
    request: (t, f, n) => adminGet(t, `/admin/v1/groups?${query(f, n)}&limit=${pageOf(n)}`),
  })),
  {
    name: 'admin GET /groups?limit=min(N,200) (owner of N groups)',
    scales: SIZES,
    request: (t, f, n) =>
      t.http
        .get(`/admin/v1/groups?limit=${pageOf(n)}`)
        .set('Authorization', bearer(f.sized[n].owner.token)),
  },
  {
    name: 'admin GET /organizations?q=…&limit=min(N,200) (N match)',
    scales: SIZES,
    request: (t, _f, n) =>
      adminGet(t, `/admin/v1/organizations?q=${encodeURIComponent(`o${n} `)}&limit=${pageOf(n)}`),
  },
  {
    name: 'admin GET /users/{id}/tokens (a user with N + 1 tokens)',
    scales: SIZES,
    request: (t, f, n) => adminGet(t, `/admin/v1/users/${f.sized[n].owner.id}/tokens`),
  },
];

/** One group's sub-resources in the admin API, for a group with N members. */
const ADMIN_GROUP_READS: Case<Size>[] = [
  ...['members', 'effective-members'].map((list): Case<Size> => ({
    name: `admin GET /groups/{id}/${list}?limit=min(N,200) (N members)`,
    scales: SIZES,
    request: (t, f, n) =>
      adminGet(t, `/admin/v1/groups/${f.sized[n].big[0]}/${list}?limit=${pageOf(n)}`),
  })),
  ...['administrators', 'shares', 'children', 'properties', 'email-members', ''].map(
    (sub): Case<Size> => ({
      name: `admin GET /groups/{id}${sub ? `/${sub}` : ''} (N members)`,
      scales: SIZES,
      request: (t, f, n) =>
        adminGet(t, `/admin/v1/groups/${f.sized[n].big[0]}${sub ? `/${sub}` : ''}`),
    }),
  ),
  {
    name: 'admin GET /groups/{id}/members/{user}/explain (N members)',
    scales: SIZES,
    request: (t, f, n) =>
      adminGet(t, `/admin/v1/groups/${f.sized[n].big[0]}/members/${f.members[0]}/explain`),
  },
];

/** The admin API through nesting: the chain's top holds the viewer D levels down. */
const ADMIN_NESTED_READS: Case<Depth>[] = [
  ...['effective-members', 'children', 'members/{viewer}/explain'].map((sub): Case<Depth> => ({
    name: `admin GET /groups/{top of depth D}/${sub}`,
    scales: DEPTHS,
    request: (t, f, d) =>
      adminGet(
        t,
        `/admin/v1/groups/${f.nested[d].top}/${sub.replace('{viewer}', String(f.nested[d].viewer.id))}`,
      ),
  })),
  {
    name: 'admin GET /groups as the viewer (through nesting of depth D)',
    scales: DEPTHS,
    request: (t, f, d) =>
      t.http
        .get(`/admin/v1/groups?limit=200`)
        .set('Authorization', bearer(f.nested[d].viewer.token)),
  },
];

/** The console's pages (25 rows a list page, 50 members a group page), signed in. */
const CONSOLE_READS: Case<Size>[] = [
  {
    name: 'console GET /console/groups?q=… (admin, N groups match)',
    scales: SIZES,
    request: (_t, f, n) => f.adminConsole.get(`/console/groups?q=${encodeURIComponent(`c${n} `)}`),
  },
  {
    name: 'console GET /console/groups (owner of N groups)',
    scales: SIZES,
    request: (_t, f, n) => f.sized[n].console.get('/console/groups'),
  },
  {
    name: 'console GET /console/users?q=… (admin, about N users match)',
    scales: SIZES,
    request: (_t, f, n) =>
      f.adminConsole.get(`/console/users?q=${'m000'.slice(0, 5 - String(n).length)}`),
  },
  {
    name: 'console GET /console/groups/{id} (owner; N members)',
    scales: SIZES,
    request: (_t, f, n) => f.sized[n].console.get(`/console/groups/${f.sized[n].big[0]}`),
  },
];

const CONSOLE_NESTED_READS: Case<Depth>[] = [
  {
    name: 'console GET /console/groups/{top of depth D} (admin)',
    scales: DEPTHS,
    request: (_t, f, d) => f.adminConsole.get(`/console/groups/${f.nested[d].top}`),
  },
];

const adminWrite = (t: TestApp, verb: 'post' | 'put' | 'patch' | 'delete', path: string) =>
  t.http[verb](`/admin/v1${path}`).set('Authorization', ADMIN);

/** The admin API's writes on a group with N members (or carrying N users or addresses). */
const ADMIN_WRITES: Case<Size>[] = [
  {
    name: 'admin POST /groups/{id}/members with N userIds (N members)',
    scales: SIZES,
    status: 204,
    request: (t, f, n) =>
      adminWrite(t, 'post', `/groups/${f.sized[n].big[1]}/members`).send({
        userIds: f.members.slice(1000 - n),
      }),
  },
  {
    name: 'admin DELETE /groups/{id}/members/{user} (N members)',
    scales: SIZES,
    status: 204,
    request: (t, f, n) =>
      adminWrite(t, 'delete', `/groups/${f.sized[n].big[1]}/members/${f.members[4]}`),
  },
  {
    name: 'admin PATCH /groups/{id} (N members)',
    scales: SIZES,
    request: (t, f, n) =>
      adminWrite(t, 'patch', `/groups/${f.sized[n].big[1]}`).send({ description: 'admin' }),
  },
  {
    name: 'admin PUT /groups/{id}/email-members with N addresses',
    scales: SIZES,
    request: (t, f, n) =>
      adminWrite(t, 'put', `/groups/${f.sized[n].big[1]}/email-members`).send({
        emails: Array.from({ length: n }, (_, i) => `guest${i}@example.org`),
      }),
  },
  {
    name: 'admin DELETE /groups/{id} (N members)',
    scales: SIZES,
    status: 204,
    request: (t, f, n) => adminWrite(t, 'delete', `/groups/${f.sized[n].federated[2]}`),
  },
];

/** Nesting a chain of depth D under another group through the admin API. */
const ADMIN_NESTED_WRITES: Case<Depth>[] = [
  {
    name: 'admin POST /groups/{id}/children nesting a chain of depth D',
    scales: DEPTHS,
    status: 204,
    request: (t, f, d) =>
      adminWrite(
        t,
        'post',
        `/groups/${f.sized[100].groupIds[6 + DEPTHS.indexOf(d)]}/children`,
      ).send({ groupIds: [f.nested[d].top] }),
  },
];

/** More SCIM writes: create with N members, remove one, delete a group of N. */
const SCIM_MORE_WRITES: Case<Size>[] = [
  {
    name: 'SCIM POST /Groups with N members',
    scales: SIZES,
    status: 201,
    request: (t, f, n) =>
      t.http
        .post('/scim/v2/Groups')
        .set('Authorization', bearer(f.provisioner))
        .set('Content-Type', SCIM_JSON)
        .send({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          displayName: `s${n} created`,
          members: f.members.slice(0, n).map(scimMember),
        }),
  },
  {
    name: 'SCIM PATCH /Groups/{id} remove a member (N members)',
    scales: SIZES,
    status: 204,
    request: (t, f, n) =>
      t.http
        .patch(`/scim/v2/Groups/group-${f.sized[n].federated[1]}`)
        .set('Authorization', bearer(f.provisioner))
        .set('Content-Type', SCIM_JSON)
        .send({
          schemas: [PATCH_OP],
          Operations: [{ op: 'remove', path: `members[value eq "user-${f.members[501]}"]` }],
        }),
  },
  {
    name: 'SCIM DELETE /Groups/{id} (N members)',
    scales: SIZES,
    status: 204,
    request: (t, f, n) =>
      t.http
        .delete(`/scim/v2/Groups/group-${f.sized[n].federated[3]}`)
        .set('Authorization', bearer(f.provisioner)),
  },
];

const consoleForm = (f: Fixture, n: Size, path: string, fields: Record<string, string>) =>
  f.sized[n].console
    .post(path)
    .type('form')
    .send({ _csrf: f.sized[n].csrf, ...fields });

/** The console's forms on a group with N members (each answers 303 to the group's page). */
const CONSOLE_WRITES: Case<Size>[] = [
  {
    name: 'console POST /console/groups/{id}/members (N members)',
    scales: SIZES,
    status: 303,
    request: (_t, f, n) =>
      consoleForm(f, n, `/console/groups/${f.sized[n].big[1]}/members`, {
        userId: String(f.sized[10].owner.id),
      }),
  },
  {
    name: 'console POST /console/groups/{id}/members/{user}/remove (N members)',
    scales: SIZES,
    status: 303,
    request: (_t, f, n) =>
      consoleForm(f, n, `/console/groups/${f.sized[n].big[1]}/members/${f.members[5]}/remove`, {}),
  },
  {
    name: 'console POST /console/groups/{id} (rename; N members)',
    scales: SIZES,
    status: 303,
    request: (_t, f, n) =>
      consoleForm(f, n, `/console/groups/${f.sized[n].big[1]}`, {
        name: `c${n} console`,
        description: 'console',
      }),
  },
];

describe('statements per request stay constant as pages, member lists and nesting grow', () => {
  let t: TestApp;
  let f: Fixture;
  let counter: StatementCounter;

  beforeAll(async () => {
    t = await createTestApp();
    f = await seed(t);
    counter = new StatementCounter(HOUSEKEEPING);
  });

  afterAll(async () => {
    counter?.restore();
    await t?.close();
  });

  const check = <S extends number>(c: Case<S>) => {
    it(c.name, async () => {
      const counts: Record<number, number> = {};
      for (const scale of c.scales) {
        let reply = { status: 0, text: '' };
        counts[scale] = (
          await counter.during(async () => {
            reply = await c.request(t, f, scale);
          })
        ).length;
        const expected = c.status ?? 200;
        // The body only when the status is wrong: it says why.
        const why = reply.status === expected ? '' : reply.text;
        expect({ scale, status: reply.status, why }).toEqual({ scale, status: expected, why: '' });
      }
      const first = counts[c.scales[0]];
      expect(counts).toEqual(Object.fromEntries(c.scales.map((s) => [s, first])));
    });
  };

  it('USOS csgroups/user still answers every group of a creator of 1000, oldest first', async () => {
    const res = await f.sized[1000].usos.call('user', {}).expect(200);
    expect(res.body).toEqual(
      f.sized[1000].groupIds.map((id, i) => ({ id: String(id), name: `c1000 ${pad(i + 1)}` })),
    );
  });

  describe('lists and pages', () => LISTS.forEach(check));
  describe('one group with N members', () => GROUP_READS.forEach(check));
  describe('through nesting of depth 1, 5, 20', () => NESTED_READS.forEach(check));
  describe('writes', () => WRITES.forEach(check));
  describe('writes across nesting', () => NESTED_WRITES.forEach(check));
  describe('SCIM reads', () => SCIM_READS.forEach(check));
  describe('SCIM writes', () => SCIM_WRITES.forEach(check));
  describe('admin API lists', () => ADMIN_LISTS.forEach(check));
  describe('admin API, one group with N members', () => ADMIN_GROUP_READS.forEach(check));
  describe('admin API through nesting of depth 1, 5, 20', () => ADMIN_NESTED_READS.forEach(check));
  describe('console pages', () => CONSOLE_READS.forEach(check));
  describe('console through nesting of depth 1, 5, 20', () => CONSOLE_NESTED_READS.forEach(check));
  describe('admin API writes', () => ADMIN_WRITES.forEach(check));
  describe('admin API writes across nesting', () => ADMIN_NESTED_WRITES.forEach(check));
  describe('more SCIM writes', () => SCIM_MORE_WRITES.forEach(check));
  describe('console writes', () => CONSOLE_WRITES.forEach(check));
});
