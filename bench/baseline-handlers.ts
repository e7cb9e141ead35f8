import { createHash } from 'node:crypto';
import { BUCKET_TARGET } from '../src/persistence/migrations/1765800000000-group-name-buckets';
import { BenchDb, Querier } from './bench-db';

/**
 * The physical limit: each workload answered with the minimal hand-written SQL (prepared once,
 * named statements on PostgreSQL) and the same bytes the dialect writes. No validation, and no
 * auth except in `nest-auth` (`createAuthenticator`): the caller comes from a map of
 * Authorization header → user, built by the orchestrator when it mints the tokens. Shared by
 * every baseline (raw node:http and the bare Nest variants).
 */
export interface Caller {
  userId: number;
  admin: boolean;
}

export interface BaselineRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The Host header (links are built from it, as the dialects do without PUBLIC_URL). */
  host: string;
  caller: Caller;
  /** The parsed JSON body, if any. */
  body?: unknown;
}

export interface BaselineReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type HandlerName =
  | 'admin.user'
  | 'civis.list'
  | 'civis.get'
  | 'civis.addMember'
  | 'publisher.list'
  | 'jive.members'
  | 'usos.user'
  | 'scim.groups'
  | 'scim.patchGroup'
  | 'console.groups';

export interface RouteDef {
  name: HandlerName;
  method: 'GET' | 'PUT' | 'PATCH';
  /** Express-style path with :params. */
  path: string;
}

export const BASELINE_ROUTES: readonly RouteDef[] = [
  { name: 'admin.user', method: 'GET', path: '/admin/v1/users/:id' },
  { name: 'civis.list', method: 'GET', path: '/groups' },
  { name: 'civis.get', method: 'GET', path: '/groups/:id' },
  { name: 'civis.addMember', method: 'PUT', path: '/groups/:id/members/:userId' },
  { name: 'publisher.list', method: 'GET', path: '/api/2/groups' },
  { name: 'jive.members', method: 'GET', path: '/rpc/rest/groupService/groupMembers/:id' },
  { name: 'usos.user', method: 'GET', path: '/services/csgroups/user' },
  { name: 'scim.groups', method: 'GET', path: '/scim/v2/Groups' },
  { name: 'scim.patchGroup', method: 'PATCH', path: '/scim/v2/Groups/:id' },
  { name: 'console.groups', method: 'GET', path: '/console/groups' },
];

const JSON_TYPE = 'application/json; charset=utf-8';
const NOT_FOUND: BaselineReply = { status: 404, headers: {}, body: '' };

const json = (value: unknown, headers: Record<string, string> = {}): BaselineReply => ({
  status: 200,
  headers: { 'content-type': JSON_TYPE, ...headers },
  body: JSON.stringify(value),
});

// ---------------------------------------------------------------- SQL

const USER_SQL = `SELECT id, username, first_name, last_name, email, active, is_admin,
  organization_id, created_at, updated_at FROM users WHERE id = ?`;

/** Same policy query as the domain (docs/architecture.md: owner, shares direct or via nesting, members). */
const ACCESS_SQL = `WITH RECURSIVE caller_groups(id) AS (
    SELECT group_id FROM group_members WHERE user_id = ?
    UNION
    SELECT gc.parent_id FROM group_children gc JOIN caller_groups cg ON gc.child_id = cg.id
  )
  SELECT g.owner_id,
    (SELECT MAX(s.level) FROM group_shares s WHERE s.group_id = g.id AND (
      (s.principal_type = 'user' AND s.principal_id = ?)
      OR (s.principal_type = 'group' AND s.principal_id IN (SELECT id FROM caller_groups)))) AS share_rank,
    (SELECT COUNT(*) FROM caller_groups c WHERE c.id = g.id) AS is_member
  FROM groups g WHERE g.id = ?`;

const GROUP_SQL = `SELECT g.id, g.name, g.description, g.slug, g.organization_id,
  o.name AS organization_name, g.created_by_id, g.updated_by_id, g.created_at, g.updated_at,
  g.default_otp_required_for_login, g.default_time_zone, g.default_jobs_label,
  g.default_notebooks_label, g.default_services_label, g.role_ids
  FROM groups g LEFT JOIN organizations o ON o.id = g.organization_id WHERE g.id = ?`;

