import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const LOCK = join(tmpdir(), `groupbridge-build-${createHash('sha1').update(ROOT).digest('hex')}`);
/** A lock older than a build can take was left by a killed run. */
const STALE_LOCK_MS = 10 * 60_000;

/**
 * Builds dist/ when it is missing or older than src/ (CI has built it already), once: jest runs
 * test files in parallel, and `nest build` empties dist/ while another file's process runs it.
 */
export async function ensureDistBuilt(): Promise<void> {
  for (;;) {
    try {
      const lock = await open(LOCK, 'wx');
      try {
        await promisify(execFile)(process.execPath, ['scripts/build-if-needed.js'], { cwd: ROOT });
      } finally {
        await lock.close();
        await unlink(LOCK);
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(LOCK).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await unlink(LOCK).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
