import Database from 'better-sqlite3';
import { Client } from 'pg';

type Method = (this: unknown, ...args: unknown[]) => unknown;

const TRANSACTION_START = /^(BEGIN|START TRANSACTION)\b/i;
const TRANSACTION_END = /^COMMIT\b/i;

/**
 * Records the SQL statements the database driver executes — below every layer of ours and of
 * TypeORM, so a transaction's BEGIN and COMMIT count, and so does a query that bypasses the `Sql`
 * runner. Test-only: it wraps the drivers' prototypes (better-sqlite3's statement methods and
 * `exec`, pg's `Client.query`, which the pool and TypeORM both end in), so production code carries
 * no hook at all.
 *
 * Requests must not overlap while recording: what `during` returns is every statement run between
 * its start and its end, in order.
 */
export class StatementCounter {
  private readonly log: string[] = [];
  private readonly restores: (() => void)[] = [];

  /**
   * `housekeeping`: statements that run on a timer rather than per request (at most once a minute
   * on whichever request comes then); they are left out, and so is a transaction holding nothing
   * else.
   */
  constructor(private readonly housekeeping: RegExp[] = []) {
    const probe = new Database(':memory:');
    const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, Method>;
    probe.close();
    for (const m of ['run', 'get', 'all', 'iterate']) {
      this.wrap(statement, m, (self) => (self as { source: string }).source);
    }
    this.wrap(Database.prototype as unknown as Record<string, Method>, 'exec', (_, args) =>
      String(args[0]),
    );
    this.wrap(Client.prototype as unknown as Record<string, Method>, 'query', (_, [query]) =>
      typeof query === 'string' ? query : (query as { text: string }).text,
    );
  }

  private wrap(
    target: Record<string, Method>,
    method: string,
    text: (self: unknown, args: unknown[]) => string,
  ): void {
    const original = target[method];
    const log = this.log;
    target[method] = function (this: unknown, ...args: unknown[]) {
      log.push(text(this, args).trim());
      return original.apply(this, args);
    };
    this.restores.push(() => (target[method] = original));
  }

  /** The SQL texts executed while `work` ran (awaited), in order, housekeeping left out. */
  async during(work: () => PromiseLike<unknown>): Promise<string[]> {
    const start = this.log.length;
    await work();
    const texts = this.log.slice(start);
    const chore = (i: number) => this.housekeeping.some((h) => h.test(texts[i] ?? ''));
    return texts.filter((t, i) => {
      if (chore(i)) return false;
      if (TRANSACTION_START.test(t)) return !(chore(i + 1) && TRANSACTION_END.test(texts[i + 2]));
      if (TRANSACTION_END.test(t)) return !(chore(i - 1) && TRANSACTION_START.test(texts[i - 2]));
      return true;
    });
  }

  restore(): void {
    for (const restore of this.restores.splice(0)) restore();
  }
}