/** One group's members, users probed by primary key for its member ids, as the app does (F25). */
const MEMBERS_SQL = (pg: boolean) => `SELECT u.id, u.username, u.first_name, u.last_name, u.email,
  u.active, u.is_admin, u.organization_id, u.created_at, u.updated_at FROM users u
  WHERE u.id ${pg ? '= ANY(ARRAY(' : 'IN ('}SELECT m.user_id FROM group_members m WHERE m.group_id = ?${pg ? '))' : ')'}
  ORDER BY u.id`;

/** Every group: the sum of the name buckets the database keeps exact (as the app reads it). */
const COUNT_GROUPS_SQL = `SELECT SUM(groups) AS total FROM group_name_buckets`;

/**
 * A page of ids in name order. Past the first bucket it starts at the bucket holding its offset
 * and skips at most that bucket's rows, as the app does (docs/performance.md F22); the bucket's
 * position is a running sum over the buckets.
 */
const ANCHOR_BUCKET = `(SELECT start_key, before FROM (
    SELECT start_key, CAST(SUM(groups) OVER (ORDER BY start_key) - groups AS BIGINT) AS before
    FROM group_name_buckets) c
  WHERE before <= ? ORDER BY start_key DESC LIMIT 1)`;
const PAGE_IDS_SQL = `SELECT id FROM groups ORDER BY name_key ASC, id ASC LIMIT ? OFFSET ?`;
const PAGE_IDS_FROM_BUCKET_SQL = `SELECT id FROM groups
  WHERE name_key >= (SELECT start_key FROM ${ANCHOR_BUCKET} a)
  ORDER BY name_key ASC, id ASC
  LIMIT ? OFFSET ? - (SELECT before FROM ${ANCHOR_BUCKET} a)`;

/** A page's statement (named `name`, built around its ids query) for an offset, with parameters. */
function pageOf(name: string, build: (ids: string) => string, limit: number, offset: number) {
  return offset >= BUCKET_TARGET
    ? {
        name: `${name}_from_bucket`,
        sql: build(PAGE_IDS_FROM_BUCKET_SQL),
        params: [offset, limit, offset, offset],
      }
    : { name, sql: build(PAGE_IDS_SQL), params: [limit, offset] };
}

/**
 * Deferred join: the page's ids come from the covering name index alone, so only the 200 rows
 * shown are read, not the OFFSET rows skipped. The member counts are the columns the database
 * maintains, as the app reads them (docs/performance.md F24).
 */
const CIVIS_PAGE_SQL = (
  ids: string,
) => `SELECT g.id, g.name, g.description, g.slug, g.organization_id,
  o.name AS organization_name, g.created_by_id, g.updated_by_id, g.created_at, g.updated_at,
  g.member_count, g.active_member_count
  FROM groups g LEFT JOIN organizations o ON o.id = g.organization_id
  WHERE g.id IN (${ids})
  ORDER BY g.name_key ASC, g.id ASC`;

/** A first page reads straight from the ordered scan; a deeper one pages over ids (as the app). */
const PUBLISHER_FIRST_PAGE_SQL = `SELECT id, name FROM groups ORDER BY name_key ASC, id ASC LIMIT ? OFFSET ?`;
const PUBLISHER_PAGE_SQL = (ids: string) =>
  `SELECT id, name FROM groups WHERE id IN (${ids}) ORDER BY name_key ASC, id ASC`;

/** USOS `user`: the custom (non-federated) groups the caller created, oldest first. */
const CREATED_GROUPS_SQL = `SELECT id, name FROM groups WHERE created_by_id = ? AND federated = FALSE
  ORDER BY created_at ASC, id ASC`;

const INSERT_MEMBER_SQL = `INSERT INTO group_members (group_id, user_id, created_at) VALUES (?, ?, ?)
  ON CONFLICT (group_id, user_id) DO NOTHING`;

const TOUCH_SQL = `UPDATE groups SET updated_at = ?, updated_by_id = ? WHERE id = ?`;

/**
 * SCIM (W6) sees federated groups only. `displayName sw` is the folded name's LIKE; the app's
 * default order is by id; members come for the whole page in one query.
 */
const SCIM_GROUP_COLUMNS = `SELECT g.id, g.name, g.external_id, g.created_at, g.updated_at FROM groups g`;
const SCIM_COUNT_SQL = `SELECT COUNT(*) AS total FROM groups g
  WHERE g.federated = TRUE AND g.name_key LIKE ? ESCAPE '\\'`;
