import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../persistence/transaction-runner';
import { AccessRequirement, satisfies } from './access-level';
import { Caller } from './caller';
import { DomainError } from './domain-error';
import { GroupQueries } from './group-queries';

/** Unique-constraint violations on either engine (SQLite: SQLITE_CONSTRAINT_UNIQUE, PG: 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * Every domain write passes here: refused when READ_ONLY, run as one transaction, and checked
 * against the access policy inside that transaction.
 */
@Injectable()
export class Gatekeeper {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly queries: GroupQueries,
  ) {}

  get readOnly(): boolean {
    return this.config.readOnly;
  }

  write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.config.readOnly) return Promise.reject(DomainError.readOnly());
    return this.transactions.runInTransaction(work);
  }

  /**
   * Throws NotFound when the group does not exist or the caller cannot see it (so ids cannot be
   * probed), Forbidden when it is visible but the requirement is not met.
   */
  async requireAccess(
    caller: Caller,
    groupId: number,
    requirement: AccessRequirement,
    em?: EntityManager,
    param = 'groupId',
  ): Promise<void> {
    const { exists, level } = await this.queries.accessLevel(caller, groupId, em);
    if (!exists || (!level && requirement !== 'any'))
      throw DomainError.notFound('group', groupId, param);
    if (requirement === 'any') return;
    const allowed = requirement === 'system' ? caller.systemAdmin : satisfies(level, requirement);
    if (!allowed) {
      throw DomainError.forbidden(
        requirement === 'system'
          ? 'Only a system administrator may do this'
          : `This needs ${requirement} permission on group ${groupId}`,
        { entity: 'group', id: groupId },
      );
    }
  }

  /**
   * requireAccess for a read that itself throws NotFound(group, groupId) when the group is
   * missing. A system administrator meets every requirement, so for them that read's own check is
   * all that is left, and the policy query is skipped (one statement fewer per admin read).
   */
  async requireAccessBeforeRead(
    caller: Caller,
    groupId: number,
    requirement: AccessRequirement,
  ): Promise<void> {
    if (!caller.systemAdmin) await this.requireAccess(caller, groupId, requirement);
  }
}
