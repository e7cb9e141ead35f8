import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '../src/persistence/data-source-options';
import { GROUP_NAME_BUCKETS_REBUILD } from '../src/persistence/migrations/1765800000000-group-name-buckets';
import { GROUP_MEMBER_COUNTS_REBUILD } from '../src/persistence/migrations/1765900000000-group-member-counts';

/**
 * Benchmark datasets, seeded with SQL straight into the migrated schema and reused across runs.
 * Every seeded row carries a timestamp ≤ RESET_CUTOFF; rows a run writes carry "now", which is
 * how `resetWrites` restores the seeded state between rounds without reseeding.
 */
export type EngineName = 'sqlite' | 'postgres';

/** Bump when the seeded content changes: old datasets are then ignored. */
const SEED_VERSION = 4;
export const SEED_TS = 1_700_000_000_000;
export const RESET_CUTOFF = SEED_TS + 100_000_000;
export const USER_COUNT = 100_000;
export const ORG_COUNT = 10;

/** The fixed shape every workload relies on (ids are the same on both engines). */
export const LAYOUT = {
  /** Owner of every group: W3's writer (manage through ownership). */
  ownerUserId: 1,
  /** The group with 1000 direct members (users 1..1000). */
  bigGroupId: 1,
  bigGroupMembers: 1000,
  /** Depth-5 nesting chain: group 2 ⊂ 3 ⊂ 4 ⊂ 5 ⊂ 6 (child ⊂ parent). */
  chain: [2, 3, 4, 5, 6],
  /** Fan-out: groups 7..26 are the 20 children of group 2 (the chain's bottom). */
  fanOut: Array.from({ length: 20 }, (_, i) => 7 + i),
  /** W4 targets: groups 27..46, each shared (read) with group 6 (the chain's top) only. */
  targets: Array.from({ length: 20 }, (_, i) => 27 + i),
  /** W4's caller: a direct member of the 20 fan-out groups, nothing else on the targets. */
  nestedUserId: USER_COUNT,
  membersPerGroup: 5,
  /** W8's caller: the creator of groups 1001..2000 (every other group was created by the owner). */
  creatorUserId: 2,
  createdByCreator: { first: 1001, last: 2000 },
  /** Federated (directory-synced) groups, the only ones SCIM sees: W6's. */
  federated: { first: 3001, last: 4000 },
  /** W6's caller: a user with the provisioning role (beyond the USER_COUNT plain users). */
  provisionerUserId: USER_COUNT + 1,
} as const;

/** Seeded direct members of group g (g ≥ 2): users ((g*5 + k) mod U) + 1, k = 0..4. */
export function seededMember(groupId: number, k: number): number {
  return ((groupId * 5 + k) % USER_COUNT) + 1;
}

export interface Dataset {
  engine: EngineName;
  groups: number;
  label: string;
  /** SQLite: file path. */
  path?: string;
  /** PostgreSQL: schema in the bench database. */
  schema?: string;
  /** What the app's DATABASE_URL (and PGOPTIONS) must be. */
  env: Record<string, string>;
}

export const PG_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const DATA_DIR = join(__dirname, '.data');
/**
 * Every run resets rows and drops tokens in its dataset, so each checkout gets its own PostgreSQL
 * schemas (SQLite datasets already live in each checkout's own bench/.data).
 */
const CHECKOUT_TAG = createHash('sha256')
  .update(resolve(__dirname, '..'))
  .digest('hex')
  .slice(0, 8);

export function sizeLabel(groups: number): string {
  return groups >= 1_000_000 ? `${groups / 1_000_000}M` : `${groups / 1000}k`;
}

function datasetKey(groups: number): string {
  const migration = MIGRATIONS[MIGRATIONS.length - 1].name.replace(/\D/g, '');
  return `m${migration}_s${SEED_VERSION}_${sizeLabel(groups).toLowerCase()}`;
}

