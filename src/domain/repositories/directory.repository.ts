import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Sql } from '../../persistence/sql';
import {
  Comparison,
  DirectoryListQuery,
  EmailField,
  FilterExpression,
  FilterValue,
  GroupField,
  GroupFilter,
  GroupSortField,
  UserField,
  UserFilter,
  UserSortField,
} from '../directory-filter';
import {
  DirectoryEmail,
  DirectoryGroup,
  DirectoryMember,
  DirectoryUser,
  DirectoryUserInput,
} from '../directory-views';
import { DomainError } from '../domain-error';
import { groupNameKey } from '../groups.service';
import { Page } from '../views';

/**
 * The directory a provisioning client manages: users without system-administrator or
 * provisioning rights (so a client can neither lock out nor escalate the accounts that administer
 * Groupbridge, its own included), and federated (directory-synced) groups.
 */
const DIRECTORY_USER = 'u.is_admin = FALSE AND u.provisioner = FALSE';
const DIRECTORY_GROUP = 'g.federated = TRUE';

type ColumnKind = 'id' | 'text' | 'exact' | 'boolean' | 'time';

interface Column {
  sql: string;
  kind: ColumnKind;
}

const USER_COLUMNS: Record<UserField, Column> = {
  id: { sql: 'u.id', kind: 'id' },
  username: { sql: 'u.username', kind: 'text' },
  externalId: { sql: 'u.external_id', kind: 'exact' },
  displayName: { sql: 'u.display_name', kind: 'text' },
  givenName: { sql: 'u.first_name', kind: 'text' },
  familyName: { sql: 'u.last_name', kind: 'text' },
  active: { sql: 'u.active', kind: 'boolean' },
  createdAt: { sql: 'u.created_at', kind: 'time' },
  updatedAt: { sql: 'u.updated_at', kind: 'time' },
};

const EMAIL_COLUMNS: Record<EmailField, Column> = {
  value: { sql: 'e.value', kind: 'text' },
  type: { sql: 'e.type', kind: 'text' },
  primary: { sql: 'e.is_primary', kind: 'boolean' },
};

const GROUP_COLUMNS: Record<Exclude<GroupField, 'memberUserId' | 'memberGroupId'>, Column> = {
  id: { sql: 'g.id', kind: 'id' },
  name: { sql: 'g.name_key', kind: 'text' },
  externalId: { sql: 'g.external_id', kind: 'exact' },
  createdAt: { sql: 'g.created_at', kind: 'time' },
  updatedAt: { sql: 'g.updated_at', kind: 'time' },
};

/** Member filters probe the member tables' (member, group) indexes, never scan every group. */
const MEMBER_OF = {
  memberUserId: { groups: 'SELECT gm.group_id FROM group_members gm', member: 'gm.user_id' },
  memberGroupId: { groups: 'SELECT gc.parent_id FROM group_children gc', member: 'gc.child_id' },
} as const;

const USER_SORT: Record<UserSortField, string> = {
  id: 'u.id',
  username: 'LOWER(u.username)',
  externalId: 'u.external_id',
  displayName: 'LOWER(u.display_name)',
  createdAt: 'u.created_at',
  updatedAt: 'u.updated_at',
};

const GROUP_SORT: Record<GroupSortField, string> = {
  id: 'g.id',
  name: 'g.name_key',
  externalId: 'g.external_id',
  createdAt: 'g.created_at',
  updatedAt: 'g.updated_at',
};

const ORDER = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

interface Fragment {
  sql: string;
  params: unknown[];
}

