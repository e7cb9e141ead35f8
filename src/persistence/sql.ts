import type { Database, Statement } from 'better-sqlite3';
import type { Pool, PoolClient } from 'pg';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { translateDriverError } from './persistence-errors';

export function isPostgres(ds: DataSource): boolean {
  return ds.options.type === 'postgres';
}

/** Distinct SQL texts kept prepared; the shapes the code writes are far fewer than this. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * PostgreSQL statements with more parameters than this carry long IN lists, whose text varies
 * with the list length; they stay unnamed so a connection does not accumulate prepared plans.
 */
const MAX_NAMED_STATEMENT_PARAMS = 16;

/** A Map that forgets its least recently used entry beyond `capacity`. */
class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K, create: () => V): V {
    let value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
    } else {
      value = create();
      if (this.entries.size >= this.capacity) {
        this.entries.delete(this.entries.keys().next().value as K);
      }
    }
    this.entries.set(key, value);
    return value;
  }
}

/** Prepared statements per SQLite connection, and PostgreSQL statement names per process. */
const sqliteStatements = new WeakMap<Database, LruCache<string, Statement>>();
let pgStatementNames: LruCache<string, string> | undefined;
let pgStatementCount = 0;

/**
 * Runs SQL written with `?` placeholders on either engine: PostgreSQL wants `$1, $2 …`.
 * Booleans are sent as 1/0 to SQLite, which has no boolean type.
 *
 * Hot reads and writes go straight to the driver, below TypeORM's per-query runner, logger and
 * event broadcast (docs/performance.md F5, F6): SQLite statements are prepared once per text, and
 * PostgreSQL statements are named so each pooled connection parses and plans them once. Inside a
 * transaction the statement runs on the transaction's connection. Driver errors are translated
 * here, once, into the typed errors of persistence-errors.ts.
 *
 * A provider (PersistenceModule): repositories inject it, nothing else runs SQL.
 */
@Injectable()
export class Sql {
  private readonly postgres: boolean;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {
    this.postgres = isPostgres(dataSource);
  }

  get isPostgres(): boolean {
    return this.postgres;
  }

  text(sql: string): string {
    if (!this.postgres) return sql;
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  }

  params(values: readonly unknown[]): unknown[] {
    if (this.postgres) return [...values];
    return values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
  }

  /** Reads outside a transaction use the pool (or the connection); inside one, pass its manager. */
  query<T>(sql: string, values: readonly unknown[] = [], em?: EntityManager): Promise<T[]> {
    return this.run<T>(sql, values, em, true);
  }

  /**
   * A read whose best PostgreSQL plan depends on its values so much that a cached generic plan
   * can be a thousand times slower (a caller owning every group against one owning none): it runs
   * as an unnamed statement, which PostgreSQL plans for its values on every execution (the
   * per-statement `plan_cache_mode = force_custom_plan`; docs/admin-api.md).
   */
  queryPlannedEachTime<T>(sql: string, values: readonly unknown[]): Promise<T[]> {
    return this.run<T>(sql, values, undefined, false);
  }

  private async run<T>(
    sql: string,
    values: readonly unknown[],
    em: EntityManager | undefined,
    cachePlan: boolean,
  ): Promise<T[]> {
    const text = this.text(sql);
    const params = this.params(values);
    try {
      return this.postgres
        ? await this.queryPostgres<T>(text, params, em, cachePlan)
        : this.querySqlite<T>(text, params);
    } catch (error) {
      throw translateDriverError(error);
    }
  }

  async one<T>(sql: string, values: readonly unknown[] = [], em?: EntityManager) {
    const rows = await this.query<T>(sql, values, em);
    return rows[0];
  }

  /**
   * `column IN (subquery)` for a subquery that yields a short list of ids (a page, one group's
   * members). PostgreSQL costs the semi-join's index probes as random disk reads and hashes a
   * full scan instead (docs/performance.md F14, F25); `= ANY(ARRAY(…))` runs the subquery once
   * and probes the primary key at every table size.
   */
  inPage(column: string, subquery: string): string {
    return this.postgres ? `${column} = ANY(ARRAY(${subquery}))` : `${column} IN (${subquery})`;
  }

  /** `(?, ?, ?)` for an IN list; callers never pass an empty list. */
  static list(values: readonly unknown[]): string {
    return `(${values.map(() => '?').join(', ')})`;
  }

  /** SQLite has one connection: a transaction's statements run on it too. */
  private querySqlite<T>(text: string, params: unknown[]): T[] {
    const db = (this.dataSource.driver as unknown as { databaseConnection: Database })
      .databaseConnection;
    let statements = sqliteStatements.get(db);
    if (!statements) {
      statements = new LruCache(STATEMENT_CACHE_SIZE);
      sqliteStatements.set(db, statements);
    }
    const statement = statements.get(text, () => db.prepare(text));
    if (statement.reader) return statement.all(params) as T[];
    statement.run(params);
    return [];
  }

  private async queryPostgres<T>(
    text: string,
    values: unknown[],
    em: EntityManager | undefined,
    cachePlan: boolean,
  ) {
    const client: Pool | PoolClient = em?.queryRunner
      ? ((await em.queryRunner.connect()) as PoolClient)
      : (this.dataSource.driver as unknown as { master: Pool }).master;
    const name =
      cachePlan && values.length > 0 && values.length <= MAX_NAMED_STATEMENT_PARAMS
        ? statementName(text)
        : undefined;
    const result = await client.query({ name, text, values });
    return result.rows as T[];
  }
}

function statementName(text: string): string {
  pgStatementNames ??= new LruCache(STATEMENT_CACHE_SIZE);
  // Names are never reused for another text, so a connection's cached plan always matches.
  return pgStatementNames.get(text, () => `gb_${++pgStatementCount}`);
}
