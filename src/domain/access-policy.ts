import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AccessLevel,
  AccessRequirement,
  isAccessLevel,
  levelFromRank,
  satisfies,
} from './access-level';
import { Caller } from './caller';
import { DomainError } from './domain-error';
import { GroupsRepository } from './repositories/groups.repository';

/** Every domain operation that needs a permission on a group (or, for createGroup, at all). */
export type GroupOperation =
  | 'createGroup'
  | 'readGroup'
  /** Renames included: Jive's seed lets group administrators rename. */
  | 'updateGroup'
  | 'deleteGroup'
  | 'readMembers'
  /** Reading the members in order to change them (Publisher's PUT). */
  | 'readMembersToEdit'
  | 'writeMembers'
  | 'readShares'
  | 'writeShares'
  | 'readProperties'
  | 'writeProperties';

/**
 * The access policies a dialect may ask for. `standard`: what docs/architecture.md describes. `directory`:
 * Jive's groupService, where writes are for system and group administrators. Reads are the same
 * in both: one visibility rule everywhere (issue 17) — a group the caller may not read is not
 * found, and lists hold only the groups the caller may read.
 */
export type PolicyName = 'standard' | 'directory';

interface Policy {
  /** What each operation requires: any authenticated caller, a level, or a system administrator. */
  readonly requires: Readonly<Record<GroupOperation, AccessRequirement>>;
  /** The least level on a group for it to be listed. */
  readonly listing: AccessLevel;
}

const POLICIES: Readonly<Record<PolicyName, Policy>> = {
  standard: {
    requires: {
      createGroup: 'any',
      readGroup: 'read',
      updateGroup: 'write',
      deleteGroup: 'manage',
      readMembers: 'read',
      readMembersToEdit: 'write',
      writeMembers: 'write',
      readShares: 'read',
      writeShares: 'manage',
      readProperties: 'read',
      writeProperties: 'write',
    },
    listing: 'read',
  },
  directory: {
    requires: {
      createGroup: 'system',
      readGroup: 'read',
      updateGroup: 'manage',
      deleteGroup: 'system',
      readMembers: 'read',
      readMembersToEdit: 'manage',
      writeMembers: 'manage',
      readShares: 'read',
      writeShares: 'manage',
      readProperties: 'read',
      writeProperties: 'manage',
    },
    listing: 'read',
  },
};

/**
 * The least level a caller needs on a group they name in a write. A group the caller may not
 * read is answered exactly like a missing id wherever it is named — a nested group, a share
 * principal — so references cannot probe hidden groups or read their names.
 */
export const REFERENCE_LEVELS = {
  childGroup: 'read',
  sharePrincipal: 'read',
} as const satisfies Record<string, AccessLevel>;

/**
 * Operations on the installation rather than on a group, each for system administrators only,
 * with what a refused caller is told (Forbidden).
 */
const SYSTEM_OPERATIONS = {
  useAdminApi: 'The admin API is for system administrators',
  manageUsers: 'Only a system administrator may manage users',
  createOrganizations: 'Only a system administrator may create organizations',
  changeOrganizations: 'Only a system administrator may change organizations',
  deleteOrganizations: 'Only a system administrator may delete organizations',
  provision: 'Provisioning is for system administrators and provisioners',
} as const satisfies Record<string, string>;

export type SystemOperation = keyof typeof SYSTEM_OPERATIONS;

/** Refuses (Forbidden) a caller who is not a system administrator. */
export function requireSystemAdmin(caller: Caller, operation: SystemOperation): void {
  if (!caller.systemAdmin) throw DomainError.forbidden(SYSTEM_OPERATIONS[operation]);
}

/**
 * A user's own credentials (API tokens, OAuth access tokens) are the user's and a system
 * administrator's to manage. To anyone else the user is not found, so ids cannot be probed.
 */
export function requireSelfOrSystemAdmin(caller: Caller, userId: number): void {
  if (!caller.systemAdmin && caller.userId !== userId)
    throw DomainError.notFound('user', userId, 'userId');
}

export interface AccessCheck {
  /** The policy asked for; default standard. */
  policy?: PolicyName;
  /** The transaction to check in, for a write. */
  em?: EntityManager;
  /** The parameter that named the group, for a NotFound. */
  param?: string;
}

