import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/persistence/data-source-options';
import { GroupDirectoryRepository } from '../src/domain/repositories/group-directory.repository';
import { UserDirectoryRepository } from '../src/domain/repositories/user-directory.repository';
import { Sql } from '../src/persistence/sql';
import { ensureDataset, PG_URL } from './bench-dataset';

/**
 * SQL time of the admin API's directory lists on the 1M-group dataset (docs/admin-api.md):
 * `npx ts-node --transpile-only bench/bench-admin-directory.ts sqlite|postgres`. Mean of five
 * runs after one warm-up, straight through the repositories (no HTTP).
 */
(async () => {
  const engine = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
  const dataset = await ensureDataset(engine, 1_000_000, console.log);
  const ds = new DataSource(
    dataSourceOptions(
      dataset.path
        ? { engine: 'sqlite', path: dataset.path }
        : { engine: 'postgres', url: PG_URL, schema: dataset.schema! },
    ),
  );
  await ds.initialize();
  const sql = new Sql(ds);
  const groups = new GroupDirectoryRepository(sql);
  const users = new UserDirectoryRepository(sql);
  const admin = { caller: { userId: 1, systemAdmin: true }, minLevel: 'read' } as const;
  const time = async (label: string, fn: () => Promise<unknown>) => {
    await fn();
    const runs = 5;
    const t0 = process.hrtime.bigint();
    let out: unknown;
    for (let i = 0; i < runs; i++) out = await fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6 / runs;
    const o = out as { rows?: unknown[]; counted?: number } | unknown[];
    const n = Array.isArray(o) ? o.length : `${o.rows?.length} rows, counted ${o.counted}`;
    console.log(`${label.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms  (${n})`);
  };
  const first = await groups.searchGroups(admin, undefined, 51);
  const mid = first.rows[50];
  await time('groups, first page', () => groups.searchGroups(admin, undefined, 51));
  await time('groups, deep cursor (name m…)', () => groups.searchGroups(admin, ['m', 0], 51));
  await time('groups, after page 1 cursor', () =>
    groups.searchGroups(admin, [mid.nameKey, mid.id], 51),
  );
  await time('groups, q prefix "group 00123"', () =>
    groups.searchGroups({ ...admin, namePrefix: 'group 00123' }, undefined, 51),
  );
  await time('groups, q prefix "zzz" (none)', () =>
    groups.searchGroups({ ...admin, namePrefix: 'zzz' }, undefined, 51),
  );
  await time('groups, q prefix "g" (all)', () =>
    groups.searchGroups({ ...admin, namePrefix: 'g' }, undefined, 51),
  );
  await time('groups, organization 3', () =>
    groups.searchGroups({ ...admin, organizationId: 3 }, undefined, 51),
  );
  await time('groups, federated=true', () =>
    groups.searchGroups({ ...admin, federated: true }, undefined, 51),
  );
  await time('groups, owner 1', () => groups.searchGroups({ ...admin, ownerId: 1 }, undefined, 51));
  await time('groups, owner 2 (none)', () =>
    groups.searchGroups({ ...admin, ownerId: 2 }, undefined, 51),
  );
  await time('groups, member 100000', () =>
    groups.searchGroups({ ...admin, memberUserId: 100000 }, undefined, 51),
  );
  const nested = { caller: { userId: 100000, systemAdmin: false }, minLevel: 'read' } as const;
  await time('groups, as user 100000 (non-admin)', () =>
    groups.searchGroups(nested, undefined, 51),
  );
  const plain = { caller: { userId: 5000, systemAdmin: false }, minLevel: 'read' } as const;
  await time('groups, as user 5000 (non-admin)', () => groups.searchGroups(plain, undefined, 51));
  await time('members of group 1 (1000)', () => groups.directMembers(1, 0, 51));
  await time('effective members of group 6 (chain top)', () => groups.effectiveMembers(6, 0, 51));
  await time('effective count group 6', () => groups.effectiveMemberCount(6));
  await time('explain group 6, user 100000', () => groups.membershipPaths(6, 100000));
  await time('users, first page', () => users.searchUsers({}, 0, 51));
  await time('users, q "u0012"', () => users.searchUsers({ prefix: 'u0012' }, 0, 51));
  await time('users, q "zz" (none)', () => users.searchUsers({ prefix: 'zz' }, 0, 51));
  await time('users, q "u" (all)', () => users.searchUsers({ prefix: 'u' }, 0, 51));
  await time('users, active=false', () => users.searchUsers({ active: false }, 0, 51));
  await ds.destroy();
})();
