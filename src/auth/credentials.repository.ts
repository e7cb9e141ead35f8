import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Sql } from '../persistence/sql';
import { LoginThrottleRepository, ThrottleRows } from './login-throttle.repository';

/**
 * A caller as a credential lookup finds it: a user id and the admin flag (SQLite: 0/1), both null
 * when the credential matches no active user (the lookup always returns its throttle columns).
 */
interface NullableCallerRow {
  id: number | null;
  is_admin: boolean | number | null;
}

/** A token lookup: the caller, and the token's id and last use (null when no live token matched). */
type TokenLookupRow = NullableCallerRow & {
  token_id: number | null;
  last_used_at: number | null;
} & ThrottleRows;

/** API tokens, passwords, OAuth 1.0a consumers, access tokens and nonces, and the bootstrap admin. */
@Injectable()
export class CredentialsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * The active user holding this token hash while the token is live (not revoked, not expired at
   * `now`), `id` null when none — a revoked or expired token is refused like an unknown one —
   * with the address's throttle row read in the same query (LoginThrottleService: no extra
   * round trip).
   */
  async activeUserByTokenHash(
    tokenHash: string,
    now: number,
    addressKey: string,
  ): Promise<TokenLookupRow> {
    const throttle = LoginThrottleRepository.joins(false);
    return (await this.sql.one<TokenLookupRow>(
      `SELECT u.id, u.is_admin, t.id AS token_id, t.last_used_at, ${throttle.columns}
       FROM (SELECT 1 AS one) probe
       LEFT JOIN api_tokens t ON t.token_hash = ? AND t.revoked_at IS NULL
         AND (t.expires_at IS NULL OR t.expires_at > ?)
       LEFT JOIN users u ON u.id = t.user_id AND u.active = TRUE
       ${throttle.from}`,
      [tokenHash, now, addressKey],
    ))!;
  }

  /** When a token was last used; written at most once a minute per token (CredentialsService). */
  async stampLastUsed(
    em: EntityManager,
    table: 'api_tokens' | 'oauth_tokens',
    id: number,
    now: number,
  ) {
    await this.sql.query(`UPDATE ${table} SET last_used_at = ? WHERE id = ?`, [now, id], em);
  }

  /** The active user of this name (`id` null when none), with its and the address's throttle rows. */
  async activeUserByUsername(
    username: string,
    usernameKey: string,
    addressKey: string,
  ): Promise<NullableCallerRow & { password_hash: string | null } & ThrottleRows> {
    const throttle = LoginThrottleRepository.joins(true);
    return (await this.sql.one<NullableCallerRow & { password_hash: string | null } & ThrottleRows>(
      `SELECT u.id, u.is_admin, u.password_hash, ${throttle.columns} FROM (SELECT 1 AS one) probe
       LEFT JOIN users u ON u.username = ? AND u.active = TRUE
       ${throttle.from}`,
      [username, usernameKey, addressKey],
    ))!;
  }

  async userExists(userId: number, em: EntityManager): Promise<boolean> {
    return Boolean(await this.sql.one(`SELECT id FROM users WHERE id = ?`, [userId], em));
  }

  async userIdByUsername(username: string, em: EntityManager): Promise<number | undefined> {
    const row = await this.sql.one<{ id: number }>(
      `SELECT id FROM users WHERE username = ?`,
      [username],
      em,
    );
    return row?.id;
  }

  async anyAdminExists(): Promise<boolean> {
    return Boolean(await this.sql.one(`SELECT id FROM users WHERE is_admin = TRUE LIMIT 1`));
  }

  /**
   * Creates the administrator unless the username exists (ON CONFLICT: instances starting
   * together on one PostgreSQL may race to create it), then makes that user an active admin.
   */
  async ensureAdmin(em: EntityManager, username: string, now: number): Promise<number> {
    await this.sql.query(
      `INSERT INTO users (username, first_name, last_name, active, is_admin, created_at, updated_at)
       VALUES (?, 'System', 'Administrator', TRUE, TRUE, ?, ?)
       ON CONFLICT (username) DO NOTHING`,
      [username, now, now],
      em,
    );
    const id = (await this.userIdByUsername(username, em))!;
    await this.sql.query(`UPDATE users SET is_admin = TRUE, active = TRUE WHERE id = ?`, [id], em);
    return id;
  }

  async setPasswordHash(em: EntityManager, userId: number, hash: string, now: number) {
    await this.sql.query(
      `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`,
      [hash, now, userId],
      em,
    );
  }

  /** Answers the new token's id. */
  async insertApiToken(
    em: EntityManager,
    token: { userId: number; tokenHash: string; label: string | null; expiresAt: number | null },
    now: number,
  ): Promise<number> {
    const [row] = await this.sql.query<{ id: number }>(
      `INSERT INTO api_tokens (user_id, token_hash, label, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?) RETURNING id`,
      [token.userId, token.tokenHash, token.label, token.expiresAt, now],
      em,
    );
    return row.id;
  }

  /**
   * Makes the token with this hash the one live bootstrap token (ADMIN_TOKEN): stored unless it
   * is (a stored one keeps its state, revoked included), marked, and every other bootstrap token
   * revoked. Answers how many were revoked and whether this one is revoked itself.
   */
  async replaceBootstrapToken(
    em: EntityManager,
    userId: number,
    tokenHash: string,
    label: string,
    now: number,
  ): Promise<{ replaced: number; revoked: boolean }> {
    await this.sql.query(
      `INSERT INTO api_tokens (user_id, token_hash, label, bootstrap, created_at)
       VALUES (?, ?, ?, TRUE, ?) ON CONFLICT (token_hash) DO NOTHING`,
      [userId, tokenHash, label, now],
      em,
    );
    const current = (await this.sql.one<{ id: number; revoked_at: number | null }>(
      `SELECT id, revoked_at FROM api_tokens WHERE token_hash = ?`,
      [tokenHash],
      em,
    ))!;
    await this.sql.query(`UPDATE api_tokens SET bootstrap = TRUE WHERE id = ?`, [current.id], em);
    const replaced = await this.sql.query(
      `UPDATE api_tokens SET revoked_at = ?
       WHERE bootstrap = TRUE AND id <> ? AND revoked_at IS NULL RETURNING id`,
      [now, current.id],
      em,
    );
    return { replaced: replaced.length, revoked: current.revoked_at !== null };
  }

  /** Answers the new consumer's id. */
  async insertOAuthConsumer(
    em: EntityManager,
    consumer: { key: string; secret: string; name: string; administrative: boolean },
  ): Promise<number> {
    const [row] = await this.sql.query<{ id: number }>(
      `INSERT INTO oauth_consumers (consumer_key, secret, name, administrative, created_at)
       VALUES (?, ?, ?, ?, ?) RETURNING id`,
      [consumer.key, consumer.secret, consumer.name, consumer.administrative, Date.now()],
      em,
    );
    return row.id;
  }

  /** A consumer, disabled or not (tokens may be issued for a disabled one). */
  async consumerIdByKey(key: string, em: EntityManager): Promise<number | undefined> {
    const row = await this.sql.one<{ id: number }>(
      `SELECT id FROM oauth_consumers WHERE consumer_key = ?`,
      [key],
      em,
    );
    return row?.id;
  }

  /** An enabled consumer: a disabled one is refused like an unknown key. */
  findOAuthConsumer(
    key: string,
    em?: EntityManager,
  ): Promise<
    | { id: number; consumer_key: string; secret: string; administrative: boolean | number }
    | undefined
  > {
    return this.sql.one(
      `SELECT id, consumer_key, secret, administrative FROM oauth_consumers
       WHERE consumer_key = ? AND disabled_at IS NULL`,
      [key],
      em,
    );
  }

  /** Answers the new token's id. */
  async insertOAuthToken(
    em: EntityManager,
    token: { token: string; secret: string; consumerId: number; userId: number },
  ): Promise<number> {
    const [row] = await this.sql.query<{ id: number }>(
      `INSERT INTO oauth_tokens (token, secret, consumer_id, user_id, created_at)
       VALUES (?, ?, ?, ?, ?) RETURNING id`,
      [token.token, token.secret, token.consumerId, token.userId, Date.now()],
      em,
    );
    return row.id;
  }

  /** An unrevoked access token issued to `consumerId` whose user is active. */
  findOAuthToken(
    token: string,
    consumerId: number,
    now: number,
  ): Promise<
    | {
        id: number;
        token: string;
        secret: string;
        consumer_id: number;
        user_id: number;
        is_admin: boolean | number;
        scopes: string;
        last_used_at: number | null;
      }
    | undefined
  > {
    return this.sql.one(
      `SELECT t.id, t.token, t.secret, t.consumer_id, t.user_id, u.is_admin, t.scopes, t.last_used_at
       FROM oauth_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token = ? AND t.consumer_id = ? AND t.revoked_at IS NULL AND u.active = TRUE
         AND (t.expires_at IS NULL OR t.expires_at > ?)`,
      [token, consumerId, now],
    );
  }

  async deleteExpiredNonces(em: EntityManager, now: number) {
    await this.sql.query(`DELETE FROM oauth_nonces WHERE expires_at < ?`, [now], em);
  }

  /** Refused with a UniqueViolation when the nonce was used already. */
  async insertNonce(em: EntityManager, consumerId: number, nonce: string, expiresAt: number) {
    await this.sql.query(
      `INSERT INTO oauth_nonces (consumer_id, nonce, expires_at) VALUES (?, ?, ?)`,
      [consumerId, nonce, expiresAt],
      em,
    );
  }
}
