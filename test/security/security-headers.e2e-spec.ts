import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import { ADMIN_AUTH, fault, SERVICE } from '../jive/jive-helpers';
import { listen, mintConsumer, mintToken, UsosClient } from '../usos/usos-client';

const CSP =
  "default-src 'self';base-uri 'self';connect-src 'self';font-src 'self' data:;" +
  "form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';" +
  "script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline'";

const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'same-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'cross-origin-opener-policy': 'same-origin',
};

describe('security headers and cross-site writes', () => {
  let t: TestApp;
  let user: SeededUser;

  beforeAll(async () => {
    t = await createTestApp();
    user = await createUser(t);
  });
  afterAll(() => t.close());

  describe('helmet on every response', () => {
    it.each([
      ['health', () => t.http.get('/health'), 200],
      ['Swagger UI', () => t.http.get('/docs'), 200],
      ['OpenAPI JSON', () => t.http.get('/docs-json'), 200],
      ['admin API 401', () => t.http.get('/admin/v1/users/1'), 401],
      ['Civis', () => t.http.get('/groups').set('Authorization', `Bearer ${user.token}`), 200],
      [
        'Publisher',
        () => t.http.get('/api/2/groups').set('Authorization', `Bearer ${user.token}`),
        200,
      ],
      ['Jive', () => t.http.get(`${SERVICE}/groupCount`).set('Authorization', ADMIN_AUTH), 200],
      ['USOS error', () => t.http.get('/services/csgroups/user'), 403],
      ['unknown path', () => t.http.get('/nowhere'), 404],
    ])('%s', async (_, send, status) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers).toMatchObject(SECURITY_HEADERS);
    });

    it('Swagger UI loads only same-origin scripts, which the CSP allows', async () => {
      const page = await t.http.get('/docs').expect(200);
      const scripts = [...page.text.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const attributes of scripts) {
        // No inline script (script-src 'self' would block it) and no other origin.
        expect(attributes).toMatch(/^ src="\.\/docs\/[\w.-]+\.js"$/);
      }
      await t.http.get('/docs/swagger-ui-init.js').expect(200);
    });

    it('USOS answers may be loaded cross-origin (JSONP through a script tag)', async () => {
      const consumer = await mintConsumer(t, true);
      const client = new UsosClient(
        await listen(t),
        consumer,
        await mintToken(t, consumer.key, user.id),
      );
      const res = await client
        .call('user', { format: 'jsonp', callback: 'cb' }, { verb: 'GET' })
        .expect(200);
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const civis = await t.http.get('/groups').set('Authorization', `Bearer ${user.token}`);
      expect(civis.headers['cross-origin-resource-policy']).toBe('same-origin');
    });
  });

  describe('no state-changing request from another site', () => {
    const createGroup = (headers: Record<string, string>) =>
      t.http
        .post(`${SERVICE}/groups`)
        .set('Authorization', ADMIN_AUTH)
        .set('Content-Type', 'text/plain')
        .set(headers)
        .send('<createGroup><name>Forged</name></createGroup>');

    it('Jive refuses a cross-site form post (browser marks), in its own fault format', async () => {
      const browserMarks: Array<Record<string, string>> = [
        { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
        { 'Sec-Fetch-Site': 'same-site' },
        { Origin: 'https://evil.example' },
        { Origin: 'null' },
      ];
      for (const headers of browserMarks) {
        const res = await createGroup(headers);
        expect({ status: res.status, text: res.text }).toEqual({
          status: 500,
          text: fault('org.apache.cxf.interceptor.Fault: Cross-site requests may not change data'),
        });
      }
      const count = await t.http
        .get(`${SERVICE}/groupCount`)
        .set('Authorization', ADMIN_AUTH)
        .expect(200);
      expect(count.text).toContain('<return>0</return>');
    });

    it('accepts what Jive clients send (no browser marks, any Content-Type) and same-origin pages', async () => {
      await createGroup({}).expect(200);
      const host = t.http
        .get('/')
        .url.replace(/^https?:\/\//, '')
        .replace(/\/.*$/, '');
      await t.http
        .post(`${SERVICE}/groups`)
        .set('Authorization', ADMIN_AUTH)
        .set('Sec-Fetch-Site', 'same-origin')
        .set('Origin', `http://${host}`)
        .send('<createGroup><name>Same origin</name></createGroup>')
        .expect(200);
    });

    it('refuses cross-site writes on every other API too, each in its own format', async () => {
      const crossSite = { 'Sec-Fetch-Site': 'cross-site' };
      const civis = await t.http
        .post('/groups')
        .set('Authorization', `Bearer ${user.token}`)
        .set(crossSite)
        .send({ name: 'Forged' })
        .expect(403);
      expect(civis.body).toEqual({
        error: 'forbidden',
        errorDescription: 'Cross-site requests may not change data',
        code: 403,
      });
      const admin = await t.http
        .post('/admin/v1/users')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .set(crossSite)
        .send({ username: 'forged' })
        .expect(403);
      expect(admin.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'Cross-site requests may not change data',
      });
      // Reads stay open: a cross-site GET changes nothing.
      await t.http
        .get('/groups')
        .set('Authorization', `Bearer ${user.token}`)
        .set(crossSite)
        .expect(200);
    });
  });
});
