import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { EntityManager } from 'typeorm';
import { AccessPolicy, PolicyName, REFERENCE_LEVELS } from './access-policy';
import { AccessLevel } from './access-level';
import { Caller } from './caller';
import { DomainError } from './domain-error';
import { Gatekeeper } from './gatekeeper';
import { assertListLength } from './input-rules';
import { GroupsRepository } from './repositories/groups.repository';
import { MembershipRepository } from './repositories/membership.repository';
import { UsersRepository } from './repositories/users.repository';
import { GroupRef, GroupView, UserView } from './views';

/** How references to users and groups in a write are checked. */
export interface ReferenceOptions {
  /** Drop unknown or invisible ids silently instead of failing (USOS `strict=false`). */
  dropUnknown?: boolean;
  /** The parameter named in errors. */
  param?: string;
}

/** How a member change is recorded on its group. */
export interface MemberChangeOptions {
  /**
   * Set the group's updatedAt/updatedById to now/the caller (default true). Civis does not:
   * there a membership change is not an update of the group's attributes.
   */
  recordUpdate?: boolean;
}

/** Which access policy answers (access-policy.ts); each operation's requirement is declared there. */
export interface AccessOptions {
  policy?: PolicyName;
}

type MemberWriteOptions = AccessOptions & ReferenceOptions & MemberChangeOptions;

/** A group and its direct members, ordered by id. */
export interface GroupWithMembers {
  group: GroupView;
  members: UserView[];
}

/** Direct members, e-mail members and nested groups. */
@Injectable()
export class MembershipService {
  constructor(
    private readonly gate: Gatekeeper,
    private readonly access: AccessPolicy,
    private readonly members: MembershipRepository,
    private readonly groups: GroupsRepository,
    private readonly users: UsersRepository,
  ) {}

