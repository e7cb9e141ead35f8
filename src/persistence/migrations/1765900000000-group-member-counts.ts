import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each group's direct members counted in its own row, kept exact by the database in the
 * transaction that writes them (docs/performance.md F24): `member_count` (every direct member,
 * Civis `totalMemberCount`) and `active_member_count` (those whose user is active, Civis
 * `memberCount`). A page of groups reads two columns instead of two correlated COUNTs per group,
 * one of which probed `users` once per member (2,015 probes on the first Civis page at 1M).
 *
 * What changes a count:
 * - a `group_members` row inserted, deleted (directly or by a cascade from its group or its user)
 *   or moved to another group or user: ± 1 on its group, and on the active count too when its
 *   user is active;
 * - a user's `active` changing: ± 1 on the active count of every group it is a direct member of;
 * - a user deleted: its active memberships are taken off the active counts *before* the delete
 *   (once the row is gone, the cascade that deletes its memberships can no longer tell whether
 *   it was active); the cascade then takes them off the member counts. A membership whose user
 *   no longer exists counts as inactive.
 *
 * PostgreSQL: statement-level triggers with transition tables on `group_members` (a bulk insert
 * updates each group once), a row trigger for the (never used) update of its keys, row triggers
 * on `users`, and TRUNCATE resets; all the membership triggers go through
 * `group_member_counts_apply`. Lock order, so that these triggers add no deadlock between
 * themselves: a membership write share-locks its users (in id order) and then locks its groups
 * (in id order); a change of `active` holds its user's row (the UPDATE locks it) and then locks
 * its groups in id order. Groups are locked FOR NO KEY UPDATE, the lock the UPDATE of the counts
 * takes anyway: FOR UPDATE would conflict with the KEY SHARE lock each concurrent insert's
 * foreign-key check holds on the group, and concurrent adds to one group would deadlock. The share lock makes the two exact under READ COMMITTED: a membership
 * written concurrently with a change of its user's `active` either commits before the change
 * reads the user's memberships or reads the changed `active` after it commits. SQLite has one
 * writer: row triggers, which foreign-key cascades fire too (with `foreign_keys = ON`).
 *
 * Anything that bypasses triggers (PostgreSQL's `session_replication_role = replica`, as the bench
 * seeding uses) must rebuild the counts afterwards with `GROUP_MEMBER_COUNTS_REBUILD`.
 */

/**
 * Every group's counts from its member rows (migration, seeding). It writes only the groups whose
 * counts are wrong, so a dataset seeded with exact counts is left as it was written.
 */
export const GROUP_MEMBER_COUNTS_REBUILD = [
  `UPDATE groups SET member_count = c.n, active_member_count = c.a
   FROM (SELECT g.id, COALESCE(m.n, 0) AS n, COALESCE(m.a, 0) AS a
     FROM groups g LEFT JOIN (
       SELECT gm.group_id, COUNT(*) AS n, SUM(CASE WHEN u.active = TRUE THEN 1 ELSE 0 END) AS a
       FROM group_members gm JOIN users u ON u.id = gm.user_id GROUP BY gm.group_id) m
     ON m.group_id = g.id) c
   WHERE groups.id = c.id AND (groups.member_count <> c.n OR groups.active_member_count <> c.a)`,
];

const COLUMNS = [
  `ALTER TABLE groups ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE groups ADD COLUMN active_member_count INTEGER NOT NULL DEFAULT 0`,
];

/** The groups `user` (a column reference) is a direct member of, locked in id order. */
const LOCK_GROUPS_OF = (user: string) =>
  `PERFORM 1 FROM groups WHERE id IN (SELECT group_id FROM group_members WHERE user_id = ${user})
     ORDER BY id FOR NO KEY UPDATE`;