/** Answers every "may they?" of the domain, from the tables above. */
@Injectable()
export class AccessPolicy {
  constructor(private readonly groups: GroupsRepository) {}

  /** The least level for a group to appear in this policy's listings. */
  listingLevel(policy: PolicyName = 'standard'): AccessLevel {
    return POLICIES[policy].listing;
  }

  /**
   * The level an operation requires under the standard policy, for statements that pick, among
   * many groups, those the caller may act on (USOS batch delete).
   */
  levelRequired(operation: GroupOperation): AccessLevel {
    const requirement = POLICIES.standard.requires[operation];
    if (!isAccessLevel(requirement)) throw new Error(`${operation} does not require a level`);
    return requirement;
  }

  /** Refuses a caller who may not create groups under this policy. */
  requireToCreate(caller: Caller, policy: PolicyName = 'standard'): void {
    if (POLICIES[policy].requires.createGroup === 'system' && !caller.systemAdmin)
      throw DomainError.forbidden('Only a system administrator may create groups');
  }

  /**
   * Throws NotFound when the group does not exist or is hidden from the caller, Forbidden when
   * it is visible but the operation's requirement is not met. Answers the caller's level.
   */
  async require(
    caller: Caller,
    operation: GroupOperation,
    groupId: number,
    check: AccessCheck = {},
  ): Promise<AccessLevel | null> {
    const policy = POLICIES[check.policy ?? 'standard'];
    const requirement = policy.requires[operation];
    const { exists, level } = await this.levelOn(caller, groupId, check.em);
    const param = check.param ?? 'groupId';
    if (!exists) throw DomainError.notFound('group', groupId, param);
    if (requirement === 'any') return level;
    const allowed = requirement === 'system' ? caller.systemAdmin : satisfies(level, requirement);
    if (allowed) return level;
    // Hidden is missing, so ids cannot be probed; a visible group refused is Forbidden.
    if (level === null) throw DomainError.notFound('group', groupId, param);
    throw DomainError.forbidden(
      requirement === 'system'
        ? 'Only a system administrator may do this'
        : `This needs ${requirement} permission on group ${groupId}`,
      { entity: 'group', id: groupId },
    );
  }

  /**
   * `require` for a read that itself throws NotFound(group, groupId) when the group is missing.
   * A system administrator meets every requirement, so for them that read's own check is all
   * that is left, and the policy query is skipped (one statement fewer per admin read).
   */
  async requireBeforeRead(
    caller: Caller,
    operation: GroupOperation,
    groupId: number,
    check: AccessCheck = {},
  ): Promise<void> {
    if (!caller.systemAdmin) await this.require(caller, operation, groupId, check);
  }

  /**
   * Which of `groupIds`, named by the shares of a group on which the caller holds `level`, the
   * caller may be shown: all of them to a manager of that group, else only the groups the caller
   * can see (Civis ShareIndex: "for writers and readers, the number of visible groups shared"),
   * so that a reader cannot learn the names of groups hidden from them.
   */
  async sharePrincipalsShown(
    caller: Caller,
    level: AccessLevel | null,
    groupIds: readonly number[],
  ): Promise<Set<number>> {
    if (groupIds.length === 0 || level === 'manage') return new Set(groupIds);
    const visible = await this.groups.refsVisibleTo(caller, groupIds, 'read');
    return new Set(visible.map((ref) => ref.id));
  }

  /**
   * The caller's level on a group, or `exists: false`. Level = manage for system administrators
   * and the owner, else the highest share held directly or through any group the caller
   * effectively belongs to, else read for effective members, else none (docs/architecture.md).
   */
  async levelOn(
    caller: Caller,
    groupId: number,
    em?: EntityManager,
  ): Promise<{ exists: boolean; level: AccessLevel | null }> {
    if (caller.systemAdmin) {
      const exists = await this.groups.exists(groupId, em);
      return { exists, level: exists ? 'manage' : null };
    }
    const standing = await this.groups.standing(caller, groupId, em);
    if (!standing) return { exists: false, level: null };
    if (standing.ownerId === caller.userId) return { exists: true, level: 'manage' };
    const shared = levelFromRank(standing.shareRank);
    if (shared) return { exists: true, level: shared };
    return { exists: true, level: standing.member ? 'read' : null };
  }
}
