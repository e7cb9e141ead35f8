import { Injectable } from '@nestjs/common';
import { Sql } from '../../persistence/sql';
import { AccessLevel } from '../access-level';
import { Caller } from '../caller';
import { callerAccessByIds } from './access-sql';
import { toUserView, USER_COLUMNS, UserRow } from './group-rows';
import { COUNT_CAP, prefixUpperBound } from '../keyset';
import { GroupRef, UserView } from '../views';

/** A row of the group directory: what a console lists, counts included. */
export interface GroupDirectoryEntry {
  id: number;
  name: string;
  description: string | null;
  organizationId: number | null;
  organizationName: string | null;
  federated: boolean;
  ownerId: number | null;
  /** Direct members. */
  memberCount: number;
  /** Distinct users who are direct members of the group or of any group nested in it. */
  effectiveMemberCount: number;
  createdAt: number;
  updatedAt: number;
  /** The lower-cased name the list is ordered by (the keyset position). */
  nameKey: string;
}

export interface GroupDirectoryFilter {
  /** The lower-cased start of the name. */
  namePrefix?: string;
  organizationId?: number;
  federated?: boolean;
  ownerId?: number;
  /** Only groups this user is a direct member of. */
  memberUserId?: number;
  /** Only the groups on which the caller holds this level (null: every group). */
  caller: Caller;
  minLevel: AccessLevel | null;
}

export type EffectiveMember = UserView & { direct: boolean };

/** One way a user belongs to a group: the chain of groups from it down to where the user is. */
export interface MembershipPath {
  via: 'member' | 'email';
  groups: GroupRef[];
}

interface EntryRow {
  id: number;
  name: string;
  name_key: string;
  description: string | null;
  organization_id: number | null;
  organization_name: string | null;
  federated: boolean | number;
  owner_id: number | null;
  created_at: number | string;
  updated_at: number | string;
  member_count: number | string;
  effective_member_count: number | string;
}

/** Explain rows carry each path as text: ids and names, separated by a control character. */
const PATH_SEPARATOR_CODE = 31;

/** The most paths an explanation lists; a diamond-rich nesting can have many more. */
export const MAX_EXPLAINED_PATHS = 100;

/**
 * The admin directory's SQL over groups: keyset pages in name order, capped counts, member
 * pages and membership explanations. Every method is one or two statements whatever the page
 * size; no access checks here, the services apply the policy first.
 */
@Injectable()
export class GroupDirectoryRepository {
  /** Code-point order on both engines (see the DirectoryIndexes migration). */
  private readonly nameKey: string;

  constructor(private readonly sql: Sql) {
    this.nameKey = this.sql.isPostgres ? 'g.name_key COLLATE "C"' : 'g.name_key';
  }

