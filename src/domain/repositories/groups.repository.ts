import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { andSql, fragment, joinSql, SqlFragment } from '../../persistence/sql-fragment';
import { Sql } from '../../persistence/sql';
import { AccessLevel } from '../access-level';
import { Caller } from '../caller';
import { GroupRef, GroupSettings, GroupView, UserView } from '../views';
import { BUCKET_TARGET } from '../../persistence/migrations/1765800000000-group-name-buckets';
import { callerAccess, callerStanding } from './access-sql';
import {
  GROUP_COLUMNS,
  GROUP_DETAIL_COLUMNS,
  GROUP_FROM,
  GROUP_HEAD_COLUMNS,
  GROUP_LISTING_COLUMNS,
  GROUP_REF_COLUMNS,
  GROUP_SUMMARY_COLUMNS,
  GroupRow,
  toGroupListing,
  toGroupRef,
  toGroupSummary,
  toGroupView,
} from './group-rows';

export type GroupSortField = 'name' | 'createdAt' | 'updatedAt';

export interface TimeRange {
  /** Inclusive epoch milliseconds. */
  from?: number;
  to?: number;
}

/** A listing's filters, sort and page, with the access restriction already decided. */
export interface GroupListFilter {
  ids?: number[];
  /** Already folded with groupNameKey. */
  searchKey?: string;
  organizationId?: number;
  memberUserIds?: number[];
  createdById?: number;
  federated?: boolean;
  created?: TimeRange;
  updated?: TimeRange;
  sort?: Array<{ field: GroupSortField; direction: 'asc' | 'desc' }>;
  limit: number;
  offset: number;
}

/**
 * What to read per group: every field of a GroupView, a GroupListing (no settings: eight columns
 * fewer), a GroupSummary, which also spares the organization join and the member counts, or a
 * GroupRef (id and name).
 */
export type GroupColumns = 'all' | 'listing' | 'summary' | 'refs';

/** The columns a create writes; settings left out take the table's defaults. */
export interface NewGroupRow extends Partial<GroupSettings> {
  name: string;
  nameKey: string;
  description: string | null;
  slug: string;
  organizationId: number | null;
  federated: boolean;
  /** The provisioning system's own id for the group (SCIM `externalId`). */
  externalId?: string | null;
  ownerId: number;
  createdAt: number;
}

/** The columns an update may change; absent ones keep their value. */
export interface GroupChanges extends Partial<GroupSettings> {
  name?: string;
  nameKey?: string;
  description?: string | null;
  slug?: string;
  organizationId?: number | null;
  federated?: boolean;
  externalId?: string | null;
  updatedById: number;
  updatedAt: number;
}

/** Each writable field and its column; role_ids is stored as JSON text. */
const WRITABLE_COLUMNS = {
  name: 'name',
  nameKey: 'name_key',
  description: 'description',
  slug: 'slug',
  organizationId: 'organization_id',
  federated: 'federated',
  externalId: 'external_id',
  updatedById: 'updated_by_id',
  updatedAt: 'updated_at',
  defaultOtpRequiredForLogin: 'default_otp_required_for_login',
  defaultTimeZone: 'default_time_zone',
  defaultJobsLabel: 'default_jobs_label',
  defaultNotebooksLabel: 'default_notebooks_label',
  defaultServicesLabel: 'default_services_label',
  roleIds: 'role_ids',
} as const satisfies Record<keyof GroupChanges, string>;

const SORT_COLUMNS: Record<GroupSortField, string> = {
  name: 'g.name_key',
  createdAt: 'g.created_at',
  updatedAt: 'g.updated_at',
};

const SELECT: Record<GroupColumns, string> = {
  all: `SELECT ${GROUP_COLUMNS} FROM ${GROUP_FROM}`,
  listing: `SELECT ${GROUP_LISTING_COLUMNS} FROM ${GROUP_FROM}`,
  summary: `SELECT ${GROUP_SUMMARY_COLUMNS} FROM groups g`,
  refs: `SELECT ${GROUP_REF_COLUMNS} FROM groups g`,
};

/** Every group, from the name buckets the database keeps exact (GroupNameBuckets migration). */
const GROUP_TOTAL = 'SELECT SUM(groups) AS total FROM group_name_buckets';

