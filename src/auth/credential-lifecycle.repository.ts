import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Sql } from '../persistence/sql';
import { splitScopes } from './oauth-request-token.repository';

/** An API token as the admin API lists it: never the secret (only its hash is stored anyway). */
export interface ApiTokenView {
  id: number;
  userId: number;
  label: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
  /** The token that came from ADMIN_TOKEN; replaced when the variable changes. */
  bootstrap: boolean;
}

/** An OAuth consumer without its secret. */
export interface OAuthConsumerView {
  id: number;
  key: string;
  name: string;
  administrative: boolean;
  createdAt: number;
  disabledAt: number | null;
}

/** An OAuth access token without the token or its secret. */
export interface OAuthTokenView {
  id: number;
  consumerId: number;
  consumerName: string;
  userId: number;
  /** What the user granted (USOS scopes); none for the tokens an administrator mints. */
  scopes: string[];
  createdAt: number;
  lastUsedAt: number | null;
  /** Null: never (offline_access, or minted by an administrator). */
  expiresAt: number | null;
  revokedAt: number | null;
}

/** Whose OAuth access tokens: a user's, or a consumer's. */
export type OAuthTokenOwner = { userId: number } | { consumerId: number };

const API_TOKEN_COLUMNS = `id, user_id, label, created_at, last_used_at, expires_at, revoked_at, bootstrap`;
const CONSUMER_COLUMNS = `id, consumer_key, name, administrative, created_at, disabled_at`;
const OAUTH_TOKEN_COLUMNS = `t.id, t.consumer_id, c.name AS consumer_name, t.user_id, t.scopes,
  t.created_at, t.last_used_at, t.expires_at, t.revoked_at`;

/** The SQL of the credential lifecycle: lists, revocations, consumers disabled and deleted. */
@Injectable()
export class CredentialLifecycleRepository {
  constructor(private readonly sql: Sql) {}

  async userExists(userId: number, em?: EntityManager): Promise<boolean> {
    return Boolean(await this.sql.one(`SELECT id FROM users WHERE id = ?`, [userId], em));
  }

  async consumerExists(consumerId: number, em?: EntityManager): Promise<boolean> {
    return Boolean(
      await this.sql.one(`SELECT id FROM oauth_consumers WHERE id = ?`, [consumerId], em),
    );
  }

  async apiTokens(userId: number): Promise<ApiTokenView[]> {
    const rows = await this.sql.query<ApiTokenRow>(
      `SELECT ${API_TOKEN_COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY id`,
      [userId],
    );
    return rows.map(toApiTokenView);
  }

  async apiTokenOfUserExists(tokenId: number, userId: number, em: EntityManager) {
    return Boolean(
      await this.sql.one(
        `SELECT id FROM api_tokens WHERE id = ? AND user_id = ?`,
        [tokenId, userId],
        em,
      ),
    );
  }

  /** Keeps the first revocation time of a revoked token. */
  async revokeApiToken(em: EntityManager, tokenId: number, now: number) {
    await this.sql.query(
      `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`,
      [now, tokenId],
      em,
    );
  }

  /** Answers how many live tokens were revoked. */
  async revokeApiTokensOfUser(em: EntityManager, userId: number, now: number): Promise<number> {
    const rows = await this.sql.query(
      `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING id`,
      [now, userId],
      em,
    );
    return rows.length;
  }

  async consumers(): Promise<OAuthConsumerView[]> {
    const rows = await this.sql.query<ConsumerRow>(
      `SELECT ${CONSUMER_COLUMNS} FROM oauth_consumers ORDER BY id`,
    );
    return rows.map(toConsumerView);
  }

  async consumer(consumerId: number, em: EntityManager): Promise<OAuthConsumerView | undefined> {
    const row = await this.sql.one<ConsumerRow>(
      `SELECT ${CONSUMER_COLUMNS} FROM oauth_consumers WHERE id = ?`,
      [consumerId],
      em,
    );
    return row && toConsumerView(row);
  }

  /** Disabling keeps the first time; null re-enables. */
  async setConsumerDisabledAt(em: EntityManager, consumerId: number, disabledAt: number | null) {
    await this.sql.query(
      disabledAt === null
        ? `UPDATE oauth_consumers SET disabled_at = NULL WHERE id = ?`
        : `UPDATE oauth_consumers SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL`,
      disabledAt === null ? [consumerId] : [disabledAt, consumerId],
      em,
    );
  }

  /** Its access tokens and nonces go with it (ON DELETE CASCADE). */
  async deleteConsumer(em: EntityManager, consumerId: number) {
    await this.sql.query(`DELETE FROM oauth_consumers WHERE id = ?`, [consumerId], em);
  }

  async oauthTokens(owner: OAuthTokenOwner): Promise<OAuthTokenView[]> {
    const [column, id] = ownerColumn(owner);
    const rows = await this.sql.query<OAuthTokenRow>(
      `SELECT ${OAUTH_TOKEN_COLUMNS} FROM oauth_tokens t
       JOIN oauth_consumers c ON c.id = t.consumer_id WHERE t.${column} = ? ORDER BY t.id`,
      [id],
    );
    return rows.map(toOAuthTokenView);
  }

  /** With `userId`, only a token of that user counts. */
  async oauthTokenExists(tokenId: number, em: EntityManager, userId?: number): Promise<boolean> {
    return Boolean(
      userId === undefined
        ? await this.sql.one(`SELECT id FROM oauth_tokens WHERE id = ?`, [tokenId], em)
        : await this.sql.one(
            `SELECT id FROM oauth_tokens WHERE id = ? AND user_id = ?`,
            [tokenId, userId],
            em,
          ),
    );
  }

  async revokeOAuthToken(em: EntityManager, tokenId: number, now: number) {
    await this.sql.query(
      `UPDATE oauth_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`,
      [now, tokenId],
      em,
    );
  }

  /** Answers how many live tokens were revoked. */
  async revokeOAuthTokens(em: EntityManager, owner: OAuthTokenOwner, now: number): Promise<number> {
    const [column, id] = ownerColumn(owner);
    const rows = await this.sql.query(
      `UPDATE oauth_tokens SET revoked_at = ? WHERE ${column} = ? AND revoked_at IS NULL RETURNING id`,
      [now, id],
      em,
    );
    return rows.length;
  }
}

function ownerColumn(owner: OAuthTokenOwner): ['user_id' | 'consumer_id', number] {
  return 'userId' in owner ? ['user_id', owner.userId] : ['consumer_id', owner.consumerId];
}

interface ApiTokenRow {
  id: number;
  user_id: number;
  label: string | null;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
  bootstrap: boolean | number;
}

function toApiTokenView(row: ApiTokenRow): ApiTokenView {
  return {
    id: row.id,
    userId: row.user_id,
    label: row.label,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    bootstrap: Boolean(row.bootstrap),
  };
}

interface ConsumerRow {
  id: number;
  consumer_key: string;
  name: string;
  administrative: boolean | number;
  created_at: number;
  disabled_at: number | null;
}

function toConsumerView(row: ConsumerRow): OAuthConsumerView {
  return {
    id: row.id,
    key: row.consumer_key,
    name: row.name,
    administrative: Boolean(row.administrative),
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

interface OAuthTokenRow {
  id: number;
  consumer_id: number;
  consumer_name: string;
  user_id: number;
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

function toOAuthTokenView(row: OAuthTokenRow): OAuthTokenView {
  return {
    id: row.id,
    consumerId: row.consumer_id,
    consumerName: row.consumer_name,
    userId: row.user_id,
    scopes: splitScopes(row.scopes),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}
