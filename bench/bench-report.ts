/**
 * `raw` node:http; `nest` bare Nest on express, no auth; `nest-auth` the same with the app's
 * API-key check; `nest-fastify` bare Nest on fastify, no auth; `app` Groupbridge.
 */
export type ServerKind = 'raw' | 'nest' | 'nest-auth' | 'nest-fastify' | 'app';
export type BaselineKind = Exclude<ServerKind, 'app'>;
export const BASELINES: readonly BaselineKind[] = ['raw', 'nest', 'nest-auth', 'nest-fastify'];

export interface Measurement {
  server: ServerKind;
  round: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  requests: number;
}

export interface WorkloadResult {
  key: string;
  id: string;
  title: string;
  dialect: string;
  engine: string;
  dataset: string;
  status: 'ok' | 'skipped' | 'mismatch' | 'failed';
  note?: string;
  target: { against: BaselineKind; ratio: number } | null;
  runs: Measurement[];
  summary?: Summary;
  /** Mean latency at one connection (`--single`): server time without queueing, ms. */
  singleConnectionMs?: { raw: number; app: number };
}

export interface Ratio {
  median: number;
  min: number;
  max: number;
}

/** Per server, for the servers a workload ran on (raw, nest and app always). */
export type PerServer = Partial<Record<ServerKind, number>> &
  Record<'raw' | 'nest' | 'app', number>;

export interface Summary {
  reqPerSec: PerServer;
  p50Ms: PerServer;
  p99Ms: PerServer;
  peakRssMb: PerServer;
  /** App req/s ÷ each baseline's, paired per round. */
  appVs: Partial<Record<BaselineKind, Ratio>>;
  nestVsRaw: Ratio;
  /** Bare Nest on fastify ÷ on express: what the HTTP platform costs (W1/W2, information). */
  fastifyVsExpress?: Ratio;
  meetsTarget: boolean | null;
}

export interface DatasetInfo {
  engine: string;
  dataset: string;
  /** App start-up: spawn → /health answering 200. */
  startupMs: number;
  /** VmHWM of the app process over the whole dataset run. */
  appPeakRssMb: number;
}

export interface SoakResult {
  engine: string;
  dataset: string;
  seconds: number;
  requests: number;
  reqPerSec: number;
  p99Ms: number;
  writesSent: number;
  writesAcknowledged: number;
  /** Rows written, counted once the server was idle again. */
  rowsAfter: number;
  peakRssMb: number;
  failures: string[];
}