const SCIM_PAGE_SQL = `${SCIM_GROUP_COLUMNS} WHERE g.federated = TRUE AND g.name_key LIKE ? ESCAPE '\\'
  ORDER BY g.id ASC, g.id ASC LIMIT ? OFFSET ?`;
const SCIM_MEMBERS_SQL = (n: number) => `SELECT gm.group_id, u.id,
  COALESCE(u.display_name, u.username) AS display
  FROM group_members gm JOIN users u ON u.id = gm.user_id
  WHERE gm.group_id IN (${Array(n).fill('?').join(', ')}) ORDER BY gm.group_id, u.id`;
const SCIM_CHILDREN_SQL = (n: number) => `SELECT gc.parent_id AS group_id, c.id, c.name AS display
  FROM group_children gc JOIN groups c ON c.id = gc.child_id
  WHERE gc.parent_id IN (${Array(n).fill('?').join(', ')}) ORDER BY gc.parent_id, c.id`;
const SCIM_GROUP_SQL = `${SCIM_GROUP_COLUMNS} WHERE g.id = ? AND g.federated = TRUE`;
const EXISTING_USER_SQL = `SELECT id FROM users WHERE id IN (?)`;

/** The console's group search (W7) as a system administrator: no visibility clause. */
const CONSOLE_NAME_KEY = (pg: boolean) => (pg ? 'g.name_key COLLATE "C"' : 'g.name_key');
const CONSOLE_PAGE_SQL = (pg: boolean) => `WITH RECURSIVE page AS (
    SELECT g.id, g.name, g.name_key, g.description, g.organization_id, g.federated, g.owner_id,
      g.created_at, g.updated_at, g.member_count
    FROM groups g WHERE ${CONSOLE_NAME_KEY(pg)} >= ? AND ${CONSOLE_NAME_KEY(pg)} < ?
    ORDER BY ${CONSOLE_NAME_KEY(pg)}, g.id LIMIT ?
  ), below(root, id) AS (
    SELECT id, id FROM page
    UNION
    SELECT b.root, gc.child_id FROM group_children gc JOIN below b ON gc.parent_id = b.id
  )
  SELECT p.id, p.name, p.name_key, o.name AS organization_name, p.federated, p.member_count,
    (SELECT COUNT(DISTINCT m.user_id) FROM below b JOIN group_members m ON m.group_id = b.id
      WHERE b.root = p.id) AS effective_member_count
  FROM page p LEFT JOIN organizations o ON o.id = p.organization_id
  ORDER BY ${pg ? 'p.name_key COLLATE "C"' : 'p.name_key'}, p.id`;
const CONSOLE_COUNT_SQL = (pg: boolean) => `SELECT COUNT(*) AS total FROM (
  SELECT 1 FROM groups g WHERE ${CONSOLE_NAME_KEY(pg)} >= ? AND ${CONSOLE_NAME_KEY(pg)} < ?
  LIMIT 10001) t`;
const CONSOLE_PAGE_SIZE = 25;
const COUNT_CAP = 10_000;

interface UserRow {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string | null;
  active: boolean | number;
  is_admin: boolean | number;
  organization_id: number | null;
  created_at: number;
  updated_at: number;
}

interface GroupRow {
  id: number;
  name: string;
  description: string | null;
  slug: string;
  organization_id: number | null;
  organization_name: string | null;
  created_by_id: number | null;
  updated_by_id: number | null;
  created_at: number;
  updated_at: number;
  default_otp_required_for_login: boolean | number | null;
  default_time_zone: string | null;
  default_jobs_label: string | null;
  default_notebooks_label: string | null;
  default_services_label: string | null;
  role_ids: string;
}

type PageRow = Omit<GroupRow, 'default_otp_required_for_login' | 'role_ids'> & {
  member_count: number;
  active_member_count: number;
};

const LEVELS = [null, 'read', 'write', 'manage'] as const;
type Level = (typeof LEVELS)[number];

