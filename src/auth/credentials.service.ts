import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Caller } from '../domain/caller';
import { DomainError } from '../domain/domain-error';
import { isUniqueViolation } from '../domain/gatekeeper';
import { Sql } from '../persistence/sql';
import { TransactionRunner } from '../persistence/transaction-runner';
import { verifyPassword } from './password-hasher';

export interface OAuthConsumer {
  id: number;
  key: string;
  secret: string;
  administrative: boolean;
}

export interface OAuthAccessToken {
  token: string;
  secret: string;
  consumerId: number;
  caller: Caller;
}

const NONCE_PRUNE_INTERVAL_MS = 60_000;
const VERIFIED_PASSWORDS_MAX = 10_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newSecret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Stores and checks credentials: API tokens, passwords, OAuth 1.0a consumers, tokens and nonces. */
@Injectable()
export class CredentialsService {
  private readonly sql: Sql;
  private lastNoncePrune = 0;
  /** sha256(username, password) → the password hash it was verified against. */
  private readonly verifiedPasswords = new Map<string, string>();

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {
    this.sql = new Sql(dataSource);
  }

  /** The active user a bearer token / API key belongs to. */
  async callerForToken(token: string): Promise<Caller | null> {
    if (!token) return null;
    const row = await this.sql.one<{ id: number; is_admin: boolean | number }>(
      `SELECT u.id, u.is_admin FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = ? AND u.active = TRUE`,
      [hashToken(token)],
    );
    return row ? { userId: row.id, systemAdmin: Boolean(row.is_admin) } : null;
  }

  /**
   * HTTP Basic `username:password`; the scrypt comparison is constant-time. Jive clients send
   * Basic on every request and scrypt is deliberately slow, so a successful check is remembered
   * (keyed by a hash of the credentials, never the password) while the stored hash is unchanged:
   * a password change or deactivation takes effect on the next request.
   */
  async callerForPassword(username: string, password: string): Promise<Caller | null> {
    const row = await this.sql.one<{
      id: number;
      is_admin: boolean | number;
      password_hash: string | null;
    }>(`SELECT id, is_admin, password_hash FROM users WHERE username = ? AND active = TRUE`, [
      username,
    ]);
    if (!row?.password_hash) return null;
    const key = createHash('sha256')
      .update(username)
      .update('\0')
      .update(password)
      .digest('base64');
    if (this.verifiedPasswords.get(key) !== row.password_hash) {
      if (!(await verifyPassword(password, row.password_hash))) return null;
      if (this.verifiedPasswords.size >= VERIFIED_PASSWORDS_MAX) {
        this.verifiedPasswords.delete(this.verifiedPasswords.keys().next().value!);
      }
      this.verifiedPasswords.set(key, row.password_hash);
    }
    return { userId: row.id, systemAdmin: Boolean(row.is_admin) };
  }

  /** Mints a token for an existing user; only its hash is stored, so it is shown once. */
  async mintApiToken(userId: number, token = newSecret(32)): Promise<string> {
    await this.transactions.runInTransaction(async (em) => {
      const user = await this.sql.one(`SELECT id FROM users WHERE id = ?`, [userId], em);
      if (!user) throw DomainError.notFound('user', userId, 'userId');
      await this.sql.query(
        `INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)`,
        [userId, hashToken(token), Date.now()],
        em,
      );
    });
    return token;
  }

  async createOAuthConsumer(
    name: string,
    administrative: boolean,
  ): Promise<{ key: string; secret: string }> {
    if (typeof name !== 'string' || name.trim() === '')
      throw DomainError.invalid('name', 'name must not be empty');
    const key = newSecret(15);
    const secret = newSecret(30);
    await this.transactions.runInTransaction((em) =>
      this.sql.query(
        `INSERT INTO oauth_consumers (consumer_key, secret, name, administrative, created_at) VALUES (?, ?, ?, ?, ?)`,
        [key, secret, name, administrative, Date.now()],
        em,
      ),
    );
    return { key, secret };
  }

  async createOAuthAccessToken(
    consumerKey: string,
    userId: number,
  ): Promise<{ token: string; secret: string }> {
    const token = newSecret(15);
    const secret = newSecret(30);
    await this.transactions.runInTransaction(async (em) => {
      const consumer = await this.sql.one<{ id: number }>(
        `SELECT id FROM oauth_consumers WHERE consumer_key = ?`,
        [consumerKey],
        em,
      );
      if (!consumer) throw DomainError.notFound('token', consumerKey, 'consumerKey');
      const user = await this.sql.one(`SELECT id FROM users WHERE id = ?`, [userId], em);
      if (!user) throw DomainError.notFound('user', userId, 'userId');
      await this.sql.query(
        `INSERT INTO oauth_tokens (token, secret, consumer_id, user_id, created_at) VALUES (?, ?, ?, ?, ?)`,
        [token, secret, consumer.id, userId, Date.now()],
        em,
      );
    });
    return { token, secret };
  }

  async findOAuthConsumer(key: string): Promise<OAuthConsumer | null> {
    const row = await this.sql.one<{
      id: number;
      consumer_key: string;
      secret: string;
      administrative: boolean | number;
    }>(
      `SELECT id, consumer_key, secret, administrative FROM oauth_consumers WHERE consumer_key = ?`,
      [key],
    );
    return row
      ? {
          id: row.id,
          key: row.consumer_key,
          secret: row.secret,
          administrative: Boolean(row.administrative),
        }
      : null;
  }

  /** An access token issued to `consumerId` whose user is active. */
  async findOAuthAccessToken(token: string, consumerId: number): Promise<OAuthAccessToken | null> {
    const row = await this.sql.one<{
      token: string;
      secret: string;
      consumer_id: number;
      user_id: number;
      is_admin: boolean | number;
    }>(
      `SELECT t.token, t.secret, t.consumer_id, t.user_id, u.is_admin FROM oauth_tokens t
       JOIN users u ON u.id = t.user_id WHERE t.token = ? AND t.consumer_id = ? AND u.active = TRUE`,
      [token, consumerId],
    );
    if (!row) return null;
    return {
      token: row.token,
      secret: row.secret,
      consumerId: row.consumer_id,
      caller: { userId: row.user_id, systemAdmin: Boolean(row.is_admin) },
    };
  }

  /**
   * Records a nonce for a consumer until `expiresAt`; false when it was already used. Persisted,
   * so a restart or another instance does not reopen it. Expired nonces are pruned now and then.
   */
  async consumeNonce(consumerId: number, nonce: string, expiresAt: number): Promise<boolean> {
    const now = Date.now();
    const prune = now - this.lastNoncePrune > NONCE_PRUNE_INTERVAL_MS;
    if (prune) this.lastNoncePrune = now;
    try {
      await this.transactions.runInTransaction(async (em) => {
        if (prune) await this.sql.query(`DELETE FROM oauth_nonces WHERE expires_at < ?`, [now], em);
        await this.sql.query(
          `INSERT INTO oauth_nonces (consumer_id, nonce, expires_at) VALUES (?, ?, ?)`,
          [consumerId, nonce, expiresAt],
          em,
        );
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
