import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Groups counted per range of `name_key` (an order-statistic index in two levels), kept exact by
 * the database in the transaction that inserts, renames or deletes them (docs/performance.md F20,
 * F21). An administrator's list needs two things no index answers without walking every row it
 * passes: the total (a COUNT over a million groups: about 50 ms on PostgreSQL) and, for a page deep
 * in name order, where its OFFSET starts (an index walk over the skipped rows: 30–75 ms at offset
 * 500k). With the buckets the total is a sum over about a thousand rows, and a deep page starts at
 * the bucket holding its offset and skips at most one bucket's rows.
 *
 * A group belongs to the bucket with the greatest `start_key` ≤ its `name_key`; the bucket '' always
 * exists, so every group has one. A bucket that grows past BUCKET_MAX is split into pieces of
 * BUCKET_TARGET (its first piece keeps its start key). Buckets are never merged: deletes leave
 * smaller (or empty) buckets, which cost a row each in the sum.
 *
 * PostgreSQL: statement-level triggers with transition tables (a bulk insert updates each bucket
 * it touches once) and a row trigger for renames, all through `group_name_buckets_count`. A
 * concurrent split can move a boundary between reading it and locking the bucket, so the function
 * locks the buckets its keys fall in, in key order, and reads the boundaries again until they
 * stand still: a bucket one holds cannot be split by anyone else. A rename moves its group
 * between two buckets in one call, so they too are locked in key order. Concurrent creates whose
 * names fall in one bucket queue on its row from the insert to the commit; a transaction that
 * writes groups in several statements can still meet another in a deadlock, which PostgreSQL
 * breaks by failing one (a TransientConflict). SQLite has one writer: row triggers, and the split
 * is a trigger on the bucket's update.
 *
 * Anything that bypasses triggers (PostgreSQL's `session_replication_role = replica`, as the bench
 * seeding uses) must rebuild the buckets afterwards with `GROUP_NAME_BUCKETS_REBUILD`.
 */
export const BUCKET_TARGET = 4096;
export const BUCKET_MAX = 2 * BUCKET_TARGET;

/** Every bucket from scratch, from the groups in name order (TRUNCATE, migration, seeding). */
export const GROUP_NAME_BUCKETS_REBUILD = [
  `DELETE FROM group_name_buckets`,
  `INSERT INTO group_name_buckets (start_key, groups)
     SELECT CASE WHEN piece = 0 THEN '' ELSE MIN(name_key) END, COUNT(*)
     FROM (SELECT name_key, (ROW_NUMBER() OVER (ORDER BY name_key) - 1) / ${BUCKET_TARGET} AS piece
       FROM groups) p
     GROUP BY piece`,
  `INSERT INTO group_name_buckets (start_key, groups)
     SELECT '', 0 WHERE NOT EXISTS (SELECT 1 FROM group_name_buckets)`,
];

/**
 * The pieces after the first of the bucket starting at `lo` that holds `size` groups: they are
 * the bucket's first `size` groups at or after `lo` in name order.
 */
function splitPieces(lo: string, size: string): string {
  return `INSERT INTO group_name_buckets (start_key, groups)
    SELECT MIN(name_key), COUNT(*)
    FROM (SELECT name_key, (ROW_NUMBER() OVER (ORDER BY name_key) - 1) / ${BUCKET_TARGET} AS piece
      FROM (SELECT name_key FROM groups WHERE name_key >= ${lo} ORDER BY name_key LIMIT ${size}) r) p
    WHERE piece > 0
    GROUP BY piece`;
}

const BUCKET_OF = (key: string) =>
  `(SELECT MAX(b.start_key) FROM group_name_buckets b WHERE b.start_key <= ${key})`;

