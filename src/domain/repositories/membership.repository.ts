import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Sql } from '../../persistence/sql';
import { GroupRef, UserView } from '../views';
import { toUserView, USER_COLUMNS, UserRow } from './group-rows';

// Any fixed key: serialises nesting changes on PostgreSQL so two concurrent edges cannot form a cycle.
const NESTING_LOCK_KEY = 7_221_001;

/** Direct members, e-mail members and nested groups. */
@Injectable()
export class MembershipRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Direct members of one group, ordered by user id. Users are probed by primary key for the
   * group's member ids: as a join, PostgreSQL hashed a scan of every user instead (15 ms for
   * 1000 members at 1M groups against 0.8 ms; docs/performance.md F25).
   */
  async membersOf(groupId: number, em?: EntityManager): Promise<UserView[]> {
    const rows = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u
       WHERE ${this.sql.inPage('u.id', 'SELECT m.user_id FROM group_members m WHERE m.group_id = ?')}
       ORDER BY u.id`,
      [groupId],
      em,
    );
    return rows.map(toUserView);
  }

  /**
   * Direct members of several groups in one query, keyed by group id, ordered by user id. The
   * users are probed by primary key for the pairs' user ids, as in `membersOf`: joined directly,
   * PostgreSQL hashed a scan of every user (a 200-group page at 1M groups: 68 ms against 4 ms).
   */
  async membersOfGroups(groupIds: readonly number[], em?: EntityManager) {
    const byGroup = new Map<number, UserView[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return byGroup;
    const rows = await this.sql.query<UserRow & { group_id: number }>(
      `WITH pairs AS MATERIALIZED (
         SELECT group_id, user_id FROM group_members WHERE group_id IN ${Sql.list(groupIds)})
       SELECT p.group_id, ${USER_COLUMNS} FROM pairs p JOIN users u ON u.id = p.user_id
       WHERE ${this.sql.inPage('u.id', 'SELECT user_id FROM pairs')}
       ORDER BY p.group_id, u.id`,
      groupIds,
      em,
    );
    // These views keep their row's group_id; every dialect renders members field by field.
    for (const row of rows) byGroup.get(row.group_id)?.push(toUserView(row));
    return byGroup;
  }

  /** Direct members ∪ members of every nested group, recursively; each user once. */
  async effectiveMembers(groupId: number): Promise<UserView[]> {
    const rows = await this.sql.query<UserRow>(
      `WITH RECURSIVE nested(id) AS (
         SELECT CAST(? AS INTEGER)
         UNION
         SELECT gc.child_id FROM group_children gc JOIN nested n ON gc.parent_id = n.id
       )
       SELECT ${USER_COLUMNS} FROM users u
       WHERE u.id IN (SELECT m.user_id FROM group_members m WHERE m.group_id IN (SELECT id FROM nested))
       ORDER BY u.id`,
      [groupId],
    );
    return rows.map(toUserView);
  }

  async emailMembers(groupId: number): Promise<string[]> {
    const rows = await this.sql.query<{ email: string }>(
      `SELECT email FROM group_email_members WHERE group_id = ? ORDER BY email`,
      [groupId],
    );
    return rows.map((r) => r.email);
  }

  /** Groups nested directly in `groupId`. */
  async children(groupId: number): Promise<Array<GroupRef & { federated: boolean }>> {
    const rows = await this.sql.query<{ id: number; name: string; federated: boolean | number }>(
      `SELECT g.id, g.name, g.federated FROM group_children gc JOIN groups g ON g.id = gc.child_id
       WHERE gc.parent_id = ? ORDER BY g.id`,
      [groupId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, federated: Boolean(r.federated) }));
  }

  /** Adds members; those already in are left alone. */
  async insertMembers(em: EntityManager, groupId: number, userIds: readonly number[]) {
    if (userIds.length === 0) return;
    const now = Date.now();
    const conflict = 'ON CONFLICT (group_id, user_id) DO NOTHING';
    await this.sql.query(
      `INSERT INTO group_members (group_id, user_id, created_at) VALUES ${userIds.map(() => '(?, ?, ?)').join(', ')} ${conflict}`,
      userIds.flatMap((id) => [groupId, id, now]),
      em,
    );
  }

  async deleteMembers(em: EntityManager, groupId: number, userIds: readonly number[]) {
    await this.sql.query(
      `DELETE FROM group_members WHERE group_id = ? AND user_id IN ${Sql.list(userIds)}`,
      [groupId, ...userIds],
      em,
    );
  }

  /** Makes `userIds` exactly the direct members. */
  async replaceMembers(em: EntityManager, groupId: number, userIds: readonly number[]) {
    if (userIds.length === 0) {
      await this.sql.query(`DELETE FROM group_members WHERE group_id = ?`, [groupId], em);
      return;
    }
    await this.sql.query(
      `DELETE FROM group_members WHERE group_id = ? AND user_id NOT IN ${Sql.list(userIds)}`,
      [groupId, ...userIds],
      em,
    );
    await this.insertMembers(em, groupId, userIds);
  }

  async replaceEmailMembers(em: EntityManager, groupId: number, emails: readonly string[]) {
    await this.sql.query(`DELETE FROM group_email_members WHERE group_id = ?`, [groupId], em);
    if (emails.length === 0) return;
    await this.sql.query(
      `INSERT INTO group_email_members (group_id, email) VALUES ${emails.map(() => '(?, ?)').join(', ')}`,
      emails.flatMap((e) => [groupId, e]),
      em,
    );
  }

  /**
   * Takes the nesting lock for the rest of the transaction (PostgreSQL; SQLite's transactions are
   * serialised already), so a cycle check sees every other nesting change committed.
   */
  async lockNesting(em: EntityManager): Promise<void> {
    if (this.sql.isPostgres)
      await this.sql.query(`SELECT pg_advisory_xact_lock(?)`, [NESTING_LOCK_KEY], em);
  }

  async deleteChildren(em: EntityManager, parentId: number): Promise<void> {
    await this.sql.query(`DELETE FROM group_children WHERE parent_id = ?`, [parentId], em);
  }

  async deleteChildrenOf(em: EntityManager, parentId: number, childIds: readonly number[]) {
    await this.sql.query(
      `DELETE FROM group_children WHERE parent_id = ? AND child_id IN ${Sql.list(childIds)}`,
      [parentId, ...childIds],
      em,
    );
  }

  /** Already nested: kept as it is. */
  async insertChildren(em: EntityManager, parentId: number, childIds: readonly number[]) {
    await this.sql.query(
      `INSERT INTO group_children (parent_id, child_id) VALUES ${childIds.map(() => '(?, ?)').join(', ')}
       ON CONFLICT (parent_id, child_id) DO NOTHING`,
      childIds.flatMap((id) => [parentId, id]),
      em,
    );
  }

  /** The first of `childIds` whose subtree (itself included) contains `groupId`, if any. */
  async firstAncestorOf(
    em: EntityManager,
    groupId: number,
    childIds: readonly number[],
  ): Promise<number | undefined> {
    const rows = await this.sql.query<{ root: number }>(
      `WITH RECURSIVE below(root, id) AS (
         SELECT id, id FROM groups WHERE id IN ${Sql.list(childIds)}
         UNION
         SELECT b.root, gc.child_id FROM group_children gc JOIN below b ON gc.parent_id = b.id
       )
       SELECT root FROM below WHERE id = ? ORDER BY root LIMIT 1`,
      [...childIds, groupId],
      em,
    );
    return rows[0]?.root;
  }
}
