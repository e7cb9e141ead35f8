import { createTestApp, TestApp } from '../helpers/create-test-app';

describe('start-up contract: administrator bootstrap', () => {
  let t: TestApp;
  let printed: string[];
  let spy: jest.SpyInstance;

  beforeEach(() => {
    printed = [];
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
  });
  afterEach(() => spy.mockRestore());
  afterAll(() => t.close());

  it('generates one token, logs it once in one labelled record, and not again on restart', async () => {
    // LOG_LEVEL=silent in tests: the record is written whatever the level says.
    t = await createTestApp({ adminPassword: undefined, adminToken: undefined });
    const records = printed
      .join('')
      .split('\n')
      .filter((line) => line.includes('admin_token'));
    expect(records).toHaveLength(1);
    const record = JSON.parse(records[0]) as Record<string, unknown>;
    expect(record).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: process.pid,
      hostname: expect.any(String),
      context: 'AdminBootstrap',
      event: 'admin_token_generated',
      adminUsername: 'admin',
      adminToken: expect.stringMatching(/^[\w-]{43}$/),
      msg: 'Created system administrator "admin"; its API token is in adminToken (shown once, keep it)',
    });
    const token = record.adminToken as string;
    spy.mockRestore();
    const res = await t.http
      .post('/admin/v1/users')
      .set('Authorization', `Bearer ${token}`)
      .send({ username: 'someone' })
      .expect(201);
    expect(res.body.username).toBe('someone');

    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    printed = [];
    t = await t.restart();
    expect(printed.join('')).not.toContain('admin_token');
    spy.mockRestore();
    await t.http.get('/admin/v1/users/2').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('accepts ADMIN_PASSWORD for HTTP Basic and ADMIN_TOKEN as Basic "<token>:"', async () => {
    t = await t.restart({
      adminPassword: 'a-new-password',
      adminToken: 'configured-token-0123456789abcdef0123456789',
    });
    const basic = (user: string, pass: string) =>
      `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    await t.http
      .get('/admin/v1/users/1')
      .set('Authorization', 'Bearer configured-token-0123456789abcdef0123456789')
      .expect(200);
    // The admin API itself is Bearer-only; Basic is for the dialects that use it (Jive, Civis).
    await t.http
      .get('/admin/v1/users/1')
      .set('Authorization', basic('admin', 'a-new-password'))
      .expect(401);
  });
});
