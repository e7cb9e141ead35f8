import { Module } from '@nestjs/common';
import { DatabaseStatusRepository } from './database-status.repository';
import { Sql } from './sql';
import { TransactionRunner } from './transaction-runner';

/**
 * The SQL runner and the transaction runner over the app's one TypeORM DataSource, and the
 * database's own status for the health probes.
 */
@Module({
  providers: [Sql, TransactionRunner, DatabaseStatusRepository],
  exports: [Sql, TransactionRunner, DatabaseStatusRepository],
})
export class PersistenceModule {}
