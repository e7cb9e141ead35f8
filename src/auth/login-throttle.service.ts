import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DialectLabel } from '../operations/dialect-of-path';
import { AuthFailureReason, MetricsService } from '../operations/metrics.service';
import { TransactionRunner } from '../persistence/transaction-runner';
import {
  addressKey,
  LoginThrottleRepository,
  ThrottleRows,
  usernameKey,
} from './login-throttle.repository';
import { LoginThrottledError } from './login-throttled.error';

/** Where a credential was presented: the API (for logs and metrics) and the client's address. */
export interface SignInAttempt {
  readonly dialect: DialectLabel;
  /** `req.ip`: the peer, or with TRUST_PROXY the client named by X-Forwarded-For. */
  readonly address: string;
}

const PRUNE_INTERVAL_MS = 60_000;

/**
 * Failed-credential throttling per username and per client address. The counters live in the
 * database so every instance sees the same ones. A fixed window: `max` failures within
 * LOGIN_BLOCK_SECONDS of the first block the key for LOGIN_BLOCK_SECONDS; while blocked, every
 * attempt is answered 429 without checking the credential, so guessing stops.
 *
 * The hot path pays no extra round trip: credential lookups LEFT JOIN their throttle rows into
 * the query they already run (LoginThrottleRepository.joins) and pass them to
 * `assertNotBlocked`. Only a failure writes, and a success writes only when its username had
 * failures to clear. Callers without a lookup to join into (a sign-in form) call `assertAllowed`.
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger('LoginThrottle');
  private lastPrune = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly throttle: LoginThrottleRepository,
    private readonly transactions: TransactionRunner,
    private readonly metrics: MetricsService,
  ) {}

  /** Throws LoginThrottledError (after logging it) when a row says the key is blocked now. */
  assertNotBlocked(attempt: SignInAttempt, rows: ThrottleRows, username?: string): void {
    const blockedUntil = Math.max(
      Number(rows.user_blocked_until ?? 0),
      Number(rows.address_blocked_until ?? 0),
    );
    const now = Date.now();
    if (blockedUntil <= now) return;
    this.refused(attempt, 'throttled', username);
    throw new LoginThrottledError(Math.ceil((blockedUntil - now) / 1000));
  }

  /** The same check as one query, for callers whose credential lookup cannot carry the join. */
  async assertAllowed(attempt: SignInAttempt, username?: string): Promise<void> {
    this.assertNotBlocked(attempt, await this.throttle.rows(attempt.address, username), username);
  }

  /** Counts a refused credential against the address and, when one was named, the username. */
  async recordFailure(
    attempt: SignInAttempt,
    reason: AuthFailureReason,
    username?: string,
  ): Promise<void> {
    this.refused(attempt, reason, username);
    const { maxFailuresPerUsername, maxFailuresPerAddress, blockSeconds } =
      this.config.loginThrottle;
    const now = Date.now();
    const windowMs = blockSeconds * 1000;
    const prune = now - this.lastPrune > PRUNE_INTERVAL_MS;
    if (prune) this.lastPrune = now;
    await this.transactions.runInTransaction(async (em) => {
      if (prune) await this.throttle.prune(em, now, windowMs);
      const address = addressKey(attempt.address);
      await this.throttle.countFailure(em, address, maxFailuresPerAddress, now, windowMs);
      if (username !== undefined) {
        const user = usernameKey(username);
        await this.throttle.countFailure(em, user, maxFailuresPerUsername, now, windowMs);
      }
    });
  }

  /** A correct password clears its username's failures (the address's stay counted). */
  async recordSuccess(username: string): Promise<void> {
    await this.transactions.runInTransaction((em) =>
      this.throttle.clear(em, usernameKey(username)),
    );
  }

  private refused(attempt: SignInAttempt, reason: AuthFailureReason, username?: string): void {
    this.metrics.recordAuthFailure(attempt.dialect, reason);
    // Never the password or token: who tried, from where, through which API, and why it failed.
    this.logger.warn({
      msg: 'authentication failed',
      dialect: attempt.dialect,
      reason,
      username,
      clientAddress: attempt.address,
    });
  }
}