/** The last bucket (in name order) that starts at or before the offset `?`, with its position. */
const ANCHOR_BUCKET = `(SELECT start_key, before FROM (
    SELECT start_key, CAST(SUM(groups) OVER (ORDER BY start_key) - groups AS BIGINT) AS before
    FROM group_name_buckets) c
  WHERE before <= ? ORDER BY start_key DESC LIMIT 1)`;

/**
 * A page of every group's ids in name order, from the bucket holding its offset: the rows before
 * that bucket are counted by the buckets instead of walked, so at most a bucket's rows are skipped.
 */
const NAME_PAGE_IDS = `SELECT g.id FROM groups g
  WHERE g.name_key >= (SELECT start_key FROM ${ANCHOR_BUCKET} a)
  ORDER BY g.name_key ASC, g.id ASC
  LIMIT ? OFFSET ? - (SELECT before FROM ${ANCHOR_BUCKET} a)`;

const TO_ITEM = {
  all: toGroupView,
  listing: toGroupListing,
  summary: toGroupSummary,
  refs: toGroupRef,
} satisfies Record<GroupColumns, (row: GroupRow) => GroupRef>;

/**
 * Groups in SQL returning plain views (no entity hydration, no N+1: docs/architecture.md).
 * Applies no access rule of its own: the services ask the access policy first.
 */
@Injectable()
export class GroupsRepository {
  constructor(private readonly sql: Sql) {}

