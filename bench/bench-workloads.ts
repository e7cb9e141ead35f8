import { Dataset, LAYOUT, seededMember, USER_COUNT } from './bench-dataset';
import type { BaselineKind } from './bench-report';

/** Who sends a workload: each gets its own minted token. */
export type CallerRole = 'admin' | 'owner' | 'nested' | 'creator' | 'provisioner';

export interface RequestSpec {
  method: 'GET' | 'PUT' | 'PATCH';
  /** The path of the i-th request of this entry in a run (i restarts at 0 after each reset). */
  path(i: number): string;
  /** The JSON body of the i-th request, if it has one. */
  body?(i: number): string;
  /** The body's media type (default application/json). */
  contentType?: string;
  /** Counted for the lost-write check. */
  write?: boolean;
  /** Defaults to the workload's caller. */
  caller?: CallerRole;
}

export interface Workload {
  /** e.g. W1-civis-deep */
  key: string;
  id: 'W0' | 'W1' | 'W2' | 'W3' | 'W4' | 'W5' | 'W6' | 'W7' | 'W8';
  title: string;
  /** `console`: a signed-in session cookie instead of an Authorization header. */
  dialect: 'admin' | 'civis' | 'publisher' | 'jive' | 'usos' | 'scim' | 'console';
  caller: CallerRole;
  /** OpenAPI paths (params as `{}`) that must be served for the workload to run. */
  routes: string[];
  /** Cycled in order on every connection: 9 reads + 1 write = a 90/10 mix. */
  entries: RequestSpec[];
  /** The database is reset before each run; rows written are counted after it. */
  writes: boolean;
  /** The baseline this workload's target is measured against (issue 22, decisions 1 and 2). */
  target: { against: BaselineKind; ratio: number } | null;
  /** Baselines run besides raw and nest (which every workload runs). */
  extraBaselines: ('nest-auth' | 'nest-fastify')[];
  /** Masks what legitimately differs between two servers' answers (write timestamps). */
  normalize?: (body: string) => string;
  /** Part of `--quick`. */
  quick: boolean;
}

/** Groups no workload's write touches: every group but the special ones of LAYOUT. */
const FIRST_PLAIN_GROUP = Math.max(...LAYOUT.targets) + 1;

/** A distinct (group, non-member) pair per i: spreads writes so every response stays small. */
function addMemberPath(ds: Dataset, i: number): string {
  const plain = ds.groups - FIRST_PLAIN_GROUP + 1;
  const groupId = FIRST_PLAIN_GROUP + (i % plain);
  const round = Math.floor(i / plain);
  if (round >= USER_COUNT - LAYOUT.membersPerGroup) throw new Error('W3 ran out of distinct pairs');
  return `/groups/${groupId}/members/${seededMember(groupId, LAYOUT.membersPerGroup + round)}`;
}

/** W6-scim-patch: a distinct (federated group, non-member) pair per i, as W3's. */
function scimAddMember(i: number): { groupId: number; userId: number } {
  const { first, last } = LAYOUT.federated;
  const count = last - first + 1;
  const groupId = first + (i % count);
  const round = Math.floor(i / count);
  if (round >= USER_COUNT - LAYOUT.membersPerGroup) throw new Error('W6 ran out of distinct pairs');
  return { groupId, userId: seededMember(groupId, LAYOUT.membersPerGroup + round) };
}

/** W6-scim-filter's prefix: the 100 federated groups 3100–3199 (`Group 0003100`…). */
export const SCIM_FILTER_PREFIX = 'Group 00031';
/** W7-console-search's prefix: 100 groups, the console shows 25 a page. */
export const CONSOLE_SEARCH_PREFIX = 'Group 00031';

/**
 * W7 compares the part of the console page that carries the search's result: the
 * `#group-results` region htmx swaps in (hx-select), with whitespace between tags collapsed.
 * The rest of the page (layout, navigation, the create form with its CSRF token) is template
 * text around it; the baselines answer the region alone.
 */
