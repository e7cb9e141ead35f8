import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ensureDistBuilt } from '../helpers/built-dist';
import { testEngine } from '../helpers/create-test-app';

const ROOT = join(__dirname, '..', '..');
const TOKEN = 'logging-test-token-0123456789abcdef0123456789';

interface Server {
  url: string;
  process: ChildProcess;
  output: () => string;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The built entry point as a process, so its stdout is the log a deployment sees. */
async function startServer(logLevel: string, dir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite:${join(dir, `${logLevel}.sqlite`)}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: logLevel,
      ADMIN_TOKEN: TOKEN,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    const up = await request(url)
      .get('/health')
      .then((res) => res.status === 200)
      .catch(() => false);
    if (up) break;
    if (waited > 60_000 || child.exitCode !== null) {
      child.kill();
      throw new Error(`no /health:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, process: child, output: () => output };
}

/** Stops a server and waits for it to exit, so no pipe outlives the suite. */
async function stop(server: Server | undefined): Promise<void> {
  if (!server || server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill();
  await exited;
}

function requestLines(output: string): Array<{ msg: string; req: Record<string, unknown> }> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; req: Record<string, unknown> })
    .filter((entry) => entry.msg === 'request completed');
}

// Logging does not depend on the engine: one run, on SQLite, is enough.
const describeOnce = testEngine() === 'sqlite' ? describe : describe.skip;

describeOnce('request ids and request logging (the server as deployed)', () => {
  let dir: string;
  let info: Server;
  let warn: Server;

  beforeAll(async () => {
    await ensureDistBuilt();
    dir = mkdtempSync(join(tmpdir(), 'groupbridge-logging-'));
    [info, warn] = await Promise.all([startServer('info', dir), startServer('warn', dir)]);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([stop(info), stop(warn)]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('at info, logs each request once with its id, path, client address, user agent, dialect and acting user; never the query or the key', async () => {
    const res = await request(info.url)
      .get('/groups?limit=1&oauth_signature=not-for-logs')
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('User-Agent', 'civis-python/2.4.0')
      .expect(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const ours = await waitFor(() => requestLines(info.output()).filter((l) => l.req.id === id));
    expect(ours).toEqual([
      expect.objectContaining({
        req: {
          id,
          method: 'GET',
          path: '/groups',
          remoteAddress: '127.0.0.1',
          userAgent: 'civis-python/2.4.0',
        },
        dialect: 'civis',
        userId: 1,
      }),
    ]);
    expect(info.output()).not.toContain('not-for-logs');
    expect(info.output()).not.toContain(TOKEN);
  });

  it('keeps a well-formed client id and replaces any other, at every level', async () => {
    for (const server of [info, warn]) {
      await request(server.url)
        .get('/health')
        .set('X-Request-Id', 'client-id.1')
        .expect('X-Request-Id', 'client-id.1');
      const res = await request(server.url)
        .get('/health')
        .set('X-Request-Id', 'spaces are not kept')
        .expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('at warn, writes no request lines but still answers with request ids', async () => {
    const res = await request(warn.url)
      .get('/groups/999')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(404);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // The info server logged its requests by now; this one must not have any.
    await waitFor(() => requestLines(info.output()));
    expect(requestLines(warn.output())).toEqual([]);
  });
});

/** pino writes asynchronously: poll until the lines appear (or give up after 5 s). */
async function waitFor<T>(read: () => T[]): Promise<T[]> {
  for (let waited = 0; waited < 5000; waited += 50) {
    const found = read();
    if (found.length > 0) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return read();
}
