import { Module } from '@nestjs/common';
import { Sql } from './sql';
import { TransactionRunner } from './transaction-runner';

/** The SQL runner and the transaction runner over the app's one TypeORM DataSource. */
@Module({
  providers: [Sql, TransactionRunner],
  exports: [Sql, TransactionRunner],
})
export class PersistenceModule {}
