// Three projects: unit specs beside the code, and the same e2e specs on SQLite and on PostgreSQL.
// PostgreSQL is probed first: a newcomer without it gets the SQLite suites and a plain notice;
// with CI=true an unreachable PostgreSQL fails the run instead of being skipped.
const { Client } = require('pg');

const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
};

const base = {
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  transform,
};

async function postgresReachable() {
  const client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

module.exports = async () => {
  const projects = [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'e2e-sqlite',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/helpers/engine-sqlite.ts'],
    },
  ];
  if (await postgresReachable()) {
    projects.push({
      ...base,
      displayName: 'e2e-postgres',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/helpers/engine-postgres.ts'],
    });
  } else if (process.env.CI === 'true') {
    throw new Error(`CI=true but PostgreSQL is unreachable at ${TEST_DATABASE_URL}`);
  } else {
    process.stderr.write(
      `\nNOTICE: PostgreSQL is unreachable at ${TEST_DATABASE_URL}: the e2e-postgres suites are SKIPPED.\n` +
        'Start PostgreSQL (or set TEST_DATABASE_URL) to run them.\n\n',
    );
  }
  return { projects, maxWorkers: 2, testTimeout: 30000 };
};
