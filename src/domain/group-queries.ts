import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Sql } from '../persistence/sql';
import { AccessLevel, LEVEL_RANK, levelFromRank } from './access-level';
import { Caller } from './caller';
import { GroupListing, GroupRef, GroupSummary, GroupView, UserView } from './views';

/** Raw rows as both engines return them (SQLite booleans are 0/1). */
export interface GroupRow {
  id: number;
  name: string;
  description: string | null;
  slug: string;
  organization_id: number | null;
  organization_name: string | null;
  federated: boolean | number;
  owner_id: number | null;
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
  member_count: number;
  active_member_count: number;
}

/** A USER_COLUMNS row: UserView's names and types, but for SQLite's 0/1 booleans. */
export type UserRow = Omit<UserView, 'active' | 'isAdmin'> & {
  active: boolean | number;
  isAdmin: boolean | number;
};

const GROUP_HEAD_COLUMNS = `g.id, g.name, g.description, g.slug, g.organization_id,
  o.name AS organization_name, g.created_by_id, g.updated_by_id, g.created_at, g.updated_at`;

const GROUP_COUNT_COLUMNS = `(SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS member_count,
  (SELECT COUNT(*) FROM group_members m JOIN users mu ON mu.id = m.user_id
    WHERE m.group_id = g.id AND mu.active = TRUE) AS active_member_count`;

const GROUP_DETAIL_COLUMNS = `g.federated, g.owner_id,
  g.default_otp_required_for_login, g.default_time_zone, g.default_jobs_label,
  g.default_notebooks_label, g.default_services_label, g.role_ids`;

/** Each column read costs: better-sqlite3 builds every row as an object, key by key. */
export const GROUP_LISTING_COLUMNS = `${GROUP_HEAD_COLUMNS}, ${GROUP_COUNT_COLUMNS}`;

export const GROUP_COLUMNS = `${GROUP_LISTING_COLUMNS}, ${GROUP_DETAIL_COLUMNS}`;

export type GroupListingRow = Omit<
  GroupRow,
  | 'federated'
  | 'owner_id'
  | 'default_otp_required_for_login'
  | 'default_time_zone'
  | 'default_jobs_label'
  | 'default_notebooks_label'
  | 'default_services_label'
  | 'role_ids'
>;

export type GroupSummaryRow = Pick<GroupRow, 'id' | 'name' | 'created_at' | 'updated_at'>;

/** No organization join and no member counts (two subqueries per row). */
export const GROUP_SUMMARY_COLUMNS = `g.id, g.name, g.created_at, g.updated_at`;

export const GROUP_REF_COLUMNS = `g.id, g.name`;

export const GROUP_FROM = `groups g LEFT JOIN organizations o ON o.id = g.organization_id`;

