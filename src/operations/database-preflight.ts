import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseSettings, describeDatabase } from '../config/app-config';
import { probeDatabase } from '../persistence/database-probe';
import { ExitCode, StartupFailure } from './exit-codes';

const RETRY_DELAY_MS = 2000;

/** Errors that may clear by themselves (the server is starting, the network is back). */
const TRANSIENT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P03', // cannot_connect_now: the server is starting up or shutting down
  '53300', // too_many_connections
]);

const SQLITE_DAMAGED = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

function causeOf(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e?.code && !e.message?.includes(e.code) ? `${e.code}: ${e.message}` : String(e?.message);
}

/**
 * Whether a failure during start-up is the database's, and which kind: SQLite damage or
 * permissions → unreadable; PostgreSQL connection and authentication failures → unreachable.
 */
export function classifyDatabaseError(
  db: DatabaseSettings,
  error: unknown,
): StartupFailure | undefined {
  const code = (error as { code?: unknown })?.code;
  const what = describeDatabase(db);
  if (typeof code !== 'string') return undefined;
  if (db.engine === 'sqlite' && (code.startsWith('SQLITE_') || code === 'EACCES')) {
    const damaged = SQLITE_DAMAGED.has(code) || code.startsWith('SQLITE_CORRUPT');
    return new StartupFailure(
      ExitCode.DatabaseUnreadable,
      `database ${what} is ${damaged ? 'not a SQLite database or is corrupt' : 'unreadable'}: ${causeOf(error)}`,
    );
  }
  if (db.engine === 'postgres' && (TRANSIENT.has(code) || /^(28|3D|08)/.test(code))) {
    return new StartupFailure(
      ExitCode.DatabaseUnreachable,
      `database ${what} is unreachable: ${causeOf(error)}`,
    );
  }
  return undefined;
}

/**
 * Opens the database once before the application starts, retrying transient failures a bounded
 * number of times, so a wrong or absent database ends start-up with one clear line.
 */
export async function checkDatabase(
  db: DatabaseSettings,
  attempts: number,
  onRetry: (message: string) => void,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await probeDatabase(db);
      return;
    } catch (error) {
      const failure = classifyDatabaseError(db, error);
      if (!failure) throw error;
      const code = (error as { code?: string }).code ?? '';
      if (!TRANSIENT.has(code) || attempt >= attempts) throw failure;
      onRetry(`${failure.message} (attempt ${attempt} of ${attempts}, retrying)`);
      await sleep(RETRY_DELAY_MS);
    }
  }
}
