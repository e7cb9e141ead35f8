import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEngine } from '../helpers/create-test-app';

const ROOT = join(__dirname, '..', '..');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run cli -- …` without the build step: the CLI's source as a process, as a shell runs it. */
function cli(databaseUrl: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/admin/cli.ts', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          ADMIN_TOKEN: 'cli-test-token-0123456789',
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// The CLI runs the same domain on either engine; one run, on SQLite, covers its own code.
const describeOnce = testEngine() === 'sqlite' ? describe : describe.skip;

describeOnce('npm run cli (the admin CLI as a process)', () => {
  let dir: string;
  let databaseUrl: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'groupbridge-cli-'));
    databaseUrl = `sqlite:${join(dir, 'cli.sqlite')}`;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists its commands and exits 2 when none is given', async () => {
    const run = await cli(databaseUrl);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: npm run cli -- <command> [args]');
    expect(run.stderr).toContain('users:create');
  }, 60_000);

  it('creates a user and reads it back, printing JSON', async () => {
    const created = await cli(
      databaseUrl,
      'users:create',
      '{"username":"jan","firstName":"Jan","lastName":"Kowalski","password":"long-enough-pass"}',
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const user = JSON.parse(created.stdout) as { id: number; username: string };
    expect(user).toMatchObject({ username: 'jan', firstName: 'Jan', lastName: 'Kowalski' });

    const read = await cli(databaseUrl, 'users:get', String(user.id));
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)).toEqual(user);
  }, 60_000);

  it('refuses an id that is not plain digits with the API rule, exit 1 and a JSON error', async () => {
    const run = await cli(databaseUrl, 'users:get', '1e3');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({
      error: 'InvalidArgument',
      message: 'id must be an integer from 1 to 2147483647',
      param: 'id',
    });
  }, 60_000);
});
