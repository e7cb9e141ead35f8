import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Sql } from '../persistence/sql';
import { AccessLevel } from './access-level';
import { Caller } from './caller';
import { DomainError } from './domain-error';
import { isUniqueViolation, Gatekeeper } from './gatekeeper';
import {
  GROUP_COLUMNS,
  GROUP_FROM,
  GROUP_LISTING_COLUMNS,
  GROUP_REF_COLUMNS,
  GROUP_SUMMARY_COLUMNS,
  GroupQueries,
  GroupRow,
  toGroupListing,
  toGroupRef,
  toGroupSummary,
  toGroupView,
} from './group-queries';
import { AccessOptions, MembershipService, ReferenceOptions } from './membership.service';
import { GroupEntity } from './entities/group.entity';
import {
  assertListLength,
  assertStorableText,
  assertValidName,
  isImpossibleName,
} from './input-rules';
import {
  GroupListing,
  GroupRef,
  GroupSettings,
  GroupSummary,
  GroupView,
  Page,
  UserView,
} from './views';

export const MAX_GROUP_NAME_LENGTH = 100;

/** Members, e-mail members and nested groups set together with a create or update (replace). */
export interface GroupContent {
  memberUserIds?: number[];
  emailMembers?: string[];
  childGroupIds?: number[];
}

/** Parameter names to report for each content part (dialect vocabulary passes through). */
export interface ContentParams {
  memberUserIds?: string;
  emailMembers?: string;
  childGroupIds?: string;
}

export interface CreateGroupInput extends Partial<GroupSettings>, GroupContent {
  name: string;
  description?: string | null;
  slug?: string | null;
  federated?: boolean;
  /** Defaults to the creator's organization. */
  organizationId?: number | null;
}

/** `undefined` keeps a value; `null` clears a nullable one. Content parts replace when present. */
export interface UpdateGroupInput extends Partial<GroupSettings>, GroupContent {
  name?: string;
  description?: string | null;
  slug?: string | null;
  federated?: boolean;
  organizationId?: number | null;
}

export interface WriteOptions extends AccessOptions, ReferenceOptions {
  params?: ContentParams;
}

export type GroupSortField = 'name' | 'createdAt' | 'updatedAt';

export interface TimeRange {
  /** Inclusive epoch milliseconds. */
  from?: number;
  to?: number;
}

export interface GroupListQuery {
  /** Only these groups. */
  ids?: number[];
  /** Case-insensitive substring of the name. */
  search?: string;
  /** Only groups on which the caller has at least this level (default read); null: all groups. */
  minLevel?: AccessLevel | null;
  organizationId?: number;
  /** Groups where any of these users is a direct member. */
  memberUserIds?: number[];
  createdById?: number;
  federated?: boolean;
  created?: TimeRange;
  updated?: TimeRange;
  /** Ties are broken by id, ascending. Default: by name. */
  sort?: Array<{ field: GroupSortField; direction: 'asc' | 'desc' }>;
  limit?: number;
  offset?: number;
  /** Load the direct members of the page's groups (one extra query). */
  includeMembers?: boolean;
}

/**
 * What to read per group: every field of a GroupView (default), a GroupListing (no settings:
 * eight columns fewer), a GroupSummary, which also spares the organization join and the member
 * counts (two subqueries per row), or a GroupRef (id and name).
 */
type ColumnOption =
  { columns?: 'all' } | { columns: 'listing' } | { columns: 'summary' } | { columns: 'refs' };

type WithMembers<T> = T & { members?: UserView[] };
export type ListedGroupView = WithMembers<GroupView>;
export type ListedGroup = WithMembers<GroupListing>;
export type ListedGroupSummary = WithMembers<GroupSummary>;
export type ListedGroupRef = WithMembers<GroupRef>;

const SORT_COLUMNS: Record<GroupSortField, string> = {
  name: 'g.name_key',
  createdAt: 'g.created_at',
  updatedAt: 'g.updated_at',
};

