import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Sql } from '../persistence/sql';

/** The throttle rows a credential lookup reads alongside the credential (see `joins`). */
export interface ThrottleRows {
  user_failures?: number | null;
  user_blocked_until?: number | null;
  address_blocked_until?: number | null;
}

export function usernameKey(username: string): string {
  return `user:${username.toLowerCase()}`;
}

export function addressKey(address: string): string {
  return `address:${address}`;
}

/** Failed-credential counters (`login_throttle`), shared by every instance on the database. */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * LEFT JOINs for a lookup's FROM clause, so a credential check reads its throttle rows in the
   * query it already runs. Parameters, in order: the username key (when `withUsername`), then the
   * address key. Columns: `user_failures`, `user_blocked_until`, `address_blocked_until`.
   */
  static joins(withUsername: boolean): { columns: string; from: string } {
    return {
      columns: [
        ...(withUsername
          ? ['tu.failures AS user_failures', 'tu.blocked_until AS user_blocked_until']
          : []),
        'ta.blocked_until AS address_blocked_until',
      ].join(', '),
      from: [
        ...(withUsername ? ['LEFT JOIN login_throttle tu ON tu.throttle_key = ?'] : []),
        'LEFT JOIN login_throttle ta ON ta.throttle_key = ?',
      ].join(' '),
    };
  }

  async rows(address: string, username?: string): Promise<ThrottleRows> {
    const { columns, from } = LoginThrottleRepository.joins(username !== undefined);
    const keys = [...(username !== undefined ? [usernameKey(username)] : []), addressKey(address)];
    return (
      (await this.sql.one<ThrottleRows>(
        `SELECT ${columns} FROM (SELECT 1 AS one) probe ${from}`,
        keys,
      )) ?? {}
    );
  }

  /**
   * Counts one failure in `key`'s window (a new window once the old one is over) and blocks the
   * key until `now + windowMs` when the count reaches `max`. One atomic upsert: instances
   * counting the same key at once never lose a failure.
   */
  async countFailure(em: EntityManager, key: string, max: number, now: number, windowMs: number) {
    const windowStart = now - windowMs;
    const blockedUntil = now + windowMs;
    await this.sql.query(
      `INSERT INTO login_throttle (throttle_key, failures, window_started_at, blocked_until)
       VALUES (?, 1, ?, ?)
       ON CONFLICT (throttle_key) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_started_at > ?
                         THEN login_throttle.failures + 1 ELSE 1 END,
         window_started_at = CASE WHEN login_throttle.window_started_at > ?
                                  THEN login_throttle.window_started_at ELSE ? END,
         blocked_until = CASE
           WHEN login_throttle.window_started_at > ? AND login_throttle.failures + 1 >= ? THEN ?
           WHEN login_throttle.window_started_at <= ? AND 1 >= ? THEN ?
           ELSE login_throttle.blocked_until END`,
      [
        key,
        now,
        max <= 1 ? blockedUntil : 0,
        windowStart,
        windowStart,
        now,
        windowStart,
        max,
        blockedUntil,
        windowStart,
        max,
        blockedUntil,
      ],
      em,
    );
  }

  async clear(em: EntityManager, key: string): Promise<void> {
    await this.sql.query(`DELETE FROM login_throttle WHERE throttle_key = ?`, [key], em);
  }

  /** Rows whose window and block are both over. */
  async prune(em: EntityManager, now: number, windowMs: number): Promise<void> {
    await this.sql.query(
      `DELETE FROM login_throttle WHERE window_started_at < ? AND blocked_until < ?`,
      [now - windowMs, now],
      em,
    );
  }
}
