import Database from 'better-sqlite3';
import { Client } from 'pg';

/**
 * Counts the SQL statements the database driver executes — below every layer of ours and of
 * TypeORM, so a transaction's BEGIN and COMMIT count, and so does a query that bypasses the `Sql`
 * runner. Test-only: it spies on the drivers' prototypes (better-sqlite3's statement methods,
 * pg's `Client.query`, which the pool and TypeORM both end in), so production code carries no
 * hook at all.
 *
 * Requests must not overlap while counting: the count is every statement run between the start
 * and the end of `during`.
 */
export class StatementCounter {
  private readonly spies: jest.SpyInstance[];

  constructor() {
    const probe = new Database(':memory:');
    const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as object;
    probe.close();
    this.spies = [
      ...(['run', 'get', 'all', 'iterate'] as const).map((m) =>
        jest.spyOn(statement as Record<typeof m, () => unknown>, m),
      ),
      jest.spyOn(Database.prototype, 'exec'),
      jest.spyOn(Client.prototype, 'query'),
    ];
  }

  private total(): number {
    return this.spies.reduce((n, spy) => n + spy.mock.calls.length, 0);
  }

  /** The statements executed while `work` ran (awaited). */
  async during(work: () => PromiseLike<unknown>): Promise<number> {
    const before = this.total();
    await work();
    return this.total() - before;
  }

  restore(): void {
    for (const spy of this.spies) spy.mockRestore();
  }
}
