import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { EntityManager } from 'typeorm';
import { Caller } from './caller';
import {
  DirectoryListQuery,
  GroupFilter,
  GroupSortField,
  UserFilter,
  UserSortField,
} from './directory-filter';
import { DirectoryRepository } from './repositories/directory.repository';
import { GroupsRepository } from './repositories/groups.repository';
import { MembershipRepository } from './repositories/membership.repository';
import { UsersRepository } from './repositories/users.repository';
import {
  DirectoryGroup,
  DirectoryGroupChange,
  DirectoryUser,
  DirectoryUserInput,
} from './directory-views';
import { DomainError } from './domain-error';
import { UniqueViolation } from '../persistence/persistence-errors';
import { Gatekeeper } from './gatekeeper';
import { groupNameKey, GroupsService, MAX_GROUP_NAME_LENGTH } from './groups.service';
import {
  assertListLength,
  assertStorableText,
  assertValidName,
  assertValidUsername,
} from './input-rules';
import { MembershipService } from './membership.service';
import { Page } from './views';
import { requireSystemAdmin } from './access-policy';

const MAX_TEXT_LENGTH = 255;
const MAX_EMAILS = 100;
const MAX_EMAIL_TYPE_LENGTH = 64;

/**
 * The caller's check of the resource as the transaction reads it, before anything is written
 * (optimistic concurrency: a stale version throws and the transaction rolls back).
 */
export type Precondition = (current: { updatedAt: number }) => void;

/** The parameter a member reference is reported under (SCIM: the `members` attribute). */
const MEMBERS = 'members';

