import Database from 'better-sqlite3';
import { Pool, PoolClient, types as pgTypes } from 'pg';
import type { EngineName } from './bench-dataset';

/** Same as the app: BIGINT (timestamps, COUNT(*)) as numbers. */
pgTypes.setTypeParser(pgTypes.builtins.INT8, (value) => Number(value));

/** Runs named statements written with `?` placeholders; each is prepared once. */
export interface Querier {
  all<T>(name: string, sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface BenchDb extends Querier {
  readonly engine: EngineName;
  tx<T>(work: (q: Querier) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function toDollar(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

class SqliteDb implements BenchDb {
  readonly engine = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  // One connection: transactions are queued FIFO, exactly as the app's TransactionRunner does.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
  }

  private statement(name: string, sql: string): Database.Statement {
    let st = this.statements.get(name);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(name, st);
    }
    return st;
  }

  async all<T>(name: string, sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const st = this.statement(name, sql);
    if (st.reader) return st.all(...params) as T[];
    st.run(...params);
    return [];
  }

  tx<T>(work: (q: Querier) => Promise<T>): Promise<T> {
    const result = this.tail.then(async () => {
      this.statement('begin', 'BEGIN').run();
      try {
        const value = await work(this);
        this.statement('commit', 'COMMIT').run();
        return value;
      } catch (error) {
        this.statement('rollback', 'ROLLBACK').run();
        throw error;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

class PgQuerier implements Querier {
  constructor(
    private readonly runner: Pool | PoolClient,
    private readonly texts: Map<string, string>,
  ) {}

  async all<T>(name: string, sql: string, params: readonly unknown[] = []): Promise<T[]> {
    let text = this.texts.get(name);
    if (text === undefined) {
      text = toDollar(sql);
      this.texts.set(name, text);
    }
    const result = await this.runner.query({ name, text, values: params as unknown[] });
    return result.rows as T[];
  }
}

class PostgresDb extends PgQuerier implements BenchDb {
  readonly engine = 'postgres' as const;

  constructor(
    private readonly pool: Pool,
    private readonly sqlTexts = new Map<string, string>(),
  ) {
    super(pool, sqlTexts);
  }

  async tx<T>(work: (q: Querier) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const value = await work(new PgQuerier(client, this.sqlTexts));
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Opens the dataset the way the app does (the app's pool has 10 connections). */
export function openBenchDb(env: Record<string, string | undefined>): BenchDb {
  const url = env.DATABASE_URL ?? '';
  if (url.startsWith('sqlite:')) return new SqliteDb(url.slice('sqlite:'.length));
  return new PostgresDb(new Pool({ connectionString: url, max: 10, options: env.PGOPTIONS }));
}
