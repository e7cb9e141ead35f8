import { execFileSync, execSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import OAuth from 'oauth-1.0a';
import { BenchDb, openBenchDb } from './bench-db';
import {
  Dataset,
  EngineName,
  ensureDataset,
  LAYOUT,
  postgresReachable,
  RESET_CUTOFF,
} from './bench-dataset';
import { firstDifference, httpRequest, HttpReply } from './bench-http';
import { runLoad } from './bench-load';
import {
  CAN_PIN,
  memoryOf,
  pinSelfToCpu1,
  sampleRss,
  ServerProcess,
  startServer,
} from './bench-process';
import {
  BaselineKind,
  DatasetInfo,
  markdown,
  Measurement,
  RunReport,
  ServerKind,
  SoakResult,
  summarise,
  WorkloadResult,
} from './bench-report';
import { CallerRole, RequestSpec, Workload, workloads } from './bench-workloads';

/**
 * `npm run bench` — Groupbridge against the physical limit, as ratios (issue 7,
 * docs/performance.md). `--quick`: 10k groups, one short round, a smoke test of the
 * harness for CI (never a timed assertion). Exit code 1 on any harness failure.
 *
 * Options: --sizes=10k,100k,1m --engines=sqlite,postgres --rounds=3 --warmup=3 --duration=10
 * --connections=32 --only=W1,W4-civis --skip=W0 --soak=60 --port=18080 --no-build --profile
 */
const ROOT = join(__dirname, '..');
const HOST_HEADER = 'groupbridge.bench';

interface Options {
  quick: boolean;
  sizes: number[];
  engines: EngineName[];
  rounds: number;
  warmup: number;
  duration: number;
  connections: number;
  only: string[];
  skip: string[];
  /** Seconds of W5 against the app alone, on each engine's largest dataset (0: none). */
  soak: number;
  /** Seconds at one connection per workload, raw and app, for the latency without queueing. */
  single: number;
  build: boolean;
  port: number;
  profile: boolean;
}

function parseSize(s: string): number {
  const m = /^(\d+)([km]?)$/i.exec(s.trim());
  if (!m) throw new Error(`bad size "${s}" (10k, 100k, 1m)`);
  return Number(m[1]) * (m[2].toLowerCase() === 'm' ? 1e6 : m[2] ? 1e3 : 1);
}

function parseOptions(argv: string[]): Options {
  const get = (name: string) => {
    const hit = argv.find((a) => a.startsWith(`--${name}=`));
    return hit?.slice(name.length + 3);
  };
  const quick = argv.includes('--quick');
  const list = (name: string) => get(name)?.split(',').filter(Boolean);
  return {
    quick,
    sizes: (list('sizes') ?? (quick ? ['10k'] : ['10k', '100k', '1m'])).map(parseSize),
    engines: (list('engines') ?? ['sqlite', 'postgres']) as EngineName[],
    rounds: Number(get('rounds') ?? (quick ? 1 : 3)),
    warmup: Number(get('warmup') ?? (quick ? 0.3 : 3)),
    duration: Number(get('duration') ?? (quick ? 1 : 10)),
    connections: Number(get('connections') ?? 32),
    only: list('only') ?? [],
    skip: list('skip') ?? [],
    soak: Number(get('soak') ?? (quick ? 0 : 60)),
    single: Number(get('single') ?? 0),
    build: !argv.includes('--no-build'),
    port: Number(get('port') ?? 18080),
    profile: argv.includes('--profile'),
  };
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const t0 = Date.now();
const elapsed = () => `at ${((Date.now() - t0) / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ database helpers

/** Restores the seeded state: rows written by a run carry timestamps after the cutoff. */
async function resetWrites(db: BenchDb): Promise<void> {
  await db.tx(async (q) => {
    await q.all('reset_members', 'DELETE FROM group_members WHERE created_at > ?', [RESET_CUTOFF]);
    await q.all(
      'reset_groups',
      'UPDATE groups SET updated_at = created_at, updated_by_id = ? WHERE updated_at > ?',
      [LAYOUT.ownerUserId, RESET_CUTOFF],
    );
  });
}

async function writtenRows(db: BenchDb): Promise<number> {
  const [row] = await db.all<{ n: number }>(
    'count_written',
    'SELECT COUNT(*) AS n FROM group_members WHERE created_at > ?',
    [RESET_CUTOFF],
  );
  return Number(row.n);
}

// ------------------------------------------------------------------ servers

/** `--profile`: one CPU profile per measured run of every server, named after the run. */
const PROFILE_DIR = join(
  __dirname,
  '.data',
  'profiles',
  new Date().toISOString().replace(/[:.]/g, '-'),
);
/** Profile windows each server has written so far (bench/cpu-profile.js numbers them). */
const profileWindows = new Map<number, number>();

function profilerArgs(profile: boolean): string[] {
  return profile ? ['-r', join(__dirname, 'cpu-profile.js')] : [];
}

function profilerEnv(profile: boolean, ds: Dataset, server: ServerKind): Record<string, string> {
  return profile
    ? { BENCH_PROFILE_PATH: join(PROFILE_DIR, `${ds.engine}-${ds.label}-${server}`) }
    : {};
}

/**
 * Ends the server's profile window and files it as `<engine>-<dataset>-<workload>-r<round>-<server>`
 * beside a `.json` holding the run's request count, which `bench/profile-compare.ts` divides by.
 */
async function keepProfile(
  ctx: Context,
  w: Workload,
  server: ServerKind,
  round: number,
  requests: number,
): Promise<void> {
  const pid = ctx.servers[server].pid;
  const window = (profileWindows.get(pid) ?? 0) + 1;
  profileWindows.set(pid, window);
  process.kill(pid, 'SIGUSR2');
  const written = join(
    PROFILE_DIR,
    `${ctx.ds.engine}-${ctx.ds.label}-${server}.${window}.cpuprofile`,
  );
  for (let waited = 0; !existsSync(written); waited += 50) {
    if (waited > 10_000) throw new Error(`${server}: no CPU profile written to ${written}`);
    await sleep(50);
  }
  const name = join(PROFILE_DIR, `${ctx.ds.engine}-${ctx.ds.label}-${w.key}-r${round}-${server}`);
  renameSync(written, `${name}.cpuprofile`);
  writeFileSync(`${name}.json`, JSON.stringify({ requests }));
}

type Servers = Record<ServerKind, ServerProcess>;

/** Port offsets from `--port` (the app's). */
const PORT_OFFSET: Record<BaselineKind, number> = {
  raw: 1,
  nest: 2,
  'nest-auth': 3,
  'nest-fastify': 4,
};

/** The servers a workload runs on, in the order of its first round. */
const serversOf = (w: Workload): ServerKind[] => ['raw', 'nest', ...w.extraBaselines, 'app'];

interface Credentials {
  /**
   * The credential header per role and dialect: Authorization (USOS: OAuth 1.0a, signed for
   * this request), or the console's session Cookie.
   */
  header(
    role: CallerRole,
    dialect: Workload['dialect'],
    method: string,
    path: string,
  ): Record<string, string>;
  /** The same headers, mapped to callers, for the baselines. */
  baselineCallers: Record<string, { userId: number; admin: boolean }>;
}

const basic = (token: string) => `Basic ${Buffer.from(`${token}:`).toString('base64')}`;

/** The system administrator's console session (W7): signed in through the form, as a browser. */
async function consoleSession(app: ServerProcess, password: string): Promise<string> {
  const cookieOf = (reply: HttpReply) =>
    ([reply.headers['set-cookie'] ?? []].flat() as string[])
      .map((line) => line.split(';')[0])
      .join('; ');
  const page = await httpRequest(app.port, 'GET', '/web/sign-in?next=%2Fconsole', {
    host: HOST_HEADER,
  });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`sign-in page: HTTP ${page.status}`);
  const form = new URLSearchParams({ _csrf: csrf, username: 'admin', password, next: '/console' });
  const signedIn = await httpRequest(
    app.port,
    'POST',
    '/web/sign-in',
    {
      host: HOST_HEADER,
      cookie: cookieOf(page),
      'content-type': 'application/x-www-form-urlencoded',
    },
    form.toString(),
  );
  const session = cookieOf(signedIn);
  if (signedIn.status !== 303 || !session.includes('gb_session=')) {
    throw new Error(`console sign-in: HTTP ${signedIn.status} ${signedIn.body.slice(0, 200)}`);
  }
  return session;
}

async function mintCredentials(
  app: ServerProcess,
  db: BenchDb,
  adminToken: string,
  adminPassword: string,
): Promise<Credentials> {
  const [admin] = await db.all<{ id: number }>(
    'admin_id',
    `SELECT id FROM users WHERE username = 'admin'`,
  );
  const tokens: Record<CallerRole, { token: string; userId: number; admin: boolean }> = {
    admin: { token: adminToken, userId: admin.id, admin: true },
    owner: { token: '', userId: LAYOUT.ownerUserId, admin: false },
    nested: { token: '', userId: LAYOUT.nestedUserId, admin: false },
    creator: { token: '', userId: LAYOUT.creatorUserId, admin: false },
    provisioner: { token: '', userId: LAYOUT.provisionerUserId, admin: false },
  };
  for (const role of ['owner', 'nested', 'creator', 'provisioner'] as const) {
    const reply = await httpRequest(
      app.port,
      'POST',
      `/admin/v1/users/${tokens[role].userId}/tokens`,
      { authorization: `Bearer ${adminToken}` },
      '{}',
    );
    if (reply.status !== 201 && reply.status !== 200) {
      throw new Error(`minting a token for ${role}: HTTP ${reply.status} ${reply.body}`);
    }
    tokens[role].token = (JSON.parse(reply.body) as { token: string }).token;
  }
  const usos = await mintUsosToken(app, adminToken, LAYOUT.creatorUserId);
  // Only the administrator uses the console (W7).
  const cookie = await consoleSession(app, adminPassword);
  const header = (
    role: CallerRole,
    dialect: Workload['dialect'],
    method: string,
    path: string,
  ): Record<string, string> => {
    if (dialect === 'console') return { cookie };
    if (dialect === 'usos') return { authorization: usos.sign(method, path) };
    return {
      authorization:
        dialect === 'civis' || dialect === 'jive'
          ? basic(tokens[role].token)
          : `Bearer ${tokens[role].token}`,
    };
  };
  const baselineCallers: Credentials['baselineCallers'] = {
    [`OAuth ${usos.token}`]: { userId: LAYOUT.creatorUserId, admin: false },
  };
  for (const role of ['admin', 'owner', 'nested', 'creator', 'provisioner'] as const) {
    for (const dialect of ['admin', 'civis', 'publisher', 'jive'] as const) {
      baselineCallers[header(role, dialect, 'GET', '/').authorization] = {
        userId: tokens[role].userId,
        admin: tokens[role].admin,
      };
    }
  }
  return { header, baselineCallers };
}

/**
 * An administrative consumer and an access token for `userId` (USOS csgroups needs both), and a
 * signer: HMAC-SHA1 over the URL the app sees (the bench's Host header), a fresh nonce each call.
 */
async function mintUsosToken(app: ServerProcess, adminToken: string, userId: number) {
  const post = async (path: string, body: unknown) => {
    const reply = await httpRequest(
      app.port,
      'POST',
      path,
      { authorization: `Bearer ${adminToken}` },
      JSON.stringify(body),
    );
    if (reply.status !== 201) throw new Error(`POST ${path}: HTTP ${reply.status} ${reply.body}`);
    return JSON.parse(reply.body) as Record<string, string>;
  };
  const consumer = await post('/admin/v1/oauth/consumers', { name: 'bench', administrative: true });
  const token = await post('/admin/v1/oauth/tokens', { consumerKey: consumer.key, userId });
  const oauth = new OAuth({
    consumer: { key: consumer.key, secret: consumer.secret },
    signature_method: 'HMAC-SHA1',
    hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64'),
  });
  const access = { key: token.token, secret: token.secret };
  return {
    token: token.token,
    sign: (method: string, path: string) =>
      oauth.toHeader(oauth.authorize({ url: `http://${HOST_HEADER}${path}`, method }, access))
        .Authorization,
  };
}

