import { ADMIN_PASSWORD, ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import { basic } from '../jive/jive-helpers';

const BLOCK_SECONDS = 600;
const THROTTLED = 'Too many failed sign-in attempts; retry after the time in Retry-After';

/** Retry-After is whole seconds up to the block's length. */
function expectRetryAfter(value: string | undefined): void {
  expect(value).toMatch(/^\d+$/);
  expect(Number(value)).toBeGreaterThan(0);
  expect(Number(value)).toBeLessThanOrEqual(BLOCK_SECONDS);
}

describe('failed-credential throttling (per username and per client address)', () => {
  let t: TestApp;
  let jan: SeededUser;

  beforeAll(async () => {
    // TRUST_PROXY lets each case come from its own address through X-Forwarded-For.
    t = await createTestApp({
      trustProxy: true,
      loginThrottle: {
        maxFailuresPerUsername: 3,
        maxFailuresPerAddress: 5,
        blockSeconds: BLOCK_SECONDS,
      },
    });
    jan = await createUser(t, { username: 'jan' });
  });
  afterAll(() => t.close());

  const jive = (address: string, auth: string) =>
    t.http
      .get('/rpc/rest/groupService/groupCount')
      .set('X-Forwarded-For', address)
      .set('Authorization', auth);

  it('Jive: three wrong passwords answer 401, then even the right one answers 429 with Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await jive(`10.1.0.${i}`, basic('jan', 'wrong')).expect(401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="Groupbridge"');
      expect(res.text).toBe('Unauthorized');
    }
    const res = await jive('10.1.0.9', basic('jan', jan.password)).expect(429);
    expectRetryAfter(res.headers['retry-after']);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe('Too Many Requests');
    // Another user is not affected.
    await jive('10.1.0.9', basic('admin', ADMIN_PASSWORD)).expect(200);
  });

  it('keeps the block across a restart: the counters are in the database every instance shares', async () => {
    t = await t.restart();
    const res = await jive('10.1.0.10', basic('jan', jan.password)).expect(429);
    expectRetryAfter(res.headers['retry-after']);
  });

  it('counts unknown usernames like wrong passwords', async () => {
    for (let i = 0; i < 3; i++) await jive(`10.2.0.${i}`, basic('nobody', 'x')).expect(401);
    await jive('10.2.0.9', basic('nobody', 'x')).expect(429);
  });

  it('a correct password clears its username’s earlier failures', async () => {
    const ala = await createUser(t, { username: 'ala' });
    for (const round of [1, 2]) {
      await jive(`10.3.${round}.1`, basic('ala', 'wrong')).expect(401);
      await jive(`10.3.${round}.2`, basic('ala', 'wrong')).expect(401);
      await jive(`10.3.${round}.3`, basic('ala', ala.password)).expect(200);
    }
  });

  it('Civis: refused API keys from one address answer 401, then 429 in Civis’s format', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.http
        .get('/groups')
        .set('X-Forwarded-For', '10.4.0.1')
        .set('Authorization', basic(`not-a-key-${i}`, ''))
        .expect(401);
      expect(res.body.code).toBe(401);
    }
    const res = await t.http
      .get('/groups')
      .set('X-Forwarded-For', '10.4.0.1')
      .set('Authorization', `Bearer ${jan.token}`)
      .expect(429);
    expectRetryAfter(res.headers['retry-after']);
    expect(res.body).toEqual({
      error: 'too_many_requests',
      errorDescription: THROTTLED,
      code: 429,
    });
    // The same key from another address still works.
    await t.http
      .get('/groups')
      .set('X-Forwarded-For', '10.4.0.2')
      .set('Authorization', `Bearer ${jan.token}`)
      .expect(200);
  });

  it('Publisher: refused bearer tokens answer 401, then 429 in Publisher’s format', async () => {
    for (let i = 0; i < 5; i++) {
      await t.http
        .get('/api/2/groups')
        .set('X-Forwarded-For', '10.5.0.1')
        .set('Accept', 'application/json')
        .set('Authorization', `Bearer wrong-${i}`)
        .expect(401);
    }
    const res = await t.http
      .get('/api/2/groups')
      .set('X-Forwarded-For', '10.5.0.1')
      .set('Accept', 'application/json')
      .set('Authorization', `Bearer wrong`)
      .expect(429);
    expectRetryAfter(res.headers['retry-after']);
    expect(res.body).toEqual({
      error: {
        summary: 'Request rejected',
        ref: 913,
        link: `${res.request.url.replace(/\/api\/2\/groups$/, '')}/api/2/error/${res.headers['x-request-id']}`,
      },
    });
  });

  it('admin API: refused tokens answer 401, then 429 in the native format', async () => {
    for (let i = 0; i < 5; i++) {
      await t.http
        .get('/admin/v1/users/1')
        .set('X-Forwarded-For', '10.6.0.1')
        .set('Authorization', `Bearer wrong-${i}`)
        .expect(401);
    }
    const res = await t.http
      .get('/admin/v1/users/1')
      .set('X-Forwarded-For', '10.6.0.1')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(429);
    expectRetryAfter(res.headers['retry-after']);
    expect(res.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: THROTTLED });
  });

  it('counts every refused credential in /metrics by dialect and reason', async () => {
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    const count = (dialect: string, reason: string) =>
      new RegExp(
        `^groupbridge_auth_failures_total\\{dialect="${dialect}",reason="${reason}"\\} (\\d+)$`,
        'm',
      ).exec(metrics)?.[1];
    // Counted since the restart (metrics are per process): 3 unknown usernames, 4 for ala.
    expect(count('jive', 'invalid_password')).toBe('7');
    expect(count('civis', 'invalid_token')).toBe('5');
    expect(count('publisher', 'invalid_token')).toBe('5');
    expect(count('admin', 'invalid_token')).toBe('5');
    expect(count('admin', 'throttled')).toBe('1');
  });

  it('counts a revoked API key like an unknown one: 401 each time, then 429', async () => {
    const eve = await createUser(t, { username: 'eve' });
    await t.http
      .delete(`/admin/v1/users/${eve.id}/tokens`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200, { revoked: 1 });
    const civis = (auth: string) =>
      t.http.get('/groups').set('X-Forwarded-For', '10.7.0.1').set('Authorization', auth);
    for (let i = 0; i < 5; i++) await civis(`Bearer ${eve.token}`).expect(401);
    const res = await civis(`Bearer ${jan.token}`).expect(429);
    expectRetryAfter(res.headers['retry-after']);
  });
});
