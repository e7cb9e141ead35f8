import { Injectable } from '@nestjs/common';
import { toUserView, USER_COLUMNS, UserRow } from '../domain/repositories/group-rows';
import { UserView } from '../domain/views';
import { Sql } from '../persistence/sql';

export interface ApiTokenListing {
  id: number;
  userId: number;
  createdAt: string;
}

export interface OAuthConsumerListing {
  id: number;
  key: string;
  name: string;
  administrative: boolean;
  createdAt: string;
}

export interface OAuthTokenListing {
  id: number;
  token: string;
  consumerKey: string;
  userId: number;
  createdAt: string;
}

const iso = (ms: number) => new Date(Number(ms)).toISOString();

/** Read-only listings for operators (the CLI's list commands). Never a secret or a hash. */
@Injectable()
export class AdminListingsRepository {
  constructor(private readonly sql: Sql) {}

  async users(limit: number, offset: number): Promise<UserView[]> {
    const rows = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u ORDER BY u.id LIMIT ? OFFSET ?`,
      [limit, offset],
    );
    return rows.map(toUserView);
  }

  async apiTokens(userId: number): Promise<ApiTokenListing[]> {
    const rows = await this.sql.query<{ id: number; user_id: number; created_at: number }>(
      `SELECT id, user_id, created_at FROM api_tokens WHERE user_id = ? ORDER BY id`,
      [userId],
    );
    return rows.map((r) => ({ id: r.id, userId: r.user_id, createdAt: iso(r.created_at) }));
  }

  async oauthConsumers(): Promise<OAuthConsumerListing[]> {
    const rows = await this.sql.query<{
      id: number;
      consumer_key: string;
      name: string;
      administrative: boolean | number;
      created_at: number;
    }>(
      `SELECT id, consumer_key, name, administrative, created_at FROM oauth_consumers ORDER BY id`,
    );
    return rows.map((r) => ({
      id: r.id,
      key: r.consumer_key,
      name: r.name,
      administrative: Boolean(r.administrative),
      createdAt: iso(r.created_at),
    }));
  }

  /** Access tokens (their public half), optionally of one user and/or one consumer. */
  async oauthTokens(filter: {
    userId?: number;
    consumerKey?: string;
  }): Promise<OAuthTokenListing[]> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (filter.userId !== undefined) {
      conditions.push('t.user_id = ?');
      values.push(filter.userId);
    }
    if (filter.consumerKey !== undefined) {
      conditions.push('c.consumer_key = ?');
      values.push(filter.consumerKey);
    }
    const rows = await this.sql.query<{
      id: number;
      token: string;
      consumer_key: string;
      user_id: number;
      created_at: number;
    }>(
      `SELECT t.id, t.token, c.consumer_key, t.user_id, t.created_at
       FROM oauth_tokens t JOIN oauth_consumers c ON c.id = t.consumer_id
       ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY t.id`,
      values,
    );
    return rows.map((r) => ({
      id: r.id,
      token: r.token,
      consumerKey: r.consumer_key,
      userId: r.user_id,
      createdAt: iso(r.created_at),
    }));
  }
}
