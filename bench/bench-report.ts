export type ServerKind = 'raw' | 'nest' | 'app';

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
  target: { against: 'raw' | 'nest'; ratio: number } | null;
  runs: Measurement[];
  summary?: Summary;
}

export interface Ratio {
  median: number;
  min: number;
  max: number;
}

export interface Summary {
  reqPerSec: Record<ServerKind, number>;
  p50Ms: Record<ServerKind, number>;
  p99Ms: Record<ServerKind, number>;
  peakRssMb: Record<ServerKind, number>;
  appVsRaw: Ratio;
  appVsNest: Ratio;
  nestVsRaw: Ratio;
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

export interface RunReport {
  startedAt: string;
  finishedAt: string;
  mode: 'quick' | 'full';
  environment: Record<string, string | number | boolean>;
  method: Record<string, string | number | boolean>;
  datasets: DatasetInfo[];
  results: WorkloadResult[];
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
  const per = (pick: (m: Measurement) => number, agg: (xs: number[]) => number) =>
    Object.fromEntries(
      (['raw', 'nest', 'app'] as const).map((s) => [
        s,
        agg(result.runs.filter((r) => r.server === s).map(pick)),
      ]),
    ) as Record<ServerKind, number>;
  const summary: Summary = {
    reqPerSec: per((m) => m.reqPerSec, median),
    p50Ms: per((m) => m.p50Ms, median),
    p99Ms: per((m) => m.p99Ms, median),
    peakRssMb: per(
      (m) => m.peakRssMb,
      (xs) => Math.max(...xs),
    ),
    appVsRaw: ratio(result.runs, 'app', 'raw'),
    appVsNest: ratio(result.runs, 'app', 'nest'),
    nestVsRaw: ratio(result.runs, 'nest', 'raw'),
    meetsTarget: null,
  };
  if (result.target) {
    const r = result.target.against === 'raw' ? summary.appVsRaw : summary.appVsNest;
    summary.meetsTarget = r.median >= result.target.ratio;
  }
  return summary;
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
      '`raw` = node:http with the same SQL and bytes; `nest` = bare Nest+express, same SQL, no auth. ' +
      'p50/p99 in ms; RSS = peak resident set of the server process during the measured runs.',
  );
  lines.push('');
  lines.push(
    '| workload | dialect | dataset | engine | raw req/s | nest req/s | app req/s | app/raw | app/nest | app p50 / p99 | raw p99 | app RSS MB | target |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of report.results) {
    const head = `| ${r.key} — ${r.title} | ${r.dialect} | ${r.dataset} | ${r.engine}`;
    if (r.status !== 'ok' || !r.summary) {
      const note = (r.note ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|');
      lines.push(`${head} | ${r.status.toUpperCase()}: ${note} ||||||||| |`);
      continue;
    }
    const s = r.summary;
    const target = r.target
      ? `≥ ${r.target.ratio} of ${r.target.against}: ${s.meetsTarget ? 'met' : '**missed**'}`
      : '—';
    lines.push(
      `${head} | ${f0(s.reqPerSec.raw)} | ${f0(s.reqPerSec.nest)} | ${f0(s.reqPerSec.app)} | ` +
        `${fr(s.appVsRaw)} | ${fr(s.appVsNest)} | ${f2(s.p50Ms.app)} / ${f2(s.p99Ms.app)} | ` +
        `${f2(s.p99Ms.raw)} | ${f0(s.peakRssMb.app)} | ${target} |`,
    );
  }
  lines.push('');
  lines.push(
    '| engine | dataset | app start-up to /health (ms) | app peak RSS over the run (MB) |',
  );
  lines.push('|---|---|---|---|');
  for (const d of report.datasets) {
    lines.push(`| ${d.engine} | ${d.dataset} | ${f0(d.startupMs)} | ${f0(d.appPeakRssMb)} |`);
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
