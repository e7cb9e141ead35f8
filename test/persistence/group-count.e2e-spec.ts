import { TransactionRunner } from '../../src/persistence/transaction-runner';
import { basic } from '../civis/civis-helpers';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { ADMIN_AUTH, ok, SERVICE } from '../jive/jive-helpers';
import { pub } from '../publisher/publisher-helpers';

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * An administrator's unfiltered totals come from the group count the database maintains
 * (GroupCount migration, docs/performance.md F20): every surface must keep answering the exact
 * number of groups through creates, deletes, rolled-back creates and concurrent creates.
 */
describe('the maintained group count', () => {
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
});