async function accessLevel(q: Querier, caller: Caller, groupId: number): Promise<Level | 'none'> {
  if (caller.admin) return 'manage';
  const [row] = await q.all<{
    owner_id: number | null;
    share_rank: number | null;
    is_member: number;
  }>('bench_access', ACCESS_SQL, [caller.userId, caller.userId, groupId]);
  if (!row) return 'none';
  if (row.owner_id === caller.userId) return 'manage';
  const shared = row.share_rank === null ? null : LEVELS[Number(row.share_rank)];
  if (shared) return shared;
  return Number(row.is_member) > 0 ? 'read' : null;
}

const RANK = { read: 1, write: 2, manage: 3 } as const;

/** true when visible and at least `need` (admins: existence is checked by the row query). */
async function allowed(q: Querier, caller: Caller, groupId: number, need: keyof typeof RANK) {
  const level = await accessLevel(q, caller, groupId);
  return level !== 'none' && level !== null && RANK[level] >= RANK[need];
}

// ---------------------------------------------------------------- renderers

const iso = (ms: number) => new Date(Number(ms)).toISOString();
const bool = (v: boolean | number | null) => (v === null ? null : Boolean(v));

function civisMember(u: UserRow) {
  return {
    id: u.id,
    name: `${u.first_name} ${u.last_name}`.trim(),
    username: u.username,
    initials: `${u.first_name.charAt(0)}${u.last_name.charAt(0)}`.toUpperCase(),
    online: null,
    email: u.email,
    primaryGroupId: null,
    active: Boolean(u.active),
  };
}

function civisGroup(g: GroupRow, members: UserRow[]) {
  return {
    id: g.id,
    name: g.name,
    createdAt: iso(g.created_at),
    updatedAt: iso(g.updated_at),
    description: g.description,
    slug: g.slug,
    organizationId: g.organization_id,
    organizationName: g.organization_name,
    memberCount: members.reduce((n, m) => (m.active ? n + 1 : n), 0),
    totalMemberCount: members.length,
    defaultOtpRequiredForLogin: bool(g.default_otp_required_for_login),
    roleIds: JSON.parse(g.role_ids) as number[],
    defaultTimeZone: g.default_time_zone,
    defaultJobsLabel: g.default_jobs_label,
    defaultNotebooksLabel: g.default_notebooks_label,
    defaultServicesLabel: g.default_services_label,
    lastUpdatedById: g.updated_by_id,
    createdById: g.created_by_id,
    members: members.map(civisMember),
  };
}

function civisSummary(g: PageRow) {
  return {
    id: g.id,
    name: g.name,
    createdAt: iso(g.created_at),
    updatedAt: iso(g.updated_at),
    description: g.description,
    slug: g.slug,
    organizationId: g.organization_id,
    organizationName: g.organization_name,
    memberCount: Number(g.active_member_count),
    totalMemberCount: Number(g.member_count),
    lastUpdatedById: g.updated_by_id,
    createdById: g.created_by_id,
    members: [],
  };
}

function adminUser(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    firstName: u.first_name,
    lastName: u.last_name,
    email: u.email,
    active: Boolean(u.active),
    isAdmin: Boolean(u.is_admin),
    organizationId: u.organization_id,
    createdAt: iso(u.created_at),
    updatedAt: iso(u.updated_at),
  };
}

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const escapeXml = (text: string) =>
  text
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
const el = (name: string, value: string | number | boolean | null) =>
  value === null ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
const jiveDate = (ms: number) => new Date(Number(ms)).toISOString().replace(/Z$/, '+00:00');

/** A Jive User, elements in the JAXB (alphabetical) order. */
function jiveUser(u: UserRow): string {
  const fullName = `${u.first_name} ${u.last_name}`.trim();
  return (
    el('creationDate', jiveDate(u.created_at)) +
    el('email', u.email) +
    el('emailVisible', true) +
    el('enabled', Boolean(u.active)) +
    el('firstName', u.first_name || null) +
    el('ID', u.id) +
    el('lastName', u.last_name || null) +
    el('modificationDate', jiveDate(u.updated_at)) +
    el('name', fullName || null) +
    el('nameVisible', true) +
    el('username', u.username)
  );
}

const JIVE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><ns2:getGroupMembersResponse ' +
  'xmlns:ns2="http://jivesoftware.com/clearspace/webservices"';

function jiveMembers(members: UserRow[]): string {
  if (members.length === 0) return `${JIVE_OPEN}/>`;
  let body = `${JIVE_OPEN}>`;
  for (const m of members) body += `<return>${jiveUser(m)}</return>`;
  return `${body}</ns2:getGroupMembersResponse>`;
}

