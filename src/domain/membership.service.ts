import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { EntityManager } from 'typeorm';
import { Sql } from '../persistence/sql';
import { AccessLevel, AccessRequirement } from './access-level';
import { Caller } from './caller';
import { DomainError } from './domain-error';
import { Gatekeeper } from './gatekeeper';
import { GroupQueries } from './group-queries';
import { assertListLength } from './input-rules';
import { GroupRef, GroupView, UserView } from './views';

/** How references to users and groups in a write are checked. */
export interface ReferenceOptions {
  /** Drop unknown or invisible ids silently instead of failing (USOS `strict=false`). */
  dropUnknown?: boolean;
  /** The parameter named in errors. */
  param?: string;
}

export interface AccessOptions {
  /** What the caller needs on the group; each operation documents its default. */
  require?: AccessRequirement;
}

/** A group and its direct members, ordered by id. */
export interface GroupWithMembers {
  group: GroupView;
  members: UserView[];
}

// Any fixed key: serialises nesting changes on PostgreSQL so two concurrent edges cannot form a cycle.
const NESTING_LOCK_KEY = 7_221_001;

/** Direct members, e-mail members and nested groups. */
@Injectable()
export class MembershipService {
  constructor(
    private readonly gate: Gatekeeper,
    private readonly queries: GroupQueries,
  ) {}

  private get sql(): Sql {
    return this.queries.sql;
  }