/** Named as UserView's fields, so toUserView has no copy to make. */
export const USER_COLUMNS = `u.id, u.username, u.first_name AS "firstName", u.last_name AS "lastName",
  u.email, u.active, u.is_admin AS "isAdmin", u.organization_id AS "organizationId",
  u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

/** The groups the caller effectively belongs to: direct groups and every group they nest in. */
export const CALLER_GROUPS_CTE = `caller_groups(id) AS (
    SELECT group_id FROM group_members WHERE user_id = ?
    UNION
    SELECT gc.parent_id FROM group_children gc JOIN caller_groups cg ON gc.child_id = cg.id
  )`;

export function toGroupView(row: GroupRow): GroupView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    slug: row.slug,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    federated: Boolean(row.federated),
    ownerId: row.owner_id,
    createdById: row.created_by_id,
    updatedById: row.updated_by_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    memberCount: Number(row.member_count),
    activeMemberCount: Number(row.active_member_count),
    defaultOtpRequiredForLogin:
      row.default_otp_required_for_login === null
        ? null
        : Boolean(row.default_otp_required_for_login),
    defaultTimeZone: row.default_time_zone,
    defaultJobsLabel: row.default_jobs_label,
    defaultNotebooksLabel: row.default_notebooks_label,
    defaultServicesLabel: row.default_services_label,
    roleIds: JSON.parse(row.role_ids) as number[],
  };
}

/** Its own literal, not a spread of toGroupView's fields: the spread cost ~3× per row (W1 profile). */
export function toGroupListing(row: GroupListingRow): GroupListing {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    slug: row.slug,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    createdById: row.created_by_id,
    updatedById: row.updated_by_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    memberCount: Number(row.member_count),
    activeMemberCount: Number(row.active_member_count),
  };
}

export function toGroupSummary(row: GroupSummaryRow): GroupSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function toGroupRef(row: Pick<GroupRow, 'id' | 'name'>): GroupRef {
  return { id: row.id, name: row.name };
}

/**
 * The row becomes the view: only the booleans need fixing (SQLite returns 0/1), and they are
 * fixed in place. A member list maps up to 1000 rows a request; a copy of each was a tenth of
 * what a 1000-member Civis read allocates (docs/performance.md, F17).
 */
export function toUserView(row: UserRow): UserView {
  row.active = Boolean(row.active);
  row.isAdmin = Boolean(row.isAdmin);
  return row as UserView;
}

/** A WHERE fragment and its parameters. */
export interface SqlFilter {
  sql: string;
  params: unknown[];
  /** CTEs the fragment needs, to go after WITH RECURSIVE. */
  ctes: string[];
  cteParams: unknown[];
}

/**
 * Hot reads in SQL returning plain views (no entity hydration, no N+1): ENGINEERING.md §A.7.3.
 * These methods apply no access checks themselves; the services call them after the policy.
 */
@Injectable()
export class GroupQueries {
  readonly sql: Sql;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.sql = new Sql(dataSource);
  }

  async groupById(id: number, em?: EntityManager): Promise<GroupView | null> {
    const row = await this.sql.one<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM ${GROUP_FROM} WHERE g.id = ?`,
      [id],
      em,
    );
    return row ? toGroupView(row) : null;
  }

  /**
   * A group and its direct members (ordered by id), or null. The member counts come from the
   * member rows already read, rather than from two more subqueries over the same rows.
   */
  async groupWithMembers(
    id: number,
    em?: EntityManager,
  ): Promise<{ group: GroupView; members: UserView[] } | null> {
    const row = await this.sql.one<Omit<GroupRow, 'member_count' | 'active_member_count'>>(
      `SELECT ${GROUP_HEAD_COLUMNS}, ${GROUP_DETAIL_COLUMNS} FROM ${GROUP_FROM} WHERE g.id = ?`,
      [id],
      em,
    );
    if (!row) return null;
    const members = await this.membersOf(id, em);
    let activeMembers = 0;
    for (const member of members) if (member.active) activeMembers++;
    return {
      group: toGroupView({
        ...row,
        member_count: members.length,
        active_member_count: activeMembers,
      }),
      members,
    };
  }

  async groupsByIds(ids: readonly number[], em?: EntityManager): Promise<GroupView[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql.query<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM ${GROUP_FROM} WHERE g.id IN ${Sql.list(ids)} ORDER BY g.id`,
      ids,
      em,
    );
    return rows.map(toGroupView);
  }

  async groupByNameKey(nameKey: string, em?: EntityManager): Promise<GroupView | null> {
    const row = await this.sql.one<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM ${GROUP_FROM} WHERE g.name_key = ?`,
      [nameKey],
      em,
    );
    return row ? toGroupView(row) : null;
  }

  /**
   * The caller's level on a group in one query, or `exists: false`. Level = manage for system
   * administrators and the owner, else the highest share held directly or through any group the
   * caller effectively belongs to, else read for effective members, else none (DESIGN.md).
   */
  async accessLevel(
    caller: Caller,
    groupId: number,
    em?: EntityManager,
  ): Promise<{ exists: boolean; level: AccessLevel | null }> {
    if (caller.systemAdmin) {
      const row = await this.sql.one<{ id: number }>(
        `SELECT id FROM groups WHERE id = ?`,
        [groupId],
        em,
      );
      return { exists: Boolean(row), level: row ? 'manage' : null };
    }
    const row = await this.sql.one<{
      owner_id: number | null;
      share_rank: number | null;
      is_member: number;
    }>(
      `WITH RECURSIVE ${CALLER_GROUPS_CTE}
       SELECT g.owner_id,
         (SELECT MAX(s.level) FROM group_shares s WHERE s.group_id = g.id AND (
            (s.principal_type = 'user' AND s.principal_id = ?)
            OR (s.principal_type = 'group' AND s.principal_id IN (SELECT id FROM caller_groups)))) AS share_rank,
         (SELECT COUNT(*) FROM caller_groups c WHERE c.id = g.id) AS is_member
       FROM groups g WHERE g.id = ?`,
      [caller.userId, caller.userId, groupId],
      em,
    );
    if (!row) return { exists: false, level: null };
    if (row.owner_id === caller.userId) return { exists: true, level: 'manage' };
    const shared = levelFromRank(row.share_rank === null ? null : Number(row.share_rank));
    if (shared) return { exists: true, level: shared };
    return { exists: true, level: Number(row.is_member) > 0 ? 'read' : null };
  }

  static readonly NO_FILTER: SqlFilter = { sql: 'TRUE', params: [], ctes: [], cteParams: [] };

  /** Restricts `g` to the groups on which the caller has at least `minLevel`. */
  visibilityFilter(caller: Caller, minLevel: AccessLevel): SqlFilter {
    if (caller.systemAdmin) return GroupQueries.NO_FILTER;
    const rank = LEVEL_RANK[minLevel];
    const shared = `g.id IN (SELECT s.group_id FROM group_shares s WHERE s.level >= ? AND (
        (s.principal_type = 'user' AND s.principal_id = ?)
        OR (s.principal_type = 'group' AND s.principal_id IN (SELECT id FROM caller_groups))))`;
    const member = minLevel === 'read' ? ' OR g.id IN (SELECT id FROM caller_groups)' : '';
    return {
      sql: `(g.owner_id = ? OR ${shared}${member})`,
      params: [caller.userId, rank, caller.userId],
      ctes: [CALLER_GROUPS_CTE],
      cteParams: [caller.userId],
    };
  }

  /** Direct members of one group, ordered by user id. */
  async membersOf(groupId: number, em?: EntityManager): Promise<UserView[]> {
    const rows = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM group_members m JOIN users u ON u.id = m.user_id
       WHERE m.group_id = ? ORDER BY u.id`,
      [groupId],
      em,
    );
    return rows.map(toUserView);
  }

  /** Direct members of several groups in one query, keyed by group id, ordered by user id. */
  async membersOfGroups(groupIds: readonly number[], em?: EntityManager) {
    const byGroup = new Map<number, UserView[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return byGroup;
    const rows = await this.sql.query<UserRow & { group_id: number }>(
      `SELECT m.group_id, ${USER_COLUMNS} FROM group_members m JOIN users u ON u.id = m.user_id
       WHERE m.group_id IN ${Sql.list(groupIds)} ORDER BY m.group_id, u.id`,
      groupIds,
      em,
    );
    // These views keep their row's group_id; every dialect renders members field by field.
    for (const row of rows) byGroup.get(row.group_id)?.push(toUserView(row));
    return byGroup;
  }

  /** Direct members ∪ members of every nested group, recursively; each user once. */
  async effectiveMembers(groupId: number): Promise<UserView[]> {
    const rows = await this.sql.query<UserRow>(
      `WITH RECURSIVE nested(id) AS (
         SELECT CAST(? AS INTEGER)
         UNION
         SELECT gc.child_id FROM group_children gc JOIN nested n ON gc.parent_id = n.id
       )
       SELECT ${USER_COLUMNS} FROM users u
       WHERE u.id IN (SELECT m.user_id FROM group_members m WHERE m.group_id IN (SELECT id FROM nested))
       ORDER BY u.id`,
      [groupId],
    );
    return rows.map(toUserView);
  }

  async emailMembers(groupId: number): Promise<string[]> {
    const rows = await this.sql.query<{ email: string }>(
      `SELECT email FROM group_email_members WHERE group_id = ? ORDER BY email`,
      [groupId],
    );
    return rows.map((r) => r.email);
  }

  /** Groups nested directly in `groupId`. */
  async children(groupId: number): Promise<Array<GroupRef & { federated: boolean }>> {
    const rows = await this.sql.query<{ id: number; name: string; federated: boolean | number }>(
      `SELECT g.id, g.name, g.federated FROM group_children gc JOIN groups g ON g.id = gc.child_id
       WHERE gc.parent_id = ? ORDER BY g.id`,
      [groupId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, federated: Boolean(r.federated) }));
  }

  async usersByIds(ids: readonly number[], em?: EntityManager): Promise<UserView[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.id IN ${Sql.list(ids)} ORDER BY u.id`,
      ids,
      em,
    );
    return rows.map(toUserView);
  }
}
