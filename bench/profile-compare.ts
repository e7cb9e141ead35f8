import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * Where the CPU of a measured run went, by owner, for one or more `.cpuprofile` files side by
 * side — typically the app and a baseline on the same workload and round, as written by
 * `npm run bench -- --profile` (docs/performance.md, "Profiling"):
 *
 *   npx ts-node --transpile-only bench/profile-compare.ts <a.cpuprofile> <b.cpuprofile> … \
 *     [label=url-fragment …] [--top=N]
 *
 * Each sample is charged to the innermost frame of its stack that belongs to the app, a bench
 * script or a package (a script under `dist/`, `bench/` or `node_modules/`): Node's internals and
 * native code count for the code that called them (helmet's `setHeader` calls are helmet's).
 * Samples with no such frame are the garbage collector, V8's own work, or Node's internals (the
 * HTTP parser, timers), named by their module. Inclusive time would not do: a middleware calls
 * `next()`, so everything after it runs inside its frame.
 *
 * With the harness's `.json` beside a profile (the run's request count), figures are CPU µs per
 * request; without it, shares of the busy time. Each `label=fragment` adds a row summing the
 * owners whose script URL contains the fragment.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

interface Column {
  name: string;
  /** µs per owner (or per label) over the window. */
  owners: Map<string, number>;
  labels: Map<string, number>;
  busyUs: number;
  requests: number | null;
}

const OWNED = /\/(dist|bench|node_modules)\//;

/** A package (`node_modules/@scope/name`), a file of the app or the bench, or what ran natively. */
function ownerName(frame: ProfileNode['callFrame']): string {
  // The last node_modules/ names it (express is nested in @nestjs/platform-express).
  const pkg = /.*\/node_modules\/((@[^/]+\/)?[^/]+)\//.exec(frame.url);
  if (pkg) return pkg[1];
  const own = /\/(dist|bench)\/(.*)$/.exec(frame.url);
  if (own) return own[2];
  if (frame.functionName === '(garbage collector)') return '(garbage collector)';
  if (frame.functionName === '(program)') return '(V8, no script)';
  return `node:${frame.url.replace(/^node:/, '') || frame.functionName}`;
}

function readColumn(file: string, targets: { label: string; fragment: string }[]): Column {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const sidecar = file.replace(/\.cpuprofile$/, '.json');
  const requests = existsSync(sidecar)
    ? (JSON.parse(readFileSync(sidecar, 'utf8')) as { requests: number }).requests
    : null;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  /** The owning frame of a node: itself if owned, else its nearest owned caller, else itself. */
  const memo = new Map<number, ProfileNode['callFrame']>();
  const owningFrame = (id: number): ProfileNode['callFrame'] => {
    const known = memo.get(id);
    if (known) return known;
    const frame = byId.get(id)!.callFrame;
    let found = frame;
    if (!OWNED.test(frame.url)) {
      const up = parent.get(id);
      const above = up === undefined ? undefined : owningFrame(up);
      if (above && OWNED.test(above.url)) found = above;
    }
    memo.set(id, found);
    return found;
  };

  const owners = new Map<string, number>();
  const labels = new Map(targets.map((t) => [t.label, 0]));
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    if (byId.get(id)!.callFrame.functionName === '(idle)') return;
    const us = profile.timeDeltas[i];
    const frame = owningFrame(id);
    // Stopping the profiler is sampled too; it is the measurement, not the server.
    if (frame.url.endsWith('/bench/cpu-profile.js')) return;
    const name = ownerName(frame);
    busyUs += us;
    owners.set(name, (owners.get(name) ?? 0) + us);
    const hit = targets.find((t) => frame.url.includes(t.fragment));
    if (hit) labels.set(hit.label, labels.get(hit.label)! + us);
  });
  return { name: basename(file, '.cpuprofile'), owners, labels, busyUs, requests };
}

const args = process.argv.slice(2);
const files = args.filter((a) => a.endsWith('.cpuprofile'));
const top = Number(/^--top=(\d+)$/.exec(args.find((a) => a.startsWith('--top=')) ?? '')?.[1] ?? 30);
const targets = args
  .filter((a) => !a.endsWith('.cpuprofile') && !a.startsWith('--') && a.includes('='))
  .map((spec) => {
    const [label, fragment] = spec.split('=');
    return { label, fragment };
  });
if (files.length === 0) {
  process.stderr.write(
    'usage: profile-compare.ts <a.cpuprofile> [b.cpuprofile …] [label=url-fragment …] [--top=N]\n',
  );
  process.exit(2);
}

const columns = files.map((f) => readColumn(f, targets));
const perRequest = columns.every((c) => c.requests);
const unit = perRequest ? 'CPU µs a request' : '% of busy time';
const value = (c: Column, us: number) =>
  perRequest ? us / c.requests! : (100 * us) / Math.max(c.busyUs, 1);
const cell = (s: string) => s.padStart(14);
const row = (label: string, cells: string[]) =>
  process.stdout.write(`${label.slice(0, 56).padEnd(56)}${cells.map(cell).join('')}\n`);

columns.forEach((c, i) => process.stdout.write(`[${i + 1}] ${c.name}\n`));
row(
  unit,
  columns.map((_, i) => `[${i + 1}]`),
);
if (perRequest)
  row(
    'requests',
    columns.map((c) => String(c.requests)),
  );
row(
  'busy',
  columns.map((c) => value(c, c.busyUs).toFixed(1)),
);
for (const t of targets) {
  row(
    `${t.label} (${t.fragment})`,
    columns.map((c) => value(c, c.labels.get(t.label)!).toFixed(1)),
  );
}
// Largest first, by the most any column spends on the owner.
const names = [...new Set(columns.flatMap((c) => [...c.owners.keys()]))];
const most = (name: string) => Math.max(...columns.map((c) => value(c, c.owners.get(name) ?? 0)));
for (const name of names.sort((a, b) => most(b) - most(a)).slice(0, top)) {
  row(
    name,
    columns.map((c) => value(c, c.owners.get(name) ?? 0).toFixed(1)),
  );
}
