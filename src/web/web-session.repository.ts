import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Sql } from '../persistence/sql';

export interface WebSessionRow {
  userId: number | null;
  csrfSecret: string;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  isAdmin: boolean | number | null;
  /** False when the session belongs to a user who has since been deactivated or deleted. */
  userActive: boolean;
}

/** The only SQL of `web_sessions`. Ids arrive hashed. */
@Injectable()
export class WebSessionRepository {
  private readonly sql: Sql;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.sql = new Sql(dataSource);
  }

  async findLive(idHash: string, now: number): Promise<WebSessionRow | null> {
    const row = await this.sql.one<{
      user_id: number | null;
      csrf_secret: string;
      username: string | null;
      first_name: string | null;
      last_name: string | null;
      is_admin: boolean | number | null;
    }>(
      `SELECT s.user_id, s.csrf_secret, u.username, u.first_name, u.last_name, u.is_admin
       FROM web_sessions s LEFT JOIN users u ON u.id = s.user_id AND u.active = TRUE
       WHERE s.id_hash = ? AND s.expires_at > ?`,
      [idHash, now],
    );
    if (!row) return null;
    return {
      userId: row.user_id,
      csrfSecret: row.csrf_secret,
      username: row.username,
      firstName: row.first_name,
      lastName: row.last_name,
      isAdmin: row.is_admin,
      userActive: row.user_id === null || row.username !== null,
    };
  }

  async insert(
    session: {
      idHash: string;
      userId: number | null;
      csrfSecret: string;
      createdAt: number;
      expiresAt: number;
    },
    em: EntityManager,
  ): Promise<void> {
    await this.sql.query(
      `INSERT INTO web_sessions (id_hash, user_id, csrf_secret, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?)`,
      [session.idHash, session.userId, session.csrfSecret, session.createdAt, session.expiresAt],
      em,
    );
  }

  async delete(idHash: string, em: EntityManager): Promise<void> {
    await this.sql.query(`DELETE FROM web_sessions WHERE id_hash = ?`, [idHash], em);
  }

  async deleteExpired(now: number, em: EntityManager): Promise<void> {
    await this.sql.query(`DELETE FROM web_sessions WHERE expires_at <= ?`, [now], em);
  }
}
