import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Sql } from '../persistence/sql';

export interface RequestTokenRow {
  token: string;
  secret: string;
  consumerId: number;
  consumerName: string;
  callback: string;
  scopes: string[];
  userId: number | null;
  verifier: string | null;
}

/** Scopes are kept as USOS writes them: a pipe list. */
export function joinScopes(scopes: readonly string[]): string {
  return scopes.join('|');
}

export function splitScopes(scopes: string): string[] {
  return scopes === '' ? [] : scopes.split('|');
}

/** The only SQL of `oauth_request_tokens` and of the access tokens the dance issues. */
@Injectable()
export class OAuthRequestTokenRepository {
  constructor(private readonly sql: Sql) {}

  async insert(
    row: {
      token: string;
      secret: string;
      consumerId: number;
      callback: string;
      scopes: string[];
      createdAt: number;
      expiresAt: number;
    },
    em: EntityManager,
  ): Promise<void> {
    await this.sql.query(
      `INSERT INTO oauth_request_tokens (token, secret, consumer_id, callback, scopes, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        row.token,
        row.secret,
        row.consumerId,
        row.callback,
        joinScopes(row.scopes),
        row.createdAt,
        row.expiresAt,
      ],
      em,
    );
  }

  /** A request token that has not expired (nor been exchanged: exchanged ones are deleted). */
  async findLive(token: string, now: number, em?: EntityManager): Promise<RequestTokenRow | null> {
    const row = await this.sql.one<{
      token: string;
      secret: string;
      consumer_id: number;
      name: string;
      callback: string;
      scopes: string;
      user_id: number | null;
      verifier: string | null;
    }>(
      `SELECT r.token, r.secret, r.consumer_id, c.name, r.callback, r.scopes, r.user_id, r.verifier
       FROM oauth_request_tokens r JOIN oauth_consumers c ON c.id = r.consumer_id
       WHERE r.token = ? AND r.expires_at > ?`,
      [token, now],
      em,
    );
    if (!row) return null;
    return {
      token: row.token,
      secret: row.secret,
      consumerId: row.consumer_id,
      consumerName: row.name,
      callback: row.callback,
      scopes: splitScopes(row.scopes),
      userId: row.user_id,
      verifier: row.verifier,
    };
  }

  async markAuthorized(
    token: string,
    userId: number,
    verifier: string,
    expiresAt: number,
    em: EntityManager,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE oauth_request_tokens SET user_id = ?, verifier = ?, expires_at = ? WHERE token = ?`,
      [userId, verifier, expiresAt, token],
      em,
    );
  }

  async delete(token: string, em: EntityManager): Promise<void> {
    await this.sql.query(`DELETE FROM oauth_request_tokens WHERE token = ?`, [token], em);
  }

  async deleteExpired(now: number, em: EntityManager): Promise<void> {
    await this.sql.query(`DELETE FROM oauth_request_tokens WHERE expires_at <= ?`, [now], em);
  }

  async insertAccessToken(
    row: {
      token: string;
      secret: string;
      consumerId: number;
      userId: number;
      scopes: string[];
      createdAt: number;
      expiresAt: number | null;
    },
    em: EntityManager,
  ): Promise<void> {
    await this.sql.query(
      `INSERT INTO oauth_tokens (token, secret, consumer_id, user_id, scopes, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        row.token,
        row.secret,
        row.consumerId,
        row.userId,
        joinScopes(row.scopes),
        row.createdAt,
        row.expiresAt,
      ],
      em,
    );
  }

  async deleteAccessToken(token: string, consumerId: number, em: EntityManager): Promise<void> {
    await this.sql.query(
      `DELETE FROM oauth_tokens WHERE token = ? AND consumer_id = ?`,
      [token, consumerId],
      em,
    );
  }
}
