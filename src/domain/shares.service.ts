import { Injectable } from '@nestjs/common';
import { Sql } from '../persistence/sql';
import { AccessLevel, LEVEL_RANK, levelFromRank } from './access-level';
import { Caller } from './caller';
import { Gatekeeper } from './gatekeeper';
import { GroupQueries, toUserView, USER_COLUMNS, UserRow } from './group-queries';
import { AccessOptions, MembershipService, ReferenceOptions } from './membership.service';
import { GroupShares, PrincipalShare, SharedGroups, UserView } from './views';

type PrincipalType = 'user' | 'group';

/**
 * Shares (read / write / manage) held by users or groups on a group. Group administrators are
 * the users holding a `manage` share (DESIGN.md); the owner holds manage implicitly, not as a share.
 */
@Injectable()
export class SharesService {
  constructor(
    private readonly gate: Gatekeeper,
    private readonly queries: GroupQueries,
    private readonly membership: MembershipService,
  ) {}

  private get sql(): Sql {
    return this.queries.sql;
  }

  /** Default requirement: read. */
  async listShares(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<GroupShares> {
    await this.gate.requireAccess(caller, groupId, opts.require ?? 'read');
    const rows = await this.sql.query<{
      principal_type: PrincipalType;
      id: number;
      name: string;
      level: number;
    }>(
      `SELECT s.principal_type, s.principal_id AS id, s.level,
         CASE WHEN s.principal_type = 'user'
           THEN (SELECT TRIM(u.first_name || ' ' || u.last_name) FROM users u WHERE u.id = s.principal_id)
           ELSE (SELECT g.name FROM groups g WHERE g.id = s.principal_id) END AS name
       FROM group_shares s WHERE s.group_id = ? ORDER BY s.principal_type, s.principal_id`,
      [groupId],
    );
    const shares: GroupShares = { users: [], groups: [] };
    for (const row of rows) {
      const share: PrincipalShare = {
        id: row.id,
        name: row.name ?? '',
        level: levelFromRank(Number(row.level))!,
      };
      (row.principal_type === 'user' ? shares.users : shares.groups).push(share);
    }
    return shares;
  }

  /** Default requirement: manage. Sets (or changes) the level of each user's share. */
  shareWithUsers(
    caller: Caller,
    groupId: number,
    userIds: number[],
    level: AccessLevel,
    opts: AccessOptions & ReferenceOptions = {},
  ) {
    return this.gate.write(async (em) => {
      await this.gate.requireAccess(caller, groupId, opts.require ?? 'manage', em);
      const ids = await this.membership.resolveUsers(em, userIds, opts);
      await this.upsert(em, groupId, 'user', ids, level);
    });
  }

  /** Default requirement: manage. A group share applies to every effective member of that group. */
  shareWithGroups(
    caller: Caller,
    groupId: number,
    groupIds: number[],
    level: AccessLevel,
    opts: AccessOptions & ReferenceOptions = {},
  ) {
    return this.gate.write(async (em) => {
      await this.gate.requireAccess(caller, groupId, opts.require ?? 'manage', em);
      const groups = await this.membership.resolveGroups(em, caller, groupIds, opts, null);
      await this.upsert(
        em,
        groupId,
        'group',
        groups.map((g) => g.id),
        level,
      );
    });
  }

  /** Default requirement: manage. Removing a share that does not exist is a no-op. */
  unshareUser(caller: Caller, groupId: number, userId: number, opts: AccessOptions = {}) {
    return this.removeShare(caller, groupId, 'user', userId, opts);
  }

  /** Default requirement: manage. Removing a share that does not exist is a no-op. */
  unshareGroup(
    caller: Caller,
    groupId: number,
    principalGroupId: number,
    opts: AccessOptions = {},
  ) {
    return this.removeShare(caller, groupId, 'group', principalGroupId, opts);
  }

  /** Default requirement: read. Users holding a manage share, ordered by id. */
  async listAdministrators(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<UserView[]> {
    await this.gate.requireAccess(caller, groupId, opts.require ?? 'read');
    const rows = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM group_shares s JOIN users u ON u.id = s.principal_id
       WHERE s.group_id = ? AND s.principal_type = 'user' AND s.level = ? ORDER BY u.id`,
      [groupId, LEVEL_RANK.manage],
    );
    return rows.map(toUserView);
  }

  /** Default requirement: manage. Unknown user: NotFound. */
  addAdministrator(caller: Caller, groupId: number, userId: number, opts: AccessOptions = {}) {
    return this.shareWithUsers(caller, groupId, [userId], 'manage', { ...opts, param: 'userId' });
  }

  /** Default requirement: manage. A user who is not an administrator: no-op. Unknown user: NotFound. */
  removeAdministrator(caller: Caller, groupId: number, userId: number, opts: AccessOptions = {}) {
    return this.gate.write(async (em) => {
      await this.gate.requireAccess(caller, groupId, opts.require ?? 'manage', em);
      await this.membership.resolveUsers(em, [userId], { param: 'userId' });
      await this.sql.query(
        `DELETE FROM group_shares WHERE group_id = ? AND principal_type = 'user' AND principal_id = ? AND level = ?`,
        [groupId, userId, LEVEL_RANK.manage],
        em,
      );
    });
  }

  /** Default requirement: read. The groups on which this group holds a share, by level. */
  async sharedGroupsOf(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<SharedGroups> {
    await this.gate.requireAccess(caller, groupId, opts.require ?? 'read');
    const rows = await this.sql.query<{ id: number; name: string; level: number }>(
      `SELECT g.id, g.name, s.level FROM group_shares s JOIN groups g ON g.id = s.group_id
       WHERE s.principal_type = 'group' AND s.principal_id = ? ORDER BY g.id`,
      [groupId],
    );
    const result: SharedGroups = { manage: [], write: [], read: [] };
    for (const row of rows)
      result[levelFromRank(Number(row.level))!].push({ id: row.id, name: row.name });
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
      await this.gate.requireAccess(caller, groupId, opts.require ?? 'manage', em);
      await this.sql.query(
        `DELETE FROM group_shares WHERE group_id = ? AND principal_type = ? AND principal_id = ?`,
        [groupId, type, principalId],
        em,
      );
    });
  }

  private async upsert(
    em: Parameters<MembershipService['insertMembers']>[0],
    groupId: number,
    type: PrincipalType,
    principalIds: number[],
    level: AccessLevel,
  ) {
    if (principalIds.length === 0) return;
    const now = Date.now();
    await this.sql.query(
      `INSERT INTO group_shares (group_id, principal_type, principal_id, level, created_at)
       VALUES ${principalIds.map(() => '(?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (group_id, principal_type, principal_id) DO UPDATE SET level = excluded.level`,
      principalIds.flatMap((id) => [groupId, type, id, LEVEL_RANK[level], now]),
      em,
    );
  }
}
