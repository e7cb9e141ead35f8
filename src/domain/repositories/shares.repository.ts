import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Sql } from '../../persistence/sql';
import { LEVEL_RANK } from '../access-level';
import { UserView } from '../views';
import { toUserView, USER_COLUMNS, UserRow } from './group-rows';

export type PrincipalType = 'user' | 'group';

/** A share as stored: levels are ranks (LEVEL_RANK) so SQL can take MAX(). */
export interface ShareRow {
  principalType: PrincipalType;
  principalId: number;
  /** The user's full name or the group's name; '' when the principal is gone. */
  name: string;
  rank: number;
}

/** Shares held by users or groups on groups. */
@Injectable()
export class SharesRepository {
  constructor(private readonly sql: Sql) {}

  /** The shares on a group, users first, each kind by principal id. */
  async sharesOn(groupId: number): Promise<ShareRow[]> {
    const rows = await this.sql.query<{
      principal_type: PrincipalType;
      id: number;
      name: string | null;
      level: number;
    }>(
      `SELECT s.principal_type, s.principal_id AS id, s.level,
         CASE WHEN s.principal_type = 'user'
           THEN (SELECT TRIM(u.first_name || ' ' || u.last_name) FROM users u WHERE u.id = s.principal_id)
           ELSE (SELECT g.name FROM groups g WHERE g.id = s.principal_id) END AS name
       FROM group_shares s WHERE s.group_id = ? ORDER BY s.principal_type, s.principal_id`,
      [groupId],
    );
    return rows.map((r) => ({
      principalType: r.principal_type,
      principalId: r.id,
      name: r.name ?? '',
      rank: Number(r.level),
    }));
  }

  /** The groups on which `principalGroupId` holds a share, by id. */
  async sharedWithGroup(
    principalGroupId: number,
  ): Promise<Array<{ id: number; name: string; rank: number }>> {
    const rows = await this.sql.query<{ id: number; name: string; level: number }>(
      `SELECT g.id, g.name, s.level FROM group_shares s JOIN groups g ON g.id = s.group_id
       WHERE s.principal_type = 'group' AND s.principal_id = ? ORDER BY g.id`,
      [principalGroupId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, rank: Number(r.level) }));
  }

  /** Users holding a manage share on the group, by id. */
  async administrators(groupId: number): Promise<UserView[]> {
    const rows = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM group_shares s JOIN users u ON u.id = s.principal_id
       WHERE s.group_id = ? AND s.principal_type = 'user' AND s.level = ? ORDER BY u.id`,
      [groupId, LEVEL_RANK.manage],
    );
    return rows.map(toUserView);
  }

  /** Sets (or changes) the rank of each principal's share. */
  async upsert(
    em: EntityManager,
    groupId: number,
    type: PrincipalType,
    principalIds: readonly number[],
    rank: number,
  ): Promise<void> {
    if (principalIds.length === 0) return;
    const now = Date.now();
    await this.sql.query(
      `INSERT INTO group_shares (group_id, principal_type, principal_id, level, created_at)
       VALUES ${principalIds.map(() => '(?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (group_id, principal_type, principal_id) DO UPDATE SET level = excluded.level`,
      principalIds.flatMap((id) => [groupId, type, id, rank, now]),
      em,
    );
  }

  /** Removes one principal's share, or only a share of exactly `rank` when given. */
  async delete(
    em: EntityManager,
    groupId: number,
    type: PrincipalType,
    principalId: number,
    rank?: number,
  ): Promise<void> {
    const onlyRank = rank === undefined ? '' : ' AND level = ?';
    await this.sql.query(
      `DELETE FROM group_shares WHERE group_id = ? AND principal_type = ? AND principal_id = ?${onlyRank}`,
      rank === undefined ? [groupId, type, principalId] : [groupId, type, principalId, rank],
      em,
    );
  }
}
