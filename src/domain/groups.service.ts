import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { UniqueViolation } from '../persistence/persistence-errors';
import { AccessPolicy, REFERENCE_LEVELS } from './access-policy';
import { AccessLevel } from './access-level';
import { Caller } from './caller';
import { DomainError } from './domain-error';
import { Gatekeeper } from './gatekeeper';
import { AccessOptions, MembershipService, ReferenceOptions } from './membership.service';
import {
  assertListLength,
  assertStorableText,
  isImpossibleName,
  nameKey,
  normaliseName,
} from './input-rules';
import {
  GroupChanges,
  GroupColumns,
  GroupSortField,
  GroupsRepository,
  TimeRange,
} from './repositories/groups.repository';
import { MembershipRepository } from './repositories/membership.repository';
import { OrganizationsRepository } from './repositories/organizations.repository';
import { UsersRepository } from './repositories/users.repository';
import {
  GroupListing,
  GroupRef,
  GroupSettings,
  GroupSummary,
  GroupView,
  Page,
  UserView,
} from './views';

export type { GroupSortField, TimeRange };

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
  /** The provisioning system's own id for the group. */
  externalId?: string | null;
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

export interface GroupListQuery {
  /** Only these groups. */
  ids?: number[];
  /** Case-insensitive substring of the name. */
  search?: string;
  /**
   * Only groups on which the caller has at least this level; null: all groups. Default: what the
   * policy lists (AccessOptions.policy).
   */
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

/** What to read per group (GroupColumns); default every field of a GroupView. */
type ColumnOption =
  { columns?: 'all' } | { columns: 'listing' } | { columns: 'summary' } | { columns: 'refs' };

type WithMembers<T> = T & { members?: UserView[] };
export type ListedGroupView = WithMembers<GroupView>;
export type ListedGroup = WithMembers<GroupListing>;
export type ListedGroupSummary = WithMembers<GroupSummary>;
export type ListedGroupRef = WithMembers<GroupRef>;

const SETTINGS_FIELDS = [
  'defaultOtpRequiredForLogin',
  'defaultTimeZone',
  'defaultJobsLabel',
  'defaultNotebooksLabel',
  'defaultServicesLabel',
  'roleIds',
] as const satisfies ReadonlyArray<keyof GroupSettings>;

/** Group names are unique, and sorted, by this key. */
export const groupNameKey = nameKey;

/** Groups: their fields and, with MembershipService, their content. */
@Injectable()
export class GroupsService {
  constructor(
    private readonly gate: Gatekeeper,
    private readonly access: AccessPolicy,
    private readonly groups: GroupsRepository,
    private readonly members: MembershipRepository,
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly membership: MembershipService,
  ) {}

  async createGroup(
    caller: Caller,
    input: CreateGroupInput,
    opts: WriteOptions = {},
  ): Promise<GroupView> {
    const name = this.validName(input.name);
    this.validTexts(input);
    this.access.requireToCreate(caller, opts.policy);
    const emails =
      input.emailMembers &&
      this.membership.normaliseEmails(input.emailMembers, opts.params?.emailMembers);
    return this.gate.write(async (em) => {
      await this.assertNameFree(em, name);
      const organizationId =
        input.organizationId !== undefined
          ? input.organizationId
          : await this.users.organizationOf(caller.userId, em);
      if (organizationId !== null) await this.assertOrganization(em, organizationId);
      const slug = input.slug ?? randomUUID();
      const settings: Partial<GroupSettings> = {};
      for (const key of SETTINGS_FIELDS) {
        if (input[key] !== undefined) Object.assign(settings, { [key]: input[key] });
      }
      const id = await this.translateUnique(name, slug, () =>
        this.groups.insert(em, {
          ...settings,
          name,
          nameKey: groupNameKey(name),
          description: input.description ?? null,
          slug,
          organizationId,
          federated: input.federated ?? false,
          externalId: input.externalId ?? null,
          ownerId: caller.userId,
          createdAt: Date.now(),
        }),
      );
      await this.writeContent(em, caller, id, input, emails, opts);
      return (await this.groups.byId(id, em))!;
    });
  }

  async getGroup(caller: Caller, groupId: number, opts: AccessOptions = {}): Promise<GroupView> {
    await this.access.requireBeforeRead(caller, 'readGroup', groupId, opts);
    const group = await this.groups.byId(groupId);
    if (!group) throw DomainError.notFound('group', groupId, 'groupId');
    return group;
  }

  /** Names match case-insensitively. */
  async getGroupByName(caller: Caller, name: string, opts: AccessOptions = {}): Promise<GroupView> {
    const group = isImpossibleName(name)
      ? undefined
      : await this.groups.byNameKey(groupNameKey(name));
    if (!group) throw DomainError.notFound('group', name, 'name');
    await this.access.require(caller, 'readGroup', group.id, { ...opts, param: 'name' });
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

  /**
   * A name equal to the current one is no change, so clients that send every field back
   * (Openfire) are not renaming and their own name does not count as taken. The group is read,
   * checked and written in one transaction.
   */
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
      const currentName = await this.groups.nameOf(groupId, em);
      if (currentName === undefined) throw DomainError.notFound('group', groupId, 'groupId');
      await this.access.require(caller, 'updateGroup', groupId, { policy: opts.policy, em });
      const rename = name !== undefined && name !== currentName;
      const changes: GroupChanges = { updatedAt: Date.now(), updatedById: caller.userId };
      if (rename) {
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
      for (const key of SETTINGS_FIELDS) {
        const value = input[key];
        if (value !== undefined)
          Object.assign(changes, { [key]: key === 'roleIds' ? (value ?? []) : value });
      }
      await this.translateUnique(name ?? '', changes.slug ?? '', () =>
        this.groups.update(em, groupId, changes),
      );
      await this.writeContent(em, caller, groupId, input, emails, opts);
      return (await this.groups.byId(groupId, em))!;
    });
  }

