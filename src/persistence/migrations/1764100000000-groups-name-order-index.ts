import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists sort by `name_key, id`. On PostgreSQL `uq_groups_name_key` holds no id, so a page deep in
 * the table walked the heap for every skipped row and re-sorted each name: 1.1 s at offset 500k
 * of 1M groups. With `(name_key, id)` the page's ids come from an index-only scan (50 ms).
 * SQLite needs nothing: its name index already ends with the rowid, which is `id`.
 */
export class GroupsNameOrderIndex1764100000000 implements MigrationInterface {
  name = 'GroupsNameOrderIndex1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(`CREATE INDEX idx_groups_name_key_id ON groups (name_key, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(`DROP INDEX idx_groups_name_key_id`);
  }
}
