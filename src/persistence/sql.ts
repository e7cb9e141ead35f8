import { DataSource, EntityManager } from 'typeorm';

/** Anything that can run SQL: the DataSource for reads, a transaction's EntityManager for writes. */
export type SqlRunner = Pick<DataSource | EntityManager, 'query'> & {
  connection?: DataSource;
};

export function isPostgres(ds: DataSource): boolean {
  return ds.options.type === 'postgres';
}

/**
 * Runs SQL written with `?` placeholders on either engine: PostgreSQL wants `$1, $2 …`.
 * Booleans are sent as 1/0 to SQLite, which has no boolean type.
 */
export class Sql {
  private readonly postgres: boolean;

  constructor(private readonly dataSource: DataSource) {
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

  /** Reads outside a transaction go to the DataSource; inside one, pass its manager. */
  query<T>(sql: string, values: readonly unknown[] = [], em?: EntityManager): Promise<T[]> {
    const runner = em ?? this.dataSource;
    return runner.query(this.text(sql), this.params(values)) as Promise<T[]>;
  }

  async one<T>(sql: string, values: readonly unknown[] = [], em?: EntityManager) {
    const rows = await this.query<T>(sql, values, em);
    return rows[0];
  }

  /** `(?, ?, ?)` for an IN list; callers never pass an empty list. */
  static list(values: readonly unknown[]): string {
    return `(${values.map(() => '?').join(', ')})`;
  }
}