  deleteGroup(caller: Caller, groupId: number, opts: AccessOptions = {}): Promise<void> {
    return this.gate.write(async (em) => {
      await this.access.require(caller, 'deleteGroup', groupId, { policy: opts.policy, em });
      await this.groups.delete(em, [groupId]);
    });
  }

  /**
   * Deletes the listed groups the caller may delete and returns their ids; unknown, invisible
   * and undeletable ids are skipped (USOS `delete` semantics).
   */
  deleteGroups(caller: Caller, groupIds: number[]): Promise<number[]> {
    return this.gate.write(async (em) => {
      const wanted = [...new Set(groupIds)];
      if (wanted.length === 0) return [];
      assertListLength(wanted, 'groupIds');
      const deletable = await this.groups.refsVisibleTo(
        caller,
        wanted,
        this.access.levelRequired('deleteGroup'),
        em,
      );
      const ids = deletable.map((g) => g.id);
      if (ids.length > 0) await this.groups.delete(em, ids);
      return ids;
    });
  }

  /** Filtering, sorting and paging in SQL: one count query, one page query (+ one for members). */
  listGroups(
    caller: Caller,
    query: GroupListQuery & { columns: 'summary' },
    opts?: AccessOptions,
  ): Promise<Page<ListedGroupSummary>>;
  /** For a caller that picks the column set at run time. */
  listGroups(
    caller: Caller,
    query: GroupListQuery & { columns: 'refs' | 'summary' },
    opts?: AccessOptions,
  ): Promise<Page<ListedGroupRef>>;
  listGroups(
    caller: Caller,
    query: GroupListQuery & { columns: 'listing' },
    opts?: AccessOptions,
  ): Promise<Page<ListedGroup>>;
  listGroups(
    caller: Caller,
    query: GroupListQuery & { columns?: 'all' },
    opts?: AccessOptions,
  ): Promise<Page<ListedGroupView>>;
  async listGroups(
    caller: Caller,
    query: GroupListQuery & ColumnOption,
    opts: AccessOptions = {},
  ): Promise<Page<ListedGroupRef>> {
    if (query.ids) assertListLength(query.ids, 'ids');
    if (query.memberUserIds && query.memberUserIds.length > 0)
      assertListLength(query.memberUserIds, 'memberUserIds');
    const minLevel =
      query.minLevel === undefined ? this.access.listingLevel(opts.policy) : query.minLevel;
    const columns: GroupColumns = query.columns ?? 'all';
    const { total, items } = await this.groups.list(
      caller,
      minLevel,
      {
        ids: query.ids,
        searchKey: query.search ? groupNameKey(query.search) : undefined,
        organizationId: query.organizationId,
        memberUserIds: query.memberUserIds,
        createdById: query.createdById,
        federated: query.federated,
        created: query.created,
        updated: query.updated,
        sort: query.sort,
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      },
      columns,
    );
    const listed: ListedGroupRef[] = items;
    if (query.includeMembers && listed.length > 0) {
      const members = await this.members.membersOfGroups(listed.map((g) => g.id));
      for (const item of listed) item.members = members.get(item.id) ?? [];
    }
    return { total, items: listed };
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
      const children = await this.membership.resolveGroups(
        em,
        caller,
        content.childGroupIds,
        { dropUnknown: opts.dropUnknown, param },
        REFERENCE_LEVELS.childGroup,
      );
      await this.membership.replaceChildren(
        em,
        groupId,
        children.map((c) => c.id),
        param,
      );
    }
  }

  private validName(raw: unknown): string {
    return normaliseName(raw, 'name', 'group name', MAX_GROUP_NAME_LENGTH);
  }

  private validTexts(input: CreateGroupInput | UpdateGroupInput): void {
    if (typeof input.description === 'string')
      assertStorableText(input.description, 'description', 'group description');
    if (typeof input.slug === 'string') assertStorableText(input.slug, 'slug', 'slug');
  }

  private async assertNameFree(em: EntityManager, name: string, exceptId?: number) {
    const holder = await this.groups.idByNameKey(groupNameKey(name), em);
    if (holder !== undefined && holder !== exceptId) throw DomainError.alreadyExists('group', name);
  }

  private async assertOrganization(em: EntityManager, organizationId: number) {
    if (!(await this.organizations.exists(organizationId, em)))
      throw DomainError.notFound('organization', organizationId, 'organizationId');
  }

  /** A concurrent insert can pass the pre-check; the unique index still refuses it. */
  private async translateUnique<T>(name: string, slug: string, write: () => Promise<T>) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
      if (error.columns.includes('slug')) throw DomainError.alreadyExists('group', slug, 'slug');
      throw DomainError.alreadyExists('group', name);
    }
  }
}
