import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDistBuilt } from '../helpers/built-dist';
import { testEngine } from '../helpers/create-test-app';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const ROOT = join(__dirname, '..', '..');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run cli -- …` without the build step: the built CLI as a process, as a shell runs it. */
function cli(databaseUrl: string, ...args: string[]): Promise<CliRun> {
  return cliWithInput(databaseUrl, undefined, ...args);
}

/** The same, with `input` on its stdin (how scripts hand it a password). */
function cliWithInput(
  databaseUrl: string,
  input: string | undefined,
  ...args: string[]
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['dist/src/admin/cli.js', ...args],
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
    child.stdin!.end(input);
  });
}

// The CLI runs the same domain on either engine; one run, on SQLite, covers its own code.
const describeOnce = testEngine() === 'sqlite' ? describe : describe.skip;

describeOnce('npm run cli (the admin CLI as a process)', () => {
  let dir: string;
  let databaseUrl: string;

  beforeAll(async () => {
    await ensureDistBuilt();
    dir = mkdtempSync(join(tmpdir(), 'groupbridge-cli-'));
    databaseUrl = `sqlite:${join(dir, 'cli.sqlite')}`;
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists its commands and exits 2 when none is given; --help on a command exits 0', async () => {
    const run = await cli(databaseUrl);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: npm run cli -- [options] [command]');
    expect(run.stderr).toMatch(/^ {2}users:create \[options\] <json> +create a user$/m);
    expect(run.stderr).toMatch(/^ {2}oauth-tokens:list \[options\] +list OAuth access tokens/m);
    const help = await cli(databaseUrl, 'users:create', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run cli -- users:create [options] <json>');
    expect(help.stdout).toMatch(/^ {2}--password +give it a password/m);
  }, 60_000);

  it('never takes a password from the command line', async () => {
    const run = await cli(
      databaseUrl,
      'users:create',
      '{"username":"eve","password":"in-argv-123"}',
    );
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr)).toEqual({
      error: 'InvalidArgument',
      message: 'passwords are never taken from the command line: use --password (prompt or stdin)',
      param: 'password',
    });
  }, 60_000);

  it('creates a user with a password read from stdin and reads it back, printing JSON', async () => {
    const created = await cliWithInput(
      databaseUrl,
      'long-enough-pass\n',
      'users:create',
      '--password',
      '{"username":"jan","firstName":"Jan","lastName":"Kowalski"}',
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

  it('lists users, API tokens, consumers and OAuth tokens without any secret', async () => {
    const users = await cli(databaseUrl, 'users:list');
    expect(users.code).toBe(0);
    const listed = JSON.parse(users.stdout) as Array<{ id: number; username: string }>;
    expect(listed.map((u) => u.username)).toEqual(['admin', 'jan']);
    const jan = listed[1].id;
    const minted = await cli(databaseUrl, 'tokens:create', String(jan));
    expect(minted).toMatchObject({ code: 0, stderr: '' });
    const tokens = await cli(databaseUrl, 'tokens:list', String(jan));
    expect(JSON.parse(tokens.stdout)).toEqual([
      {
        id: expect.any(Number),
        userId: jan,
        label: null,
        createdAt: expect.stringMatching(ISO_8601),
        lastUsedAt: null,
        expiresAt: null,
        revokedAt: null,
        bootstrap: false,
      },
    ]);
    const consumer = JSON.parse(
      (await cli(databaseUrl, 'consumers:create', '{"name":"App","administrative":true}')).stdout,
    ) as { key: string; secret: string };
    const issued = JSON.parse(
      (
        await cli(
          databaseUrl,
          'oauth-tokens:create',
          JSON.stringify({ consumerKey: consumer.key, userId: jan }),
        )
      ).stdout,
    ) as { token: string; secret: string };
    const consumers = await cli(databaseUrl, 'consumers:list');
    expect(JSON.parse(consumers.stdout)).toEqual([
      {
        id: 1,
        key: consumer.key,
        name: 'App',
        administrative: true,
        createdAt: expect.stringMatching(ISO_8601),
        disabledAt: null,
      },
    ]);
    const oauthTokens = await cli(databaseUrl, 'oauth-tokens:list', '--user', String(jan));
    expect(JSON.parse(oauthTokens.stdout)).toEqual([
      {
        id: 1,
        consumerId: 1,
        consumerName: 'App',
        userId: jan,
        scopes: [],
        createdAt: expect.stringMatching(ISO_8601),
        lastUsedAt: null,
        expiresAt: null,
        revokedAt: null,
      },
    ]);
    for (const run of [minted, consumers, oauthTokens]) {
      expect(run.stdout).not.toContain(issued.token);
      expect(run.stdout).not.toContain(consumer.secret);
      expect(run.stdout).not.toContain(issued.secret);
    }
  }, 240_000);

  it('mints, lists and revokes API tokens without ever printing a stored secret', async () => {
    const created = await cli(databaseUrl, 'users:create', '{"username":"tokens"}');
    const { id } = JSON.parse(created.stdout) as { id: number };
    const minted = await cli(databaseUrl, 'tokens:create', String(id), '{"label":"sync"}');
    expect(minted.code).toBe(0);
    const token = JSON.parse(minted.stdout) as { id: number; token: string };
    expect(token).toEqual({
      id: expect.any(Number),
      token: expect.stringMatching(/^[\w-]{43}$/),
      label: 'sync',
      createdAt: expect.stringMatching(ISO_8601),
      expiresAt: null,
    });

    const revoked = await cli(databaseUrl, 'tokens:revoke', String(id), String(token.id));
    expect(JSON.parse(revoked.stdout)).toEqual({ revoked: token.id });
    const listed = await cli(databaseUrl, 'tokens:list', String(id));
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        id: token.id,
        userId: id,
        label: 'sync',
        createdAt: expect.stringMatching(ISO_8601),
        lastUsedAt: null,
        expiresAt: null,
        revokedAt: expect.stringMatching(ISO_8601),
        bootstrap: false,
      },
    ]);
    expect(listed.stdout).not.toContain(token.token);
  }, 120_000);
});