function invalidFilter(message: string): DomainError {
  return DomainError.invalid('filter', message);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One comparison on one column, as SQL. Text compares case-insensitively on both engines. */
function compareColumn(
  column: Column,
  op: Comparison,
  value: FilterValue,
  field: string,
): Fragment {
  if (value === null) {
    if (op === 'eq') return { sql: `${column.sql} IS NULL`, params: [] };
    if (op === 'ne') return { sql: `${column.sql} IS NOT NULL`, params: [] };
    throw invalidFilter(`"${op}" cannot compare ${field} with null`);
  }
  switch (column.kind) {
    case 'boolean':
      if (typeof value !== 'boolean' || (op !== 'eq' && op !== 'ne'))
        throw invalidFilter(`${field} compares with eq or ne and true or false`);
      return { sql: `${column.sql} ${ORDER[op]} ?`, params: [value] };
    case 'id':
    case 'time':
      if (typeof value !== 'number' || op === 'co' || op === 'sw' || op === 'ew')
        throw invalidFilter(`${field} compares with eq, ne, gt, ge, lt or le`);
      return {
        sql:
          op === 'ne'
            ? `(${column.sql} IS NULL OR ${column.sql} <> ?)`
            : `${column.sql} ${ORDER[op]} ?`,
        params: [value],
      };
    case 'text':
    case 'exact': {
      if (typeof value !== 'string') throw invalidFilter(`${field} compares with a string`);
      const exact = column.kind === 'exact';
      // name_key is already folded (the unique index serves eq), so only the value is folded.
      const folded = column.sql === 'g.name_key';
      const col = exact || folded ? column.sql : `LOWER(${column.sql})`;
      const param = exact ? '?' : folded ? '?' : 'LOWER(?)';
      const v = folded ? groupNameKey(value) : value;
      if (op === 'co' || op === 'sw' || op === 'ew') {
        const pattern = `${op === 'sw' ? '' : '%'}${escapeLike(v)}${op === 'ew' ? '' : '%'}`;
        return { sql: `${col} LIKE ${param} ESCAPE '\\'`, params: [pattern] };
      }
      if (op === 'ne') return { sql: `(${column.sql} IS NULL OR ${col} <> ${param})`, params: [v] };
      return { sql: `${col} ${ORDER[op]} ${param}`, params: [v] };
    }
  }
}

function present(column: Column): Fragment {
  const text = column.kind === 'text' || column.kind === 'exact';
  return {
    sql: text ? `(${column.sql} IS NOT NULL AND ${column.sql} <> '')` : `${column.sql} IS NOT NULL`,
    params: [],
  };
}

/** and / or / not over any leaf compiler. Depth is bounded by the filter's length. */
function compile<F extends string, X>(
  expression: FilterExpression<F, X>,
  leaf: (e: Exclude<FilterExpression<F, X>, { kind: 'and' | 'or' | 'not' }>) => Fragment,
): Fragment {
  const e = expression as FilterExpression<F, never> | X;
  if (typeof e === 'object' && e !== null && 'kind' in e) {
    if (e.kind === 'and' || e.kind === 'or') {
      const parts = e.operands.map((o) => compile(o as FilterExpression<F, X>, leaf));
      return {
        sql: `(${parts.map((p) => p.sql).join(e.kind === 'and' ? ' AND ' : ' OR ')})`,
        params: parts.flatMap((p) => p.params),
      };
    }
    if (e.kind === 'not') {
      const inner = compile(e.operand as FilterExpression<F, X>, leaf);
      return { sql: `NOT ${inner.sql}`, params: inner.params };
    }
  }
  return leaf(expression as Exclude<FilterExpression<F, X>, { kind: 'and' | 'or' | 'not' }>);
}

function compileEmail(filter: FilterExpression<EmailField>): Fragment {
  return compile(filter, (leaf) =>
    leaf.kind === 'present'
      ? present(EMAIL_COLUMNS[leaf.field])
      : compareColumn(EMAIL_COLUMNS[leaf.field], leaf.op, leaf.value, `emails.${leaf.field}`),
  );
}

export function compileUserFilter(filter: UserFilter): Fragment {
  return compile(filter, (leaf) => {
    if (leaf.kind === 'someEmail') {
      const inner = compileEmail(leaf.operand);
      return {
        // An IN list rather than a correlated EXISTS: `value eq` probes the LOWER(value) index.
        sql: `u.id IN (SELECT e.user_id FROM user_emails e WHERE ${inner.sql})`,
        params: inner.params,
      };
    }
    if (leaf.kind === 'present') return present(USER_COLUMNS[leaf.field]);
    return compareColumn(USER_COLUMNS[leaf.field], leaf.op, leaf.value, leaf.field);
  });
}

export function compileGroupFilter(filter: GroupFilter): Fragment {
  return compile(filter, (leaf) => {
    if (leaf.field === 'memberUserId' || leaf.field === 'memberGroupId') {
      const { groups, member } = MEMBER_OF[leaf.field];
      if (leaf.kind === 'present') return { sql: `g.id IN (${groups})`, params: [] };
      if (leaf.op !== 'eq' || typeof leaf.value !== 'number')
        throw invalidFilter('members compare with eq and a member id');
      return { sql: `g.id IN (${groups} WHERE ${member} = ?)`, params: [leaf.value] };
    }
    const column = GROUP_COLUMNS[leaf.field];
    if (leaf.kind === 'present') return present(column);
    return compareColumn(column, leaf.op, leaf.value, leaf.field);
  });
}

interface UserRow {
  id: number;
  username: string;
  external_id: string | null;
  display_name: string | null;
  first_name: string;
  last_name: string;
  active: boolean | number;
  profile: string | null;
  created_at: number;
  updated_at: number;
}

interface GroupRow {
  id: number;
  name: string;
  external_id: string | null;
  created_at: number;
  updated_at: number;
}

const USER_SELECT = `SELECT u.id, u.username, u.external_id, u.display_name, u.first_name,
  u.last_name, u.active, u.profile, u.created_at, u.updated_at FROM users u`;
const GROUP_SELECT = `SELECT g.id, g.name, g.external_id, g.created_at, g.updated_at FROM groups g`;

function toGroup(row: GroupRow): DirectoryGroup {
  return {
    id: row.id,
    name: row.name,
    externalId: row.external_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The provisioning directory's reads and its user writes (DirectoryService applies the rules). */
@Injectable()
export class DirectoryRepository {
  constructor(private readonly sql: Sql) {}

  async listUsers(
    query: DirectoryListQuery<UserFilter, UserSortField>,
  ): Promise<Page<DirectoryUser>> {
    const where = this.where(DIRECTORY_USER, query.filter && compileUserFilter(query.filter));
    const sort = query.sort ?? { field: 'id', direction: 'asc' };
    const order = `${USER_SORT[sort.field]} ${sort.direction.toUpperCase()}, u.id ASC`;
    const [count, rows] = await Promise.all([
      this.sql.one<{ total: number }>(
        `SELECT COUNT(*) AS total FROM users u ${where.sql}`,
        where.params,
      ),
      query.limit === 0
        ? []
        : this.sql.query<UserRow>(
            `${USER_SELECT} ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
            [...where.params, query.limit, query.offset],
          ),
    ]);
    return { total: Number(count?.total ?? 0), items: await this.withEmails(rows) };
  }

  async user(id: number, em?: EntityManager): Promise<DirectoryUser | null> {
    const rows = await this.sql.query<UserRow>(
      `${USER_SELECT} WHERE u.id = ? AND ${DIRECTORY_USER}`,
      [id],
      em,
    );
    return (await this.withEmails(rows, em))[0] ?? null;
  }

  async insertUser(em: EntityManager, input: DirectoryUserInput, now: number): Promise<number> {
    const rows = await this.sql.query<{ id: number }>(
      `INSERT INTO users (username, first_name, last_name, email, active, is_admin, external_id,
         display_name, profile, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?) RETURNING id`,
      [...this.userValues(input), now, now],
      em,
    );
    await this.writeEmails(em, rows[0].id, input.emails, false);
    return rows[0].id;
  }

  async updateUser(em: EntityManager, id: number, input: DirectoryUserInput, now: number) {
    await this.sql.query(
      `UPDATE users SET username = ?, first_name = ?, last_name = ?, email = ?, active = ?,
         external_id = ?, display_name = ?, profile = ?, updated_at = ? WHERE id = ?`,
      [...this.userValues(input), now, id],
      em,
    );
    await this.writeEmails(em, id, input.emails, true);
  }

  async setProvisioner(em: EntityManager, userId: number, provisioner: boolean) {
    const rows = await this.sql.query<{ id: number }>(
      `UPDATE users SET provisioner = ?, updated_at = ? WHERE id = ? RETURNING id`,
      [provisioner, Date.now(), userId],
      em,
    );
    return rows.length > 0;
  }

  /** Whether the active user holds the provisioning role. */
  async isProvisioner(userId: number): Promise<boolean> {
    const row = await this.sql.one(
      `SELECT id FROM users WHERE id = ? AND provisioner = TRUE AND active = TRUE`,
      [userId],
    );
    return row !== undefined;
  }

  async listGroups(
    query: DirectoryListQuery<GroupFilter, GroupSortField>,
    withMembers: boolean,
  ): Promise<Page<DirectoryGroup>> {
    const where = this.where(DIRECTORY_GROUP, query.filter && compileGroupFilter(query.filter));
    const sort = query.sort ?? { field: 'id', direction: 'asc' };
    const order = `${GROUP_SORT[sort.field]} ${sort.direction.toUpperCase()}, g.id ASC`;
    const [count, rows] = await Promise.all([
      this.sql.one<{ total: number }>(
        `SELECT COUNT(*) AS total FROM groups g ${where.sql}`,
        where.params,
      ),
      query.limit === 0
        ? []
        : this.sql.query<GroupRow>(
            `${GROUP_SELECT} ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
            [...where.params, query.limit, query.offset],
          ),
    ]);
    const items = rows.map(toGroup);
    if (withMembers) await this.attachMembers(items);
    return { total: Number(count?.total ?? 0), items };
  }

  async group(id: number, withMembers: boolean, em?: EntityManager) {
    const row = await this.sql.one<GroupRow>(
      `${GROUP_SELECT} WHERE g.id = ? AND ${DIRECTORY_GROUP}`,
      [id],
      em,
    );
    if (!row) return null;
    const group = toGroup(row);
    if (withMembers) await this.attachMembers([group], em);
    return group;
  }

  /** Directory groups among `ids`. */
  async groupIds(em: EntityManager, ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.sql.query<{ id: number }>(
      `SELECT g.id FROM groups g WHERE g.id IN ${Sql.list(ids)} AND ${DIRECTORY_GROUP}`,
      ids,
      em,
    );
    return new Set(rows.map((r) => r.id));
  }

  async childIds(em: EntityManager, groupId: number): Promise<number[]> {
    const rows = await this.sql.query<{ child_id: number }>(
      `SELECT child_id FROM group_children WHERE parent_id = ? ORDER BY child_id`,
      [groupId],
      em,
    );
    return rows.map((r) => r.child_id);
  }

  private where(scope: string, filter: Fragment | undefined): Fragment {
    return filter
      ? { sql: `WHERE ${scope} AND ${filter.sql}`, params: filter.params }
      : { sql: `WHERE ${scope}`, params: [] };
  }

  private userValues(input: DirectoryUserInput): unknown[] {
    const primary = input.emails.find((e) => e.primary) ?? input.emails[0];
    return [
      input.username,
      input.givenName,
      input.familyName,
      primary?.value ?? null,
      input.active,
      input.externalId,
      input.displayName,
      input.profile ? JSON.stringify(input.profile) : null,
    ];
  }

  private async writeEmails(
    em: EntityManager,
    userId: number,
    emails: readonly DirectoryEmail[],
    replace: boolean,
  ) {
    if (replace) await this.sql.query(`DELETE FROM user_emails WHERE user_id = ?`, [userId], em);
    if (emails.length === 0) return;
    await this.sql.query(
      `INSERT INTO user_emails (user_id, position, value, type, is_primary)
       VALUES ${emails.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      emails.flatMap((e, i) => [userId, i, e.value, e.type, e.primary]),
      em,
    );
  }

  /** One query for the e-mail addresses of every row. */
  private async withEmails(rows: UserRow[], em?: EntityManager): Promise<DirectoryUser[]> {
    const emails = new Map<number, DirectoryEmail[]>();
    if (rows.length > 0) {
      const ids = rows.map((r) => r.id);
      const emailRows = await this.sql.query<{
        user_id: number;
        value: string;
        type: string | null;
        is_primary: boolean | number;
      }>(
        `SELECT user_id, value, type, is_primary FROM user_emails
         WHERE user_id IN ${Sql.list(ids)} ORDER BY user_id, position`,
        ids,
        em,
      );
      for (const e of emailRows) {
        const list = emails.get(e.user_id) ?? [];
        list.push({ value: e.value, type: e.type, primary: Boolean(e.is_primary) });
        emails.set(e.user_id, list);
      }
    }
    return rows.map((row) => ({
      id: row.id,
      username: row.username,
      externalId: row.external_id,
      displayName: row.display_name,
      givenName: row.first_name,
      familyName: row.last_name,
      active: Boolean(row.active),
      emails: emails.get(row.id) ?? [],
      profile: row.profile ? (JSON.parse(row.profile) as Record<string, unknown>) : null,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    }));
  }

  /** Two queries for the direct members (users, then nested groups) of every group. */
  private async attachMembers(groups: DirectoryGroup[], em?: EntityManager) {
    if (groups.length === 0) return;
    const ids = groups.map((g) => g.id);
    const [users, children] = await Promise.all([
      this.sql.query<{ group_id: number; id: number; display: string }>(
        `SELECT gm.group_id, u.id, COALESCE(u.display_name, u.username) AS display
         FROM group_members gm JOIN users u ON u.id = gm.user_id
         WHERE gm.group_id IN ${Sql.list(ids)} ORDER BY gm.group_id, u.id`,
        ids,
        em,
      ),
      this.sql.query<{ group_id: number; id: number; display: string }>(
        `SELECT gc.parent_id AS group_id, c.id, c.name AS display
         FROM group_children gc JOIN groups c ON c.id = gc.child_id
         WHERE gc.parent_id IN ${Sql.list(ids)} ORDER BY gc.parent_id, c.id`,
        ids,
        em,
      ),
    ]);
    const byGroup = new Map<number, DirectoryMember[]>(ids.map((id) => [id, []]));
    for (const m of users)
      byGroup.get(m.group_id)!.push({ kind: 'user', id: m.id, display: m.display });
    for (const m of children)
      byGroup.get(m.group_id)!.push({ kind: 'group', id: m.id, display: m.display });
    for (const g of groups) g.members = byGroup.get(g.id);
  }
}