  async searchGroups(
    filter: GroupDirectoryFilter,
    after: readonly [string, number] | undefined,
    limit: number,
  ): Promise<{ rows: GroupDirectoryEntry[]; counted: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const access = callerAccessByIds(filter.caller, filter.minLevel, (column, ids) =>
      this.sql.inPage(column, ids),
    );
    if (access.visible) {
      where.push(access.visible.text);
      params.push(...access.visible.params);
    }
    if (filter.namePrefix) {
      where.push(`${this.nameKey} >= ? AND ${this.nameKey} < ?`);
      params.push(filter.namePrefix, prefixUpperBound(filter.namePrefix));
    }
    for (const [value, column] of [
      [filter.organizationId, 'g.organization_id'],
      [filter.federated, 'g.federated'],
      [filter.ownerId, 'g.owner_id'],
    ] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    if (filter.memberUserId !== undefined) {
      where.push(`g.id IN (SELECT gm.group_id FROM group_members gm WHERE gm.user_id = ?)`);
      params.push(filter.memberUserId);
    }
    // The access part's WITH RECURSIVE (if any) is continued with this statement's own CTEs.
    const accessWith = access.with.text.trim();
    const withClause = (more: string[]) =>
      more.length === 0
        ? access.with.text
        : `${accessWith ? `${accessWith},` : 'WITH RECURSIVE'} ${more.join(', ')} `;
    const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const pageWhere = after ? [...where, `(${this.nameKey}, g.id) > (?, ?)`] : where;
    const pageParams = after ? [...params, after[0], after[1]] : params;
    const page = `page AS (
        SELECT g.id, g.name, g.name_key, g.description, g.organization_id, g.federated, g.owner_id,
          g.created_at, g.updated_at, g.member_count
        FROM groups g ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
        ORDER BY ${this.nameKey}, g.id LIMIT ?
      )`;
    const below = `below(root, id) AS (
        SELECT id, id FROM page
        UNION
        SELECT b.root, gc.child_id FROM group_children gc JOIN below b ON gc.parent_id = b.id
      )`;
    const pageKey = this.sql.isPostgres ? 'p.name_key COLLATE "C"' : 'p.name_key';
    const pageText = `${withClause([page, below])}
         SELECT p.id, p.name, p.name_key, p.description, p.organization_id, o.name AS organization_name,
           p.federated, p.owner_id, p.created_at, p.updated_at, p.member_count,
           (SELECT COUNT(DISTINCT m.user_id) FROM below b JOIN group_members m ON m.group_id = b.id
             WHERE b.root = p.id) AS effective_member_count
         FROM page p LEFT JOIN organizations o ON o.id = p.organization_id
         ORDER BY ${pageKey}, p.id`;
    const pageValues = [...access.with.params, ...pageParams, limit];
    const [rows, countRow] = await Promise.all([
      // Whether to walk the name index or start from the caller's groups depends on how many
      // the caller owns; a cached generic plan walks the index for everyone (docs/admin-api.md).
      access.visible
        ? this.sql.queryPlannedEachTime<EntryRow>(pageText, pageValues)
        : this.sql.query<EntryRow>(pageText, pageValues),
      this.sql.one<{ total: number | string }>(
        `${withClause([])}SELECT COUNT(*) AS total FROM (
           SELECT 1 FROM groups g ${filtered} LIMIT ${COUNT_CAP + 1}) t`,
        [...access.with.params, ...params],
      ),
    ]);
    return { rows: rows.map(toEntry), counted: Number(countRow?.total ?? 0) };
  }

  /** Distinct users in the group and every group nested in it. */
  async effectiveMemberCount(groupId: number): Promise<number> {
    const row = await this.sql.one<{ total: number | string }>(
      `WITH RECURSIVE ${nestedIn()}
       SELECT COUNT(DISTINCT m.user_id) AS total FROM group_members m
       WHERE m.group_id IN (SELECT id FROM nested)`,
      [groupId],
    );
    return Number(row?.total ?? 0);
  }

  /** Direct members after user id `afterUserId`, by id, and their count (toKeysetPage caps it). */
  async directMembers(groupId: number, afterUserId: number, limit: number) {
    const [rows, countRow] = await Promise.all([
      this.sql.query<UserRow>(
        `SELECT ${USER_COLUMNS} FROM group_members m JOIN users u ON u.id = m.user_id
         WHERE m.group_id = ? AND m.user_id > ? ORDER BY m.user_id LIMIT ?`,
        [groupId, afterUserId, limit],
      ),
      // The maintained count (docs/performance.md F24): exact, and no walk over the members.
      this.sql.one<{ total: number | string }>(
        `SELECT member_count AS total FROM groups WHERE id = ?`,
        [groupId],
      ),
    ]);
    return { rows: rows.map(toUserView), counted: Number(countRow?.total ?? 0) };
  }

  /** Effective members after user id `afterUserId`, by id, each flagged direct or not. */
  async effectiveMembers(groupId: number, afterUserId: number, limit: number) {
    const [rows, countRow] = await Promise.all([
      this.sql.query<UserRow & { direct: boolean | number }>(
        `WITH RECURSIVE ${nestedIn()}
         SELECT ${USER_COLUMNS},
           EXISTS (SELECT 1 FROM group_members d WHERE d.group_id = ? AND d.user_id = u.id) AS direct
         FROM users u
         WHERE u.id IN (SELECT m.user_id FROM group_members m WHERE m.group_id IN (SELECT id FROM nested))
           AND u.id > ?
         ORDER BY u.id LIMIT ?`,
        [groupId, groupId, afterUserId, limit],
      ),
      this.sql.one<{ total: number | string }>(
        `WITH RECURSIVE ${nestedIn()}
         SELECT COUNT(*) AS total FROM (
           SELECT DISTINCT m.user_id FROM group_members m WHERE m.group_id IN (SELECT id FROM nested)
           LIMIT ${COUNT_CAP + 1}) t`,
        [groupId],
      ),
    ]);
    const members = rows.map((row): EffectiveMember => {
      const direct = Boolean(row.direct);
      return { ...toUserView(row), direct };
    });
    return { rows: members, counted: Number(countRow?.total ?? 0) };
  }

  /**
   * Every path by which the user belongs to the group, in one recursive query: the walk goes down
   * from the group through nested groups, only into groups from which the user's own groups
   * (direct member, or e-mail member by the user's address) can be reached, and ends in each of
   * those. Shortest paths first; at most MAX_EXPLAINED_PATHS + 1, to tell a cut list.
   */
  async membershipPaths(groupId: number, userId: number): Promise<MembershipPath[]> {
    const separator = `${this.sql.isPostgres ? 'chr' : 'char'}(${PATH_SEPARATOR_CODE})`;
    const rows = await this.sql.query<{ via: 'member' | 'email'; ids: string; names: string }>(
      `WITH RECURSIVE
         holding(group_id, via) AS (
           SELECT m.group_id, 'member' FROM group_members m WHERE m.user_id = ?
           UNION ALL
           SELECT e.group_id, 'email' FROM group_email_members e
             JOIN users u ON e.email = LOWER(u.email) WHERE u.id = ?
         ),
         leads(id) AS (
           SELECT group_id FROM holding
           UNION
           SELECT gc.parent_id FROM group_children gc JOIN leads l ON gc.child_id = l.id
         ),
         walk(id, depth, ids, names) AS (
           SELECT g.id, 0, CAST(g.id AS TEXT), CAST(g.name AS TEXT) FROM groups g
             WHERE g.id = ? AND g.id IN (SELECT id FROM leads)
           UNION ALL
           SELECT g.id, w.depth + 1, w.ids || ${separator} || CAST(g.id AS TEXT),
             w.names || ${separator} || g.name
           FROM walk w JOIN group_children gc ON gc.parent_id = w.id JOIN groups g ON g.id = gc.child_id
           WHERE g.id IN (SELECT id FROM leads)
         )
       SELECT h.via, w.ids, w.names FROM walk w JOIN holding h ON h.group_id = w.id
       ORDER BY w.depth, w.ids, h.via LIMIT ?`,
      [userId, userId, groupId, MAX_EXPLAINED_PATHS + 1],
    );
    const separatorChar = String.fromCharCode(PATH_SEPARATOR_CODE);
    return rows.map((row) => {
      const names = row.names.split(separatorChar);
      return {
        via: row.via,
        groups: row.ids.split(separatorChar).map((id, i) => ({ id: Number(id), name: names[i] })),
      };
    });
  }
}

/** `nested(id)`: the group bound as the one parameter and every group nested in it. */
function nestedIn(): string {
  return `nested(id) AS (
    SELECT CAST(? AS INTEGER)
    UNION
    SELECT gc.child_id FROM group_children gc JOIN nested n ON gc.parent_id = n.id
  )`;
}

function toEntry(row: EntryRow): GroupDirectoryEntry {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    federated: Boolean(row.federated),
    ownerId: row.owner_id,
    memberCount: Number(row.member_count),
    effectiveMemberCount: Number(row.effective_member_count),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    nameKey: row.name_key,
  };
}