interface ScimGroupRow {
  id: number;
  name: string;
  external_id: string | null;
  created_at: number;
  updated_at: number;
}

interface ScimMemberRow {
  group_id: number;
  id: number;
  display: string;
}

const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SCIM_TYPE = 'application/scim+json; charset=utf-8';

function scimGroup(g: ScimGroupRow, users: ScimMemberRow[], groups: ScimMemberRow[], base: string) {
  const id = `group-${g.id}`;
  const member = (kind: 'user' | 'group', m: ScimMemberRow) => {
    const value = `${kind}-${m.id}`;
    const type = kind === 'user' ? 'User' : 'Group';
    return { value, $ref: `${base}/${type}s/${value}`, display: m.display, type };
  };
  return {
    schemas: [CORE_GROUP],
    id,
    ...(g.external_id !== null ? { externalId: g.external_id } : {}),
    displayName: g.name,
    members: [...users.map((m) => member('user', m)), ...groups.map((m) => member('group', m))],
    meta: {
      resourceType: 'Group',
      created: iso(g.created_at),
      lastModified: iso(g.updated_at),
      location: `${base}/Groups/${id}`,
      version: `W/"${Number(g.updated_at)}"`,
    },
  };
}

interface ConsoleRow {
  id: number;
  name: string;
  name_key: string;
  organization_name: string | null;
  federated: boolean | number;
  member_count: number;
  effective_member_count: number;
}

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The console's `#group-results` region (W7), in English, whitespace between tags collapsed. */
function consoleResults(rows: ConsoleRow[], counted: number, q: string): string {
  const more = rows.length > CONSOLE_PAGE_SIZE;
  const items = more ? rows.slice(0, CONSOLE_PAGE_SIZE) : rows;
  const total = Math.min(counted, COUNT_CAP);
  let html = `<div id="group-results" aria-live="polite"><p class="muted">${total} found${counted > COUNT_CAP ? '+' : ''}</p>`;
  if (items.length) {
    html +=
      '<table><thead><tr><th scope="col">Name</th><th scope="col">Organization</th>' +
      '<th scope="col" class="num">Members</th><th scope="col" class="num">Effective members</th>' +
      '</tr></thead><tbody>';
    for (const g of items) {
      html +=
        `<tr><td><a href="/console/groups/${g.id}">${escapeHtml(g.name)}</a>` +
        `${g.federated ? '<span class="tag">federated</span>' : ''}</td>` +
        `<td>${escapeHtml(g.organization_name ?? '')}</td>` +
        `<td class="num">${Number(g.member_count)}</td>` +
        `<td class="num">${Number(g.effective_member_count)}</td></tr>`;
    }
    html += '</tbody></table>';
  } else {
    html += '<p>No groups found.</p>';
  }
  if (more) {
    const last = items[items.length - 1];
    const cursor = Buffer.from(JSON.stringify([last.name_key, last.id])).toString('base64url');
    const next = `/console/groups?${new URLSearchParams({ q, cursor }).toString()}`;
    html += `<p><a href="${escapeHtml(next)}">Next page</a></p>`;
  }
  return `${html}</div>`;
}

// ---------------------------------------------------------------- authentication

/**
 * The API-key check every request of the app must make (issue 22, decision 1): SHA-256 of the
 * key, then the same indexed lookup and the same revocation semantics as the app's
 * `CredentialsService.callerForToken` — a revoked, expired or deleted token or a deactivated user is
 * refused. Keep the
 * two in step: the orchestrator checks that this baseline refuses an unknown key as the app does.
 */
const TOKEN_CALLER_SQL = `SELECT u.id, u.is_admin FROM api_tokens t JOIN users u ON u.id = t.user_id
  WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)
    AND u.active = TRUE`;

/** `Bearer <key>` or Basic `<key>:` (Civis), the two ways the workloads send an API key. */
function apiKeyOf(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const space = authorization.indexOf(' ');
  const scheme = authorization.slice(0, space).toLowerCase();
  const value = authorization.slice(space + 1).trim();
  if (scheme === 'bearer') return value || null;
  if (scheme !== 'basic') return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && colon === decoded.length - 1 ? decoded.slice(0, colon) : null;
}