export function consoleResults(body: string): string {
  const start = body.indexOf('<div id="group-results"');
  const end = body.indexOf('<h2 id="create">');
  const region = start < 0 ? body : body.slice(start, end < 0 ? undefined : end);
  return region.replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
}

const maskUpdatedAt = (body: string) => body.replace(/"updatedAt":"[^"]*"/g, '"updatedAt":"*"');

export function workloads(ds: Dataset): Workload[] {
  const deepPage = Math.floor(ds.groups / 2 / 200) + 1;
  const deepOffset = (deepPage - 1) * 200;
  const get = (path: string, caller?: CallerRole): RequestSpec => ({
    method: 'GET',
    path: () => path,
    caller,
  });
  const w4: RequestSpec = {
    method: 'GET',
    caller: 'nested',
    path: (i) => `/groups/${LAYOUT.targets[i % LAYOUT.targets.length]}`,
  };
  const w3: RequestSpec = { method: 'PUT', path: (i) => addMemberPath(ds, i), write: true };
  /** W1/W2: judged against bare Nest on express; fastify measured beside it (decision 2). */
  const againstNest = {
    target: { against: 'nest' as const, ratio: 0.9 },
    extraBaselines: ['nest-fastify' as const],
  };
  /** W3/W4: judged against bare Nest that authenticates as the app must (decision 1). */
  const againstNestAuth = {
    target: { against: 'nest-auth' as const, ratio: 0.9 },
    extraBaselines: ['nest-auth' as const],
  };
  const list = { ...againstNest, id: 'W1' as const, caller: 'admin' as const, writes: false };
  return [
    {
      key: 'W0-admin-user',
      id: 'W0',
      title: 'control: admin API user by id',
      dialect: 'admin',
      caller: 'admin',
      routes: ['/admin/v1/users/{}'],
      entries: [{ method: 'GET', path: (i) => `/admin/v1/users/${(i % 1000) + 1}` }],
      writes: false,
      target: null,
      extraBaselines: [],
      quick: false,
    },
    {
      ...list,
      key: 'W1-civis-first',
      title: 'list 200, page 1',
      dialect: 'civis',
      routes: ['/groups'],
      entries: [get('/groups?limit=200&page_num=1')],
      quick: false,
    },
    {
      ...list,
      key: 'W1-civis-deep',
      title: `list 200, page ${deepPage}`,
      dialect: 'civis',
      routes: ['/groups'],
      entries: [get(`/groups?limit=200&page_num=${deepPage}`)],
      quick: false,
    },
    {
      ...list,
      key: 'W1-publisher-first',
      title: 'list 200, offset 0',
      dialect: 'publisher',
      routes: ['/api/2/groups'],
      entries: [get('/api/2/groups?limit=200&offset=0')],
      quick: false,
    },
    {
      ...list,
      key: 'W1-publisher-deep',
      title: `list 200, offset ${deepOffset}`,
      dialect: 'publisher',
      routes: ['/api/2/groups'],
      entries: [get(`/api/2/groups?limit=200&offset=${deepOffset}`)],
      quick: true,
    },
    {
      key: 'W2-civis',
      id: 'W2',
      title: 'group with 1000 members',
      dialect: 'civis',
      caller: 'admin',
      routes: ['/groups/{}'],
      entries: [get(`/groups/${LAYOUT.bigGroupId}`)],
      writes: false,
      ...againstNest,
      quick: false,
    },
    {
      key: 'W2-jive',
      id: 'W2',
      title: 'getGroupMembers, 1000 members',
      dialect: 'jive',
      caller: 'admin',
      routes: ['/rpc/rest/groupService/groupMembers/{}'],
      entries: [get(`/rpc/rest/groupService/groupMembers/${LAYOUT.bigGroupId}`)],
      writes: false,
      ...againstNest,
      quick: true,
    },
    {
      key: 'W3-civis',
      id: 'W3',
      title: 'add a distinct member (PUT)',
      dialect: 'civis',
      caller: 'owner',
      routes: ['/groups/{}/members/{}'],
      entries: [w3],
      writes: true,
      ...againstNestAuth,
      normalize: maskUpdatedAt,
      quick: true,
    },
    {
      key: 'W4-civis',
      id: 'W4',
      title: 'group visible via nesting + group share',
      dialect: 'civis',
      caller: 'nested',
      routes: ['/groups/{}'],
      entries: [w4],
      writes: false,
      ...againstNestAuth,
      quick: true,
    },
    {
      key: 'W5-civis-mix',
      id: 'W5',
      title: '90/10 mix (W1 deep, W2, W4 / W3)',
      dialect: 'civis',
      caller: 'owner',
      routes: ['/groups', '/groups/{}', '/groups/{}/members/{}'],
      entries: [
        get(`/groups?limit=200&page_num=${deepPage}`, 'admin'),
        get(`/groups/${LAYOUT.bigGroupId}`, 'admin'),
        w4,
        w4,
        get(`/groups?limit=200&page_num=${deepPage}`, 'admin'),
        w4,
        get(`/groups/${LAYOUT.bigGroupId}`, 'admin'),
        w4,
        w4,
        w3,
      ],
      writes: true,
      target: null,
      extraBaselines: [],
      normalize: maskUpdatedAt,
      quick: true,
    },
    {
      key: 'W6-scim-filter',
      id: 'W6',
      title: `SCIM Groups, displayName sw "${SCIM_FILTER_PREFIX}", 100 groups of 5 members`,
      dialect: 'scim',
      caller: 'provisioner',
      routes: ['/scim/v2/Groups'],
      entries: [
        get(
          `/scim/v2/Groups?filter=${encodeURIComponent(`displayName sw "${SCIM_FILTER_PREFIX}"`)}&count=100`,
        ),
      ],
      writes: false,
      target: null,
      extraBaselines: [],
      quick: true,
    },
    {
      key: 'W6-scim-patch',
      id: 'W6',
      title: 'SCIM PATCH Groups/{id}, add a distinct member (204)',
      dialect: 'scim',
      caller: 'provisioner',
      routes: ['/scim/v2/Groups/{}'],
      entries: [
        {
          method: 'PATCH',
          write: true,
          // What SCIM clients send (RFC 7644 §3.1); the baselines parse it as the app does.
          contentType: 'application/scim+json',
          path: (i) => `/scim/v2/Groups/group-${scimAddMember(i).groupId}`,
          body: (i) =>
            JSON.stringify({
              schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
              Operations: [
                {
                  op: 'add',
                  path: 'members',
                  value: [{ value: `user-${scimAddMember(i).userId}` }],
                },
              ],
            }),
        },
      ],
      writes: true,
      target: null,
      extraBaselines: [],
      quick: true,
    },
    {
      key: 'W7-console-search',
      id: 'W7',
      title: `console group search "${CONSOLE_SEARCH_PREFIX}", first 25 of 100 (results region)`,
      dialect: 'console',
      caller: 'admin',
      routes: ['/console/groups'],
      entries: [get(`/console/groups?q=${encodeURIComponent(CONSOLE_SEARCH_PREFIX)}`)],
      writes: false,
      target: null,
      extraBaselines: [],
      normalize: consoleResults,
      quick: true,
    },
    {
      // Information (issue 22, W8): the app also verifies an OAuth 1.0a signature and stores its
      // nonce (a consumer and a token lookup, one insert) on every request; the baselines do not.
      key: 'W8-usos-user',
      id: 'W8',
      title: `csgroups/user, creator of ${LAYOUT.createdByCreator.last - LAYOUT.createdByCreator.first + 1} groups`,
      dialect: 'usos',
      caller: 'creator',
      routes: ['/services/csgroups/user'],
      entries: [get('/services/csgroups/user')],
      writes: false,
      target: null,
      extraBaselines: [],
      quick: false,
    },
  ];
}
