import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../persistence/transaction-runner';
import { DomainError, refusedValueAsInvalid } from './domain-error';

/**
 * Every domain write passes here: refused when READ_ONLY, and run as one transaction, inside
 * which the access policy is asked (AccessPolicy.require with the transaction's manager).
 */
@Injectable()
export class Gatekeeper {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
  ) {}

  write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.config.readOnly) return Promise.reject(DomainError.readOnly());
    return this.transactions.runInTransaction(work).catch((error: unknown) => {
      throw refusedValueAsInvalid(error);
    });
  }
}
