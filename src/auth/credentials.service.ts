import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
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
/** How stale a token's `last_used_at` may get before a request refreshes it. */
export const LAST_USED_RESOLUTION_MS = 60_000;
const VERIFIED_PASSWORDS_MAX = 10_000;

export interface MintTokenOptions {
  label?: string | null;
  /** Epoch milliseconds; the token is refused from then on. */
  expiresAt?: number | null;
}

export interface MintedApiToken {
  id: number;
  /** The secret itself: shown once, only its hash is stored. */
  token: string;
  label: string | null;
  createdAt: number;
  expiresAt: number | null;
}

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
  private readonly logger = new Logger('Credentials');

  /** Verified against when the username is unknown, so that costs what a wrong password costs. */
  private readonly dummyPasswordHash = hashPassword(newSecret(16));

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly credentials: CredentialsRepository,
    private readonly transactions: TransactionRunner,
    private readonly throttle: LoginThrottleService,
    private readonly gatekeeper: Gatekeeper,
  ) {}

  /**
   * The active user a bearer token / API key belongs to, unless the token is revoked or expired.
   * Read from the database on every request, so a revocation holds at once on every instance. A
   * refused token (unknown, revoked or expired) counts against the client's address; a blocked
   * address is refused (LoginThrottledError) whatever it presents.
   */
  async callerForToken(token: string, attempt: SignInAttempt): Promise<Caller | null> {
    const now = Date.now();
    const row = await this.credentials.activeUserByTokenHash(
      hashToken(token),
      now,
      addressKey(attempt.address),
    );
    this.throttle.assertNotBlocked(attempt, row);
    if (row.id === null || row.token_id === null) {
      await this.throttle.recordFailure(attempt, 'invalid_token');
      return null;
    }
    await this.stampLastUsed('api_tokens', row.token_id, row.last_used_at, now);
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
  async mintApiToken(userId: number, options: MintTokenOptions = {}): Promise<MintedApiToken> {
    const token = newSecret(32);
    const createdAt = Date.now();
    const label = options.label ?? null;
    const expiresAt = options.expiresAt ?? null;
    if (expiresAt !== null && expiresAt <= createdAt)
      throw DomainError.invalid('expiresAt', 'expiresAt must be in the future');
    const id = await this.gatekeeper.write(async (em) => {
      if (!(await this.credentials.userExists(userId, em)))
        throw DomainError.notFound('user', userId, 'userId');
      return this.credentials.insertApiToken(
        em,
        { userId, tokenHash: hashToken(token), label, expiresAt },
        createdAt,
      );
    });
    return { id, token, label, createdAt, expiresAt };
  }

  async createOAuthConsumer(
    name: string,
    administrative: boolean,
  ): Promise<{ id: number; key: string; secret: string }> {
    if (typeof name !== 'string' || name.trim() === '')
      throw DomainError.invalid('name', 'name must not be empty');
    const key = newSecret(15);
    const secret = newSecret(30);
    const id = await this.gatekeeper.write((em) =>
      this.credentials.insertOAuthConsumer(em, { key, secret, name, administrative }),
    );
    return { id, key, secret };
  }

  async createOAuthAccessToken(
    consumerKey: string,
    userId: number,
  ): Promise<{ id: number; token: string; secret: string }> {
    const token = newSecret(15);
    const secret = newSecret(30);
    const id = await this.gatekeeper.write(async (em) => {
      const consumerId = await this.credentials.consumerIdByKey(consumerKey, em);
      if (consumerId === undefined)
        throw DomainError.notFound('consumer', consumerKey, 'consumerKey');
      if (!(await this.credentials.userExists(userId, em)))
        throw DomainError.notFound('user', userId, 'userId');
      return this.credentials.insertOAuthToken(em, { token, secret, consumerId, userId });
    });
    return { id, token, secret };
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
    await this.stampLastUsed('oauth_tokens', row.id, row.last_used_at, Date.now());
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

  /**
   * Records when a token was last used, at most once a minute per token: a write on every
   * request would cost more than the request. Skipped when READ_ONLY (the database may be a
   * replica); a failure only loses the stamp.
   */
  private async stampLastUsed(
    table: 'api_tokens' | 'oauth_tokens',
    id: number,
    lastUsedAt: number | null,
    now: number,
  ): Promise<void> {
    if (this.config.readOnly || (lastUsedAt !== null && now - lastUsedAt < LAST_USED_RESOLUTION_MS))
      return;
    try {
      await this.transactions.runInTransaction((em) =>
        this.credentials.stampLastUsed(em, table, id, now),
      );
    } catch (error) {
      this.logger.warn(`Could not record the last use of a token: ${(error as Error).message}`);
    }
  }

  private write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.transactions.runInTransaction(work).catch((error: unknown) => {
      throw refusedValueAsInvalid(error);
    });
  }
}
