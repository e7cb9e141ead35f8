import { ShutdownState } from '../../src/operations/shutdown-state';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';

const UP = { status: 'up' };

describe('health probes, metrics and READ_ONLY (through HTTP)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /health is unchanged; /health/live answers while the process runs', async () => {
    await t.http.get('/health').expect(200, { status: 'ok' });
    await t.http
      .get('/health/live')
      .expect(200, { status: 'ok', info: {}, error: {}, details: {} });
  });

  it('GET /health/ready checks the database, the migrations and that no stop signal arrived', async () => {
    const checks = { database: UP, migrations: UP, shutdown: UP };
    await t.http
      .get('/health/ready')
      .expect(200, { status: 'ok', info: checks, error: {}, details: checks });
  });

  it('labels requests by dialect, route template and status; never by raw path', async () => {
    await t.http.get('/groups/424242').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(404);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8; version=0.0.4');
    expect(res.text).toMatch(
      /^groupbridge_http_request_duration_seconds_count\{dialect="civis",method="GET",route="\/groups\/:id",status="404"\} 1$/m,
    );
    expect(res.text).not.toContain('424242');
    expect(res.text).toMatch(/^groupbridge_process_cpu_seconds_total \d/m);
    if (t.engine === 'sqlite') {
      expect(res.text).toMatch(/^groupbridge_sqlite_writer_queue_depth 0$/m);
    } else {
      expect(res.text).toMatch(/^groupbridge_postgres_pool_connections\{state="total"\} [1-9]/m);
      expect(res.text).toMatch(/^groupbridge_postgres_pool_connections\{state="waiting"\} 0$/m);
    }
  });

  it('METRICS_TOKEN protects /metrics', async () => {
    t = await t.restart({ metricsToken: 'scrape-secret' });
    const refused = await t.http.get('/metrics').expect(401);
    expect(refused.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>',
    });
    await t.http.get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
    await t.http.get('/metrics').set('Authorization', 'Bearer scrape-secret').expect(200);
  });

  it('READ_ONLY refuses every write, credentials in the admin API included', async () => {
    t = await t.restart({ readOnly: true });
    const refused = {
      statusCode: 403,
      error: 'Forbidden',
      message: 'This server is read-only',
    };
    const admin = (path: string, body: object = {}) =>
      t.http.post(path).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send(body).expect(403);
    expect((await admin('/admin/v1/users', { username: 'ro' })).body).toEqual(refused);
    expect((await admin('/admin/v1/users/1/tokens')).body).toEqual(refused);
    expect(
      (await admin('/admin/v1/oauth/consumers', { name: 'app', administrative: true })).body,
    ).toEqual(refused);
    expect((await admin('/admin/v1/oauth/tokens', { consumerKey: 'k', userId: 1 })).body).toEqual(
      refused,
    );
    // Reads still work.
    await t.http.get('/admin/v1/users/1').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
  });

  it('GET /health/ready answers 503 once the server is stopping', async () => {
    t.app.get(ShutdownState).begin();
    const res = await t.http.get('/health/ready').expect(503);
    expect(res.body).toEqual({
      status: 'error',
      info: { database: UP, migrations: UP },
      error: { shutdown: { status: 'down', message: 'stopping' } },
      details: {
        database: UP,
        migrations: UP,
        shutdown: { status: 'down', message: 'stopping' },
      },
    });
    await t.http.get('/health/live').expect(200);
  });
});