async function startApp(
  ds: Dataset,
  port: number,
  admin: { token: string; password: string },
  profile: boolean,
): Promise<{ app: ServerProcess; startupMs: number }> {
  const started = Date.now();
  const app = await startServer(
    'groupbridge',
    port,
    [...profilerArgs(profile), join(ROOT, 'dist/src/main.js')],
    {
      ...ds.env,
      ...profilerEnv(profile, ds, 'app'),
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_TOKEN: admin.token,
      ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
  );
  for (;;) {
    const health = await httpRequest(port, 'GET', '/health').catch(() => null);
    if (health?.status === 200) break;
    if (Date.now() - started > 60_000)
      throw new Error(`/health did not answer 200:\n${app.output()}`);
    await sleep(20);
  }
  return { app, startupMs: Date.now() - started };
}

function startBaseline(
  kind: BaselineKind,
  ds: Dataset,
  port: number,
  creds: Credentials,
  profile: boolean,
) {
  const script = join(__dirname, kind === 'raw' ? 'baseline-http.ts' : 'baseline-nest.ts');
  const args = [...profilerArgs(profile), '-r', 'ts-node/register/transpile-only', script];
  return startServer(`baseline-${kind}`, port, args, {
    ...ds.env,
    ...profilerEnv(profile, ds, kind),
    BENCH_PORT: String(port),
    BENCH_CALLERS: JSON.stringify(creds.baselineCallers),
    BENCH_AUTH: kind === 'nest-auth' ? '1' : '0',
    BENCH_PLATFORM: kind === 'nest-fastify' ? 'fastify' : 'express',
    TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
  });
}

/** Paths the app documents in its OpenAPI, with every `{param}` written `{}`. */
async function documentedRoutes(app: ServerProcess): Promise<Set<string>> {
  const reply = await httpRequest(app.port, 'GET', '/docs-json');
  if (reply.status !== 200) return new Set();
  const doc = JSON.parse(reply.body) as { paths?: Record<string, unknown> };
  return new Set(Object.keys(doc.paths ?? {}).map((p) => p.replace(/\{[^}]*\}/g, '{}')));
}