const SETTINGS_COLUMNS = {
  defaultOtpRequiredForLogin: 'defaultOtpRequiredForLogin',
  defaultTimeZone: 'defaultTimeZone',
  defaultJobsLabel: 'defaultJobsLabel',
  defaultNotebooksLabel: 'defaultNotebooksLabel',
  defaultServicesLabel: 'defaultServicesLabel',
  roleIds: 'roleIds',
} as const satisfies Record<keyof GroupSettings, keyof GroupEntity>;

export function groupNameKey(name: string): string {
  return name.toLowerCase();
}

@Injectable()
export class GroupsService {
  constructor(
    private readonly gate: Gatekeeper,
    private readonly queries: GroupQueries,
    private readonly membership: MembershipService,
  ) {}

  /** Default requirement: any authenticated caller ('system' for dialects that say so). */
  async createGroup(
    caller: Caller,
    input: CreateGroupInput,
    opts: WriteOptions = {},
  ): Promise<GroupView> {
    const name = this.validName(input.name);
    this.validTexts(input);
    const requirement = opts.require ?? 'any';
    if (requirement === 'system' && !caller.systemAdmin) {
      throw DomainError.forbidden('Only a system administrator may create groups');
    }
    const emails =
      input.emailMembers &&
      this.membership.normaliseEmails(input.emailMembers, opts.params?.emailMembers);
    return this.gate.write(async (em) => {
      await this.assertNameFree(em, name);
      const organizationId =
        input.organizationId !== undefined
          ? input.organizationId
          : await this.callerOrganization(em, caller);
      if (organizationId !== null) await this.assertOrganization(em, organizationId);
      const now = Date.now();
      const values: Partial<GroupEntity> = {
        name,
        nameKey: groupNameKey(name),
        description: input.description ?? null,
        slug: input.slug ?? randomUUID(),
        organizationId,
        federated: input.federated ?? false,
        ownerId: caller.userId,
        createdById: caller.userId,
        updatedById: caller.userId,
        createdAt: now,
        updatedAt: now,
        roleIds: [],
      };
      for (const [key, column] of Object.entries(SETTINGS_COLUMNS)) {
        const value = input[key as keyof GroupSettings];
        if (value !== undefined) Object.assign(values, { [column]: value });
      }
      let id: number;
      try {
        const result = await em.insert(GroupEntity, values);
        id = (result.identifiers[0] as { id: number }).id;
      } catch (error) {
        throw this.translateUnique(error, name, values.slug!);
      }
      await this.writeContent(em, caller, id, input, emails, opts);
      return (await this.queries.groupById(id, em))!;
    });
  }

  /** Default requirement: read. */
  async getGroup(caller: Caller, groupId: number, opts: AccessOptions = {}): Promise<GroupView> {
    await this.gate.requireAccessBeforeRead(caller, groupId, opts.require ?? 'read');
    const group = await this.queries.groupById(groupId);
    if (!group) throw DomainError.notFound('group', groupId, 'groupId');
    return group;
  }

  /** Default requirement: read. Names match case-insensitively. */
  async getGroupByName(caller: Caller, name: string, opts: AccessOptions = {}): Promise<GroupView> {
    const group = isImpossibleName(name)
      ? undefined
      : await this.queries.groupByNameKey(groupNameKey(name));
    if (!group) throw DomainError.notFound('group', name, 'name');
    await this.gate.requireAccess(caller, group.id, opts.require ?? 'read', undefined, 'name');
    return group;
  }

  /**
   * Existing, visible groups among `ids` (no error for the others). With `minLevel: null`, every
   * existing group.
   */
  async findGroups(
    caller: Caller,
    ids: number[],
    minLevel: AccessLevel | null = 'read',
  ): Promise<GroupView[]> {
    if (ids.length === 0) return [];
    const { items } = await this.listGroups(caller, { ids, minLevel, limit: ids.length });
    return items;
  }

