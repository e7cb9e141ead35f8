import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an identity provider provisioning over SCIM needs stored (docs/scim.md): the provider's
 * own id for users and groups (`external_id`), a user's display name, every e-mail address of a
 * user with its type (filters such as `emails[type eq "work"]` run in SQL), the attributes kept
 * for the provider without meaning to Groupbridge (`profile`, JSON), and the provisioning role.
 *
 * Case-insensitive lookups (SCIM `userName` and `emails.value` are caseExact=false) use
 * expression indexes on LOWER(), which both engines support.
 */
export class DirectoryProvisioning1765600000000 implements MigrationInterface {
  name = 'DirectoryProvisioning1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE users ADD COLUMN external_id VARCHAR(255)`,
      `ALTER TABLE users ADD COLUMN display_name VARCHAR(255)`,
      `ALTER TABLE users ADD COLUMN profile TEXT`,
      `ALTER TABLE users ADD COLUMN provisioner BOOLEAN NOT NULL DEFAULT FALSE`,
      `ALTER TABLE groups ADD COLUMN external_id VARCHAR(255)`,
      `CREATE INDEX idx_users_username_lower ON users (LOWER(username))`,
      `CREATE INDEX idx_users_external_id ON users (external_id)`,
      `CREATE INDEX idx_groups_external_id ON groups (external_id)`,
      // The directory's groups are the federated ones, listed by id.
      `CREATE INDEX idx_groups_federated_id ON groups (federated, id)`,
      `CREATE INDEX idx_users_created_at ON users (created_at, id)`,
      `CREATE INDEX idx_users_updated_at ON users (updated_at, id)`,
      `CREATE TABLE user_emails (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        position SMALLINT NOT NULL,
        value VARCHAR(320) NOT NULL,
        type VARCHAR(64),
        is_primary BOOLEAN NOT NULL DEFAULT FALSE,
        PRIMARY KEY (user_id, position)
      )`,
      `CREATE INDEX idx_user_emails_value ON user_emails (LOWER(value), user_id)`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `DROP TABLE user_emails`,
      `DROP INDEX idx_users_updated_at`,
      `DROP INDEX idx_users_created_at`,
      `DROP INDEX idx_groups_federated_id`,
      `DROP INDEX idx_groups_external_id`,
      `DROP INDEX idx_users_external_id`,
      `DROP INDEX idx_users_username_lower`,
      `ALTER TABLE groups DROP COLUMN external_id`,
      `ALTER TABLE users DROP COLUMN provisioner`,
      `ALTER TABLE users DROP COLUMN profile`,
      `ALTER TABLE users DROP COLUMN display_name`,
      `ALTER TABLE users DROP COLUMN external_id`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }
}