// ------------------------------------------------------------------ one workload

interface Context {
  opts: Options;
  ds: Dataset;
  db: BenchDb;
  servers: Servers;
  creds: Credentials;
  documented: Set<string>;
  notices: string[];
}

function credentialFor(ctx: Context, w: Workload) {
  return (entry: RequestSpec, path: string) =>
    ctx.creds.header(entry.caller ?? w.caller, w.dialect, entry.method, path);
}

/** The i-th request of an entry, once, with its credential and body. */
function sendOne(ctx: Context, w: Workload, entry: RequestSpec, server: ServerProcess, i = 0) {
  const path = entry.path(i);
  return httpRequest(
    server.port,
    entry.method,
    path,
    {
      host: HOST_HEADER,
      ...credentialFor(ctx, w)(entry, path),
      ...(entry.contentType ? { 'content-type': entry.contentType } : {}),
    },
    entry.body?.(i),
  );
}

async function fetchFirst(ctx: Context, w: Workload, entry: RequestSpec, server: ServerProcess) {
  if (w.writes) await resetWrites(ctx.db);
  return sendOne(ctx, w, entry, server);
}

/** null when every entry's body is byte-identical on every server (after normalising). */
async function compareBodies(ctx: Context, w: Workload): Promise<string | null> {
  const baselines = serversOf(w).filter((k): k is BaselineKind => k !== 'app');
  const seen = new Set<string>();
  for (const entry of w.entries) {
    const probe = `${entry.method} ${entry.path(0)}`;
    if (seen.has(probe)) continue;
    seen.add(probe);
    const app = await fetchFirst(ctx, w, entry, ctx.servers.app);
    if (app.status < 200 || app.status >= 300) {
      return `${probe}: the app answered ${app.status}: ${app.body.slice(0, 300)}`;
    }
    const norm = w.normalize ?? ((b: string) => b);
    for (const kind of baselines) {
      const base = await fetchFirst(ctx, w, entry, ctx.servers[kind]);
      if (base.status !== app.status) {
        return `${probe}: status ${app.status} (app) vs ${base.status} (${kind})`;
      }
      if (norm(app.body) !== norm(base.body)) {
        return `${probe}: body differs from the ${kind} baseline — ${firstDifference(norm(app.body), norm(base.body))}`;
      }
    }
  }
  if (w.writes) await resetWrites(ctx.db);
  return w.extraBaselines.includes('nest-auth') ? refusesUnknownKey(ctx, w) : null;
}

