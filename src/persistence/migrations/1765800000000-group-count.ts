import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The number of groups, kept exact by the database in the transaction that inserts or deletes
 * them, so an unrestricted list's total is a read of a few rows instead of a COUNT over every
 * group (PostgreSQL, 1M groups: about 50 ms; docs/performance.md F20).
 *
 * The total is `SUM(groups)` over the slots. PostgreSQL: one statement-level trigger per insert or
 * delete statement adds the size of its transition table to the slot of its backend, so a bulk
 * insert costs one counter update, and concurrent creates on different pooled connections lock
 * different slot rows instead of queuing on one. TRUNCATE (which fires no delete trigger) zeroes
 * every slot. SQLite has one writer at a time: one slot, row triggers.
 *
 * Anything that bypasses triggers (PostgreSQL's `session_replication_role = replica`, as the bench
 * seeding uses) must recount afterwards with `GROUP_RECOUNT`.
 */
export const GROUP_COUNT_SLOTS = 16;

/** Sets the slots to the exact count of `groups` (all of it in slot 0). */
export const GROUP_RECOUNT = `UPDATE group_count_slots
  SET groups = CASE WHEN slot = 0 THEN (SELECT COUNT(*) FROM groups) ELSE 0 END`;

export class GroupCount1765800000000 implements MigrationInterface {
  name = 'GroupCount1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const statements = postgres
      ? [
          `CREATE TABLE group_count_slots (slot SMALLINT PRIMARY KEY, groups BIGINT NOT NULL)`,
          `INSERT INTO group_count_slots (slot, groups)
             SELECT s, 0 FROM generate_series(0, ${GROUP_COUNT_SLOTS - 1}) AS s`,
          GROUP_RECOUNT,
          countFunction('group_count_inserted', 'new_groups', '+'),
          countFunction('group_count_deleted', 'old_groups', '-'),
          `CREATE FUNCTION group_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             UPDATE group_count_slots SET groups = 0;
             RETURN NULL;
           END $$`,
          `CREATE TRIGGER trg_groups_count_insert AFTER INSERT ON groups
             REFERENCING NEW TABLE AS new_groups
             FOR EACH STATEMENT EXECUTE FUNCTION group_count_inserted()`,
          `CREATE TRIGGER trg_groups_count_delete AFTER DELETE ON groups
             REFERENCING OLD TABLE AS old_groups
             FOR EACH STATEMENT EXECUTE FUNCTION group_count_deleted()`,
          `CREATE TRIGGER trg_groups_count_truncate AFTER TRUNCATE ON groups
             FOR EACH STATEMENT EXECUTE FUNCTION group_count_truncated()`,
        ]
      : [
          `CREATE TABLE group_count_slots (slot INTEGER PRIMARY KEY, groups INTEGER NOT NULL)`,
          `INSERT INTO group_count_slots (slot, groups) VALUES (0, 0)`,
          GROUP_RECOUNT,
          `CREATE TRIGGER trg_groups_count_insert AFTER INSERT ON groups BEGIN
             UPDATE group_count_slots SET groups = groups + 1 WHERE slot = 0;
           END`,
          `CREATE TRIGGER trg_groups_count_delete AFTER DELETE ON groups BEGIN
             UPDATE group_count_slots SET groups = groups - 1 WHERE slot = 0;
           END`,
        ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const statements = [
      ...(postgres ? ['DROP TRIGGER trg_groups_count_truncate ON groups'] : []),
      `DROP TRIGGER trg_groups_count_delete${postgres ? ' ON groups' : ''}`,
      `DROP TRIGGER trg_groups_count_insert${postgres ? ' ON groups' : ''}`,
      ...(postgres
        ? [
            'DROP FUNCTION group_count_truncated()',
            'DROP FUNCTION group_count_deleted()',
            'DROP FUNCTION group_count_inserted()',
          ]
        : []),
      'DROP TABLE group_count_slots',
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }
}

/**
 * Adds (or subtracts) the statement's row count to its backend's slot. An empty statement locks
 * nothing. The table names resolve through the session's search_path, as every other statement's.
 */
function countFunction(name: string, transitionTable: string, sign: '+' | '-'): string {
  return `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      changed BIGINT;
    BEGIN
      SELECT COUNT(*) INTO changed FROM ${transitionTable};
      IF changed > 0 THEN
        UPDATE group_count_slots SET groups = groups ${sign} changed
          WHERE slot = pg_backend_pid() % ${GROUP_COUNT_SLOTS};
      END IF;
      RETURN NULL;
    END $$`;
}
