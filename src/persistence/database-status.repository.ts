import { Injectable } from '@nestjs/common';
import { Sql } from './sql';

/** What the health probes ask of the database itself: does it answer, which migrations ran. */
@Injectable()
export class DatabaseStatusRepository {
  constructor(private readonly sql: Sql) {}

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  async appliedMigrationNames(): Promise<Set<string>> {
    const rows = await this.sql.query<{ name: string }>('SELECT name FROM migrations');
    return new Set(rows.map((row) => row.name));
  }
}