/**
 * The authenticating baseline must refuse what the app refuses: an unknown key gets 401 from
 * both (a baseline that skipped the check would answer 200 or 404 here).
 */
async function refusesUnknownKey(ctx: Context, w: Workload): Promise<string | null> {
  const entry = w.entries.find((e) => !e.write) ?? w.entries[0];
  const unknown = randomBytes(24).toString('base64url');
  const authorization =
    w.dialect === 'civis' || w.dialect === 'jive' ? basic(unknown) : `Bearer ${unknown}`;
  for (const kind of ['app', 'nest-auth'] as const) {
    const reply = await httpRequest(ctx.servers[kind].port, entry.method, entry.path(0), {
      host: HOST_HEADER,
      authorization,
    });
    if (reply.status !== 401) {
      return `${kind} answered ${reply.status} to an unknown API key (expected 401)`;
    }
  }
  return null;
}

/** Whether the dialect serves the workload's routes in this build (else: skipped). */
async function routesServed(ctx: Context, w: Workload): Promise<boolean> {
  if (w.routes.every((r) => ctx.documented.has(r))) return true;
  // Undocumented but answering: run it anyway (only a 404 means "not built yet").
  const entry = w.entries[0];
  const probe = await fetchFirst(ctx, w, entry, ctx.servers.app);
  if (w.writes) await resetWrites(ctx.db);
  return probe.status !== 404;
}

