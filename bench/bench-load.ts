// autocannon ships no types; the few fields used here are declared below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<RawResult>;
import type { RequestSpec } from './bench-workloads';

interface Histogram {
  average: number;
  p50: number;
  p99: number;
}

interface RawResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}

export interface LoadResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  /** Write requests sent / answered with 2xx (the lost-write check). */
  writesSent: number;
  writesAcknowledged: number;
  failures: string[];
}

export interface LoadOptions {
  port: number;
  /** Seconds. */
  duration: number;
  connections: number;
  /** The credential header (Authorization, or the console's Cookie) of an entry's request to `path`. */
  credential: (entry: RequestSpec, path: string) => Record<string, string>;
  /** Signed per request (OAuth 1.0a: a fresh nonce and signature each time), not once per entry. */
  signed: boolean;
  host: string;
}

/** One autocannon run over the entries (cycled per connection); counters start at 0. */
export async function runLoad(entries: RequestSpec[], opts: LoadOptions): Promise<LoadResult> {
  const counters = entries.map(() => 0);
  let writesSent = 0;
  let writesAcknowledged = 0;
  const requests = entries.map((entry, n) => ({
    method: entry.method,
    headers: {
      ...opts.credential(entry, entry.path(0)),
      host: opts.host,
      ...(entry.body ? { 'content-type': entry.contentType ?? 'application/json' } : {}),
    },
    setupRequest: (req: { path: string; headers: Record<string, string>; body?: string }) => {
      const i = counters[n]++;
      req.path = entry.path(i);
      if (entry.body) req.body = entry.body(i);
      if (opts.signed) req.headers = { ...req.headers, ...opts.credential(entry, req.path) };
      if (entry.write) writesSent++;
      return req;
    },
    ...(entry.write
      ? {
          onResponse: (status: number) => {
            if (status >= 200 && status < 300) writesAcknowledged++;
          },
        }
      : {}),
  }));
  const raw = await autocannon({
    url: `http://127.0.0.1:${opts.port}`,
    connections: opts.connections,
    pipelining: 1,
    duration: opts.duration,
    requests,
  });
  const failures: string[] = [];
  if (raw.non2xx > 0) {
    const codes = Object.entries(raw.statusCodeStats)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, s]) => `${code}×${s.count}`);
    failures.push(`${raw.non2xx} non-2xx responses (${codes.join(', ')})`);
  }
  if (raw.errors > 0) failures.push(`${raw.errors} errors (${raw.timeouts} timeouts)`);
  return {
    reqPerSec: raw.requests.total / raw.duration,
    p50Ms: raw.latency.p50,
    p99Ms: raw.latency.p99,
    total: raw.requests.total,
    writesSent,
    writesAcknowledged,
    failures,
  };
}