  /** Default requirement: write; renaming needs the same, changing `federated` needs manage. */
  updateGroup(
    caller: Caller,
    groupId: number,
    input: UpdateGroupInput,
    opts: WriteOptions = {},
  ): Promise<GroupView> {
    const name = input.name === undefined ? undefined : this.validName(input.name);
    this.validTexts(input);
    const emails =
      input.emailMembers &&
      this.membership.normaliseEmails(input.emailMembers, opts.params?.emailMembers);
    return this.gate.write(async (em) => {
      await this.gate.requireAccess(caller, groupId, opts.require ?? 'write', em);
      const changes: Partial<GroupEntity> = { updatedAt: Date.now(), updatedById: caller.userId };
      if (name !== undefined) {
        await this.assertNameFree(em, name, groupId);
        Object.assign(changes, { name, nameKey: groupNameKey(name) });
      }
      if (input.description !== undefined) changes.description = input.description;
      if (input.slug !== undefined) changes.slug = input.slug ?? randomUUID();
      if (input.federated !== undefined) changes.federated = input.federated;
      if (input.organizationId !== undefined) {
        if (input.organizationId !== null) await this.assertOrganization(em, input.organizationId);
        changes.organizationId = input.organizationId;
      }
      for (const [key, column] of Object.entries(SETTINGS_COLUMNS)) {
        const value = input[key as keyof GroupSettings];
        if (value !== undefined)
          Object.assign(changes, { [column]: key === 'roleIds' ? (value ?? []) : value });
      }
      try {
        await em.update(GroupEntity, { id: groupId }, changes);
      } catch (error) {
        throw this.translateUnique(error, name ?? '', changes.slug ?? '');
      }
      await this.writeContent(em, caller, groupId, input, emails, opts);
      return (await this.queries.groupById(groupId, em))!;
    });
  }

  /** Default requirement: manage. */
  deleteGroup(caller: Caller, groupId: number, opts: AccessOptions = {}): Promise<void> {
    return this.gate.write(async (em) => {
      await this.gate.requireAccess(caller, groupId, opts.require ?? 'manage', em);
      await this.removeGroupRows(em, [groupId]);
    });
  }

  /**
   * Deletes the listed groups the caller may manage and returns their ids; unknown, invisible
   * and unmanageable ids are skipped (USOS `delete` semantics).
   */
  deleteGroups(caller: Caller, groupIds: number[]): Promise<number[]> {
    return this.gate.write(async (em) => {
      const wanted = [...new Set(groupIds)];
      if (wanted.length === 0) return [];
      assertListLength(wanted, 'groupIds');
      const manageable = this.queries.visibilityFilter(caller, 'manage');
      const withClause = manageable.ctes.length
        ? `WITH RECURSIVE ${manageable.ctes.join(', ')} `
        : '';
      const rows = await this.queries.sql.query<{ id: number }>(
        `${withClause}SELECT g.id FROM groups g WHERE g.id IN ${Sql.list(wanted)} AND ${manageable.sql} ORDER BY g.id`,
        [...manageable.cteParams, ...wanted, ...manageable.params],
        em,
      );
      const ids = rows.map((r) => r.id);
      if (ids.length > 0) await this.removeGroupRows(em, ids);
      return ids;
    });
  }

