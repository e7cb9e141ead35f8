import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

// Any fixed key: instances starting together on one PostgreSQL migrate one after the other.
const MIGRATION_LOCK_KEY = 7_221_000;

/** Runs pending migrations at start, before anything else touches the schema. */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    if (this.dataSource.options.type !== 'postgres') {
      await this.dataSource.runMigrations({ transaction: 'each' });
      return;
    }
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
      await this.dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => undefined);
      await lock.release();
    }
  }
}