const POSTGRES = [
  ...COLUMNS,
  ...GROUP_MEMBER_COUNTS_REBUILD,
  // Rows i of the three arrays: a membership (group_ids[i], user_ids[i]) added (+1) or removed (-1).
  // Generic plans: with custom ones (plpgsql's default for parameters) the three statements were
  // planned again on every call, for 0.5 ms of a one-member insert's 0.6 ms; generic they cost
  // 0.1 ms (docs/performance.md F24). Their plans probe the primary keys for any array size.
  `CREATE FUNCTION group_member_counts_apply(group_ids INTEGER[], user_ids INTEGER[], signs INTEGER[])
   RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
   BEGIN
     IF COALESCE(cardinality(group_ids), 0) = 0 THEN
       RETURN;
     END IF;
     -- Users first, as a change of active holds its user and then locks its groups. A deleted
     -- group's memberships (its cascade) need neither lock: there is no count left to change.
     PERFORM 1 FROM users WHERE id IN (
         SELECT c.user_id FROM unnest(group_ids, user_ids) AS c(group_id, user_id)
         JOIN groups g ON g.id = c.group_id)
       ORDER BY id FOR SHARE;
     PERFORM 1 FROM groups WHERE id = ANY(group_ids) ORDER BY id FOR NO KEY UPDATE;
     -- A fresh snapshot: the active flags of the users just locked, as they will stay.
     UPDATE groups g SET member_count = g.member_count + d.n,
         active_member_count = g.active_member_count + d.a
       FROM (SELECT c.group_id, SUM(c.sign) AS n,
           SUM(CASE WHEN u.active THEN c.sign ELSE 0 END) AS a
         FROM unnest(group_ids, user_ids, signs) AS c(group_id, user_id, sign)
         LEFT JOIN users u ON u.id = c.user_id
         GROUP BY c.group_id) d
       WHERE g.id = d.group_id AND (d.n <> 0 OR d.a <> 0);
   END $$`,
  `CREATE FUNCTION group_member_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM group_member_counts_apply(array_agg(group_id), array_agg(user_id), array_agg(1))
       FROM new_members;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION group_member_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM group_member_counts_apply(array_agg(group_id), array_agg(user_id), array_agg(-1))
       FROM old_members;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION group_member_counts_moved() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM group_member_counts_apply(ARRAY[OLD.group_id, NEW.group_id],
       ARRAY[OLD.user_id, NEW.user_id], ARRAY[-1, 1]);
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION group_member_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     UPDATE groups SET member_count = 0, active_member_count = 0
       WHERE member_count <> 0 OR active_member_count <> 0;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION group_member_counts_user_active() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     ${LOCK_GROUPS_OF('NEW.id')};
     UPDATE groups SET active_member_count = active_member_count + CASE WHEN NEW.active THEN 1 ELSE -1 END
       WHERE id IN (SELECT group_id FROM group_members WHERE user_id = NEW.id);
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION group_member_counts_user_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     ${LOCK_GROUPS_OF('OLD.id')};
     UPDATE groups SET active_member_count = active_member_count - 1
       WHERE id IN (SELECT group_id FROM group_members WHERE user_id = OLD.id);
     RETURN OLD;
   END $$`,
  `CREATE TRIGGER trg_group_members_counts_insert AFTER INSERT ON group_members
     REFERENCING NEW TABLE AS new_members
     FOR EACH STATEMENT EXECUTE FUNCTION group_member_counts_inserted()`,
  `CREATE TRIGGER trg_group_members_counts_delete AFTER DELETE ON group_members
     REFERENCING OLD TABLE AS old_members
     FOR EACH STATEMENT EXECUTE FUNCTION group_member_counts_deleted()`,
  // Transition tables are not allowed with a column list; nothing updates these keys today.
  `CREATE TRIGGER trg_group_members_counts_move AFTER UPDATE OF group_id, user_id ON group_members
     FOR EACH ROW
     WHEN (OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.user_id IS DISTINCT FROM NEW.user_id)
     EXECUTE FUNCTION group_member_counts_moved()`,
  `CREATE TRIGGER trg_group_members_counts_truncate AFTER TRUNCATE ON group_members
     FOR EACH STATEMENT EXECUTE FUNCTION group_member_counts_truncated()`,
  `CREATE TRIGGER trg_users_member_counts_active AFTER UPDATE OF active ON users
     FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active)
     EXECUTE FUNCTION group_member_counts_user_active()`,
  // BEFORE: the cascade that deletes the user's memberships runs after the row is gone.
  `CREATE TRIGGER trg_users_member_counts_delete BEFORE DELETE ON users
     FOR EACH ROW WHEN (OLD.active) EXECUTE FUNCTION group_member_counts_user_deleting()`,
];

