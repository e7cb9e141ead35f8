import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the admin API's directory lists (docs/admin-api.md), which page by keyset and
 * search by prefix so that a page costs the same at 1M groups as at 1k.
 *
 * Groups are listed by `name_key, id` in code-point order on both engines: SQLite's BINARY
 * collation is that order, and on PostgreSQL `COLLATE "C"` makes it so whatever the database's
 * collation is (a prefix is then exactly an index range). The single-column owner and
 * organization indexes are replaced by ones that also serve a filtered page in name order.
 * Users are searched by the prefix of their lower-cased username, e-mail, full name or last name.
 */
export class DirectoryIndexes1765400000000 implements MigrationInterface {
  name = 'DirectoryIndexes1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const name =
      queryRunner.connection.options.type === 'postgres' ? 'name_key COLLATE "C", id' : 'name_key';
    const lower = (expression: string) =>
      queryRunner.connection.options.type === 'postgres'
        ? `(LOWER(${expression}) COLLATE "C")`
        : `LOWER(${expression})`;
    const statements = [
      `DROP INDEX idx_groups_owner`,
      `DROP INDEX idx_groups_organization`,
      `CREATE INDEX idx_groups_owner_name ON groups (owner_id, ${name})`,
      `CREATE INDEX idx_groups_organization_name ON groups (organization_id, ${name})`,
      `CREATE INDEX idx_groups_federated_name ON groups (federated, ${name})`,
      `CREATE INDEX idx_users_username_prefix ON users (${lower('username')})`,
      `CREATE INDEX idx_users_email_prefix ON users (${lower('email')})`,
      `CREATE INDEX idx_users_full_name_prefix ON users (${lower(`first_name || ' ' || last_name`)})`,
      `CREATE INDEX idx_users_last_name_prefix ON users (${lower('last_name')})`,
    ];
    if (queryRunner.connection.options.type === 'postgres')
      statements.push(`CREATE INDEX idx_groups_name_key_c ON groups (${name})`);
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      'DROP INDEX IF EXISTS idx_groups_name_key_c',
      'DROP INDEX idx_users_last_name_prefix',
      'DROP INDEX idx_users_full_name_prefix',
      'DROP INDEX idx_users_email_prefix',
      'DROP INDEX idx_users_username_prefix',
      'DROP INDEX idx_groups_federated_name',
      'DROP INDEX idx_groups_organization_name',
      'DROP INDEX idx_groups_owner_name',
      'CREATE INDEX idx_groups_organization ON groups (organization_id)',
      'CREATE INDEX idx_groups_owner ON groups (owner_id)',
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }
}