  /** Direct members, ordered by id. */
  async listMembers(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<UserView[]> {
    await this.access.require(caller, 'readMembers', groupId, opts);
    return this.members.membersOf(groupId);
  }

  /** Direct members, for a caller about to change them: the check is the write's. */
  async listMembersToEdit(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<UserView[]> {
    await this.access.require(caller, 'readMembersToEdit', groupId, opts);
    return this.members.membersOf(groupId);
  }

  /**
   * The group and its direct members after one access check (the same answer as
   * GroupsService.getGroup followed by listMembers, one access query fewer).
   */
  async getGroupWithMembers(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<GroupWithMembers> {
    await this.access.requireBeforeRead(caller, 'readGroup', groupId, opts);
    return this.readGroupWithMembers(groupId);
  }

  /** Direct members and members of nested groups, each once. */
  async listEffectiveMembers(caller: Caller, groupId: number, opts: AccessOptions = {}) {
    await this.access.require(caller, 'readMembers', groupId, opts);
    return this.members.effectiveMembers(groupId);
  }

  async listEmailMembers(caller: Caller, groupId: number, opts: AccessOptions = {}) {
    await this.access.require(caller, 'readMembers', groupId, opts);
    return this.members.emailMembers(groupId);
  }

  /** Groups nested directly in this one. */
  async listChildren(
    caller: Caller,
    groupId: number,
    opts: AccessOptions = {},
  ): Promise<Array<GroupRef & { federated: boolean }>> {
    await this.access.require(caller, 'readMembers', groupId, opts);
    return this.members.children(groupId);
  }

  /** Adding an existing member is a no-op. Unknown user: NotFound. */
  addMembers(caller: Caller, groupId: number, userIds: number[], opts: MemberWriteOptions = {}) {
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
    opts: MemberWriteOptions = {},
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
    opts: MemberWriteOptions,
  ) {
    await this.access.require(caller, 'writeMembers', groupId, { policy: opts.policy, em });
    const ids = await this.resolveUsers(em, userIds, opts);
    await this.members.insertMembers(em, groupId, ids);
    if (opts.recordUpdate !== false) await this.groups.touch(em, groupId, caller.userId);
  }

  /** Applies no access check: callers have passed one. */
  private async readGroupWithMembers(groupId: number, em?: EntityManager) {
    const members = await this.members.membersOf(groupId, em);
    const group = await this.groups.byIdCountingMembers(groupId, members, em);
    if (!group) throw DomainError.notFound('group', groupId, 'groupId');
    return { group, members };
  }

  /** Removing a non-member is a no-op; an unknown user is NotFound. */
  removeMembers(caller: Caller, groupId: number, userIds: number[], opts: MemberWriteOptions = {}) {
    return this.gate.write(async (em) => {
      await this.access.require(caller, 'writeMembers', groupId, { policy: opts.policy, em });
      const ids = await this.resolveUsers(em, userIds, opts);
      if (ids.length === 0) return;
      await this.members.deleteMembers(em, groupId, ids);
      if (opts.recordUpdate !== false) await this.groups.touch(em, groupId, caller.userId);
    });
  }

  /**
   * Nests the groups in `parentId` (already nested: a no-op), refusing any that would make a
   * cycle; each must be one the caller can see (REFERENCE_LEVELS.childGroup).
   */
  addChildren(
    caller: Caller,
    parentId: number,
    childIds: number[],
    opts: AccessOptions & ReferenceOptions = {},
  ) {
    const param = opts.param ?? 'childGroupIds';
    return this.gate.write(async (em) => {
      await this.access.require(caller, 'updateGroup', parentId, { policy: opts.policy, em });
      const children = await this.resolveGroups(
        em,
        caller,
        childIds,
        { ...opts, param },
        REFERENCE_LEVELS.childGroup,
      );
      if (children.length === 0) return;
      const ids = children.map((c) => c.id);
      await this.members.lockNesting(em);
      const culprit = ids.includes(parentId)
        ? parentId
        : await this.members.firstAncestorOf(em, parentId, ids);
      if (culprit !== undefined) throw DomainError.cycle(parentId, culprit, param);
      await this.members.insertChildren(em, parentId, ids);
      await this.groups.touch(em, parentId, caller.userId);
    });
  }

  /** Un-nests groups from `parentId`; one that is not nested there: a no-op. */
  removeChildren(caller: Caller, parentId: number, childIds: number[], opts: AccessOptions = {}) {
    return this.gate.write(async (em) => {
      await this.access.require(caller, 'updateGroup', parentId, { policy: opts.policy, em });
      const ids = [...new Set(childIds)];
      if (ids.length === 0) return;
      assertListLength(ids, 'childGroupIds');
      await this.members.deleteChildrenOf(em, parentId, ids);
      await this.groups.touch(em, parentId, caller.userId);
    });
  }

  // ----- building blocks for writes that already hold a transaction (GroupsService, SharesService) -----

  /** Existing user ids among `userIds` (deduplicated, in the given order). */
  async resolveUsers(em: EntityManager, userIds: readonly number[], opts: ReferenceOptions = {}) {
    const wanted = [...new Set(userIds)];
    if (wanted.length === 0) return [];
    assertListLength(wanted, opts.param ?? 'userIds');
    const found = await this.users.existingIds(wanted, em);
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
   * Groups among `groupIds` that exist and on which the caller has `minLevel`
   * (access-policy.ts REFERENCE_LEVELS); the others are NotFound, hidden or missing alike.
   */
  async resolveGroups(
    em: EntityManager,
    caller: Caller,
    groupIds: readonly number[],
    opts: ReferenceOptions,
    minLevel: AccessLevel,
  ): Promise<Array<GroupRef & { federated: boolean }>> {
    const wanted = [...new Set(groupIds)];
    if (wanted.length === 0) return [];
    assertListLength(wanted, opts.param ?? 'groupIds');
    const rows = await this.groups.refsVisibleTo(caller, wanted, minLevel, em);
    const found = new Map(rows.map((r) => [r.id, r]));
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

  async replaceMembers(em: EntityManager, groupId: number, userIds: readonly number[]) {
    await this.members.replaceMembers(em, groupId, userIds);
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
    await this.members.replaceEmailMembers(em, groupId, emails);
  }

  /**
   * Makes `childIds` exactly the groups nested in `parentId`, refusing any cycle (a group inside
   * itself, directly or through a chain). Checked in the caller's transaction, under the nesting
   * lock so two concurrent edges cannot form a cycle.
   */
  async replaceChildren(
    em: EntityManager,
    parentId: number,
    childIds: readonly number[],
    param = 'childGroupIds',
  ) {
    await this.members.lockNesting(em);
    await this.members.deleteChildren(em, parentId);
    if (childIds.length === 0) return;
    const culprit = childIds.includes(parentId)
      ? parentId
      : await this.members.firstAncestorOf(em, parentId, childIds);
    if (culprit !== undefined) throw DomainError.cycle(parentId, culprit, param);
    await this.members.insertChildren(em, parentId, childIds);
  }
}
