import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ROOT_LOGGER, RootLogger } from '../operations/app-logger';
import { TransactionRunner } from '../persistence/transaction-runner';
import { CredentialsRepository } from './credentials.repository';
import { hashToken } from './credentials.service';
import { hashPassword } from './password-hasher';

/**
 * Start-up contract (docs/architecture.md): idempotently ensure the configured system administrator, its
 * password and token. With none configured and no administrator in the database, generate one
 * token and print it once.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly credentials: CredentialsRepository,
    private readonly transactions: TransactionRunner,
    @Inject(ROOT_LOGGER) private readonly rootLogger: RootLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminUsername, adminPassword, adminToken } = this.config;
    const anyAdmin = await this.credentials.anyAdminExists();
    if (!adminPassword && !adminToken && anyAdmin) return;
    const generatedToken =
      !adminPassword && !adminToken ? randomBytes(32).toString('base64url') : undefined;
    const token = adminToken ?? generatedToken;
    // Hash before the transaction: nothing but SQL may be awaited inside one (docs/architecture.md, "Transactions").
    const passwordHash = adminPassword ? await hashPassword(adminPassword) : undefined;
    const bootstrap = await this.transactions.runInTransaction(async (em) => {
      const now = Date.now();
      const userId = await this.credentials.ensureAdmin(em, adminUsername, now);
      if (passwordHash) await this.credentials.setPasswordHash(em, userId, passwordHash, now);
      if (!token) return undefined;
      // One live bootstrap token: a changed ADMIN_TOKEN revokes the previous one, and a revoked
      // value stays revoked (a revocation is final).
      const label = generatedToken ? 'generated at first start' : 'ADMIN_TOKEN';
      return this.credentials.replaceBootstrapToken(em, userId, hashToken(token), label, now);
    });
    if (bootstrap?.replaced) {
      this.logger.log(
        `ADMIN_TOKEN changed: ${bootstrap.replaced} earlier bootstrap token(s) revoked`,
      );
    }
    if (bootstrap?.revoked) {
      this.logger.warn(
        'ADMIN_TOKEN names a token that was revoked; it stays revoked. Set a new ADMIN_TOKEN.',
      );
    }
    if (generatedToken) {
      this.announce(adminUsername, generatedToken);
    } else {
      this.logger.log(`System administrator "${adminUsername}" ensured`);
    }
  }

  /**
   * Logged once, on purpose: this is the only time the token exists in clear. One labelled record
   * a log collector can find, written whatever LOG_LEVEL says; a banner too for a person watching.
   */
  private announce(adminUsername: string, adminToken: string): void {
    this.rootLogger
      .child({ context: 'AdminBootstrap' }, { level: 'info' })
      .info(
        { event: 'admin_token_generated', adminUsername, adminToken },
        `Created system administrator "${adminUsername}"; its API token is in adminToken (shown once, keep it)`,
      );
    if (process.stdout.isTTY) {
      process.stdout.write(
        `\n  Groupbridge created system administrator "${adminUsername}".\n` +
          `  Its API token (shown once, keep it): ${adminToken}\n\n`,
      );
    }
  }
}
