import { Injectable } from '@nestjs/common';
import { Caller } from './caller';
import { DomainError } from './domain-error';
import { AccessPolicy } from './access-policy';
import { groupNameKey, GroupsService } from './groups.service';
import { decodeCursor, DEFAULT_PAGE_SIZE, KeysetPage, PageRequest, toKeysetPage } from './keyset';
import {
  EffectiveMember,
  GroupDirectoryEntry,
  GroupDirectoryRepository,
  MAX_EXPLAINED_PATHS,
  MembershipPath,
} from './repositories/group-directory.repository';
import { UsersRepository } from './repositories/users.repository';
import { GroupView, UserView } from './views';

export interface GroupSearch extends PageRequest {
  /** Start of the name, case-insensitively. */
  q?: string;
  organizationId?: number;
  federated?: boolean;
  ownerId?: number;
  /** Only groups this user is a direct member of. */
  memberUserId?: number;
}

export interface MembershipExplanation {
  groupId: number;
  userId: number;
  /** Whether the user is an effective member (a path through member rows exists). */
  member: boolean;
  /** Every path, shortest first: through member rows, and through e-mail member rows. */
  paths: MembershipPath[];
  /** False when there were more than MAX_EXPLAINED_PATHS paths and the rest were left out. */
  complete: boolean;
}

/**
 * Finding groups and their members a page at a time, for consoles (the admin API): every list
 * is the groups or members the caller may read under the access policy, in pages whose cost
 * does not grow with the table.
 */
@Injectable()
export class GroupDirectoryService {
  constructor(
    private readonly access: AccessPolicy,
    private readonly groups: GroupsService,
    private readonly directory: GroupDirectoryRepository,
    private readonly users: UsersRepository,
  ) {}

  /** Visible groups in name order (code points of the lower-cased name), ties by id. */
  async searchGroups(
    caller: Caller,
    search: GroupSearch,
  ): Promise<KeysetPage<GroupDirectoryEntry>> {
    const after = search.cursor
      ? decodeCursor<readonly [string, number]>(search.cursor, ['string', 'number'])
      : undefined;
    const size = search.limit ?? DEFAULT_PAGE_SIZE;
    const { rows, counted } = await this.directory.searchGroups(
      {
        namePrefix: search.q ? groupNameKey(search.q) : undefined,
        organizationId: search.organizationId,
        federated: search.federated,
        ownerId: search.ownerId,
        memberUserId: search.memberUserId,
        caller,
        minLevel: this.access.listingLevel(),
      },
      after,
      size + 1,
    );
    return toKeysetPage(rows, size, counted, (group) => [group.nameKey, group.id]);
  }

  /** Default requirement: read. The group with its count of effective members. */
  async getGroup(
    caller: Caller,
    groupId: number,
  ): Promise<GroupView & { effectiveMemberCount: number }> {
    const group = await this.groups.getGroup(caller, groupId);
    return { ...group, effectiveMemberCount: await this.directory.effectiveMemberCount(groupId) };
  }

  /** Requirement: read. Direct members by user id. */
  async listDirectMembers(
    caller: Caller,
    groupId: number,
    page: PageRequest,
  ): Promise<KeysetPage<UserView>> {
    await this.access.require(caller, 'readMembers', groupId);
    const size = page.limit ?? DEFAULT_PAGE_SIZE;
    const { rows, counted } = await this.directory.directMembers(groupId, afterId(page), size + 1);
    return toKeysetPage(rows, size, counted, (user) => [user.id]);
  }

  /** Requirement: read. Direct members and members of nested groups, each once, by user id. */
  async listEffectiveMembers(
    caller: Caller,
    groupId: number,
    page: PageRequest,
  ): Promise<KeysetPage<EffectiveMember>> {
    await this.access.require(caller, 'readMembers', groupId);
    const size = page.limit ?? DEFAULT_PAGE_SIZE;
    const { rows, counted } = await this.directory.effectiveMembers(
      groupId,
      afterId(page),
      size + 1,
    );
    return toKeysetPage(rows, size, counted, (user) => [user.id]);
  }

  /** Requirement: read. Why (and whether) a user belongs to the group. Unknown user: NotFound. */
  async explainMembership(
    caller: Caller,
    groupId: number,
    userId: number,
  ): Promise<MembershipExplanation> {
    await this.access.require(caller, 'readMembers', groupId);
    const paths = await this.directory.membershipPaths(groupId, userId);
    if (paths.length === 0 && !(await this.users.exists(userId)))
      throw DomainError.notFound('user', userId, 'userId');
    return {
      groupId,
      userId,
      member: paths.some((path) => path.via === 'member'),
      paths: paths.slice(0, MAX_EXPLAINED_PATHS),
      complete: paths.length <= MAX_EXPLAINED_PATHS,
    };
  }
}

function afterId(page: PageRequest): number {
  return page.cursor ? decodeCursor<readonly [number]>(page.cursor, ['number'])[0] : 0;
}