export async function postgresReachable(): Promise<boolean> {
  const client = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function migrate(options: Parameters<typeof dataSourceOptions>[0]): Promise<void> {
  const ds = new DataSource(dataSourceOptions(options));
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}

const SERIES_SQLITE = (n: number) =>
  `s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n})`;

/** The content, written once per engine dialect of SQL. */
function seedStatements(engine: EngineName, groups: number): string[] {
  const U = USER_COUNT;
  const L = LAYOUT;
  const pg = engine === 'postgres';
  const series = (n: number, body: string) =>
    pg
      ? body.replace('FROM s', `FROM generate_series(1, ${n}) AS s(i)`)
      : `WITH RECURSIVE ${SERIES_SQLITE(n)} ${body}`;
  const pad = (expr: string, prefix: string, width: number) =>
    pg
      ? `'${prefix}' || lpad((${expr})::text, ${width}, '0')`
      : `printf('${prefix}%0${width}d', ${expr})`;
  const t = (b: boolean) => (pg ? (b ? 'TRUE' : 'FALSE') : b ? '1' : '0');
  const chainEdges = L.chain.slice(1).map((parent, i) => `(${parent}, ${L.chain[i]})`);
  const fanEdges = L.fanOut.map((child) => `(${L.chain[0]}, ${child})`);
  return [
    series(
      ORG_COUNT,
      `INSERT INTO organizations (id, name, slug) SELECT i, 'Organisation ' || i, 'org-' || i FROM s`,
    ),
    series(
      U,
      `INSERT INTO users (id, username, first_name, last_name, email, active, is_admin,
         organization_id, created_at, updated_at)
       SELECT i, ${pad('i', 'u', 6)}, 'First' || i, 'Last' || i, ${pad('i', 'u', 6)} || '@bench.example',
         (i % 10) <> 7, ${t(false)}, (i % ${ORG_COUNT}) + 1, ${SEED_TS}, ${SEED_TS} FROM s`,
    ),
    `INSERT INTO users (id, username, first_name, last_name, email, active, is_admin, provisioner,
       created_at, updated_at) VALUES (${L.provisionerUserId}, 'bench-provisioner', 'Bench',
       'Provisioner', NULL, ${t(true)}, ${t(false)}, ${t(true)}, ${SEED_TS}, ${SEED_TS})`,
    series(
      L.bigGroupMembers,
      `INSERT INTO group_members (group_id, user_id, created_at)
       SELECT ${L.bigGroupId}, i, ${SEED_TS} FROM s`,
    ),
    // Group by group so each group's rows land together in the primary key.
    series(
      groups,
      `INSERT INTO group_members (group_id, user_id, created_at)
       SELECT i, ((i * 5 + k.k) % ${U}) + 1, ${SEED_TS}
       FROM s CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
         UNION ALL SELECT 4) k
       WHERE i <> ${L.bigGroupId} ORDER BY i, k.k`,
    ),
    `INSERT INTO group_members (group_id, user_id, created_at) VALUES ${L.fanOut
      .map((g) => `(${g}, ${L.nestedUserId}, ${SEED_TS})`)
      .join(', ')}`,
    // After the members (foreign keys are not checked while seeding), so that each group is
    // written once, with its maintained member counts: setting them afterwards would write a
    // second version of every PostgreSQL row (and of its index entries). In id order, as before.
    // One aggregate, not correlated COUNTs per group: on PostgreSQL, where the members have no
    // statistics yet, those had run for 14 minutes at 1M when they were stopped.
    series(
      groups,
      `INSERT INTO groups (id, name, name_key, description, slug, organization_id, federated,
         owner_id, created_by_id, updated_by_id, created_at, updated_at, role_ids,
         member_count, active_member_count)
       SELECT i, ${pad('i', 'Group ', 7)}, ${pad('i', 'group ', 7)}, 'Bench group ' || i,
         ${pad('i', 'bench-', 7)}, (i % ${ORG_COUNT}) + 1,
         i BETWEEN ${L.federated.first} AND ${L.federated.last}, ${L.ownerUserId},
         CASE WHEN i BETWEEN ${L.createdByCreator.first} AND ${L.createdByCreator.last}
           THEN ${L.creatorUserId} ELSE ${L.ownerUserId} END,
         ${L.ownerUserId}, ${SEED_TS} + i, ${SEED_TS} + i, '[]', COALESCE(c.n, 0), COALESCE(c.a, 0)
       FROM s LEFT JOIN (
         SELECT m.group_id, COUNT(*) AS n, SUM(CASE WHEN u.active = ${t(true)} THEN 1 ELSE 0 END) AS a
         FROM group_members m JOIN users u ON u.id = m.user_id GROUP BY m.group_id) c
         ON c.group_id = i
       ORDER BY i`,
    ),
    `INSERT INTO group_children (parent_id, child_id) VALUES ${[...chainEdges, ...fanEdges].join(', ')}`,
    // One manage share per group held by a user; the W4 targets also shared (read) with the chain's top.
    series(
      groups,
      `INSERT INTO group_shares (group_id, principal_type, principal_id, level, created_at)
       SELECT i, 'user', ((i * 7) % ${U}) + 1, 3, ${SEED_TS} FROM s`,
    ),
    `INSERT INTO group_shares (group_id, principal_type, principal_id, level, created_at) VALUES ${L.targets
      .map((g) => `(${g}, 'group', ${L.chain[L.chain.length - 1]}, 1, ${SEED_TS})`)
      .join(', ')}`,
  ];
}

async function seedSqlite(groups: number, path: string): Promise<void> {
  const tmp = `${path}.tmp`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  await migrate({ engine: 'sqlite', path: tmp });
  const db = new Database(tmp);
  try {
    db.pragma('synchronous = OFF');
    // Satisfied by construction, and the members are written before their groups.
    db.pragma('foreign_keys = OFF');
    db.transaction(() => {
      // The member-count triggers fire, but find no group yet: the groups are written with
      // their counts. The rebuild then writes nothing, unless the seeded counts were wrong.
      for (const sql of seedStatements('sqlite', groups)) db.exec(sql);
      for (const sql of GROUP_MEMBER_COUNTS_REBUILD) db.exec(sql);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  for (const f of ['-wal', '-shm']) rmSync(`${tmp}${f}`, { force: true });
  renameSync(tmp, path);
}

async function pgAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function seedPostgres(groups: number, schema: string): Promise<void> {
  const tmp = `${schema}_tmp`;
  await pgAdmin(async (c) => {
    await c.query(`DROP SCHEMA IF EXISTS ${tmp} CASCADE`);
    await c.query(`CREATE SCHEMA ${tmp}`);
  });
  await migrate({ engine: 'postgres', url: PG_URL, schema: tmp });
  await pgAdmin(async (c) => {
    await c.query(`SET search_path = ${tmp}`);
    await c.query('BEGIN');
    // Foreign keys are satisfied by construction; skipping their triggers makes seeding fast.
    await c.query('SET LOCAL session_replication_role = replica');
    await c.query('SET LOCAL synchronous_commit = off');
    for (const sql of seedStatements('postgres', groups)) await c.query(sql);
    for (const table of ['organizations', 'users', 'groups']) {
      await c.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT MAX(id) FROM ${table}))`,
      );
    }
    // Replica mode fired no user trigger either: the groups' name buckets are rebuilt, and the
    // member counts the groups were written with are checked (the rebuild writes only wrong ones).
    for (const sql of GROUP_NAME_BUCKETS_REBUILD) await c.query(sql);
    for (const sql of GROUP_MEMBER_COUNTS_REBUILD) await c.query(sql);
    await c.query('COMMIT');
    // The steady state autovacuum would reach: statistics, and a visibility map so index-only
    // scans skip the heap. Per table: a bare VACUUM would walk every schema in the database.
    for (const table of [
      'organizations',
      'users',
      'groups',
      'group_name_buckets',
      'group_members',
      'group_children',
      'group_shares',
    ]) {
      await c.query(`VACUUM ANALYZE ${tmp}.${table}`);
    }
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.query(`ALTER SCHEMA ${tmp} RENAME TO ${schema}`);
  });
}

async function pgSchemaReady(schema: string): Promise<boolean> {
  return pgAdmin(async (c) => {
    const { rows } = await c.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'groups'`,
      [schema],
    );
    return rows.length > 0;
  });
}

/** Returns the dataset, seeding it first when it does not exist yet. */
export async function ensureDataset(
  engine: EngineName,
  groups: number,
  log: (line: string) => void,
): Promise<Dataset> {
  const key = datasetKey(groups);
  const label = sizeLabel(groups);
  if (engine === 'sqlite') {
    mkdirSync(DATA_DIR, { recursive: true });
    const path = join(DATA_DIR, `${key}.sqlite`);
    if (!existsSync(path)) {
      const started = Date.now();
      await seedSqlite(groups, path);
      log(`seeded SQLite ${label} in ${((Date.now() - started) / 1000).toFixed(1)} s → ${path}`);
    }
    return { engine, groups, label, path, env: { DATABASE_URL: `sqlite:${path}` } };
  }
  const schema = `bench_${key}_${CHECKOUT_TAG}`;
  if (!(await pgSchemaReady(schema))) {
    const started = Date.now();
    await seedPostgres(groups, schema);
    log(
      `seeded PostgreSQL ${label} in ${((Date.now() - started) / 1000).toFixed(1)} s → schema ${schema}`,
    );
  }
  return {
    engine,
    groups,
    label,
    schema,
    env: { DATABASE_URL: PG_URL, PGOPTIONS: `-c search_path=${schema}` },
  };
}
