import {
  BUCKET_MAX,
  BUCKET_TARGET,
} from '../../src/persistence/migrations/1765800000000-group-name-buckets';
import { Sql } from '../../src/persistence/sql';
import { TransactionRunner } from '../../src/persistence/transaction-runner';
import { basic } from '../civis/civis-helpers';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { ADMIN_AUTH, ok, SERVICE } from '../jive/jive-helpers';
import { pub } from '../publisher/publisher-helpers';

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * An administrator's unfiltered totals, and pages deep in name order, come from the name buckets
 * the database maintains (GroupNameBuckets migration, docs/performance.md F20, F21): every surface
 * must keep answering the exact total and the exact page through creates, deletes, renames,
 * rolled-back creates, concurrent creates and bucket splits.
 */
describe('the maintained group name buckets', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** The total as Civis, Publisher and Jive each report it to an administrator. */
  async function totals(): Promise<{ civis: number; publisher: number; jive: string }> {
    const civis = await t.http
      .get('/groups?limit=1&page_num=1')
      .set(basic({ token: ADMIN_TOKEN }))
      .expect(200);
    const publisher = await pub(t, 'get', '/api/2/groups?limit=1&offset=0', {
      accept: 'json',
    }).expect(200);
    const jive = await t.http
      .get(`${SERVICE}/groupCount`)
      .set('Authorization', ADMIN_AUTH)
      .expect(200);
    return {
      civis: Number(civis.headers['x-pagination-total-entries']),
      publisher: (publisher.body as { total: number }).total,
      jive: jive.text,
    };
  }

  function expected(n: number) {
    return { civis: n, publisher: n, jive: ok('getGroupCount', [String(n)]) };
  }

  async function create(name: string): Promise<number> {
    const res = await t.http.post('/admin/v1/groups').set(admin).send({ name }).expect(201);
    return res.body.id as number;
  }

  it('starts at zero and follows creates and deletes', async () => {
    expect(await totals()).toEqual(expected(0));
    const ids = [await create('One'), await create('Two'), await create('Three')];
    expect(await totals()).toEqual(expected(3));
    await t.http.delete(`/admin/v1/groups/${ids[1]}`).set(admin).expect(204);
    expect(await totals()).toEqual(expected(2));
    await t.http.delete(`/admin/v1/groups/${ids[1]}`).set(admin).expect(404);
    expect(await totals()).toEqual(expected(2));
  });

  it('is unchanged by a create that fails or is rolled back after its insert', async () => {
    const before = (await totals()).civis;
    await t.http.post('/admin/v1/groups').set(admin).send({ name: 'one' }).expect(409);
    const rolledBack = t.app.get(TransactionRunner).runInTransaction(async (em) => {
      await em.query(
        `INSERT INTO groups (name, name_key, slug, created_at, updated_at)
         VALUES ('Doomed', 'doomed', 'doomed', 0, 0)`,
      );
      throw new Error('rolled back');
    });
    await expect(rolledBack).rejects.toThrow('rolled back');
    expect(await totals()).toEqual(expected(before));
  });

  it('counts every one of many concurrent creates, and none of those that lose a race', async () => {
    const before = (await totals()).civis;
    const names = Array.from({ length: 12 }, (_, i) => `Concurrent ${i}`);
    const responses = await Promise.all(
      [...names, 'Concurrent 0', 'CONCURRENT 1'].map((name) =>
        t.http.post('/admin/v1/groups').set(admin).send({ name }),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(names.length);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(2);
    expect(await totals()).toEqual(expected(before + names.length));
    const deletes = await Promise.all(
      responses
        .filter((r) => r.status === 201)
        .map((r) => t.http.delete(`/admin/v1/groups/${r.body.id}`).set(admin)),
    );
    expect(deletes.map((r) => r.status)).toEqual(names.map(() => 204));
    expect(await totals()).toEqual(expected(before));
  });

  describe('deep pages', () => {
    const PAGE = 50;
    const inBuckets = (x: number) => Math.round((x * BUCKET_TARGET) / PAGE) * PAGE;
    /** Offsets on both sides of BUCKET_TARGET (below it the list walks from the start) and past the end. */
    const offsets = [
      0,
      1000,
      BUCKET_TARGET - 1,
      BUCKET_TARGET,
      ...[1.5, 2.2, 3, 5.1, 8].map(inBuckets),
    ];

    /** What the page must hold: the plain walk over every group in name order. */
    async function truth(offset: number): Promise<number[]> {
      const rows = await t.app
        .get(Sql)
        .query<{ id: number }>(`SELECT id FROM groups ORDER BY name_key, id LIMIT ? OFFSET ?`, [
          PAGE,
          offset,
        ]);
      return rows.map((r) => r.id);
    }

    async function expectExactPages(): Promise<void> {
      const [{ n }] = await t.app.get(Sql).query<{ n: number }>(`SELECT COUNT(*) AS n FROM groups`);
      expect(await totals()).toEqual(expected(Number(n)));
      for (const offset of offsets) {
        const civis = await t.http
          .get(`/groups?limit=${PAGE}&page_num=${offset / PAGE + 1}`)
          .set(basic({ token: ADMIN_TOKEN }));
        const publisher = await pub(t, 'get', `/api/2/groups?limit=${PAGE}&offset=${offset}`, {
          accept: 'json',
        });
        const want = await truth(offset);
        if (offset % PAGE === 0) {
          expect([offset, civis.status]).toEqual([offset, 200]);
          expect([offset, (civis.body as Array<{ id: number }>).map((g) => g.id)]).toEqual([
            offset,
            want,
          ]);
        }
        expect([offset, publisher.status]).toEqual([offset, 200]);
        expect([
          offset,
          (publisher.body as { groups: Array<{ id: number }> }).groups.map((g) => g.id),
        ]).toEqual([offset, want]);
      }
    }

    /** Every bucket holds exactly the groups in its name range (what the pages rely on). */
    async function expectBucketsExact(): Promise<void> {
      const rows = await t.app.get(Sql).query<{ start_key: string; groups: number; n: number }>(
        `SELECT b.start_key, b.groups, (SELECT COUNT(*) FROM groups g WHERE g.name_key >= b.start_key
           AND NOT EXISTS (SELECT 1 FROM group_name_buckets x
             WHERE x.start_key > b.start_key AND x.start_key <= g.name_key)) AS n
         FROM group_name_buckets b ORDER BY b.start_key`,
      );
      expect(rows.filter((r) => Number(r.groups) !== Number(r.n))).toEqual([]);
      expect(rows.length).toBeGreaterThan(1);
    }

    /** One statement inserting `count` groups named `prefix` + (first + i * step), i = 0…count-1. */
    async function bulkInsert(count: number, first: number, step: number): Promise<void> {
      const n = `(${first} + i * ${step})`;
      await t.app.get(TransactionRunner).runInTransaction((em) =>
        em.query(
          `WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${count - 1})
           INSERT INTO groups (name, name_key, slug, created_at, updated_at)
           SELECT 'Bulk ' || ${n}, 'bulk ' || ${n}, 'bulk-' || ${n}, 0, 0 FROM s`,
        ),
      );
    }

    async function rename(id: number, name: string): Promise<void> {
      await t.http.patch(`/admin/v1/groups/${id}`).set(admin).send({ name }).expect(200);
    }

    async function idOf(nameKey: string): Promise<number> {
      const [row] = await t.app
        .get(Sql)
        .query<{ id: number }>(`SELECT id FROM groups WHERE name_key = ?`, [nameKey]);
      return row.id;
    }

    it('stay exact through bulk inserts that split buckets, renames, deletes and concurrent creates', async () => {
      // Even numbers first, so that the odd ones later land inside existing buckets.
      await bulkInsert(2 * BUCKET_MAX + 500, 100000, 2);
      await expectBucketsExact();
      await expectExactPages();

      // A statement that fails on its 1000th row changes nothing.
      await expect(bulkInsert(1000, 90010, 10)).rejects.toThrow();
      await expectBucketsExact();

      await bulkInsert(BUCKET_TARGET + 500, 100001, 2);
      await expectBucketsExact();
      await expectExactPages();

      // Renames across buckets, both ways.
      await rename(await idOf('bulk 100001'), 'Zulu renamed');
      await rename(await idOf('bulk 108398'), 'Alpha renamed');
      await rename(await idOf('bulk 104000'), 'Bulk 104000b');
      await expectBucketsExact();
      await expectExactPages();

      // Single deletes and one statement deleting a range.
      for (const key of ['bulk 100003', 'bulk 105000', 'alpha renamed'])
        await t.http
          .delete(`/admin/v1/groups/${await idOf(key)}`)
          .set(admin)
          .expect(204);
      await t.app
        .get(TransactionRunner)
        .runInTransaction((em) =>
          em.query(`DELETE FROM groups WHERE name_key >= 'bulk 1020' AND name_key < 'bulk 1030'`),
        );
      await expectBucketsExact();
      await expectExactPages();

      // Concurrent creates into one bucket filled to 5 below its split: it splits meanwhile.
      const sql = t.app.get(Sql);
      const bucketOf = `(SELECT MAX(start_key) FROM group_name_buckets WHERE start_key <= 'bulk 104000x')`;
      const [bucket] = await sql.query<{ groups: number }>(
        `SELECT groups FROM group_name_buckets WHERE start_key = ${bucketOf}`,
      );
      const fill = BUCKET_MAX - 5 - Number(bucket.groups);
      await t.app.get(TransactionRunner).runInTransaction((em) =>
        em.query(
          `WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${fill - 1})
           INSERT INTO groups (name, name_key, slug, created_at, updated_at)
           SELECT 'Bulk 104000x' || (1000 + i), 'bulk 104000x' || (1000 + i), 'fill-' || i, 0, 0 FROM s`,
        ),
      );
      const [filled] = await sql.query<{ groups: number }>(
        `SELECT groups FROM group_name_buckets WHERE start_key = ${bucketOf}`,
      );
      expect(Number(filled.groups)).toBe(BUCKET_MAX - 5);
      const bucketsBefore = (await sql.query(`SELECT start_key FROM group_name_buckets`)).length;
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          t.http
            .post('/admin/v1/groups')
            .set(admin)
            .send({ name: `Bulk 104000y${100 + i}` }),
        ),
      );
      const bucketsAfter = (await sql.query(`SELECT start_key FROM group_name_buckets`)).length;
      expect(bucketsAfter).toBeGreaterThan(bucketsBefore);
      expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
      await expectBucketsExact();
      await expectExactPages();
    });
  });
});