/**
 * Users and groups as a provisioning client (an identity provider speaking SCIM) manages them:
 * the directory's users and federated groups (DirectoryRepository says which), with the
 * client's own ids and attributes kept beside Groupbridge's. Every operation is for system
 * administrators and callers trusted like one (the provisioning role).
 */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly gate: Gatekeeper,
    private readonly repository: DirectoryRepository,
    private readonly groups: GroupsService,
    private readonly membership: MembershipService,
    private readonly groupRows: GroupsRepository,
    private readonly memberRows: MembershipRepository,
    private readonly userRows: UsersRepository,
  ) {}

  /** Whether the user may provision (the role a system administrator grants); active users only. */
  isProvisioner(userId: number): Promise<boolean> {
    return this.repository.isProvisioner(userId);
  }

  setProvisioner(caller: Caller, userId: number, provisioner: boolean) {
    requireSystemAdmin(caller, 'provision');
    return this.gate.write(async (em) => {
      if (!(await this.repository.setProvisioner(em, userId, provisioner)))
        throw DomainError.notFound('user', userId, 'userId');
      return { userId, provisioner };
    });
  }

  listUsers(
    caller: Caller,
    query: DirectoryListQuery<UserFilter, UserSortField>,
  ): Promise<Page<DirectoryUser>> {
    requireSystemAdmin(caller, 'provision');
    return this.repository.listUsers(query);
  }

  async getUser(caller: Caller, id: number): Promise<DirectoryUser> {
    requireSystemAdmin(caller, 'provision');
    const user = await this.repository.user(id);
    if (!user) throw DomainError.notFound('user', id, 'id');
    return user;
  }

  createUser(caller: Caller, input: DirectoryUserInput): Promise<DirectoryUser> {
    requireSystemAdmin(caller, 'provision');
    const valid = this.validUser(input);
    return this.gate.write(async (em) => {
      const id = await this.uniqueUsername(valid.username, () =>
        this.repository.insertUser(em, valid, Date.now()),
      );
      return (await this.repository.user(id, em))!;
    });
  }

  replaceUser(caller: Caller, id: number, input: DirectoryUserInput): Promise<DirectoryUser> {
    return this.changeUser(caller, id, () => input);
  }

  /**
   * Reads the user, lets `change` (synchronous: no other work may run inside the transaction)
   * compute its new state, and writes that, all in one transaction.
   */
  changeUser(
    caller: Caller,
    id: number,
    change: (current: DirectoryUser) => DirectoryUserInput,
  ): Promise<DirectoryUser> {
    requireSystemAdmin(caller, 'provision');
    return this.gate.write(async (em) => {
      const current = await this.existingUser(em, id);
      const next = this.validUser(change(current));
      await this.uniqueUsername(next.username, () =>
        this.repository.updateUser(em, id, next, Date.now()),
      );
      return (await this.repository.user(id, em))!;
    });
  }

  deleteUser(caller: Caller, id: number, precondition?: Precondition): Promise<void> {
    requireSystemAdmin(caller, 'provision');
    return this.gate.write(async (em) => {
      // Read first, whatever the precondition: it is what keeps users outside the directory out.
      const current = await this.existingUser(em, id);
      precondition?.(current);
      await this.userRows.delete(em, id);
    });
  }

  listGroups(
    caller: Caller,
    query: DirectoryListQuery<GroupFilter, GroupSortField>,
    withMembers: boolean,
  ): Promise<Page<DirectoryGroup>> {
    requireSystemAdmin(caller, 'provision');
    return this.repository.listGroups(query, withMembers);
  }

  async getGroup(caller: Caller, id: number, withMembers: boolean): Promise<DirectoryGroup> {
    requireSystemAdmin(caller, 'provision');
    const group = await this.repository.group(id, withMembers);
    if (!group) throw DomainError.notFound('group', id, 'id');
    return group;
  }

  /** A federated group: its system of record is the provisioning client. */
  async createGroup(
    caller: Caller,
    input: { name: string; externalId: string | null; userIds: number[]; groupIds: number[] },
  ): Promise<DirectoryGroup> {
    requireSystemAdmin(caller, 'provision');
    this.validExternalId(input.externalId);
    const created = await this.groups.createGroup(
      caller,
      {
        name: input.name,
        externalId: input.externalId,
        federated: true,
        memberUserIds: input.userIds,
        childGroupIds: input.groupIds,
      },
      { params: { memberUserIds: MEMBERS, childGroupIds: MEMBERS } },
    );
    return this.getGroup(caller, created.id, true);
  }

  /** Applies the steps in order, in one transaction; answers the group (with its members unless told not to). */
  changeGroup(
    caller: Caller,
    id: number,
    changes: readonly DirectoryGroupChange[],
    options: { precondition?: Precondition; withMembers?: boolean } = {},
  ): Promise<DirectoryGroup> {
    requireSystemAdmin(caller, 'provision');
    for (const change of changes) {
      if (change.kind === 'rename')
        assertValidName(change.name, 'displayName', 'group name', MAX_GROUP_NAME_LENGTH);
      else if (change.kind === 'setExternalId') this.validExternalId(change.externalId);
      else {
        assertListLength(change.userIds, MEMBERS);
        assertListLength(change.groupIds, MEMBERS);
      }
    }
    return this.gate.write(async (em) => {
      // Read first, whatever the precondition: it is what keeps groups outside the directory out.
      const current = await this.existingGroup(em, id);
      options.precondition?.(current);
      let children: number[] | undefined;
      for (const change of changes) {
        if (change.kind === 'rename') {
          const holder = await this.groupRows.idByNameKey(groupNameKey(change.name), em);
          if (holder !== undefined && holder !== id)
            throw DomainError.alreadyExists('group', change.name, 'displayName');
          await this.groupRows.update(em, id, {
            name: change.name,
            nameKey: groupNameKey(change.name),
            updatedById: caller.userId,
            updatedAt: Date.now(),
          });
        } else if (change.kind === 'setExternalId') {
          await this.groupRows.update(em, id, {
            externalId: change.externalId,
            updatedById: caller.userId,
            updatedAt: Date.now(),
          });
        } else {
          children = await this.applyMembers(em, id, change, children);
        }
      }
      if (children !== undefined) await this.membership.replaceChildren(em, id, children, MEMBERS);
      await this.groupRows.touch(em, id, caller.userId);
      return (await this.repository.group(id, options.withMembers ?? true, em))!;
    });
  }

  deleteGroup(caller: Caller, id: number, precondition?: Precondition): Promise<void> {
    requireSystemAdmin(caller, 'provision');
    return this.gate.write(async (em) => {
      const current = await this.existingGroup(em, id);
      precondition?.(current);
      await this.groupRows.delete(em, [id]);
    });
  }

  /**
   * User members change at once; nested groups are collected and replaced together at the end,
   * where the cycle check runs (returns the nested groups as they now stand).
   */
  private async applyMembers(
    em: EntityManager,
    groupId: number,
    change: Extract<DirectoryGroupChange, { userIds: number[] }>,
    children: number[] | undefined,
  ): Promise<number[] | undefined> {
    if (change.kind === 'removeMembers') {
      if (change.userIds.length > 0)
        await this.memberRows.deleteMembers(em, groupId, change.userIds);
      if (change.groupIds.length === 0) return children;
      const removed = new Set(change.groupIds);
      const current = children ?? (await this.repository.childIds(em, groupId));
      return current.filter((child) => !removed.has(child));
    }
    const userIds = await this.membership.resolveUsers(em, change.userIds, { param: MEMBERS });
    const found = await this.repository.groupIds(em, change.groupIds);
    const missing = change.groupIds.filter((g) => !found.has(g));
    if (missing.length > 0)
      throw DomainError.notFound('group', missing.length === 1 ? missing[0] : missing, MEMBERS);
    if (change.kind === 'replaceMembers') {
      await this.memberRows.replaceMembers(em, groupId, userIds);
      return [...new Set(change.groupIds)];
    }
    await this.memberRows.insertMembers(em, groupId, userIds);
    if (change.groupIds.length === 0) return children;
    const current = children ?? (await this.repository.childIds(em, groupId));
    return [...new Set([...current, ...change.groupIds])];
  }

  private async existingUser(em: EntityManager, id: number): Promise<DirectoryUser> {
    const user = await this.repository.user(id, em);
    if (!user) throw DomainError.notFound('user', id, 'id');
    return user;
  }

  private async existingGroup(em: EntityManager, id: number): Promise<DirectoryGroup> {
    const group = await this.repository.group(id, false, em);
    if (!group) throw DomainError.notFound('group', id, 'id');
    return group;
  }

  private async uniqueUsername<T>(username: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof UniqueViolation)
        throw DomainError.alreadyExists('user', username, 'username');
      throw error;
    }
  }

  private validUser(input: DirectoryUserInput): DirectoryUserInput {
    assertValidUsername(input.username);
    this.validExternalId(input.externalId);
    for (const [param, value] of [
      ['displayName', input.displayName],
      ['givenName', input.givenName],
      ['familyName', input.familyName],
    ] as const) {
      if (value !== null) this.validText(value, param);
    }
    if (input.emails.length > MAX_EMAILS)
      throw DomainError.invalid('emails', `At most ${MAX_EMAILS} e-mail addresses are kept`);
    for (const email of input.emails) {
      if (!isEmail(email.value))
        throw DomainError.invalid('emails', `"${email.value}" is not a valid e-mail address`);
      if (email.type !== null) this.validText(email.type, 'emails', MAX_EMAIL_TYPE_LENGTH);
    }
    if (input.emails.filter((e) => e.primary).length > 1)
      throw DomainError.invalid('emails', 'At most one e-mail address may be primary');
    return input;
  }

  private validExternalId(externalId: string | null) {
    if (externalId !== null) this.validText(externalId, 'externalId');
  }

  private validText(value: string, param: string, maxLength = MAX_TEXT_LENGTH) {
    if ([...value].length > maxLength)
      throw DomainError.invalid(param, `${param} must be at most ${maxLength} characters`);
    assertStorableText(value, param, param);
  }
}
