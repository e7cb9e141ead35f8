import Database from 'better-sqlite3';
import { Client } from 'pg';

/**
 * Records the SQL statements the database driver executes — below every layer of ours and of
 * TypeORM, so a transaction's BEGIN and COMMIT count, and so does a query that bypasses the `Sql`
 * runner. Test-only: it spies on the drivers' prototypes (better-sqlite3's statement methods,
 * pg's `Client.query`, which the pool and TypeORM both end in), so production code carries no
 * hook at all.
 *
 * Requests must not overlap while counting: what `during` returns is every statement run between
 * its start and its end.
 */
export class StatementCounter {
  /** Each spy, and how to read the SQL text of one of its calls. */
  private readonly spies: Array<{
    spy: jest.SpyInstance;
    text: (call: number) => string;
  }>;

  /**
   * `housekeeping`: statements that run on a timer rather than per request (e.g. the OAuth nonce
   * pruning, at most once a minute); they are not counted.
   */
  constructor(private readonly housekeeping: RegExp[] = []) {
    const probe = new Database(':memory:');
    const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as object;
    probe.close();
    const statementSpies = (['run', 'get', 'all', 'iterate'] as const).map((m) => {
      const spy = jest.spyOn(statement as Record<typeof m, () => unknown>, m);
      return { spy, text: (i: number) => (spy.mock.contexts[i] as { source: string }).source };
    });
    const exec = jest.spyOn(Database.prototype, 'exec');
    const pg = jest.spyOn(Client.prototype, 'query');
    this.spies = [
      ...statementSpies,
      { spy: exec, text: (i) => String(exec.mock.calls[i][0]) },
      {
        spy: pg,
        text: (i) => {
          const query = pg.mock.calls[i][0] as unknown;
          return typeof query === 'string' ? query : (query as { text: string }).text;
        },
      },
    ];
  }

  private marks(): number[] {
    return this.spies.map(({ spy }) => spy.mock.calls.length);
  }

  /** The SQL texts executed while `work` ran (awaited), housekeeping left out. */
  async during(work: () => PromiseLike<unknown>): Promise<string[]> {
    const before = this.marks();
    await work();
    const texts: string[] = [];
    this.spies.forEach(({ spy, text }, s) => {
      for (let i = before[s]; i < spy.mock.calls.length; i++) texts.push(text(i));
    });
    return texts.filter((t) => !this.housekeeping.some((h) => h.test(t)));
  }

  restore(): void {
    for (const { spy } of this.spies) spy.mockRestore();
  }
}