/**
 * autocannon stops with up to `connections` requests still in the server, which keeps working on
 * them (PostgreSQL: queued for the pool). Wait until they are done so one run's backlog never
 * lands in the next run's window nor after a reset: a read of the workload itself queues behind
 * them; for writes, the written-row count must also stop moving.
 */
async function drain(ctx: Context, w: Workload, server: ServerProcess): Promise<void> {
  const read = w.entries.find((e) => !e.write);
  await (
    read ? sendOne(ctx, w, read, server) : httpRequest(server.port, 'GET', '/bench-drain')
  ).catch(() => undefined);
  if (!w.writes) return;
  const deadline = Date.now() + 30_000;
  let last = await writtenRows(ctx.db);
  let stableSince = Date.now();
  while (Date.now() - stableSince < 500 && Date.now() < deadline) {
    await sleep(100);
    const now = await writtenRows(ctx.db);
    if (now !== last) [last, stableSince] = [now, Date.now()];
  }
}

async function measure(
  ctx: Context,
  w: Workload,
  kind: ServerKind,
  round: number,
): Promise<{ m: Measurement; failures: string[] }> {
  const server = ctx.servers[kind];
  const load = {
    port: server.port,
    connections: ctx.opts.connections,
    credential: credentialFor(ctx, w),
    signed: w.dialect === 'usos',
    host: HOST_HEADER,
  };
  if (w.writes) await resetWrites(ctx.db);
  // Warm-up continues the same request sequence; its results are discarded.
  const warm = await runLoad(w.entries, { ...load, duration: ctx.opts.warmup });
  await drain(ctx, w, server);
  if (w.writes) await resetWrites(ctx.db);
  const stopSampling = sampleRss(server.pid);
  if (ctx.opts.profile) process.kill(server.pid, 'SIGUSR1');
  const r = await runLoad(w.entries, { ...load, duration: ctx.opts.duration });
  const peakRssMb = stopSampling();
  if (ctx.opts.profile) await keepProfile(ctx, w, kind, round, r.total);
  const failures = [...warm.failures.map((f) => `warm-up: ${f}`), ...r.failures];
  // A warm-up may end before a slow request does; the measured run must complete some.
  if (r.total === 0) failures.push('no request completed');
  await drain(ctx, w, server);
  if (w.writes) {
    const rows = await writtenRows(ctx.db);
    if (rows < r.writesAcknowledged || rows > r.writesSent) {
      failures.push(
        `lost or phantom writes: ${rows} rows after ${r.writesAcknowledged} acknowledged / ${r.writesSent} sent`,
      );
    }
  }
  return {
    m: {
      server: kind,
      round,
      reqPerSec: r.reqPerSec,
      p50Ms: r.p50Ms,
      p99Ms: r.p99Ms,
      peakRssMb,
      requests: r.total,
    },
    failures: failures.map((f) => `${kind} round ${round}: ${f}`),
  };
}

