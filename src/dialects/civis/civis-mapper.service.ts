import { Injectable } from '@nestjs/common';
import { Caller } from '../../domain/caller';
import { GroupsService } from '../../domain/groups.service';
import { MembershipService } from '../../domain/membership.service';
import { SharesService } from '../../domain/shares.service';
import { UsersService } from '../../domain/users.service';
import { GroupView } from '../../domain/views';
import { groupListQuery } from './civis-pagination';
import { bodyObject, CivisInput, groupAttributes, shareRequest } from './civis-request';
import {
  civisChildGroups,
  civisGroup,
  civisGroupSummary,
  civisShareIndex,
  userFullName,
} from './civis-views';

/**
 * Maps Civis `/groups` requests onto the domain: parses bodies and queries (civis-request.ts,
 * civis-pagination.ts), calls the domain under the standard policy and answers wire objects
 * (civis-views.ts). Path ids arrive parsed by the controller's pipe.
 */
@Injectable()
export class CivisMapperService {
  constructor(
    private readonly groups: GroupsService,
    private readonly membership: MembershipService,
    private readonly shares: SharesService,
    private readonly users: UsersService,
  ) {}

  /** One page of summaries, with what the pagination headers need. */
  async list(caller: Caller, query: CivisInput) {
    const { list, page } = groupListQuery(query);
    const { total, items } = await this.groups.listGroups(caller, { ...list, columns: 'listing' });
    return { page, total, items: items.map(civisGroupSummary) };
  }

  async create(caller: Caller, body: unknown) {
    const group = await this.groups.createGroup(
      caller,
      groupAttributes(bodyObject(body), 'create'),
    );
    return this.fullGroup(caller, group);
  }

  async get(caller: Caller, groupId: number) {
    const { group, members } = await this.membership.getGroupWithMembers(caller, groupId);
    return civisGroup(group, members);
  }

  /** PUT replaces (optional attributes left out become null); PATCH keeps absent keys. */
  async update(caller: Caller, groupId: number, body: unknown, mode: 'replace' | 'patch') {
    const input = groupAttributes(bodyObject(body), mode);
    return this.fullGroup(caller, await this.groups.updateGroup(caller, groupId, input));
  }

  async delete(caller: Caller, groupId: number): Promise<void> {
    await this.groups.deleteGroup(caller, groupId);
  }

  /** As recorded: a member change leaves updatedAt and lastUpdatedById as they were. */
  async addMember(caller: Caller, groupId: number, userId: number) {
    const { group, members } = await this.membership.addMembersAndGet(caller, groupId, [userId], {
      param: 'user_id',
      recordUpdate: false,
    });
    return civisGroup(group, members);
  }

  async removeMember(caller: Caller, groupId: number, userId: number): Promise<void> {
    await this.membership.removeMembers(caller, groupId, [userId], {
      param: 'user_id',
      recordUpdate: false,
    });
  }

  async shareWithUsers(caller: Caller, groupId: number, body: unknown) {
    const { ids, level } = shareRequest(bodyObject(body), 'user_ids');
    await this.shares.shareWithUsers(caller, groupId, ids, level, { param: 'user_ids' });
    return this.shareIndex(caller, groupId);
  }

  async shareWithGroups(caller: Caller, groupId: number, body: unknown) {
    const { ids, level } = shareRequest(bodyObject(body), 'group_ids');
    await this.shares.shareWithGroups(caller, groupId, ids, level, { param: 'group_ids' });
    return this.shareIndex(caller, groupId);
  }

  async unshareUser(caller: Caller, groupId: number, userId: number): Promise<void> {
    await this.shares.unshareUser(caller, groupId, userId);
  }

  async unshareGroup(caller: Caller, groupId: number, sharedGroupId: number): Promise<void> {
    await this.shares.unshareGroup(caller, groupId, sharedGroupId);
  }

  async childGroups(caller: Caller, groupId: number) {
    return civisChildGroups(await this.shares.sharedGroupsOf(caller, groupId));
  }

  /** The group's ShareIndex: its shares and its owner. */
  async shareIndex(caller: Caller, groupId: number) {
    const shares = await this.shares.listShares(caller, groupId);
    const group = await this.groups.getGroup(caller, groupId);
    const [owner] = group.ownerId === null ? [] : await this.users.findUsers([group.ownerId]);
    return civisShareIndex(shares, owner ? { id: owner.id, name: userFullName(owner) } : null);
  }

  /** A full Group: the view plus its direct members. */
  private async fullGroup(caller: Caller, group: GroupView) {
    const members = await this.membership.listMembers(caller, group.id);
    return civisGroup(group, members);
  }
}
