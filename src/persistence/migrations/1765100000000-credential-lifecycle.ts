import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credential lifecycle (issue 17). A revoked or expired credential keeps its row, so the admin
 * API can still list when it was created, last used and revoked; only deleting a consumer
 * removes rows (its tokens and nonces go with it through the existing ON DELETE CASCADE).
 * `bootstrap` marks the token that came from ADMIN_TOKEN, which is revoked when the variable
 * changes. All columns are nullable or defaulted, so ADD COLUMN works on both engines.
 */
export class CredentialLifecycle1765100000000 implements MigrationInterface {
  name = 'CredentialLifecycle1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE api_tokens ADD COLUMN label VARCHAR(255)`,
      `ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT`,
      `ALTER TABLE api_tokens ADD COLUMN last_used_at BIGINT`,
      `ALTER TABLE api_tokens ADD COLUMN revoked_at BIGINT`,
      `ALTER TABLE api_tokens ADD COLUMN bootstrap BOOLEAN NOT NULL DEFAULT FALSE`,
      `ALTER TABLE oauth_consumers ADD COLUMN disabled_at BIGINT`,
      `ALTER TABLE oauth_tokens ADD COLUMN last_used_at BIGINT`,
      `ALTER TABLE oauth_tokens ADD COLUMN revoked_at BIGINT`,
      `CREATE INDEX IF NOT EXISTS idx_oauth_tokens_user ON oauth_tokens (user_id)`,
      `CREATE INDEX idx_oauth_tokens_consumer ON oauth_tokens (consumer_id)`,
    ]) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP INDEX idx_oauth_tokens_consumer`,
      `DROP INDEX idx_oauth_tokens_user`,
      `ALTER TABLE oauth_tokens DROP COLUMN revoked_at`,
      `ALTER TABLE oauth_tokens DROP COLUMN last_used_at`,
      `ALTER TABLE oauth_consumers DROP COLUMN disabled_at`,
      `ALTER TABLE api_tokens DROP COLUMN bootstrap`,
      `ALTER TABLE api_tokens DROP COLUMN revoked_at`,
      `ALTER TABLE api_tokens DROP COLUMN last_used_at`,
      `ALTER TABLE api_tokens DROP COLUMN expires_at`,
      `ALTER TABLE api_tokens DROP COLUMN label`,
    ]) {
      await queryRunner.query(sql);
    }
  }
}
