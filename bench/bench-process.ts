import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus } from 'node:os';

/** The CPUs this process may run on (Linux), or undefined when that cannot be read. */
function allowedCpus(): number | undefined {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const list = /^Cpus_allowed_list:\s*(.+)$/m.exec(status)?.[1];
    if (!list) return undefined;
    return list.split(',').reduce((n, part) => {
      const [lo, hi] = part.split('-').map(Number);
      return n + (hi === undefined ? 1 : hi - lo + 1);
    }, 0);
  } catch {
    return undefined;
  }
}

/**
 * Server on CPU 0, load generator on CPU 1 — when taskset exists and there are two cores, and
 * the harness was not itself confined to fewer (`taskset -c 1 npm run bench` on a shared
 * machine keeps every process it starts on that CPU).
 */
export const CAN_PIN = (() => {
  if (cpus().length < 2) return false;
  if ((allowedCpus() ?? 2) < 2) return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export function pinSelfToCpu1(): void {
  if (CAN_PIN) execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
}

export interface ServerProcess {
  name: string;
  port: number;
  child: ChildProcess;
  pid: number;
  /** stderr and stdout tail, for error reports. */
  output(): string;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts `node <args>` pinned to CPU 0 and waits until it accepts connections. */
export async function startServer(
  name: string,
  port: number,
  nodeArgs: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  if (await portOpen(port)) throw new Error(`${name}: port ${port} is already in use`);
  const [cmd, args] = CAN_PIN
    ? ['taskset', ['-c', '0', process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let dead = false;
  void exited.then(() => (dead = true));
  const started = Date.now();
  while (!(await portOpen(port))) {
    if (dead) throw new Error(`${name} exited during start-up:\n${log}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen on ${port} within ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    name,
    port,
    child,
    pid: child.pid!,
    output: () => log,
    stop: async () => {
      if (dead) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** VmRSS and VmHWM (peak) of a process, in MB (Linux /proc; 0 elsewhere). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: 0, peakMb: 0 };
  }
}

/** Samples a process's RSS until stopped; returns the highest value seen (MB). */
export function sampleRss(pid: number, everyMs = 100): () => number {
  let peak = memoryOf(pid).rssMb;
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryOf(pid).rssMb);
  }, everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, memoryOf(pid).rssMb);
  };
}