export interface RunReport {
  startedAt: string;
  finishedAt: string;
  mode: 'quick' | 'full';
  environment: Record<string, string | number | boolean>;
  method: Record<string, string | number | boolean>;
  datasets: DatasetInfo[];
  results: WorkloadResult[];
  soaks: SoakResult[];
  failures: string[];
  notices: string[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function ratio(runs: Measurement[], top: ServerKind, bottom: ServerKind): Ratio {
  const rounds = [...new Set(runs.map((r) => r.round))];
  const values = rounds.flatMap((round) => {
    const a = runs.find((r) => r.round === round && r.server === top);
    const b = runs.find((r) => r.round === round && r.server === bottom);
    return a && b && b.reqPerSec > 0 ? [a.reqPerSec / b.reqPerSec] : [];
  });
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

export function summarise(result: WorkloadResult): Summary {
  const servers = [...new Set(result.runs.map((r) => r.server))];
  const per = (pick: (m: Measurement) => number, agg: (xs: number[]) => number) =>
    Object.fromEntries(
      servers.map((s) => [s, agg(result.runs.filter((r) => r.server === s).map(pick))]),
    ) as PerServer;
  const appVs: Summary['appVs'] = {};
  for (const b of BASELINES) if (servers.includes(b)) appVs[b] = ratio(result.runs, 'app', b);
  const summary: Summary = {
    reqPerSec: per((m) => m.reqPerSec, median),
    p50Ms: per((m) => m.p50Ms, median),
    p99Ms: per((m) => m.p99Ms, median),
    peakRssMb: per(
      (m) => m.peakRssMb,
      (xs) => Math.max(...xs),
    ),
    appVs,
    nestVsRaw: ratio(result.runs, 'nest', 'raw'),
    meetsTarget: null,
  };
  if (servers.includes('nest-fastify')) {
    summary.fastifyVsExpress = ratio(result.runs, 'nest-fastify', 'nest');
  }
  if (result.target) {
    const r = appVs[result.target.against];
    summary.meetsTarget = r ? r.median >= result.target.ratio : null;
  }
  return summary;
}

/** Datasets ordered by size: "10k" < "100k" < "1M". */
const sizeOf = (label: string) => parseFloat(label) * (label.endsWith('M') ? 1e6 : 1e3);

/** The issue's flatness target: app p99 on the largest dataset within 1.5× of the smallest. */
const FLAT_WORKLOADS = ['W2', 'W3', 'W4'];
const FLAT_LIMIT = 1.5;

function flatness(results: WorkloadResult[]): string[] {
  const rows: string[] = [];
  const groups = new Map<string, WorkloadResult[]>();
  for (const r of results) {
    if (!r.summary || !FLAT_WORKLOADS.includes(r.id)) continue;
    const k = `${r.key} ${r.engine}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const rs of groups.values()) {
    if (rs.length < 2) continue;
    rs.sort((a, b) => sizeOf(a.dataset) - sizeOf(b.dataset));
    const [small, large] = [rs[0], rs[rs.length - 1]];
    const growth = large.summary!.p99Ms.app / small.summary!.p99Ms.app;
    const rawGrowth = large.summary!.p99Ms.raw / small.summary!.p99Ms.raw;
    rows.push(
      `| ${small.key} | ${small.engine} | ${rs.map((r) => `${r.dataset}: ${f2(r.summary!.p99Ms.app)}`).join(', ')} | ` +
        `${f2(growth)}× | ${f2(rawGrowth)}× | ${growth <= FLAT_LIMIT ? 'met' : '**missed**'} |`,
    );
  }
  if (!rows.length) return [];
  return [
    '',
    `## Flatness (app p99, largest vs smallest dataset; target ≤ ${FLAT_LIMIT}×)`,
    '',
    '| workload | engine | app p99 ms by dataset | app growth | raw growth | target |',
    '|---|---|---|---|---|---|',
    ...rows,
  ];
}

/** Deep page vs first page: the app should lose no more than the database does (raw). */
function offsetCost(results: WorkloadResult[]): string[] {
  const rows: string[] = [];
  for (const deep of results) {
    if (!deep.summary || !deep.key.endsWith('-deep')) continue;
    const first = results.find(
      (r) =>
        r.summary &&
        r.key === deep.key.replace(/-deep$/, '-first') &&
        r.engine === deep.engine &&
        r.dataset === deep.dataset,
    );
    if (!first) continue;
    const app = deep.summary.reqPerSec.app / first.summary!.reqPerSec.app;
    const raw = deep.summary.reqPerSec.raw / first.summary!.reqPerSec.raw;
    rows.push(
      `| ${deep.dialect} | ${deep.engine} | ${deep.dataset} | ${deep.title} | ${f2(app)} | ${f2(raw)} | ` +
        `${app >= raw * 0.9 ? 'met' : '**missed**'} |`,
    );
  }
  if (!rows.length) return [];
  return [
    '',
    '## Deep pages (req/s of the deep page ÷ req/s of page 1; target: app keeps ≥ 0.9 of what raw keeps)',
    '',
    '| dialect | engine | dataset | deep page | app | raw | target |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

/** Bare Nest on fastify against bare Nest on express, same handlers (issue 22, information). */
function platformCost(results: WorkloadResult[]): string[] {
  const rows = results.flatMap((r) => {
    const s = r.summary;
    if (!s?.fastifyVsExpress) return [];
    return [
      `| ${r.key} | ${r.engine} | ${r.dataset} | ${f0(s.reqPerSec.nest)} | ` +
        `${f0(s.reqPerSec['nest-fastify']!)} | ${fr(s.fastifyVsExpress)} | ${f0(s.reqPerSec.raw)} |`,
    ];
  });
  if (!rows.length) return [];
  return [
    '',
    '## HTTP platform (bare Nest on fastify ÷ bare Nest on express, same handlers; information)',
    '',
    '| workload | engine | dataset | express req/s | fastify req/s | fastify ÷ express | raw req/s |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

/** Latency at one connection: the server's own time a request, with no queue in front of it. */
function singleConnection(results: WorkloadResult[]): string[] {
  const rows = results.flatMap((r) =>
    r.singleConnectionMs
      ? [
          `| ${r.key} | ${r.engine} | ${r.dataset} | ${f2(r.singleConnectionMs.raw)} | ` +
            `${f2(r.singleConnectionMs.app)} |`,
        ]
      : [],
  );
  if (!rows.length) return [];
  return [
    '',
    '## One connection (mean latency, ms: server time without queueing)',
    '',
    '| workload | engine | dataset | raw | app |',
    '|---|---|---|---|---|',
    ...rows,
  ];
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f2 = (n: number) => n.toFixed(2);
const fr = (r: Ratio) => `${f2(r.median)} (${f2(r.min)}–${f2(r.max)})`;

export function markdown(report: RunReport): string {
  const lines: string[] = [];
  lines.push(`# Groupbridge benchmark — ${report.mode} run, ${report.startedAt}`);
  lines.push('');
  lines.push(
    Object.entries(report.environment)
      .map(([k, v]) => `${k}: ${v}`)
      .join(' · '),
  );
  lines.push('');
  lines.push(
    Object.entries(report.method)
      .map(([k, v]) => `${k}: ${v}`)
      .join(' · '),
  );
  lines.push('');
  lines.push(
    'Ratios are app req/s ÷ baseline req/s, paired per round: median (min–max). ' +
      '`raw` = node:http with the same SQL and bytes; `nest` = bare Nest+express, same SQL, no auth; ' +
      '`nest-auth` = `nest` plus the API-key check the app must make (SHA-256, the same indexed lookup); ' +
      '`nest-fastify` = `nest` on @nestjs/platform-fastify. Targets (issue 22): W1/W2 ≥ 0.9 of `nest`, ' +
      'W3/W4 ≥ 0.9 of `nest-auth`. p50/p99 in ms; RSS = peak resident set of the server process ' +
      'during the measured runs; – = not run for that workload.',
  );
  lines.push('');
  lines.push(
    '| workload | dialect | dataset | engine | raw req/s | nest req/s | nest-auth req/s | app req/s | app/raw | app/nest | app/nest-auth | app p50 / p99 | raw p99 | app RSS MB | target |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const num = (n: number | undefined) => (n === undefined ? '–' : f0(n));
  const rat = (r: Ratio | undefined) => (r === undefined ? '–' : fr(r));
  for (const r of report.results) {
    const head = `| ${r.key} — ${r.title} | ${r.dialect} | ${r.dataset} | ${r.engine}`;
    if (r.status !== 'ok' || !r.summary) {
      const note = (r.note ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|');
      lines.push(`${head} | ${r.status.toUpperCase()}: ${note} ||||||||||| |`);
      continue;
    }
    const s = r.summary;
    const target = r.target
      ? `≥ ${r.target.ratio} of ${r.target.against}: ${s.meetsTarget ? 'met' : '**missed**'}`
      : '—';
    lines.push(
      `${head} | ${f0(s.reqPerSec.raw)} | ${f0(s.reqPerSec.nest)} | ${num(s.reqPerSec['nest-auth'])} | ` +
        `${f0(s.reqPerSec.app)} | ${rat(s.appVs.raw)} | ${rat(s.appVs.nest)} | ${rat(s.appVs['nest-auth'])} | ` +
        `${f2(s.p50Ms.app)} / ${f2(s.p99Ms.app)} | ${f2(s.p99Ms.raw)} | ${f0(s.peakRssMb.app)} | ${target} |`,
    );
  }
  lines.push(...platformCost(report.results), ...singleConnection(report.results));
  lines.push('');
  lines.push(
    '| engine | dataset | app start-up to /health (ms) | app peak RSS over the run (MB) |',
  );
  lines.push('|---|---|---|---|');
  for (const d of report.datasets) {
    lines.push(`| ${d.engine} | ${d.dataset} | ${f0(d.startupMs)} | ${f0(d.appPeakRssMb)} |`);
  }
  lines.push(...flatness(report.results), ...offsetCost(report.results));
  if (report.soaks.length) {
    lines.push('', '## W5 soak (app alone)', '');
    lines.push(
      '| engine | dataset | seconds | requests | req/s | p99 ms | writes sent / acknowledged | rows after | peak RSS MB | result |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const k of report.soaks) {
      lines.push(
        `| ${k.engine} | ${k.dataset} | ${k.seconds} | ${f0(k.requests)} | ${f0(k.reqPerSec)} | ` +
          `${f2(k.p99Ms)} | ${f0(k.writesSent)} / ${f0(k.writesAcknowledged)} | ${f0(k.rowsAfter)} | ` +
          `${f0(k.peakRssMb)} | ${k.failures.length ? k.failures.join('; ') : 'no errors, no lost writes'} |`,
      );
    }
  }
  if (report.notices.length) {
    lines.push('', '## Notices', '', ...report.notices.map((n) => `- ${n}`));
  }
  if (report.failures.length) {
    lines.push('', '## Failures', '', ...report.failures.map((n) => `- ${n}`));
  }
  lines.push('');
  return lines.join('\n');
}
