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

/** API tokens, passwords, OAuth 1.0a consumers, access tokens and nonces, and the bootstrap admin. */
@Injectable()
export class CredentialsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * The active user holding this token hash (`id` null when none), with the address's throttle
   * row read in the same query (LoginThrottleService: no extra round trip).
   */
  async activeUserByTokenHash(
    tokenHash: string,
    addressKey: string,
  ): Promise<NullableCallerRow & ThrottleRows> {
    const throttle = LoginThrottleRepository.joins(false);
    return (await this.sql.one<NullableCallerRow & ThrottleRows>(
      `SELECT u.id, u.is_admin, ${throttle.columns} FROM (SELECT 1 AS one) probe
       LEFT JOIN api_tokens t ON t.token_hash = ?
       LEFT JOIN users u ON u.id = t.user_id AND u.active = TRUE
       ${throttle.from}`,
      [tokenHash, addressKey],
    ))!;
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

  async insertApiToken(em: EntityManager, userId: number, tokenHash: string, now: number) {
    await this.sql.query(
      `INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)`,
      [userId, tokenHash, now],
      em,
    );
  }

  /** insertApiToken, leaving a token already stored as it is (the configured admin token). */
  async ensureApiToken(em: EntityManager, userId: number, tokenHash: string, now: number) {
    await this.sql.query(
      `INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)
       ON CONFLICT (token_hash) DO NOTHING`,
      [userId, tokenHash, now],
      em,
    );
  }

  async insertOAuthConsumer(
    em: EntityManager,
    consumer: { key: string; secret: string; name: string; administrative: boolean },
  ) {
    await this.sql.query(
      `INSERT INTO oauth_consumers (consumer_key, secret, name, administrative, created_at) VALUES (?, ?, ?, ?, ?)`,
      [consumer.key, consumer.secret, consumer.name, consumer.administrative, Date.now()],
      em,
    );
  }

  findOAuthConsumer(
    key: string,
    em?: EntityManager,
  ): Promise<
    | { id: number; consumer_key: string; secret: string; administrative: boolean | number }
    | undefined
  > {
    return this.sql.one(
      `SELECT id, consumer_key, secret, administrative FROM oauth_consumers WHERE consumer_key = ?`,
      [key],
      em,
    );
  }

  async insertOAuthToken(
    em: EntityManager,
    token: { token: string; secret: string; consumerId: number; userId: number },
  ) {
    await this.sql.query(
      `INSERT INTO oauth_tokens (token, secret, consumer_id, user_id, created_at) VALUES (?, ?, ?, ?, ?)`,
      [token.token, token.secret, token.consumerId, token.userId, Date.now()],
      em,
    );
  }

  /** A live access token issued to `consumerId` whose user is active. */
  findOAuthToken(
    token: string,
    consumerId: number,
    now: number,
  ): Promise<
    | {
        token: string;
        secret: string;
        consumer_id: number;
        user_id: number;
        is_admin: boolean | number;
        scopes: string;
      }
    | undefined
  > {
    return this.sql.one(
      `SELECT t.token, t.secret, t.consumer_id, t.user_id, u.is_admin, t.scopes FROM oauth_tokens t
       JOIN users u ON u.id = t.user_id
       WHERE t.token = ? AND t.consumer_id = ? AND u.active = TRUE
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
