import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Caller } from '../domain/caller';
import { DomainError, refusedValueAsInvalid } from '../domain/domain-error';
import { Gatekeeper } from '../domain/gatekeeper';
import { UniqueViolation } from '../persistence/persistence-errors';
import { TransactionRunner } from '../persistence/transaction-runner';
import { CredentialsRepository } from './credentials.repository';
import { addressKey, usernameKey } from './login-throttle.repository';
import { LoginThrottleService, SignInAttempt } from './login-throttle.service';
import { splitScopes } from './oauth-request-token.repository';
import { hashPassword, verifyPassword } from './password-hasher';

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
  /** What the user granted (USOS scope keys); empty for tokens an administrator minted. */
  scopes: string[];
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
  private lastNoncePrune = 0;
  /** sha256(username, password) → the password hash it was verified against. */
  private readonly verifiedPasswords = new Map<string, string>();

  /** Verified against when the username is unknown, so that costs what a wrong password costs. */
  private readonly dummyPasswordHash = hashPassword(newSecret(16));

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly transactions: TransactionRunner,
    private readonly throttle: LoginThrottleService,
    private readonly gatekeeper: Gatekeeper,
  ) {}

  /**
   * The active user a bearer token / API key belongs to. A refused token counts against the
   * client's address; a blocked address is refused (LoginThrottledError) whatever it presents.
   */
  async callerForToken(token: string, attempt: SignInAttempt): Promise<Caller | null> {
    const row = await this.credentials.activeUserByTokenHash(
      hashToken(token),
      addressKey(attempt.address),
    );
    this.throttle.assertNotBlocked(attempt, row);
    if (row.id === null) {
      await this.throttle.recordFailure(attempt, 'invalid_token');
      return null;
    }
    return { userId: row.id, systemAdmin: Boolean(row.is_admin) };
  }

  /**
   * HTTP Basic `username:password`; the scrypt comparison is constant-time. Jive clients send
   * Basic on every request and scrypt is deliberately slow, so a successful check is remembered
   * (keyed by a hash of the credentials, never the password) while the stored hash is unchanged:
   * a password change or deactivation takes effect on the next request. Failures are throttled
   * per username and per address (LoginThrottleService).
   */
  async callerForPassword(
    username: string,
    password: string,
    attempt: SignInAttempt,
  ): Promise<Caller | null> {
    const row = await this.credentials.activeUserByUsername(
      username,
      usernameKey(username),
      addressKey(attempt.address),
    );
    this.throttle.assertNotBlocked(attempt, row, username);
    const key = createHash('sha256')
      .update(username)
      .update('\0')
      .update(password)
      .digest('base64');
    if (!row.password_hash || this.verifiedPasswords.get(key) !== row.password_hash) {
      const valid = await verifyPassword(
        password,
        row.password_hash ?? (await this.dummyPasswordHash),
      );
      if (!valid || !row.password_hash || row.id === null) {
        await this.throttle.recordFailure(attempt, 'invalid_password', username);
        return null;
      }
      if (this.verifiedPasswords.size >= VERIFIED_PASSWORDS_MAX) {
        this.verifiedPasswords.delete(this.verifiedPasswords.keys().next().value!);
      }
      this.verifiedPasswords.set(key, row.password_hash);
    }
    if (row.user_failures) await this.throttle.recordSuccess(username);
    return { userId: row.id!, systemAdmin: Boolean(row.is_admin) };
  }

  /**
   * Mints a token for an existing user; only its hash is stored, so it is shown once. Issuing a
   * credential is a write like any other: refused under READ_ONLY (the Gatekeeper).
   */
  async mintApiToken(userId: number, token = newSecret(32)): Promise<string> {
    await this.gatekeeper.write(async (em) => {
      if (!(await this.credentials.userExists(userId, em)))
        throw DomainError.notFound('user', userId, 'userId');
      await this.credentials.insertApiToken(em, userId, hashToken(token), Date.now());
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
    await this.gatekeeper.write((em) =>
      this.credentials.insertOAuthConsumer(em, { key, secret, name, administrative }),
    );
    return { key, secret };
  }

  async createOAuthAccessToken(
    consumerKey: string,
    userId: number,
  ): Promise<{ token: string; secret: string }> {
    const token = newSecret(15);
    const secret = newSecret(30);
    await this.gatekeeper.write(async (em) => {
      const consumer = await this.credentials.findOAuthConsumer(consumerKey, em);
      if (!consumer) throw DomainError.notFound('token', consumerKey, 'consumerKey');
      if (!(await this.credentials.userExists(userId, em)))
        throw DomainError.notFound('user', userId, 'userId');
      await this.credentials.insertOAuthToken(em, {
        token,
        secret,
        consumerId: consumer.id,
        userId,
      });
    });
    return { token, secret };
  }

  async findOAuthConsumer(key: string): Promise<OAuthConsumer | null> {
    const row = await this.credentials.findOAuthConsumer(key);
    return row
      ? {
          id: row.id,
          key: row.consumer_key,
          secret: row.secret,
          administrative: Boolean(row.administrative),
        }
      : null;
  }

  /** A live access token issued to `consumerId` whose user is active. */
  async findOAuthAccessToken(token: string, consumerId: number): Promise<OAuthAccessToken | null> {
    const row = await this.credentials.findOAuthToken(token, consumerId, Date.now());
    if (!row) return null;
    return {
      token: row.token,
      secret: row.secret,
      consumerId: row.consumer_id,
      caller: { userId: row.user_id, systemAdmin: Boolean(row.is_admin) },
      scopes: splitScopes(row.scopes),
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
      await this.write(async (em) => {
        if (prune) await this.credentials.deleteExpiredNonces(em, now);
        await this.credentials.insertNonce(em, consumerId, nonce, expiresAt);
      });
      return true;
    } catch (error) {
      if (error instanceof UniqueViolation) return false;
      throw error;
    }
  }

  private write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.transactions.runInTransaction(work).catch((error: unknown) => {
      throw refusedValueAsInvalid(error);
    });
  }
}
