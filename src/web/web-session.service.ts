import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hashToken } from '../auth/credentials.service';
import { TransactionRunner } from '../persistence/transaction-runner';
import { WebSessionRepository } from './web-session.repository';

/** Who is signed in to the web pages; what a page module receives. */
export interface WebUser {
  readonly id: number;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly systemAdmin: boolean;
}

export interface WebSession {
  /** The cookie value (never stored: the table keeps its SHA-256). */
  readonly id: string;
  readonly user: WebUser | null;
  /** Per-session secret of the CSRF tokens (csrf-csrf's getSecret). */
  readonly csrfSecret: string;
}

/** A signed-in session lasts a working day; one that never signs in is kept an hour. */
export const SIGNED_IN_LIFETIME_MS = 12 * 60 * 60 * 1000;
export const ANONYMOUS_LIFETIME_MS = 60 * 60 * 1000;
const PRUNE_INTERVAL_MS = 60_000;

/** Web sessions in the database, so several instances share them (DESIGN.md `web/`). */
@Injectable()
export class WebSessionService {
  private lastPrune = 0;

  constructor(
    private readonly sessions: WebSessionRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  /** The live session a cookie names, or null (unknown, expired, or its user deactivated). */
  async find(id: string | undefined): Promise<WebSession | null> {
    if (!id) return null;
    const row = await this.sessions.findLive(hashToken(id), Date.now());
    if (!row?.userActive) return null;
    const user: WebUser | null =
      row.userId === null
        ? null
        : {
            id: row.userId,
            username: row.username!,
            firstName: row.firstName ?? '',
            lastName: row.lastName ?? '',
            systemAdmin: Boolean(row.isAdmin),
          };
    return { id, user, csrfSecret: row.csrfSecret };
  }

  startAnonymous(): Promise<WebSession> {
    return this.start(null, undefined);
  }

  /**
   * A new session for `user` that replaces `previous`: the id changes at sign-in, so an id
   * planted before it (session fixation) never becomes a signed-in one.
   */
  async signIn(userId: number, previous: WebSession | null): Promise<WebSession> {
    const started = await this.start(userId, previous?.id);
    const session = await this.find(started.id);
    if (!session) throw new Error(`user ${userId} vanished while signing in`);
    return session;
  }

  async signOut(session: WebSession): Promise<void> {
    await this.transactions.runInTransaction((em) =>
      this.sessions.delete(hashToken(session.id), em),
    );
  }

  private async start(userId: number | null, replaces: string | undefined): Promise<WebSession> {
    const id = randomBytes(32).toString('base64url');
    const csrfSecret = randomBytes(32).toString('base64url');
    const now = Date.now();
    const prune = now - this.lastPrune > PRUNE_INTERVAL_MS;
    if (prune) this.lastPrune = now;
    await this.transactions.runInTransaction(async (em) => {
      if (prune) await this.sessions.deleteExpired(now, em);
      if (replaces) await this.sessions.delete(hashToken(replaces), em);
      await this.sessions.insert(
        {
          idHash: hashToken(id),
          userId,
          csrfSecret,
          createdAt: now,
          expiresAt: now + (userId === null ? ANONYMOUS_LIFETIME_MS : SIGNED_IN_LIFETIME_MS),
        },
        em,
      );
    });
    return { id, user: null, csrfSecret };
  }
}
