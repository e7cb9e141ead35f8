import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionRunner } from '../../src/persistence/transaction-runner';
import {
  ADMIN_TOKEN,
  createTestApp,
  createTestInstances,
  TestApp,
  testEngine,
} from '../helpers/create-test-app';

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/** docs/architecture.md, "Transactions": acknowledged writes must never vanish with another request's rollback. */
describe('transactions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('keeps an acknowledged HTTP write when a concurrent transaction fails after an await', async () => {
    const runner = t.app.get(TransactionRunner);
    const failing = runner.runInTransaction(async (em) => {
      await em.query(`INSERT INTO organizations (name, slug) VALUES ('doomed', 'doomed')`);
      await sleep(50); // non-database work: on a shared SQLite connection this used to swallow B
      throw new Error('boom');
    });
    const [created] = await Promise.all([
      t.http.post('/admin/v1/users').set(admin).send({ username: 'persisted' }),
      expect(failing).rejects.toThrow('boom'),
    ]);
    expect(created.status).toBe(201);
    const fetched = await t.http.get(`/admin/v1/users/${created.body.id}`).set(admin).expect(200);
    expect(fetched.body.username).toBe('persisted');
    const orgs = await t.app
      .get(TransactionRunner)
      .runInTransaction((em) =>
        em.query(`SELECT COUNT(*) AS n FROM organizations WHERE slug = 'doomed'`),
      );
    expect(Number(orgs[0].n)).toBe(0);
  });

  it('lets exactly one of many concurrent same-name creates win (the database enforces it)', async () => {
    const names = ['Race', 'race', 'RACE', 'rAce', 'Race', 'race', 'RACE', 'racE'];
    const responses = await Promise.all(
      names.map((name) => t.http.post('/admin/v1/groups').set(admin).send({ name })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of responses.filter((r) => r.status === 409)) {
      expect(r.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: expect.stringMatching(/^Group "r?a?c?e?.*" already exists$/i),
      });
    }
  });

  it('persists every one of many concurrent member writes', async () => {
    const users = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.http
          .post('/admin/v1/users')
          .set(admin)
          .send({ username: `bulk${i}` })
          .expect(201),
      ),
    );
    expect(new Set(users.map((u) => u.body.id)).size).toBe(20);
    for (const u of users) await t.http.get(`/admin/v1/users/${u.body.id}`).set(admin).expect(200);
  });
});

describe('READ_ONLY=true', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ readOnly: true });
  });
  afterAll(() => t.close());

  it('refuses writes and keeps reads working', async () => {
    const res = await t.http.post('/admin/v1/groups').set(admin).send({ name: 'nope' }).expect(403);
    expect(res.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'This server is read-only',
    });
    await t.http.get('/health').expect(200);
    await t.http.get('/admin/v1/users/1').set(admin).expect(200);
  });
});

describe('several instances on one database', () => {
  it('start together on an empty database (migrations run once) and share their data', async () => {
    const { instances, drop } = await createTestInstances(testEngine() === 'postgres' ? 3 : 1);
    try {
      const [first, ...others] = instances;
      const created = await first.http
        .post('/admin/v1/groups')
        .set(admin)
        .send({ name: 'Shared' })
        .expect(201);
      for (const other of others) {
        await other.http.post('/admin/v1/groups').set(admin).send({ name: 'SHARED' }).expect(409);
        expect(created.body.name).toBe('Shared');
      }
    } finally {
      for (const instance of instances) await instance.app.close();
      await drop();
    }
  });
});