  /**
   * Filtering, sorting and paging in SQL: one count query, one page query (+ one for members).
   * The page query is a deferred join: the inner query pages over ids alone (an index walk), and
   * only the ≤ limit rows kept are joined and counted. PostgreSQL evaluates the select list below
   * LIMIT, so selecting the columns directly would run the member counts for every skipped row.
   */
  listGroups(
    caller: Caller,
    query: GroupListQuery & { columns: 'summary' },
  ): Promise<Page<ListedGroupSummary>>;
  /** For a caller that picks the column set at run time. */
  listGroups(
    caller: Caller,
    query: GroupListQuery & { columns: 'refs' | 'summary' },
  ): Promise<Page<ListedGroupRef>>;
  listGroups(
    caller: Caller,
    query: GroupListQuery & { columns: 'listing' },
  ): Promise<Page<ListedGroup>>;
  listGroups(
    caller: Caller,
    query: GroupListQuery & { columns?: 'all' },
  ): Promise<Page<ListedGroupView>>;
  async listGroups(
    caller: Caller,
    query: GroupListQuery & ColumnOption,
  ): Promise<Page<ListedGroupRef>> {
    const where: string[] = [];
    const params: unknown[] = [];
    let ctes: string[] = [];
    let cteParams: unknown[] = [];
    const minLevel = query.minLevel === undefined ? 'read' : query.minLevel;
    const visible = minLevel === null ? null : this.queries.visibilityFilter(caller, minLevel);
    // No `WHERE TRUE` for administrators: without any WHERE clause SQLite counts from the b-tree.
    if (visible && visible !== GroupQueries.NO_FILTER) {
      where.push(visible.sql);
      params.push(...visible.params);
      ({ ctes, cteParams } = visible);
    }
    if (query.ids) {
      assertListLength(query.ids, 'ids');
      where.push(query.ids.length ? `g.id IN ${Sql.list(query.ids)}` : 'FALSE');
      params.push(...query.ids);
    }
    if (query.search) {
      where.push(`g.name_key LIKE ? ESCAPE '\\'`);
      params.push(`%${groupNameKey(query.search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (query.organizationId !== undefined) {
      where.push('g.organization_id = ?');
      params.push(query.organizationId);
    }
    if (query.memberUserIds && query.memberUserIds.length > 0) {
      assertListLength(query.memberUserIds, 'memberUserIds');
      where.push(
        `g.id IN (SELECT gm.group_id FROM group_members gm WHERE gm.user_id IN ${Sql.list(query.memberUserIds)})`,
      );
      params.push(...query.memberUserIds);
    }
    if (query.createdById !== undefined) {
      where.push('g.created_by_id = ?');
      params.push(query.createdById);
    }
    if (query.federated !== undefined) {
      where.push('g.federated = ?');
      params.push(query.federated);
    }
    for (const [range, column] of [
      [query.created, 'g.created_at'],
      [query.updated, 'g.updated_at'],
    ] as const) {
      if (range?.from !== undefined) {
        where.push(`${column} >= ?`);
        params.push(range.from);
      }
      if (range?.to !== undefined) {
        where.push(`${column} <= ?`);
        params.push(range.to);
      }
    }
    const withClause = ctes.length ? `WITH RECURSIVE ${ctes.join(', ')} ` : '';
    const whereClause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const sort = query.sort?.length
      ? query.sort
      : [{ field: 'name' as const, direction: 'asc' as const }];
    const orderBy = [
      ...sort.map((s) => `${SORT_COLUMNS[s.field]} ${s.direction.toUpperCase()}`),
      'g.id ASC',
    ].join(', ');
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const sql = this.queries.sql;
    const filteredPage = `${whereClause} ORDER BY ${orderBy} LIMIT ? OFFSET ?`;
    const columns = query.columns ?? 'all';
    const select = {
      all: `SELECT ${GROUP_COLUMNS} FROM ${GROUP_FROM}`,
      listing: `SELECT ${GROUP_LISTING_COLUMNS} FROM ${GROUP_FROM}`,
      summary: `SELECT ${GROUP_SUMMARY_COLUMNS} FROM groups g`,
      refs: `SELECT ${GROUP_REF_COLUMNS} FROM groups g`,
    }[columns];
    const toItem = {
      all: toGroupView,
      listing: toGroupListing,
      summary: toGroupSummary,
      refs: toGroupRef,
    }[columns];
    // The deferred join pays off only when rows are skipped. A first page of plain columns (no
    // per-row subqueries) reads the same rows straight from the ordered scan, without the `IN`
    // list and the second sort (Publisher page 1 on SQLite 10k: about a tenth less CPU).
    let pageSql = `${withClause}${select} ${filteredPage}`;
    if (offset !== 0 || (columns !== 'summary' && columns !== 'refs')) {
      // The inner `g` shadows the outer one, so the filters apply to the id query alone.
      const pageIds = `SELECT g.id FROM groups g ${filteredPage}`;
      pageSql = `${withClause}${select} WHERE ${sql.inPage('g.id', pageIds)} ORDER BY ${orderBy}`;
    }
    const [countRow, rows] = await Promise.all([
      sql.one<{ total: number }>(
        `${withClause}SELECT COUNT(*) AS total FROM groups g ${whereClause}`,
        [...cteParams, ...params],
      ),
      sql.query<GroupRow>(pageSql, [...cteParams, ...params, limit, offset]),
    ]);
    const items: ListedGroupRef[] = rows.map(toItem);
    if (query.includeMembers && items.length > 0) {
      const members = await this.queries.membersOfGroups(items.map((g) => g.id));
      for (const item of items) item.members = members.get(item.id) ?? [];
    }
    return { total: Number(countRow?.total ?? 0), items };
  }

  private async writeContent(
    em: EntityManager,
    caller: Caller,
    groupId: number,
    content: GroupContent,
    emails: string[] | undefined,
    opts: WriteOptions,
  ) {
    const params = opts.params ?? {};
    if (content.memberUserIds !== undefined) {
      const userIds = await this.membership.resolveUsers(em, content.memberUserIds, {
        dropUnknown: opts.dropUnknown,
        param: params.memberUserIds ?? 'memberUserIds',
      });
      await this.membership.replaceMembers(em, groupId, userIds);
    }
    if (emails !== undefined) await this.membership.replaceEmailMembers(em, groupId, emails);
    if (content.childGroupIds !== undefined) {
      const param = params.childGroupIds ?? 'childGroupIds';
      const children = await this.membership.resolveGroups(em, caller, content.childGroupIds, {
        dropUnknown: opts.dropUnknown,
        param,
      });
      await this.membership.replaceChildren(
        em,
        groupId,
        children.map((c) => c.id),
        param,
      );
    }
  }

  private async removeGroupRows(em: EntityManager, ids: number[]) {
    // Shares held *by* these groups have no foreign key (polymorphic principal): remove them here.
    await this.queries.sql.query(
      `DELETE FROM group_shares WHERE principal_type = 'group' AND principal_id IN ${Sql.list(ids)}`,
      ids,
      em,
    );
    await this.queries.sql.query(`DELETE FROM groups WHERE id IN ${Sql.list(ids)}`, ids, em);
  }

  private validName(raw: unknown): string {
    assertValidName(raw, 'name', 'group name', MAX_GROUP_NAME_LENGTH);
    return raw;
  }

  private validTexts(input: CreateGroupInput | UpdateGroupInput): void {
    if (typeof input.description === 'string')
      assertStorableText(input.description, 'description', 'group description');
    if (typeof input.slug === 'string') assertStorableText(input.slug, 'slug', 'slug');
  }

  private async assertNameFree(em: EntityManager, name: string, exceptId?: number) {
    const row = await this.queries.sql.one<{ id: number }>(
      `SELECT id FROM groups WHERE name_key = ?`,
      [groupNameKey(name)],
      em,
    );
    if (row && row.id !== exceptId) throw DomainError.alreadyExists('group', name);
  }

  private async assertOrganization(em: EntityManager, organizationId: number) {
    const row = await this.queries.sql.one(
      `SELECT id FROM organizations WHERE id = ?`,
      [organizationId],
      em,
    );
    if (!row) throw DomainError.notFound('organization', organizationId, 'organizationId');
  }

  private async callerOrganization(em: EntityManager, caller: Caller): Promise<number | null> {
    const row = await this.queries.sql.one<{ organization_id: number | null }>(
      `SELECT organization_id FROM users WHERE id = ?`,
      [caller.userId],
      em,
    );
    return row?.organization_id ?? null;
  }

  /** A concurrent insert can pass the pre-check; the unique index still refuses it. */
  private translateUnique(error: unknown, name: string, slug: string): unknown {
    if (!isUniqueViolation(error)) return error;
    const message = String((error as Error).message ?? '');
    if (/slug/.test(message)) return DomainError.alreadyExists('group', slug, 'slug');
    return DomainError.alreadyExists('group', name);
  }
}