async function runWorkload(ctx: Context, w: Workload): Promise<WorkloadResult> {
  const result: WorkloadResult = {
    key: w.key,
    id: w.id,
    title: w.title,
    dialect: w.dialect,
    engine: ctx.ds.engine,
    dataset: ctx.ds.label,
    status: 'ok',
    target: w.target,
    runs: [],
  };
  if (!(await routesServed(ctx, w))) {
    result.status = 'skipped';
    result.note = `${w.dialect} does not serve ${w.routes.join(', ')} in this build (404)`;
    ctx.notices.push(`${w.key} (${ctx.ds.engine} ${ctx.ds.label}) skipped: ${result.note}`);
    log(`  ${w.key}: SKIPPED — ${result.note}`);
    return result;
  }
  const mismatch = await compareBodies(ctx, w);
  if (mismatch) {
    result.status = 'mismatch';
    result.note = mismatch;
    log(`  ${w.key}: MISMATCH — ${mismatch}`);
    return result;
  }
  const order = serversOf(w);
  for (let round = 1; round <= ctx.opts.rounds; round++) {
    // Rotate who goes first so no server always runs on a freshly warmed page cache.
    const turn = order.map((_, i) => order[(i + round - 1) % order.length]);
    for (const kind of turn) {
      const { m, failures } = await measure(ctx, w, kind, round);
      result.runs.push(m);
      if (failures.length) {
        result.status = 'failed';
        result.note = failures.join('; ');
        log(`  ${w.key}: FAILED — ${result.note}`);
        return result;
      }
    }
  }
  result.summary = summarise(result);
  if (ctx.opts.single > 0) result.singleConnectionMs = await singleConnection(ctx, w);
  const s = result.summary;
  const others = order.filter((k) => k !== 'app');
  log(
    `  ${w.key}: app ${s.reqPerSec.app.toFixed(0)} req/s (p99 ${s.p99Ms.app} ms), ` +
      others.map((k) => `${k} ${s.reqPerSec[k]!.toFixed(0)}`).join(', ') +
      ' → ' +
      others.map((k) => `app/${k} ${s.appVs[k]!.median.toFixed(2)}`).join(', '),
  );
  return result;
}

/**
 * Server time without queueing (issue 22, item 3): mean milliseconds a request at one connection,
 * raw and app, after a warm-up; at 32 connections p50 and p99 are mostly time spent waiting in
 * line. The mean is the run's duration over the requests answered: autocannon's latency histogram
 * holds whole milliseconds, which reads a 0.6 ms request as 0. Any failed request fails the run.
 */
