import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDistBuilt } from '../helpers/built-dist';
import { testEngine } from '../helpers/create-test-app';

const ROOT = join(__dirname, '..', '..');
const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

type LogRecord = Record<string, unknown> & { level: number; msg: string };

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The built server (dist/) as operators run it: directly, or through `npm start`. */
function run(env: Record<string, string>, viaNpm = false): Run {
  const [command, args] = viaNpm
    ? ['npm', ['start', '--silent']]
    : [process.execPath, ['dist/src/main.js']];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exited };
}

function records(output: string): LogRecord[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogRecord);
}

/** Waits for the first log record that matches. */
async function waitForRecord(server: Run, matches: (r: LogRecord) => boolean): Promise<LogRecord> {
  for (;;) {
    const found = records(server.output()).find(matches);
    if (found) return found;
    if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves once a TCP connection to the port succeeds (`up`) or is refused (`!up`). */
async function waitForPort(port: number, up: boolean, server: Run): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open === up) return;
    if (up && server.child.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A raw HTTP/1.1 request whose body is sent only up to `sent` of its declared length. */
async function partialPost(port: number, body: string, sent: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST /groups HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, sent)}`,
  );
  return socket;
}

function received(socket: Socket): { text: () => string; closed: Promise<void> } {
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { text: () => text, closed: new Promise((resolve) => socket.once('close', resolve)) };
}

// The process's behaviour does not depend on the engine: one run, on SQLite, is enough.
const describeOnce = testEngine() === 'sqlite' ? describe : describe.skip;

describeOnce('the server process: start-up, configuration errors, signals', () => {
  let dir: string;

  beforeAll(async () => {
    await ensureDistBuilt();
    dir = mkdtempSync(join(tmpdir(), 'groupbridge-process-'));
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an invalid configuration with one line per problem and exit code 2', async () => {
    const server = run({ PORT: '70000', LOG_LEVEL: 'loud', BODY_LIMIT: 'abc' });
    expect(await server.exited).toBe(2);
    expect(server.output().trim().split('\n')).toHaveLength(3);
    expect(records(server.output()).map(({ level, msg }) => ({ level, msg }))).toEqual([
      { level: 60, msg: 'configuration: PORT must be an integer from 1 to 65535 (got "70000")' },
      {
        level: 60,
        msg: 'configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      },
      { level: 60, msg: 'configuration: BODY_LIMIT must be an integer ≥ 1 (got "abc")' },
    ]);
  });

  it('names an unreachable PostgreSQL without its password, after bounded retries, exit code 3', async () => {
    const port = await freePort();
    const server = run({
      DATABASE_URL: `postgres://gb:s3cret@127.0.0.1:${port}/groups`,
      DATABASE_CONNECT_ATTEMPTS: '2',
    });
    expect(await server.exited).toBe(3);
    const cause = `connect ECONNREFUSED 127.0.0.1:${port}`;
    const database = `postgres://gb:***@127.0.0.1:${port}/groups`;
    expect(records(server.output()).map(({ level, msg }) => ({ level, msg }))).toEqual([
      {
        level: 40,
        msg: `database ${database} is unreachable: ${cause} (attempt 1 of 2, retrying)`,
      },
      { level: 60, msg: `database ${database} is unreachable: ${cause}` },
    ]);
    expect(server.output()).not.toContain('s3cret');
  });

  it('refuses a file that is not a SQLite database with one line and exit code 4', async () => {
    const path = join(dir, 'corrupt.sqlite');
    writeFileSync(path, 'this is not a database '.repeat(200));
    const server = run({ DATABASE_URL: `sqlite:${path}` });
    expect(await server.exited).toBe(4);
    expect(records(server.output()).map(({ level, msg }) => ({ level, msg }))).toEqual([
      {
        level: 60,
        msg: `database sqlite:${path} is not a SQLite database or is corrupt: SQLITE_NOTADB: file is not a database`,
      },
    ]);
  });

  describe('started directly (node dist/src/main.js)', () => {
    let port: number;
    let server: Run;
    const database = () => `sqlite:${join(dir, 'direct.sqlite')}`;

    beforeAll(async () => {
      port = await freePort();
      server = run({
        DATABASE_URL: database(),
        PORT: String(port),
        READ_ONLY: 'true',
        SHUTDOWN_TIMEOUT: '3',
      });
      await waitForRecord(server, (r) => r.msg.includes(' listening on '));
    }, 60_000);
    afterAll(() => server.child.kill('SIGKILL'));

    it('logs JSON only: the generated token in one labelled record, then where it listens', () => {
      const lines = server.output().trim().split('\n');
      expect(lines.every((line) => line.startsWith('{'))).toBe(true);
      const all = records(server.output());
      expect(all.filter((r) => String(r.msg).startsWith('Mapped {'))).toEqual([]);
      const token = all.filter((r) => r.event === 'admin_token_generated');
      expect(token).toEqual([
        expect.objectContaining({ adminUsername: 'admin', adminToken: expect.any(String) }),
      ]);
      const url = `http://127.0.0.1:${port}`;
      expect(all[all.length - 1]).toEqual(
        expect.objectContaining({
          level: 30,
          url,
          docs: `${url}/docs`,
          engine: 'sqlite',
          database: database(),
          readOnly: true,
          version: VERSION,
          msg: `Groupbridge ${VERSION} listening on ${url} (sqlite, READ-ONLY: every write is refused); API docs at ${url}/docs`,
        }),
      );
    });

    it('logs a refused password at warn, without the password', async () => {
      const auth = Buffer.from('admin:guess-123').toString('base64');
      const res = await fetch(`http://127.0.0.1:${port}/rpc/rest/groupService/groupCount`, {
        headers: { Authorization: `Basic ${auth}` },
      });
      expect(res.status).toBe(401);
      expect(await waitForRecord(server, (r) => r.msg === 'authentication failed')).toEqual(
        expect.objectContaining({
          level: 40,
          context: 'LoginThrottle',
          dialect: 'jive',
          reason: 'invalid_password',
          username: 'admin',
          clientAddress: '127.0.0.1',
        }),
      );
      expect(server.output()).not.toContain('guess-123');
    });

    it('a second server on the same port exits with code 5 and one line', async () => {
      const second = run({ DATABASE_URL: database(), PORT: String(port) });
      expect(await second.exited).toBe(5);
      expect(records(second.output()).filter((r) => r.level >= 50)).toEqual([
        expect.objectContaining({
          level: 60,
          msg: `cannot listen on 127.0.0.1:${port}: the port is in use`,
        }),
      ]);
    });

    it('SIGTERM: finishes an in-flight request, cuts a stalled one at SHUTDOWN_TIMEOUT, exits 0', async () => {
      const body = JSON.stringify({ name: 'Drained' });
      const stalled = received(await partialPost(port, body, 5));
      const inFlight = await partialPost(port, body, 5);
      const answer = received(inFlight);
      server.child.kill('SIGTERM');
      // The listener closes first: new connections are refused while the two drain.
      await waitForPort(port, false, server);
      inFlight.write(body.slice(5));
      await answer.closed;
      expect(answer.text()).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
      await stalled.closed;
      expect(stalled.text()).toBe('');
      expect(await server.exited).toBe(0);
      const all = records(server.output());
      expect(all[all.length - 1]).toEqual(
        expect.objectContaining({
          level: 30,
          signal: 'SIGTERM',
          connectionsCut: true,
          msg: 'Groupbridge stopped (SIGTERM); connections still open after SHUTDOWN_TIMEOUT were closed',
        }),
      );
    });
  });

  it('under `npm start`, SIGTERM reaches the server: it stops, exits 0, and nothing keeps the port', async () => {
    const port = await freePort();
    const server = run(
      { DATABASE_URL: `sqlite:${join(dir, 'npm.sqlite')}`, PORT: String(port) },
      true,
    );
    await waitForPort(port, true, server);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await waitForPort(port, false, server);
    const all = records(server.output());
    expect(all[all.length - 1]).toEqual(
      expect.objectContaining({ signal: 'SIGTERM', msg: 'Groupbridge stopped (SIGTERM)' }),
    );
  }, 60_000);
});