const POSTGRES = [
  `CREATE TABLE group_name_buckets (start_key VARCHAR(255) PRIMARY KEY, groups BIGINT NOT NULL)`,
  ...GROUP_NAME_BUCKETS_REBUILD,
  `CREATE FUNCTION group_name_buckets_count(keys TEXT[], deltas INTEGER[]) RETURNS void
   LANGUAGE plpgsql AS $$
   DECLARE
     held TEXT[];
     seen TEXT[];
     oversized RECORD;
   BEGIN
     IF COALESCE(cardinality(keys), 0) = 0 THEN
       RETURN;
     END IF;
     SELECT array_agg(DISTINCT ${BUCKET_OF('k')}) INTO seen FROM unnest(keys) AS k;
     LOOP
       held := seen;
       PERFORM 1 FROM group_name_buckets WHERE start_key = ANY(held) ORDER BY start_key FOR UPDATE;
       -- Each statement reads a fresh snapshot: a split committed while we waited shows here.
       SELECT array_agg(DISTINCT ${BUCKET_OF('k')}) INTO seen FROM unnest(keys) AS k;
       EXIT WHEN seen <@ held;
     END LOOP;
     UPDATE group_name_buckets b SET groups = b.groups + d.n
       FROM (SELECT ${BUCKET_OF('u.k')} AS start_key, SUM(u.delta) AS n
         FROM unnest(keys, deltas) AS u(k, delta) GROUP BY 1) d
       WHERE b.start_key = d.start_key AND d.n <> 0;
     FOR oversized IN
       SELECT start_key, groups FROM group_name_buckets
       WHERE start_key = ANY(seen) AND groups > ${BUCKET_MAX}
     LOOP
       ${splitPieces('oversized.start_key', 'oversized.groups')};
       UPDATE group_name_buckets SET groups = ${BUCKET_TARGET} WHERE start_key = oversized.start_key;
     END LOOP;
   END $$`,
  `CREATE FUNCTION group_name_buckets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM group_name_buckets_count(array_agg(name_key), array_agg(1)) FROM new_groups;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION group_name_buckets_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM group_name_buckets_count(array_agg(name_key), array_agg(-1)) FROM old_groups;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION group_name_buckets_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM group_name_buckets_count(ARRAY[OLD.name_key, NEW.name_key], ARRAY[-1, 1]);
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION group_name_buckets_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     ${GROUP_NAME_BUCKETS_REBUILD.join(';\n')};
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER trg_groups_name_buckets_insert AFTER INSERT ON groups
     REFERENCING NEW TABLE AS new_groups
     FOR EACH STATEMENT EXECUTE FUNCTION group_name_buckets_inserted()`,
  `CREATE TRIGGER trg_groups_name_buckets_delete AFTER DELETE ON groups
     REFERENCING OLD TABLE AS old_groups
     FOR EACH STATEMENT EXECUTE FUNCTION group_name_buckets_deleted()`,
  // A row trigger: transition tables are not allowed with a column list, and every member write
  // updates its group's updated_at; the WHEN clause spares those a function call.
  `CREATE TRIGGER trg_groups_name_buckets_rename AFTER UPDATE OF name_key ON groups
     FOR EACH ROW WHEN (OLD.name_key IS DISTINCT FROM NEW.name_key)
     EXECUTE FUNCTION group_name_buckets_renamed()`,
  `CREATE TRIGGER trg_groups_name_buckets_truncate AFTER TRUNCATE ON groups
     FOR EACH STATEMENT EXECUTE FUNCTION group_name_buckets_truncated()`,
];

const SQLITE = [
  `CREATE TABLE group_name_buckets (start_key VARCHAR(255) PRIMARY KEY, groups INTEGER NOT NULL)`,
  ...GROUP_NAME_BUCKETS_REBUILD,
  `CREATE TRIGGER trg_groups_name_buckets_insert AFTER INSERT ON groups BEGIN
     UPDATE group_name_buckets SET groups = groups + 1 WHERE start_key = ${BUCKET_OF('NEW.name_key')};
   END`,
  `CREATE TRIGGER trg_groups_name_buckets_delete AFTER DELETE ON groups BEGIN
     UPDATE group_name_buckets SET groups = groups - 1 WHERE start_key = ${BUCKET_OF('OLD.name_key')};
   END`,
  `CREATE TRIGGER trg_groups_name_buckets_rename AFTER UPDATE OF name_key ON groups
   WHEN OLD.name_key <> NEW.name_key BEGIN
     UPDATE group_name_buckets SET groups = groups - 1 WHERE start_key = ${BUCKET_OF('OLD.name_key')};
     UPDATE group_name_buckets SET groups = groups + 1 WHERE start_key = ${BUCKET_OF('NEW.name_key')};
   END`,
  // The split's own update (to BUCKET_TARGET) does not fire it again.
  `CREATE TRIGGER trg_group_name_buckets_split AFTER UPDATE OF groups ON group_name_buckets
   WHEN NEW.groups > ${BUCKET_MAX} BEGIN
     ${splitPieces('NEW.start_key', 'NEW.groups')};
     UPDATE group_name_buckets SET groups = ${BUCKET_TARGET} WHERE start_key = NEW.start_key;
   END`,
];

export class GroupNameBuckets1765800000000 implements MigrationInterface {
  name = 'GroupNameBuckets1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    for (const sql of postgres ? POSTGRES : SQLITE) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const triggers = ['insert', 'delete', 'rename', ...(postgres ? ['truncate'] : [])];
    const statements = triggers.map(
      (t) => `DROP TRIGGER trg_groups_name_buckets_${t}${postgres ? ' ON groups' : ''}`,
    );
    if (postgres) {
      for (const f of ['truncated', 'renamed', 'deleted', 'inserted'])
        statements.push(`DROP FUNCTION group_name_buckets_${f}()`);
      statements.push('DROP FUNCTION group_name_buckets_count(TEXT[], INTEGER[])');
    }
    statements.push('DROP TABLE group_name_buckets');
    for (const sql of statements) await queryRunner.query(sql);
  }
}
