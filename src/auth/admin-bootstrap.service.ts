import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Sql } from '../persistence/sql';
import { TransactionRunner } from '../persistence/transaction-runner';
import { hashToken } from './credentials.service';
import { hashPassword } from './password-hasher';

/**
 * Start-up contract (DESIGN.md): idempotently ensure the configured system administrator, its
 * password and token. With none configured and no administrator in the database, generate one
 * token and print it once.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');
  private readonly sql: Sql;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DataSource) dataSource: DataSource,
    private readonly transactions: TransactionRunner,
  ) {
    this.sql = new Sql(dataSource);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { adminUsername, adminPassword, adminToken } = this.config;
    const anyAdmin = await this.sql.one(`SELECT id FROM users WHERE is_admin = TRUE LIMIT 1`);
    if (!adminPassword && !adminToken && anyAdmin) return;
    const generatedToken =
      !adminPassword && !adminToken ? randomBytes(32).toString('base64url') : undefined;
    const token = adminToken ?? generatedToken;
    // Hash before the transaction: nothing but SQL may be awaited inside one (ENGINEERING.md §0.2).
    const passwordHash = adminPassword ? await hashPassword(adminPassword) : undefined;
    await this.transactions.runInTransaction(async (em) => {
      const now = Date.now();
      // ON CONFLICT: instances starting together on one PostgreSQL may race to create it.
      await this.sql.query(
        `INSERT INTO users (username, first_name, last_name, active, is_admin, created_at, updated_at)
         VALUES (?, 'System', 'Administrator', TRUE, TRUE, ?, ?)
         ON CONFLICT (username) DO NOTHING`,
        [adminUsername, now, now],
        em,
      );
      const user = (await this.sql.one<{ id: number }>(
        `SELECT id FROM users WHERE username = ?`,
        [adminUsername],
        em,
      ))!;
      await this.sql.query(
        `UPDATE users SET is_admin = TRUE, active = TRUE WHERE id = ?`,
        [user.id],
        em,
      );
      if (passwordHash) {
        await this.sql.query(
          `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`,
          [passwordHash, now, user.id],
          em,
        );
      }
      if (token) {
        await this.sql.query(
          `INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)
           ON CONFLICT (token_hash) DO NOTHING`,
          [user.id, hashToken(token), now],
          em,
        );
      }
    });
    if (generatedToken) {
      // Printed once, on purpose: this is the only time the token exists in clear.
      process.stdout.write(
        `\nGroupbridge: created system administrator "${adminUsername}".\n` +
          `Its API token (shown once, keep it): ${generatedToken}\n\n`,
      );
    } else {
      this.logger.log(`System administrator "${adminUsername}" ensured`);
    }
  }
}