export type Authenticator = (authorization: string | undefined) => Promise<Caller | null>;

export function createAuthenticator(db: BenchDb): Authenticator {
  return async (authorization) => {
    const key = apiKeyOf(authorization);
    if (key === null) return null;
    const hash = createHash('sha256').update(key).digest('hex');
    const [row] = await db.all<{ id: number; is_admin: boolean | number }>(
      'bench_token_caller',
      TOKEN_CALLER_SQL,
      [hash, Date.now()],
    );
    return row ? { userId: row.id, admin: Boolean(row.is_admin) } : null;
  };
}

// ---------------------------------------------------------------- handlers

const int = (s: string | null, fallback: number) => (s === null || s === '' ? fallback : Number(s));

async function civisGroupReply(q: Querier, pg: boolean, id: number): Promise<BaselineReply> {
  const [group] = await q.all<GroupRow>('bench_group', GROUP_SQL, [id]);
  if (!group) return NOT_FOUND;
  const members = await q.all<UserRow>('bench_members', MEMBERS_SQL(pg), [id]);
  return json(civisGroup(group, members));
}

export type Handlers = Record<HandlerName, (req: BaselineRequest) => Promise<BaselineReply>>;

export function createHandlers(db: BenchDb): Handlers {
  return {
    'admin.user': async ({ params }) => {
      const [user] = await db.all<UserRow>('bench_user', USER_SQL, [Number(params.id)]);
      return user ? json(adminUser(user)) : NOT_FOUND;
    },

    'civis.get': async ({ params, caller }) => {
      const id = Number(params.id);
      if (!(await allowed(db, caller, id, 'read'))) return NOT_FOUND;
      return civisGroupReply(db, db.engine === 'postgres', id);
    },

    'civis.list': async ({ query }) => {
      const limit = int(query.get('limit'), 50);
      const page = int(query.get('page_num'), 1);
      const civisPage = pageOf('bench_civis_page', CIVIS_PAGE_SQL, limit, (page - 1) * limit);
      const [[count], rows] = await Promise.all([
        db.all<{ total: number }>('bench_count_groups', COUNT_GROUPS_SQL),
        db.all<PageRow>(civisPage.name, civisPage.sql, civisPage.params),
      ]);
      const total = Number(count.total);
      return json(rows.map(civisSummary), {
        'x-pagination-per-page': String(limit),
        'x-pagination-current-page': String(page),
        'x-pagination-total-pages': String(Math.ceil(total / limit)),
        'x-pagination-total-entries': String(total),
      });
    },

    'civis.addMember': ({ params, caller }) => {
      const id = Number(params.id);
      const userId = Number(params.userId);
      return db.tx(async (q) => {
        if (!(await allowed(q, caller, id, 'write'))) return NOT_FOUND;
        const now = Date.now();
        await q.all('bench_insert_member', INSERT_MEMBER_SQL, [id, userId, now]);
        await q.all('bench_touch', TOUCH_SQL, [now, caller.userId, id]);
        return civisGroupReply(q, db.engine === 'postgres', id);
      });
    },

    'publisher.list': async ({ query, host }) => {
      const limit = int(query.get('limit'), 200);
      const offset = int(query.get('offset'), 0);
      const publisherPage =
        offset === 0
          ? {
              name: 'bench_publisher_first_page',
              sql: PUBLISHER_FIRST_PAGE_SQL,
              params: [limit, 0],
            }
          : pageOf('bench_publisher_page', PUBLISHER_PAGE_SQL, limit, offset);
      const [[count], rows] = await Promise.all([
        db.all<{ total: number }>('bench_count_groups', COUNT_GROUPS_SQL),
        db.all<{ id: number; name: string }>(
          publisherPage.name,
          publisherPage.sql,
          publisherPage.params,
        ),
      ]);
      const base = `http://${host}/api/2/groups/`;
      return json({
        total: Number(count.total),
        currentpage: Math.floor(offset / limit),
        groups: rows.map((r) => ({ id: r.id, name: r.name, link: base + r.id })),
      });
    },

    'usos.user': async ({ caller }) => {
      const rows = await db.all<{ id: number; name: string }>(
        'bench_created_groups',
        CREATED_GROUPS_SQL,
        [caller.userId],
      );
      return {
        status: 200,
        headers: { 'content-type': JSON_TYPE, 'access-control-allow-origin': '*' },
        body: JSON.stringify(rows.map((r) => ({ id: String(r.id), name: r.name }))),
      };
    },

    'scim.groups': async ({ query, host }) => {
      // W6 sends `displayName sw "<prefix>"` only: the prefix is the filter's string.
      const prefix = /^displayName sw "(.*)"$/.exec(query.get('filter') ?? '')?.[1] ?? '';
      const pattern = `${prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const count = Math.min(200, int(query.get('count'), 200));
      const startIndex = Math.max(1, int(query.get('startIndex'), 1));
      const [[total], groups] = await Promise.all([
        db.all<{ total: number }>('bench_scim_count', SCIM_COUNT_SQL, [pattern]),
        db.all<ScimGroupRow>('bench_scim_page', SCIM_PAGE_SQL, [pattern, count, startIndex - 1]),
      ]);
      const ids = groups.map((g) => g.id);
      const [users, children] = ids.length
        ? await Promise.all([
            db.all<ScimMemberRow>(
              `bench_scim_members_${ids.length}`,
              SCIM_MEMBERS_SQL(ids.length),
              ids,
            ),
            db.all<ScimMemberRow>(
              `bench_scim_children_${ids.length}`,
              SCIM_CHILDREN_SQL(ids.length),
              ids,
            ),
          ])
        : [[], []];
      const byGroup = (rows: ScimMemberRow[]) => {
        const map = new Map<number, ScimMemberRow[]>(ids.map((id) => [id, []]));
        for (const r of rows) map.get(r.group_id)!.push(r);
        return map;
      };
      const [userMap, childMap] = [byGroup(users), byGroup(children)];
      const base = `http://${host}/scim/v2`;
      return {
        status: 200,
        headers: { 'content-type': SCIM_TYPE },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: Number(total.total),
          startIndex,
          itemsPerPage: groups.length,
          Resources: groups.map((g) => scimGroup(g, userMap.get(g.id)!, childMap.get(g.id)!, base)),
        }),
      };
    },

    'scim.patchGroup': ({ params, body, caller }) => {
      // W6 adds one user: Operations[0] is `add` of `members` with one `user-<id>` value.
      const id = Number(params.id.replace(/^group-/, ''));
      const op = (body as { Operations: { value: { value: string }[] }[] }).Operations[0];
      const userId = Number(op.value[0].value.replace(/^user-/, ''));
      return db.tx(async (q) => {
        const [group] = await q.all<ScimGroupRow>('bench_scim_group', SCIM_GROUP_SQL, [id]);
        if (!group) return NOT_FOUND;
        const [user] = await q.all<{ id: number }>('bench_user_exists', EXISTING_USER_SQL, [
          userId,
        ]);
        if (!user) return NOT_FOUND;
        const now = Date.now();
        await q.all('bench_insert_member', INSERT_MEMBER_SQL, [id, userId, now]);
        await q.all('bench_touch', TOUCH_SQL, [now, caller.userId, id]);
        const [changed] = await q.all<ScimGroupRow>('bench_scim_group', SCIM_GROUP_SQL, [id]);
        return { status: 204, headers: { etag: `W/"${Number(changed.updated_at)}"` }, body: '' };
      });
    },

    'console.groups': async ({ query }) => {
      const q = query.get('q') ?? '';
      const key = q.toLowerCase();
      const upper = key.slice(0, -1) + String.fromCodePoint(key.codePointAt(key.length - 1)! + 1);
      const pg = db.engine === 'postgres';
      const [rows, [count]] = await Promise.all([
        db.all<ConsoleRow>('bench_console_page', CONSOLE_PAGE_SQL(pg), [
          key,
          upper,
          CONSOLE_PAGE_SIZE + 1,
        ]),
        db.all<{ total: number }>('bench_console_count', CONSOLE_COUNT_SQL(pg), [key, upper]),
      ]);
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: consoleResults(rows, Number(count.total), q),
      };
    },

    'jive.members': async ({ params, caller }) => {
      const id = Number(params.id);
      if (!(await allowed(db, caller, id, 'read'))) return NOT_FOUND;
      const members = await db.all<UserRow>(
        'bench_members',
        MEMBERS_SQL(db.engine === 'postgres'),
        [id],
      );
      return {
        status: 200,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body: jiveMembers(members),
      };
    },
  };
}
