import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { AppConfig, DatabaseSettings, loadAppConfig } from '../../src/config/app-config';
import { configureApp } from '../../src/configure-app';

export type Engine = 'sqlite' | 'postgres';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';
export const ADMIN_PASSWORD = 'admin-password-1';

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  config: AppConfig;
  engine: Engine;
  /** Restarts the app on the same database (data must survive). */
  restart(overrides?: Partial<AppConfig>): Promise<TestApp>;
  close(): Promise<void>;
}

export function testEngine(): Engine {
  return process.env.GB_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
}

const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database per call: a temp SQLite file, or a new PostgreSQL schema. */
async function freshDatabase(): Promise<{ settings: DatabaseSettings; drop: () => Promise<void> }> {
  if (testEngine() === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'groupbridge-test-'));
    return {
      settings: { engine: 'sqlite', path: join(dir, 'test.sqlite') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!new URL(TEST_DATABASE_URL).pathname.includes('test')) {
    throw new Error('Refusing to run tests against a database whose name does not contain "test"');
  }
  const schema = `gb_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  return {
    settings: { engine: 'postgres', url: TEST_DATABASE_URL, schema },
    drop: () => adminQuery(`DROP SCHEMA ${schema} CASCADE`),
  };
}

export function testConfig(
  database: DatabaseSettings,
  overrides: Partial<AppConfig> = {},
): AppConfig {
  return {
    ...loadAppConfig({}),
    port: 0,
    host: '127.0.0.1',
    database,
    adminUsername: 'admin',
    adminPassword: ADMIN_PASSWORD,
    adminToken: ADMIN_TOKEN,
    readOnly: false,
    logLevel: 'silent',
    bodyLimitBytes: 1024 * 1024,
    trustProxy: false,
    institutionName: { pl: 'Uniwersytet Testowy', en: 'University of Testing' },
    ...overrides,
  };
}

async function boot(config: AppConfig, drop: () => Promise<void>): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config)],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    logger: false,
  });
  configureApp(app, config);
  await app.init();
  const testApp: TestApp = {
    app,
    http: request(app.getHttpServer()),
    config,
    engine: config.database.engine,
    restart: async (overrides = {}) => {
      await app.close();
      return boot({ ...config, ...overrides }, drop);
    },
    close: async () => {
      await app.close();
      await drop();
    },
  };
  return testApp;
}

/** Boots the whole app (same bootstrap as main.ts) on a fresh database for this test file. */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const { settings, drop } = await freshDatabase();
  return boot(testConfig(settings, overrides), drop);
}

/** Several app instances on one fresh, empty database, booted at the same time. */
export async function createTestInstances(
  count: number,
): Promise<{ instances: TestApp[]; drop: () => Promise<void> }> {
  const { settings, drop } = await freshDatabase();
  const keep = async () => undefined;
  const instances = await Promise.all(
    Array.from({ length: count }, () => boot(testConfig(settings), keep)),
  );
  return { instances, drop };
}
