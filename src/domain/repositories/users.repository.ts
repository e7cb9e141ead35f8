import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Sql } from '../../persistence/sql';
import { UserView } from '../views';
import { toUserView, USER_COLUMNS, UserRow } from './group-rows';

/** The columns a create writes. */
export interface NewUserRow {
  username: string;
  firstName: string;
  lastName: string;
  email: string | null;
  passwordHash: string | null;
  isAdmin: boolean;
  active: boolean;
  organizationId: number | null;
  createdAt: number;
}

/** The columns an update may change; absent ones keep their value. */
export type UserChanges = Partial<Omit<NewUserRow, 'createdAt'>> & { updatedAt: number };

const COLUMNS = {
  username: 'username',
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  passwordHash: 'password_hash',
  isAdmin: 'is_admin',
  active: 'active',
  organizationId: 'organization_id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof NewUserRow | keyof UserChanges, string>;

@Injectable()
export class UsersRepository {
  constructor(private readonly sql: Sql) {}

  /** Users among `ids` that exist, by id. */
  async byIds(ids: readonly number[], em?: EntityManager): Promise<UserView[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.id IN ${Sql.list(ids)} ORDER BY u.id`,
      ids,
      em,
    );
    return rows.map(toUserView);
  }

  async byUsername(username: string): Promise<UserView | null> {
    const row = await this.sql.one<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.username = ?`,
      [username],
    );
    return row ? toUserView(row) : null;
  }

  /** Users whose lower-cased e-mail is one of `keys`, by id. */
  async byEmailKeys(keys: readonly string[]): Promise<UserView[]> {
    const rows = await this.sql.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE LOWER(u.email) IN ${Sql.list(keys)} ORDER BY u.id`,
      keys,
    );
    return rows.map(toUserView);
  }

  /** The ids among `ids` that exist. */
  async existingIds(ids: readonly number[], em?: EntityManager): Promise<Set<number>> {
    const rows = await this.sql.query<{ id: number }>(
      `SELECT id FROM users WHERE id IN ${Sql.list(ids)}`,
      ids,
      em,
    );
    return new Set(rows.map((r) => r.id));
  }

  async exists(userId: number, em?: EntityManager): Promise<boolean> {
    return Boolean(await this.sql.one(`SELECT id FROM users WHERE id = ?`, [userId], em));
  }

  async organizationOf(userId: number, em: EntityManager): Promise<number | null> {
    const row = await this.sql.one<{ organization_id: number | null }>(
      `SELECT organization_id FROM users WHERE id = ?`,
      [userId],
      em,
    );
    return row?.organization_id ?? null;
  }

  /** Inserts the user and answers its id. */
  async insert(em: EntityManager, user: NewUserRow): Promise<number> {
    const values = { ...user, updatedAt: user.createdAt };
    const keys = Object.keys(values) as Array<keyof typeof values>;
    const row = await this.sql.one<{ id: number }>(
      `INSERT INTO users (${keys.map((k) => COLUMNS[k]).join(', ')}) VALUES ${Sql.list(keys)} RETURNING id`,
      keys.map((k) => values[k]),
      em,
    );
    return row!.id;
  }

  async update(em: EntityManager, userId: number, changes: UserChanges): Promise<void> {
    const keys = (Object.keys(changes) as Array<keyof UserChanges>).filter(
      (k) => changes[k] !== undefined,
    );
    await this.sql.query(
      `UPDATE users SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`,
      [...keys.map((k) => changes[k]), userId],
      em,
    );
  }

  /** Revokes every live API token and OAuth access token of the user. */
  async revokeTokens(em: EntityManager, userId: number, now: number): Promise<void> {
    for (const table of ['api_tokens', 'oauth_tokens']) {
      await this.sql.query(
        `UPDATE ${table} SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`,
        [now, userId],
        em,
      );
    }
  }

  /** Deletes the user. User shares have no foreign key (polymorphic principal): removed here. */
  async delete(em: EntityManager, userId: number): Promise<void> {
    await this.sql.query(
      `DELETE FROM group_shares WHERE principal_type = 'user' AND principal_id = ?`,
      [userId],
      em,
    );
    await this.sql.query(`DELETE FROM users WHERE id = ?`, [userId], em);
  }
}
