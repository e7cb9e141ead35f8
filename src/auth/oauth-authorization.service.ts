import { Injectable } from '@nestjs/common';
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { TransactionRunner } from '../persistence/transaction-runner';
import { OAuthRequestTokenRepository, RequestTokenRow } from './oauth-request-token.repository';

/** A request token waits this long for the user; an issued verifier, this long for the exchange. */
export const REQUEST_TOKEN_LIFETIME_MS = 10 * 60 * 1000;
export const VERIFIER_LIFETIME_MS = 5 * 60 * 1000;
/** An access token without `offline_access` is short-lived (USOS scopes page). */
export const SHORT_ACCESS_TOKEN_LIFETIME_MS = 2 * 60 * 60 * 1000;
export const OFFLINE_ACCESS = 'offline_access';
const PRUNE_INTERVAL_MS = 60_000;

export type RequestToken = RequestTokenRow;

function newSecret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Eight digits: short enough to type as a PIN; the token dies at the first wrong guess. */
function newVerifier(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0');
}

function sameVerifier(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * OAuth 1.0a three-legged authorisation (RFC 5849 §2): request token → the user's decision →
 * verifier → access token. Each step is one transaction; request tokens and verifiers are single
 * use and short-lived.
 */
@Injectable()
export class OAuthAuthorizationService {
  private lastPrune = 0;

  constructor(
    private readonly tokens: OAuthRequestTokenRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async issueRequestToken(
    consumerId: number,
    callback: string,
    scopes: string[],
  ): Promise<{ token: string; secret: string }> {
    const token = newSecret(15);
    const secret = newSecret(30);
    const now = Date.now();
    const prune = now - this.lastPrune > PRUNE_INTERVAL_MS;
    if (prune) this.lastPrune = now;
    await this.transactions.runInTransaction(async (em) => {
      if (prune) await this.tokens.deleteExpired(now, em);
      await this.tokens.insert(
        {
          token,
          secret,
          consumerId,
          callback,
          scopes,
          createdAt: now,
          expiresAt: now + REQUEST_TOKEN_LIFETIME_MS,
        },
        em,
      );
    });
    return { token, secret };
  }

  /** A live request token (not expired, not yet exchanged), authorised or not. */
  findRequestToken(token: string): Promise<RequestToken | null> {
    return this.tokens.findLive(token, Date.now());
  }

  /**
   * The user allows access: the token gets its user and a verifier. Null when the token is gone,
   * expired or already decided.
   */
  authorize(token: string, userId: number): Promise<{ callback: string; verifier: string } | null> {
    const verifier = newVerifier();
    return this.transactions.runInTransaction(async (em) => {
      const now = Date.now();
      const row = await this.tokens.findLive(token, now, em);
      if (!row || row.userId !== null) return null;
      await this.tokens.markAuthorized(token, userId, verifier, now + VERIFIER_LIFETIME_MS, em);
      return { callback: row.callback, verifier };
    });
  }

  /** The user refuses: the token dies. Null when it was already gone or decided. */
  deny(token: string): Promise<{ callback: string } | null> {
    return this.transactions.runInTransaction(async (em) => {
      const row = await this.tokens.findLive(token, Date.now(), em);
      if (!row || row.userId !== null) return null;
      await this.tokens.delete(token, em);
      return { callback: row.callback };
    });
  }

  /**
   * Exchanges an authorised request token and its verifier for an access token with the granted
   * scopes. The request token is spent by any attempt, right or wrong, so a verifier cannot be
   * guessed and none can be used twice. Null when the exchange is refused.
   */
  exchange(
    token: string,
    consumerId: number,
    verifier: string,
  ): Promise<{ token: string; secret: string; scopes: string[] } | null> {
    const access = { token: newSecret(15), secret: newSecret(30) };
    return this.transactions.runInTransaction(async (em) => {
      const now = Date.now();
      const row = await this.tokens.findLive(token, now, em);
      if (!row || row.consumerId !== consumerId) return null;
      await this.tokens.delete(token, em);
      if (row.userId === null || row.verifier === null || !sameVerifier(verifier, row.verifier)) {
        return null;
      }
      await this.tokens.insertAccessToken(
        {
          ...access,
          consumerId,
          userId: row.userId,
          scopes: row.scopes,
          createdAt: now,
          expiresAt: row.scopes.includes(OFFLINE_ACCESS)
            ? null
            : now + SHORT_ACCESS_TOKEN_LIFETIME_MS,
        },
        em,
      );
      return { ...access, scopes: row.scopes };
    });
  }

  /** The access token dies at once. */
  async revokeAccessToken(token: string, consumerId: number): Promise<void> {
    await this.transactions.runInTransaction((em) =>
      this.tokens.deleteAccessToken(token, consumerId, em),
    );
  }
}
