import { readFileSync } from 'node:fs';

/**
 * What share of an app's CPU went to given code, from a `.cpuprofile` written by
 * `npm run bench -- --profile` (docs/performance.md, "Cost of throttling and security headers"):
 *
 *   npx ts-node --transpile-only bench/profile-share.ts <file.cpuprofile> helmet=/node_modules/helmet/ …
 *
 * Each sample is charged to the innermost frame of its stack that belongs to the app or a package
 * (a script under `dist/` or `node_modules/`): Node's internals and native code count for the
 * code that called them (helmet's `setHeader` calls are helmet's). Inclusive time would not do:
 * a middleware calls `next()`, so everything after it runs inside its frame. Each
 * `label=fragment` sums the samples charged to scripts whose URL contains the fragment. The
 * denominator is every sample that is not idle from the first request on (the first sample in
 * helmet, which every response passes through), so start-up does not dilute the share. The
 * twelve largest owners (a package, or a file of the app) follow, for what the given code is not.
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

const [file, ...specs] = process.argv.slice(2);
if (!file || specs.length === 0) {
  process.stderr.write('usage: profile-share.ts <file.cpuprofile> label=url-fragment …\n');
  process.exit(2);
}
const targets = specs.map((spec) => {
  const [label, fragment] = spec.split('=');
  return { label, fragment };
});
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const OWNED = /\/(dist|node_modules)\//;

/** The innermost app or package script on a node's stack, memoised per node. */
const memo = new Map<number, string>();
function owner(id: number): string {
  const known = memo.get(id);
  if (known !== undefined) return known;
  const url = byId.get(id)!.callFrame.url;
  const up = parent.get(id);
  const found = OWNED.test(url) ? url : up === undefined ? '' : owner(up);
  memo.set(id, found);
  return found;
}

/** A package (`node_modules/@scope/name`), a file of the app (`dist/…`), or neither. */
function ownerName(url: string): string {
  // The last node_modules/ names it (express is nested in @nestjs/platform-express).
  const pkg = /.*\/node_modules\/((@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  const app = /\/dist\/(.*)$/.exec(url);
  return app ? app[1] : '(GC, native, no script)';
}

const counts = new Map(targets.map((t) => [t.label, 0]));
const owners = new Map<string, number>();
let busy = 0;
let started = false;
for (const id of profile.samples) {
  const url = owner(id);
  const hit = targets.find((t) => url.includes(t.fragment));
  if (!started && !url.includes('/node_modules/helmet/')) continue;
  started = true;
  if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
  busy++;
  if (hit) counts.set(hit.label, counts.get(hit.label)! + 1);
  const name = ownerName(url);
  owners.set(name, (owners.get(name) ?? 0) + 1);
}
const share = (n: number) => `${n} samples, ${((100 * n) / busy).toFixed(2)} %`;
process.stdout.write(`${busy} busy samples from the first request on\n`);
for (const [label, n] of counts) process.stdout.write(`${label.padEnd(24)} ${share(n)}\n`);
process.stdout.write('largest owners:\n');
for (const [name, n] of [...owners].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  process.stdout.write(`  ${name.padEnd(48)} ${share(n)}\n`);
}
