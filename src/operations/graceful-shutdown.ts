import { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { RootLogger } from './app-logger';
import { ExitCode } from './exit-codes';
import { ShutdownState } from './shutdown-state';

/** How often connections that turned idle while draining are closed. */
const IDLE_SWEEP_MS = 100;

/**
 * SIGTERM / SIGINT: stop accepting connections, let in-flight requests finish for up to
 * `timeoutMs`, then close every connection still open (idle keep-alives at once, stalled ones at
 * the deadline), close the database and exit 0 with one log record. A second signal skips the wait.
 */
export function stopOnSignals(app: INestApplication, timeoutMs: number, logger: RootLogger): void {
  const server = app.getHttpServer() as Server;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      server.closeAllConnections();
      return;
    }
    stopping = true;
    const started = Date.now();
    app.get(ShutdownState).begin();
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    const idleSweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    let forced = false;
    const deadline = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, timeoutMs);
    await drained;
    clearInterval(idleSweep);
    clearTimeout(deadline);
    try {
      await app.close();
    } catch (error) {
      logger.error({ err: error, signal }, 'Groupbridge stopped with an error while closing');
      process.exit(ExitCode.Unexpected);
    }
    logger.info(
      { signal, durationMs: Date.now() - started, connectionsCut: forced },
      forced
        ? `Groupbridge stopped (${signal}); connections still open after SHUTDOWN_TIMEOUT were closed`
        : `Groupbridge stopped (${signal})`,
    );
    process.exit(ExitCode.Stopped);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}
