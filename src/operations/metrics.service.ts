import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../persistence/transaction-runner';
import { dialectOf, DialectLabel } from './dialect-of-path';

/** Why a credential was refused; the label of `groupbridge_auth_failures_total`. */
export type AuthFailureReason =
  | 'invalid_password' // an unknown username or a wrong password
  | 'invalid_token'
  | 'throttled'
  // USOS OAuth 1.0a: its own `reason` field (docs/usos.md)
  | 'invalid_consumer'
  | 'invalid_signature'
  | 'invalid_timestamp'
  | 'nonce_already_used';

/**
 * The Prometheus registry of one application instance (its own, not prom-client's global one, so
 * several apps in one test process do not collide). Route labels are Express's route templates
 * (`/groups/:id`), never raw paths, so their number stays bounded.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requestDuration = new Histogram({
    name: 'groupbridge_http_request_duration_seconds',
    help: 'HTTP requests by dialect, method, route template and status; _count is the request count',
    labelNames: ['dialect', 'method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly authFailures = new Counter({
    name: 'groupbridge_auth_failures_total',
    help: 'Refused credentials by dialect and reason',
    labelNames: ['dialect', 'reason'] as const,
    registers: [this.registry],
  });

  constructor(@Inject(DataSource) dataSource: DataSource, transactions: TransactionRunner) {
    collectDefaultMetrics({ register: this.registry, prefix: 'groupbridge_' });
    if (dataSource.options.type === 'postgres') {
      const pool = () => (dataSource.driver as unknown as { master?: Pool }).master;
      new Gauge({
        name: 'groupbridge_postgres_pool_connections',
        help: 'PostgreSQL pool connections: total open, idle, and clients waiting for one',
        labelNames: ['state'] as const,
        registers: [this.registry],
        collect() {
          const p = pool();
          this.set({ state: 'total' }, p?.totalCount ?? 0);
          this.set({ state: 'idle' }, p?.idleCount ?? 0);
          this.set({ state: 'waiting' }, p?.waitingCount ?? 0);
        },
      });
    } else {
      new Gauge({
        name: 'groupbridge_sqlite_writer_queue_depth',
        help: 'SQLite write transactions queued for or holding the single writer',
        registers: [this.registry],
        collect() {
          this.set(transactions.queueDepth);
        },
      });
    }
  }

  recordAuthFailure(dialect: DialectLabel, reason: AuthFailureReason): void {
    this.authFailures.inc({ dialect, reason });
  }

  /** Express middleware: times every request and labels it once the response is sent. */
  readonly observeRequests = (req: Request, res: Response, next: NextFunction): void => {
    const stopTimer = this.requestDuration.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      stopTimer({
        dialect: dialectOf(req.path),
        method: req.method,
        route: typeof route === 'string' ? route : '(unmatched)',
        status: res.statusCode,
      });
    });
    next();
  };
}
