import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, loadAppConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { Caller } from '../../src/domain/caller';
import { GroupsDomainModule } from '../../src/domain/groups-domain.module';
import { dataSourceOptions } from '../../src/persistence/data-source-options';

const config: AppConfig = {
  ...loadAppConfig({}),
  port: 0,
  host: '127.0.0.1',
  database: { engine: 'sqlite', path: ':memory:' },
  adminUsername: 'admin',
  readOnly: false,
  logLevel: 'silent',
  bodyLimitBytes: 1024,
  trustProxy: false,
  institutionName: { pl: 'Groupbridge', en: 'Groupbridge' },
};

/** The system administrator every domain test module starts with. */
export const ROOT: Caller = { userId: 1, systemAdmin: true };

/**
 * The GroupsDomain alone (no HTTP) on a fresh in-memory SQLite with the real migrations, holding
 * one user: ROOT. Close it with `moduleRef.get(DataSource).destroy()`.
 */
export async function createDomainTestModule(): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      TypeOrmModule.forRoot({ ...dataSourceOptions(config.database), migrationsRun: true }),
      GroupsDomainModule,
    ],
  }).compile();
  await moduleRef
    .get(DataSource)
    .query(
      `INSERT INTO users (id, username, active, is_admin, created_at, updated_at) VALUES (1, 'root', 1, 1, 0, 0)`,
    );
  return moduleRef;
}