async function singleConnection(ctx: Context, w: Workload): Promise<{ raw: number; app: number }> {
  const mean = async (kind: 'raw' | 'app') => {
    const load = {
      port: ctx.servers[kind].port,
      connections: 1,
      credential: credentialFor(ctx, w),
      signed: w.dialect === 'usos',
      host: HOST_HEADER,
    };
    if (w.writes) await resetWrites(ctx.db);
    await runLoad(w.entries, { ...load, duration: ctx.opts.warmup });
    const r = await runLoad(w.entries, { ...load, duration: ctx.opts.single });
    await drain(ctx, w, ctx.servers[kind]);
    if (r.failures.length || r.total === 0)
      throw new Error(
        `${w.key} at one connection (${kind}): ${r.failures.join('; ') || 'no request completed'}`,
      );
    return 1000 / r.reqPerSec;
  };
  const result = { raw: await mean('raw'), app: await mean('app') };
  if (w.writes) await resetWrites(ctx.db);
  return result;
}

/**
 * The issue's endurance check: W5 (90/10 read/write) against the app alone for `seconds`; any
 * non-2xx or error, or a row count outside [acknowledged, sent] afterwards, is a failure.
 */
async function soak(ctx: Context, seconds: number): Promise<SoakResult> {
  const w = workloads(ctx.ds).find((x) => x.id === 'W5')!;
  const server = ctx.servers.app;
  await resetWrites(ctx.db);
  const stopSampling = sampleRss(server.pid);
  const r = await runLoad(w.entries, {
    port: server.port,
    connections: ctx.opts.connections,
    credential: credentialFor(ctx, w),
    signed: false,
    host: HOST_HEADER,
    duration: seconds,
  });
  const peakRssMb = stopSampling();
  await drain(ctx, w, server);
  const rowsAfter = await writtenRows(ctx.db);
  const failures = [...r.failures];
  if (r.total === 0) failures.push('no request completed');
  if (rowsAfter < r.writesAcknowledged || rowsAfter > r.writesSent) {
    failures.push(
      `lost or phantom writes: ${rowsAfter} rows after ${r.writesAcknowledged} acknowledged / ${r.writesSent} sent`,
    );
  }
  await resetWrites(ctx.db);
  return {
    engine: ctx.ds.engine,
    dataset: ctx.ds.label,
    seconds,
    requests: r.total,
    reqPerSec: r.reqPerSec,
    p99Ms: r.p99Ms,
    writesSent: r.writesSent,
    writesAcknowledged: r.writesAcknowledged,
    rowsAfter,
    peakRssMb,
    failures,
  };
}

// ------------------------------------------------------------------ main