  /** Default requirement: read. Direct members, ordered by id. */
  async listMembers(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<UserView[]> {
    await this.gate.requireAccess(caller, groupId, opts.require ?? 'read');
    return this.queries.membersOf(groupId);
  }

  /**
   * Default requirement: read. The group and its direct members after one access check (the
   * same answer as GroupsService.getGroup followed by listMembers, one access query fewer).
   */
  async getGroupWithMembers(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<GroupWithMembers> {
    await this.gate.requireAccessBeforeRead(caller, groupId, opts.require ?? 'read');
    return this.readGroupWithMembers(groupId);
  }

  /** Default requirement: read. Direct members and members of nested groups, each once. */
  async listEffectiveMembers(caller: Caller, groupId: number, opts: AccessOptions = {}) {
    await this.gate.requireAccess(caller, groupId, opts.require ?? 'read');
    return this.queries.effectiveMembers(groupId);
  }

  /** Default requirement: read. */
  async listEmailMembers(caller: Caller, groupId: number, opts: AccessOptions = {}) {
    await this.gate.requireAccess(caller, groupId, opts.require ?? 'read');
    return this.queries.emailMembers(groupId);
  }

  /** Default requirement: read. Groups nested directly in this one. */
  async listChildren(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<Array<GroupRef & { federated: boolean }>> {
    await this.gate.requireAccess(caller, groupId, opts.require ?? 'read');
    return this.queries.children(groupId);
  }

  /** Default requirement: write. Adding an existing member is a no-op. Unknown user: NotFound. */
  addMembers(
    caller: Caller,
    groupId: number,
    userIds: number[],
    opts: AccessOptions & ReferenceOptions = {},
  ) {
    return this.gate.write((em) => this.addMembersIn(em, caller, groupId, userIds, opts));
  }

  /**
   * addMembers, answering the group and its direct members as the transaction leaves them:
   * read inside it, so no second access check and no read racing a concurrent write.
   */
  addMembersAndGet(
    caller: Caller,
    groupId: number,
    userIds: number[],
    opts: AccessOptions & ReferenceOptions = {},
  ): Promise<GroupWithMembers> {
    return this.gate.write(async (em) => {
      await this.addMembersIn(em, caller, groupId, userIds, opts);
      return this.readGroupWithMembers(groupId, em);
    });
  }

  private async addMembersIn(
    em: EntityManager,
    caller: Caller,
    groupId: number,
    userIds: number[],
    opts: AccessOptions & ReferenceOptions,
  ) {
    await this.gate.requireAccess(caller, groupId, opts.require ?? 'write', em);
    const ids = await this.resolveUsers(em, userIds, opts);
    await this.insertMembers(em, groupId, ids);
    await this.touch(em, caller, groupId);
  }

  /** Applies no access check: callers have passed one. */
  private async readGroupWithMembers(groupId: number, em?: EntityManager) {
    const found = await this.queries.groupWithMembers(groupId, em);
    if (!found) throw DomainError.notFound('group', groupId, 'groupId');
    return found;
  }

  /** Default requirement: write. Removing a non-member is a no-op; an unknown user is NotFound. */
  removeMembers(
    caller: Caller,
    groupId: number,
    userIds: number[],
    opts: AccessOptions & ReferenceOptions = {},
  ) {
    return this.gate.write(async (em) => {
      await this.gate.requireAccess(caller, groupId, opts.require ?? 'write', em);
      const ids = await this.resolveUsers(em, userIds, opts);
      if (ids.length === 0) return;
      await this.sql.query(
        `DELETE FROM group_members WHERE group_id = ? AND user_id IN ${Sql.list(ids)}`,
        [groupId, ...ids],
        em,
      );
      await this.touch(em, caller, groupId);
    });
  }

  // ----- building blocks for writes that already hold a transaction (used by GroupsService) -----

  /** Existing user ids among `userIds` (deduplicated, in the given order). */
  async resolveUsers(em: EntityManager, userIds: readonly number[], opts: ReferenceOptions = {}) {
    const wanted = [...new Set(userIds)];
    if (wanted.length === 0) return [];
    assertListLength(wanted, opts.param ?? 'userIds');
    const rows = await this.sql.query<{ id: number }>(
      `SELECT id FROM users WHERE id IN ${Sql.list(wanted)}`,
      wanted,
      em,
    );
    const found = new Set(rows.map((r) => r.id));
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length > 0 && !opts.dropUnknown) {
      throw DomainError.notFound(
        'user',
        missing.length === 1 ? missing[0] : missing,
        opts.param ?? 'userIds',
      );
    }
    return wanted.filter((id) => found.has(id));
  }

  /**
   * Groups among `groupIds` that exist and on which the caller has `minLevel` (null: any
   * existing group — share principals are named, not entered).
   */
  async resolveGroups(
    em: EntityManager,
    caller: Caller,
    groupIds: readonly number[],
    opts: ReferenceOptions = {},
    minLevel: AccessLevel | null = 'read',
  ): Promise<Array<GroupRef & { federated: boolean }>> {
    const wanted = [...new Set(groupIds)];
    if (wanted.length === 0) return [];
    assertListLength(wanted, opts.param ?? 'groupIds');
    const visible =
      minLevel === null ? GroupQueries.NO_FILTER : this.queries.visibilityFilter(caller, minLevel);
    const withClause = visible.ctes.length ? `WITH RECURSIVE ${visible.ctes.join(', ')} ` : '';
    const rows = await this.sql.query<{ id: number; name: string; federated: boolean | number }>(
      `${withClause}SELECT g.id, g.name, g.federated FROM groups g
       WHERE g.id IN ${Sql.list(wanted)} AND ${visible.sql}`,
      [...visible.cteParams, ...wanted, ...visible.params],
      em,
    );
    const found = new Map(
      rows.map((r) => [r.id, { id: r.id, name: r.name, federated: Boolean(r.federated) }]),
    );
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length > 0 && !opts.dropUnknown) {
      throw DomainError.notFound(
        'group',
        missing.length === 1 ? missing[0] : missing,
        opts.param ?? 'groupIds',
      );
    }
    return wanted.flatMap((id) => found.get(id) ?? []);
  }

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

  /** Validates and normalises (trim, lower-case) e-mail addresses. */
  normaliseEmails(emails: readonly string[], param = 'emails'): string[] {
    assertListLength(emails, param);
    const normalised = emails.map((e) => e.trim().toLowerCase());
    const bad = normalised.find((e) => !isEmail(e));
    if (bad !== undefined)
      throw DomainError.invalid(param, `"${bad}" is not a valid e-mail address`);
    return [...new Set(normalised)];
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
   * Makes `childIds` exactly the groups nested in `parentId`, refusing any cycle (a group inside
   * itself, directly or through a chain). Checked in the caller's transaction.
   */
  async replaceChildren(
    em: EntityManager,
    parentId: number,
    childIds: readonly number[],
    param = 'childGroupIds',
  ) {
    if (this.sql.isPostgres) await em.query(`SELECT pg_advisory_xact_lock(${NESTING_LOCK_KEY})`);
    await this.sql.query(`DELETE FROM group_children WHERE parent_id = ?`, [parentId], em);
    if (childIds.length === 0) return;
    const culprit = await this.firstCycleCausingChild(em, parentId, childIds);
    if (culprit !== undefined) throw DomainError.cycle(parentId, culprit, param);
    await this.sql.query(
      `INSERT INTO group_children (parent_id, child_id) VALUES ${childIds.map(() => '(?, ?)').join(', ')}`,
      childIds.flatMap((id) => [parentId, id]),
      em,
    );
  }

  /** The first child whose subtree (itself included) contains the parent, if any. */
  private async firstCycleCausingChild(
    em: EntityManager,
    parentId: number,
    childIds: readonly number[],
  ) {
    if (childIds.includes(parentId)) return parentId;
    const rows = await this.sql.query<{ root: number }>(
      `WITH RECURSIVE below(root, id) AS (
         SELECT id, id FROM groups WHERE id IN ${Sql.list(childIds)}
         UNION
         SELECT b.root, gc.child_id FROM group_children gc JOIN below b ON gc.parent_id = b.id
       )
       SELECT root FROM below WHERE id = ? ORDER BY root LIMIT 1`,
      [...childIds, parentId],
      em,
    );
    return rows[0]?.root;
  }

  /** Records who changed the group and when. */
  async touch(em: EntityManager, caller: Caller, groupId: number) {
    await this.sql.query(
      `UPDATE groups SET updated_at = ?, updated_by_id = ? WHERE id = ?`,
      [Date.now(), caller.userId, groupId],
      em,
    );
  }
}
