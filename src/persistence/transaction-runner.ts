import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The one way to write. On SQLite TypeORM shares a single connection between all callers, so a
 * transaction that yields lets another request's transaction nest inside it as a SAVEPOINT and
 * vanish on rollback (ENGINEERING.md §0.2). Transactions are therefore queued FIFO there.
 * PostgreSQL gives each transaction its own pooled connection: no queue.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialise: boolean;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  runInTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialise) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    // The queue continues whether this transaction commits or fails.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
