import { Injectable } from '@nestjs/common';
import { AccessPolicy, REFERENCE_LEVELS } from './access-policy';
import { AccessLevel, LEVEL_RANK, levelFromRank } from './access-level';
import { Caller } from './caller';
import { Gatekeeper } from './gatekeeper';
import { AccessOptions, MembershipService, ReferenceOptions } from './membership.service';
import { PrincipalType, SharesRepository } from './repositories/shares.repository';
import { GroupShares, SharedGroups, UserView } from './views';

/**
 * Shares (read / write / manage) held by users or groups on a group. Group administrators are
 * the users holding a `manage` share (docs/architecture.md); the owner holds manage implicitly, not as a share.
 */
@Injectable()
export class SharesService {
  constructor(
    private readonly gate: Gatekeeper,
    private readonly access: AccessPolicy,
    private readonly shares: SharesRepository,
    private readonly membership: MembershipService,
  ) {}

  /**
   * The shares on a group. Groups holding a share are listed only when the caller may be shown
   * them (AccessPolicy.sharePrincipalsShown).
   */
  async listShares(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<GroupShares> {
    const level = await this.access.require(caller, 'readShares', groupId, opts);
    const rows = await this.shares.sharesOn(groupId);
    const shown = await this.access.sharePrincipalsShown(
      caller,
      level,
      rows.filter((r) => r.principalType === 'group').map((r) => r.principalId),
    );
    const result: GroupShares = { users: [], groups: [] };
    for (const row of rows) {
      const share = { id: row.principalId, name: row.name, level: levelFromRank(row.rank)! };
      if (row.principalType === 'user') result.users.push(share);
      else if (shown.has(row.principalId)) result.groups.push(share);
    }
    return result;
  }

  /** Sets (or changes) the level of each user's share. */
  shareWithUsers(
    caller: Caller,
    groupId: number,
    userIds: number[],
    level: AccessLevel,
    opts: AccessOptions & ReferenceOptions = {},
  ) {
    return this.gate.write(async (em) => {
      await this.access.require(caller, 'writeShares', groupId, { policy: opts.policy, em });
      const ids = await this.membership.resolveUsers(em, userIds, opts);
      await this.shares.upsert(em, groupId, 'user', ids, LEVEL_RANK[level]);
    });
  }

  /** A group share applies to every effective member of that group. */
  shareWithGroups(
    caller: Caller,
    groupId: number,
    groupIds: number[],
    level: AccessLevel,
    opts: AccessOptions & ReferenceOptions = {},
  ) {
    return this.gate.write(async (em) => {
      await this.access.require(caller, 'writeShares', groupId, { policy: opts.policy, em });
      const groups = await this.membership.resolveGroups(
        em,
        caller,
        groupIds,
        opts,
        REFERENCE_LEVELS.sharePrincipal,
      );
      await this.shares.upsert(
        em,
        groupId,
        'group',
        groups.map((g) => g.id),
        LEVEL_RANK[level],
      );
    });
  }

  /** Removing a share that does not exist is a no-op. */
  unshareUser(caller: Caller, groupId: number, userId: number, opts: AccessOptions = {}) {
    return this.removeShare(caller, groupId, 'user', userId, opts);
  }

  /** Removing a share that does not exist is a no-op. */
  unshareGroup(
    caller: Caller,
    groupId: number,
    principalGroupId: number,
    opts: AccessOptions = {},
  ) {
    return this.removeShare(caller, groupId, 'group', principalGroupId, opts);
  }

  /** Users holding a manage share, ordered by id. */
  async listAdministrators(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<UserView[]> {
    await this.access.require(caller, 'readShares', groupId, opts);
    return this.shares.administrators(groupId);
  }

  /** Unknown user: NotFound. */
  addAdministrator(caller: Caller, groupId: number, userId: number, opts: AccessOptions = {}) {
    return this.shareWithUsers(caller, groupId, [userId], 'manage', { ...opts, param: 'userId' });
  }

  /** A user who is not an administrator: no-op. Unknown user: NotFound. */
  removeAdministrator(caller: Caller, groupId: number, userId: number, opts: AccessOptions = {}) {
    return this.gate.write(async (em) => {
      await this.access.require(caller, 'writeShares', groupId, { policy: opts.policy, em });
      await this.membership.resolveUsers(em, [userId], { param: 'userId' });
      await this.shares.delete(em, groupId, 'user', userId, LEVEL_RANK.manage);
    });
  }

  /**
   * The groups on which this group holds a share, by level; only those the caller may be shown
   * (AccessPolicy.sharePrincipalsShown).
   */
  async sharedGroupsOf(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<SharedGroups> {
    const level = await this.access.require(caller, 'readShares', groupId, opts);
    const rows = await this.shares.sharedWithGroup(groupId);
    const shown = await this.access.sharePrincipalsShown(
      caller,
      level,
      rows.map((r) => r.id),
    );
    const result: SharedGroups = { manage: [], write: [], read: [] };
    for (const row of rows) {
      if (shown.has(row.id)) result[levelFromRank(row.rank)!].push({ id: row.id, name: row.name });
    }
    return result;
  }

  private removeShare(
    caller: Caller,
    groupId: number,
    type: PrincipalType,
    principalId: number,
    opts: AccessOptions,
  ) {
    return this.gate.write(async (em) => {
      await this.access.require(caller, 'writeShares', groupId, { policy: opts.policy, em });
      await this.shares.delete(em, groupId, type, principalId);
    });
  }
}