function version(pkg: string): string {
  try {
    const file = join(ROOT, 'node_modules', pkg, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** BENCH_COMMIT names the source when the tree is an export (`git archive`) without .git. */
function gitCommit(): string {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString();
    const dirty = execFileSync('git', ['status', '--porcelain', 'src'], { cwd: ROOT }).toString();
    return `${sha.trim()}${dirty.trim() ? ' (+ uncommitted src changes)' : ''}`;
  } catch {
    return '?';
  }
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  pinSelfToCpu1();
  const startedAt = new Date().toISOString();
  const notices: string[] = [];
  const failures: string[] = [];
  if (!CAN_PIN)
    notices.push(
      'taskset, a second core or an affinity to two cores is missing: processes are not pinned',
    );
  if (opts.build) {
    log('building the app (scripts/build-if-needed.js)…');
    execSync('node scripts/build-if-needed.js', { cwd: ROOT, stdio: 'inherit' });
  }
  const engines: EngineName[] = [];
  for (const engine of opts.engines) {
    if (engine === 'postgres' && !(await postgresReachable())) {
      notices.push('PostgreSQL is not reachable: its runs are skipped');
      log('PostgreSQL is not reachable: skipping it');
      continue;
    }
    engines.push(engine);
  }
  const results: WorkloadResult[] = [];
  const datasets: DatasetInfo[] = [];
  const soaks: SoakResult[] = [];
  for (const size of opts.sizes) {
    for (const engine of engines) {
      const ds = await ensureDataset(engine, size, log);
      log(`${engine} ${ds.label} (${elapsed()}):`);
      const db = openBenchDb(ds.env);
      const servers: Partial<Servers> = {};
      try {
        await resetWrites(db);
        // Credentials minted by earlier runs are dropped; the bootstrap re-creates the admin's.
        for (const table of [
          'api_tokens',
          'oauth_nonces',
          'oauth_tokens',
          'oauth_consumers',
          'web_sessions',
        ]) {
          await db.all(`drop_${table}`, `DELETE FROM ${table}`);
        }
        const admin = {
          token: randomBytes(24).toString('base64url'),
          password: randomBytes(18).toString('base64url'),
        };
        const { app, startupMs } = await startApp(ds, opts.port, admin, opts.profile);
        servers.app = app;
        const creds = await mintCredentials(app, db, admin.token, admin.password);
        await Promise.all(
          (Object.keys(PORT_OFFSET) as BaselineKind[]).map(async (kind) => {
            servers[kind] = await startBaseline(
              kind,
              ds,
              opts.port + PORT_OFFSET[kind],
              creds,
              opts.profile,
            );
          }),
        );
        log(`  servers up ${elapsed()} (app start-up to /health: ${startupMs} ms)`);
        const ctx: Context = {
          opts,
          ds,
          db,
          servers: servers as Servers,
          creds,
          documented: await documentedRoutes(app),
          notices,
        };
        for (const w of workloads(ds)) {
          if (opts.quick && !w.quick) continue;
          if (opts.only.length && !opts.only.some((o) => w.key.startsWith(o))) continue;
          if (opts.skip.some((o) => w.key.startsWith(o))) continue;
          const r = await runWorkload(ctx, w);
          results.push(r);
          if (r.status === 'mismatch' || r.status === 'failed') {
            failures.push(`${r.key} (${engine} ${ds.label}): ${r.note}`);
          }
        }
        if (opts.soak > 0 && size === Math.max(...opts.sizes)) {
          log(`  W5 soak, app only, ${opts.soak} s…`);
          const sr = await soak(ctx, opts.soak);
          soaks.push(sr);
          log(
            `  W5 soak: ${sr.requests} requests, ${sr.writesAcknowledged} writes acknowledged, ` +
              `${sr.rowsAfter} rows after — ${sr.failures.length ? sr.failures.join('; ') : 'ok'}`,
          );
          for (const f of sr.failures) failures.push(`W5 soak (${engine} ${ds.label}): ${f}`);
        }
        datasets.push({
          engine,
          dataset: ds.label,
          startupMs,
          appPeakRssMb: memoryOf(app.pid).peakMb,
        });
      } catch (error) {
        failures.push(`${engine} ${ds.label}: ${(error as Error).message}`);
        log(`  ERROR: ${(error as Error).message}`);
      } finally {
        for (const s of Object.values(servers)) await s.stop();
        await db.close();
      }
    }
  }
  const report: RunReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    mode: opts.quick ? 'quick' : 'full',
    environment: {
      node: process.version,
      cpu: cpus()[0]?.model ?? '?',
      cores: cpus().length,
      pinned: CAN_PIN ? 'server CPU 0, load CPU 1' : 'no',
      commit: gitCommit(),
      typeorm: version('typeorm'),
      'better-sqlite3': version('better-sqlite3'),
      pg: version('pg'),
      '@nestjs/core': version('@nestjs/core'),
      express: version('express'),
      autocannon: version('autocannon'),
    },
    method: {
      connections: opts.connections,
      pipelining: 1,
      'warm-up s': opts.warmup,
      'measured s': opts.duration,
      rounds: opts.rounds,
    },
    datasets,
    results,
    soaks,
    failures,
    notices,
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const name = opts.quick ? 'quick' : startedAt.replace(/[:.]/g, '-');
  const md = markdown(report);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(dir, `${name}.md`), md);
  if (!opts.quick) {
    writeFileSync(join(dir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileSync(join(dir, 'latest.md'), md);
  }
  log('');
  log(md);
  log(`results: bench/results/${name}.{md,json} (${elapsed()})`);
  if (failures.length) {
    log(`\nHARNESS FAILURE (${failures.length}):\n${failures.map((f) => `- ${f}`).join('\n')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
