import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { translateDriverError } from './persistence-errors';

/**
 * The one way to write. On SQLite TypeORM shares a single connection between all callers, so a
 * transaction that yields lets another request's transaction nest inside it as a SAVEPOINT and
 * vanish on rollback (docs/architecture.md, "Transactions"). Transactions are therefore queued FIFO there.
 * PostgreSQL gives each transaction its own pooled connection: no queue.
 *
 * Statements inside run through the Sql runner, which translates driver errors; a failure of
 * BEGIN or COMMIT itself (e.g. a serialisation failure) is translated here the same way.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialise: boolean;
  private queued = 0;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  /** SQLite transactions waiting for or holding the writer (a metric); 0 on PostgreSQL. */
  get queueDepth(): number {
    return this.queued;
  }

  runInTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialise) return this.transaction(work);
    this.queued++;
    const result = this.tail.then(() => this.transaction(work));
    // The queue continues whether this transaction commits or fails.
    this.tail = result.then(
      () => void this.queued--,
      () => void this.queued--,
    );
    return result;
  }

  private transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work).catch((error: unknown) => {
      if (!(error instanceof QueryFailedError)) throw error;
      const typed = translateDriverError(error.driverError);
      throw typed === error.driverError ? error : typed;
    });
  }
}