  async byId(id: number, em?: EntityManager): Promise<GroupView | null> {
    const row = await this.sql.one<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM ${GROUP_FROM} WHERE g.id = ?`,
      [id],
      em,
    );
    return row ? toGroupView(row) : null;
  }

  async byNameKey(nameKey: string, em?: EntityManager): Promise<GroupView | null> {
    const row = await this.sql.one<GroupRow>(
      `SELECT ${GROUP_COLUMNS} FROM ${GROUP_FROM} WHERE g.name_key = ?`,
      [nameKey],
      em,
    );
    return row ? toGroupView(row) : null;
  }

  /**
   * A group whose member counts come from its member rows, already read by the caller (the same
   * numbers as its maintained columns in this transaction); null when it does not exist.
   */
  async byIdCountingMembers(
    id: number,
    members: readonly UserView[],
    em?: EntityManager,
  ): Promise<GroupView | null> {
    const row = await this.sql.one<Omit<GroupRow, 'member_count' | 'active_member_count'>>(
      `SELECT ${GROUP_HEAD_COLUMNS}, ${GROUP_DETAIL_COLUMNS} FROM ${GROUP_FROM} WHERE g.id = ?`,
      [id],
      em,
    );
    if (!row) return null;
    let activeMembers = 0;
    for (const member of members) if (member.active) activeMembers++;
    return toGroupView({
      ...row,
      member_count: members.length,
      active_member_count: activeMembers,
    });
  }

  /** The group's name, or undefined when it does not exist. */
  async nameOf(id: number, em: EntityManager): Promise<string | undefined> {
    const row = await this.sql.one<{ name: string }>(
      `SELECT name FROM groups WHERE id = ?`,
      [id],
      em,
    );
    return row?.name;
  }

  /** The id of the group holding this name key, if any. */
  async idByNameKey(nameKey: string, em: EntityManager): Promise<number | undefined> {
    const row = await this.sql.one<{ id: number }>(
      `SELECT id FROM groups WHERE name_key = ?`,
      [nameKey],
      em,
    );
    return row?.id;
  }

  /**
   * Whether the group exists and where the caller stands on it, in one query: its owner, the
   * highest share rank the caller holds (directly or through a group), and effective membership.
   */
  async standing(
    caller: Caller,
    groupId: number,
    em?: EntityManager,
  ): Promise<{ ownerId: number | null; shareRank: number | null; member: boolean } | null> {
    const { with: withClause, columns } = callerStanding(caller);
    const query = joinSql(
      withClause,
      'SELECT g.owner_id, ',
      columns,
      fragment(' FROM groups g WHERE g.id = ?', [groupId]),
    );
    const row = await this.sql.one<{
      owner_id: number | null;
      share_rank: number | null;
      is_member: number;
    }>(query.text, query.params, em);
    if (!row) return null;
    return {
      ownerId: row.owner_id,
      shareRank: row.share_rank === null ? null : Number(row.share_rank),
      member: Number(row.is_member) > 0,
    };
  }

  async exists(groupId: number, em?: EntityManager): Promise<boolean> {
    return Boolean(await this.sql.one(`SELECT id FROM groups WHERE id = ?`, [groupId], em));
  }

  /** Groups among `ids` on which the caller has `minLevel` (null: every existing one), by id. */
  async refsVisibleTo(
    caller: Caller,
    ids: readonly number[],
    minLevel: AccessLevel | null,
    em?: EntityManager,
  ): Promise<Array<GroupRef & { federated: boolean }>> {
    const access = callerAccess(caller, minLevel);
    const conditions = [fragment(`g.id IN ${Sql.list(ids)}`, ids)];
    if (access.visible) conditions.push(access.visible);
    const query = joinSql(
      access.with,
      'SELECT g.id, g.name, g.federated FROM groups g WHERE ',
      andSql(conditions),
      ' ORDER BY g.id',
    );
    const rows = await this.sql.query<{ id: number; name: string; federated: boolean | number }>(
      query.text,
      query.params,
      em,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, federated: Boolean(r.federated) }));
  }

  /**
   * One count query and one page query. When nothing restricts the list (an administrator's
   * unfiltered list) the total is a sum over the name buckets the database maintains, and a page
   * deep in name order starts from its bucket; else both count and walk the matching rows. The
   * page query is a deferred join: the inner query pages over ids alone (an index walk), and only
   * the ≤ limit rows kept are joined and counted.
   * PostgreSQL evaluates the select list below LIMIT, so selecting the columns directly would run
   * the member counts for every skipped row.
   */
  async list(
    caller: Caller,
    minLevel: AccessLevel | null,
    filter: GroupListFilter,
    columns: GroupColumns,
  ): Promise<{ total: number; items: GroupRef[] }> {
    const access = callerAccess(caller, minLevel);
    const conditions = this.conditions(filter);
    if (access.visible) conditions.unshift(access.visible);
    // No `WHERE TRUE` when nothing filters: without any WHERE clause SQLite counts from the b-tree.
    const where = conditions.length ? joinSql(' WHERE ', andSql(conditions)) : fragment('');
    const sort = filter.sort?.length
      ? filter.sort
      : [{ field: 'name' as const, direction: 'asc' as const }];
    const orderBy = [
      ...sort.map((s) => `${SORT_COLUMNS[s.field]} ${s.direction.toUpperCase()}`),
      'g.id ASC',
    ].join(', ');
    const filteredPage = joinSql(
      where,
      fragment(` ORDER BY ${orderBy} LIMIT ? OFFSET ?`, [filter.limit, filter.offset]),
    );
    // Every group in name order, past the first bucket: the buckets tell where the page starts.
    const fromBucket =
      conditions.length === 0 &&
      filter.offset >= BUCKET_TARGET &&
      sort.length === 1 &&
      sort[0].field === 'name' &&
      sort[0].direction === 'asc';
    const pageIds = fromBucket
      ? fragment(NAME_PAGE_IDS, [filter.offset, filter.limit, filter.offset, filter.offset])
      : joinSql('SELECT g.id FROM groups g', filteredPage);
    // The deferred join pays off only when rows are skipped. A first page of plain columns (no
    // per-row subqueries) reads the same rows straight from the ordered scan, without the `IN`
    // list and the second sort (docs/performance.md).
    const direct = filter.offset === 0 && (columns === 'summary' || columns === 'refs');
    const page = direct
      ? joinSql(access.with, SELECT[columns], filteredPage)
      : joinSql(
          access.with,
          `${SELECT[columns]} WHERE `,
          // The inner `g` shadows the outer one, so the filters apply to the id query alone.
          this.inPage(pageIds),
          ` ORDER BY ${orderBy}`,
        );
    const count = conditions.length
      ? joinSql(access.with, 'SELECT COUNT(*) AS total FROM groups g', where)
      : fragment(GROUP_TOTAL);
    const [countRow, rows] = await Promise.all([
      this.sql.one<{ total: number }>(count.text, count.params),
      this.sql.query<GroupRow>(page.text, page.params),
    ]);
    const toItem = TO_ITEM[columns];
    return { total: Number(countRow?.total ?? 0), items: rows.map(toItem) };
  }

  /** Inserts the group and answers its id. */
  async insert(em: EntityManager, group: NewGroupRow): Promise<number> {
    const values: Record<string, unknown> = {
      name: group.name,
      name_key: group.nameKey,
      description: group.description,
      slug: group.slug,
      organization_id: group.organizationId,
      federated: group.federated,
      external_id: group.externalId ?? null,
      owner_id: group.ownerId,
      created_by_id: group.ownerId,
      updated_by_id: group.ownerId,
      created_at: group.createdAt,
      updated_at: group.createdAt,
    };
    for (const key of SETTINGS_FIELDS) {
      const value = group[key];
      if (value !== undefined) values[WRITABLE_COLUMNS[key]] = storable(key, value);
    }
    const columns = Object.keys(values);
    const row = await this.sql.one<{ id: number }>(
      `INSERT INTO groups (${columns.join(', ')}) VALUES ${Sql.list(columns)} RETURNING id`,
      Object.values(values),
      em,
    );
    return row!.id;
  }

  async update(em: EntityManager, groupId: number, changes: GroupChanges): Promise<void> {
    const keys = (Object.keys(changes) as Array<keyof GroupChanges>).filter(
      (key) => changes[key] !== undefined,
    );
    await this.sql.query(
      `UPDATE groups SET ${keys.map((key) => `${WRITABLE_COLUMNS[key]} = ?`).join(', ')} WHERE id = ?`,
      [...keys.map((key) => storable(key, changes[key])), groupId],
      em,
    );
  }

  /** Records who changed the group and when. */
  async touch(em: EntityManager, groupId: number, userId: number): Promise<void> {
    await this.sql.query(
      `UPDATE groups SET updated_at = ?, updated_by_id = ? WHERE id = ?`,
      [Date.now(), userId, groupId],
      em,
    );
  }

  /**
   * Deletes the groups with their rows. Shares held *by* these groups have no foreign key
   * (polymorphic principal), so they are removed here.
   */
  async delete(em: EntityManager, ids: readonly number[]): Promise<void> {
    await this.sql.query(
      `DELETE FROM group_shares WHERE principal_type = 'group' AND principal_id IN ${Sql.list(ids)}`,
      ids,
      em,
    );
    await this.sql.query(`DELETE FROM groups WHERE id IN ${Sql.list(ids)}`, ids, em);
  }

  private conditions(filter: GroupListFilter): SqlFragment[] {
    const where: SqlFragment[] = [];
    if (filter.ids) {
      where.push(
        filter.ids.length
          ? fragment(`g.id IN ${Sql.list(filter.ids)}`, filter.ids)
          : fragment('FALSE'),
      );
    }
    if (filter.searchKey) {
      const pattern = `%${filter.searchKey.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(fragment(`g.name_key LIKE ? ESCAPE '\\'`, [pattern]));
    }
    if (filter.organizationId !== undefined)
      where.push(fragment('g.organization_id = ?', [filter.organizationId]));
    if (filter.memberUserIds && filter.memberUserIds.length > 0) {
      where.push(
        fragment(
          `g.id IN (SELECT gm.group_id FROM group_members gm WHERE gm.user_id IN ${Sql.list(filter.memberUserIds)})`,
          filter.memberUserIds,
        ),
      );
    }
    if (filter.createdById !== undefined)
      where.push(fragment('g.created_by_id = ?', [filter.createdById]));
    if (filter.federated !== undefined) where.push(fragment('g.federated = ?', [filter.federated]));
    for (const [range, column] of [
      [filter.created, 'g.created_at'],
      [filter.updated, 'g.updated_at'],
    ] as const) {
      if (range?.from !== undefined) where.push(fragment(`${column} >= ?`, [range.from]));
      if (range?.to !== undefined) where.push(fragment(`${column} <= ?`, [range.to]));
    }
    return where;
  }

  private inPage(pageIds: SqlFragment): SqlFragment {
    return fragment(this.sql.inPage('g.id', pageIds.text), pageIds.params);
  }
}

const SETTINGS_FIELDS = [
  'defaultOtpRequiredForLogin',
  'defaultTimeZone',
  'defaultJobsLabel',
  'defaultNotebooksLabel',
  'defaultServicesLabel',
  'roleIds',
] as const satisfies ReadonlyArray<keyof GroupSettings>;

function storable(key: keyof GroupChanges, value: unknown): unknown {
  return key === 'roleIds' ? JSON.stringify(value) : value;
}