/** The active count's share of a membership of `user` (a column reference): 0 or 1. */
const ACTIVE = (user: string) =>
  `(SELECT COUNT(*) FROM users WHERE id = ${user} AND active = TRUE)`;
const ADD = (row: 'NEW' | 'OLD', sign: '+' | '-') =>
  `UPDATE groups SET member_count = member_count ${sign} 1,
     active_member_count = active_member_count ${sign} ${ACTIVE(`${row}.user_id`)}
   WHERE id = ${row}.group_id;`;

const SQLITE = [
  ...COLUMNS,
  ...GROUP_MEMBER_COUNTS_REBUILD,
  `CREATE TRIGGER trg_group_members_counts_insert AFTER INSERT ON group_members BEGIN
     ${ADD('NEW', '+')}
   END`,
  `CREATE TRIGGER trg_group_members_counts_delete AFTER DELETE ON group_members BEGIN
     ${ADD('OLD', '-')}
   END`,
  `CREATE TRIGGER trg_group_members_counts_move AFTER UPDATE OF group_id, user_id ON group_members
   WHEN OLD.group_id <> NEW.group_id OR OLD.user_id <> NEW.user_id BEGIN
     ${ADD('OLD', '-')}
     ${ADD('NEW', '+')}
   END`,
  `CREATE TRIGGER trg_users_member_counts_active AFTER UPDATE OF active ON users
   WHEN (OLD.active = TRUE) <> (NEW.active = TRUE) BEGIN
     UPDATE groups
       SET active_member_count = active_member_count + CASE WHEN NEW.active = TRUE THEN 1 ELSE -1 END
       WHERE id IN (SELECT group_id FROM group_members WHERE user_id = NEW.id);
   END`,
  // BEFORE: the cascade that deletes the user's memberships runs after the row is gone.
  `CREATE TRIGGER trg_users_member_counts_delete BEFORE DELETE ON users
   WHEN OLD.active = TRUE BEGIN
     UPDATE groups SET active_member_count = active_member_count - 1
       WHERE id IN (SELECT group_id FROM group_members WHERE user_id = OLD.id);
   END`,
];

export class GroupMemberCounts1765900000000 implements MigrationInterface {
  name = 'GroupMemberCounts1765900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    for (const sql of postgres ? POSTGRES : SQLITE) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const on = (table: string) => (postgres ? ` ON ${table}` : '');
    const statements = [
      ...['insert', 'delete', 'move', ...(postgres ? ['truncate'] : [])].map(
        (t) => `DROP TRIGGER trg_group_members_counts_${t}${on('group_members')}`,
      ),
      ...['active', 'delete'].map((t) => `DROP TRIGGER trg_users_member_counts_${t}${on('users')}`),
    ];
    if (postgres) {
      for (const f of ['user_deleting', 'user_active', 'truncated', 'moved', 'deleted', 'inserted'])
        statements.push(`DROP FUNCTION group_member_counts_${f}()`);
      statements.push('DROP FUNCTION group_member_counts_apply(INTEGER[], INTEGER[], INTEGER[])');
    }
    statements.push(
      'ALTER TABLE groups DROP COLUMN active_member_count',
      'ALTER TABLE groups DROP COLUMN member_count',
    );
    for (const sql of statements) await queryRunner.query(sql);
  }
}
