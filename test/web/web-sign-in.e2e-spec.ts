import request from 'supertest';
import { createTestApp, createTestInstances, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import { csrfFrom, setCookie, signIn } from './web-helpers';

describe('web: session, sign-in, sign-out, CSRF, languages', () => {
  let t: TestApp;
  let user: SeededUser;

  beforeAll(async () => {
    t = await createTestApp();
    user = await createUser(t, { firstName: 'Anna', lastName: 'Nowak' });
  });
  afterAll(() => t.close());

  const agent = () => request.agent(t.app.getHttpServer());

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const res = await agent().get('/web?tab=1').expect(303);
    expect(res.headers.location).toBe('/web/sign-in?next=%2Fweb%3Ftab%3D1');
  });

  it('serves the sign-in form with an HttpOnly session cookie, not cached', async () => {
    const res = await agent().get('/web/sign-in').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const cookie = setCookie(res, 'gb_session');
    expect(cookie).toMatch(
      /^gb_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/,
    );
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('<h1>Sign in</h1>');
    expect(res.text).toContain('<link rel="stylesheet" href="/web/static/style.css">');
    expect(res.text).not.toMatch(/<script|style=|onclick=/);
  });

  it('speaks Polish for Accept-Language: pl, and ?lang= wins and sticks', async () => {
    const polish = await agent()
      .get('/web/sign-in')
      .set('Accept-Language', 'pl-PL,pl;q=0.9')
      .expect(200);
    expect(polish.text).toContain('<html lang="pl">');
    expect(polish.text).toContain('<h1>Logowanie</h1>');

    const browser = agent();
    const chosen = await browser
      .get('/web/sign-in?lang=pl')
      .set('Accept-Language', 'en')
      .expect(200);
    expect(chosen.text).toContain('<h1>Logowanie</h1>');
    expect(setCookie(chosen, 'gb_lang')).toMatch(
      /^gb_lang=pl; Max-Age=31536000; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/,
    );
    const later = await browser.get('/web/sign-in').set('Accept-Language', 'en').expect(200);
    expect(later.text).toContain('<h1>Logowanie</h1>');
    expect(later.text).toContain('href="/web/sign-in?lang=en"');
  });

  it('signs in with username and password, on a new session id, and returns to next', async () => {
    const browser = agent();
    const page = await browser.get('/web/sign-in').expect(200);
    const anonymous = setCookie(page, 'gb_session')!.split(';')[0];
    const res = await browser
      .post('/web/sign-in')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        username: user.username,
        password: user.password,
        next: '/web?x=1',
      })
      .expect(303);
    expect(res.headers.location).toBe('/web?x=1');
    const signedIn = setCookie(res, 'gb_session')!.split(';')[0];
    expect(signedIn).not.toBe(anonymous);
    const home = await browser.get('/web').expect(200);
    expect(home.text).toContain(`Signed in as Anna Nowak (${user.username}).`);
    // The id from before sign-in is dead (no session fixation).
    const old = await request(t.app.getHttpServer())
      .get('/web')
      .set('Cookie', anonymous)
      .expect(303);
    expect(old.headers.location).toBe('/web/sign-in?next=%2Fweb');
  });

  it('refuses a wrong password with 401 and keeps the username', async () => {
    const res = await signIn(agent(), user.username, 'wrong-password');
    expect(res.status).toBe(401);
    expect(res.text).toContain(
      '<p class="alert" role="alert" id="sign-in-error">Wrong username or password.</p>',
    );
    expect(res.text).toContain(`value="${user.username}"`);
  });

  it('refuses an unknown user and an empty form the same way', async () => {
    expect((await signIn(agent(), 'nobody', 'x')).status).toBe(401);
    expect((await signIn(agent(), '', '')).status).toBe(401);
  });

  it("refuses a post without the CSRF token, or with another session's, with 403", async () => {
    const browser = agent();
    await browser.get('/web/sign-in').expect(200);
    const missing = await browser
      .post('/web/sign-in')
      .type('form')
      .send({ username: user.username, password: user.password })
      .expect(403);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(missing.text).toContain('This form has expired or was not sent from this site.');

    const other = await agent().get('/web/sign-in').expect(200);
    await browser
      .post('/web/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(other.text), username: user.username, password: user.password })
      .expect(403);
  });

  it('never redirects off the site after sign-in', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const res = await signIn(agent(), user.username, user.password, next).then((r) => r);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/web');
    }
  });

  it('signs out: the session is gone from the database', async () => {
    const browser = agent();
    const res = await signIn(browser, user.username, user.password);
    const cookie = setCookie(res, 'gb_session')!.split(';')[0];
    const home = await browser.get('/web').expect(200);
    const out = await browser
      .post('/web/sign-out')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) })
      .expect(303);
    expect(out.headers.location).toBe('/web/sign-in');
    expect(setCookie(out, 'gb_session')).toMatch(/^gb_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
    await request(t.app.getHttpServer()).get('/web').set('Cookie', cookie).expect(303);
  });

  it('ends the session of a user who is deactivated', async () => {
    const other = await createUser(t, {});
    const browser = agent();
    await signIn(browser, other.username, other.password);
    await browser.get('/web').expect(200);
    await t.http
      .patch(`/admin/v1/users/${other.id}`)
      .set('Authorization', `Bearer ${(await import('../helpers/create-test-app')).ADMIN_TOKEN}`)
      .send({ active: false })
      .expect(200);
    await browser.get('/web').expect(303);
  });

  it('serves the stylesheet and answers unknown pages with an HTML 404', async () => {
    const css = await agent().get('/web/static/style.css').expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).toContain('.card');
    const missing = await agent().get('/web/nothing-here').set('Accept-Language', 'pl').expect(404);
    expect(missing.text).toContain('Nie ma takiej strony.');
  });
});

// Apps of their own, booted after the first has closed (closing one app mid-file closes the
// shared SQLite handle of the other).
describe('web: behind a TLS-terminating proxy', () => {
  it('marks the session cookie Secure when the browser came over TLS', async () => {
    const tls = await createTestApp({ trustProxy: true });
    try {
      const res = await request(tls.app.getHttpServer())
        .get('/web/sign-in')
        .set('X-Forwarded-Proto', 'https')
        .expect(200);
      expect(setCookie(res, 'gb_session')).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
      expect(setCookie(res, 'gb_csrf')).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
    } finally {
      await tls.close();
    }
  });
});

describe('web: sessions are shared by instances on one database', () => {
  it('a session started on one instance is signed in on another', async () => {
    const { instances, drop } = await createTestInstances(2);
    try {
      const [a, b] = instances;
      const user = await createUser(a, {});
      const res = await signIn(request.agent(a.app.getHttpServer()), user.username, user.password);
      const cookie = setCookie(res, 'gb_session')!.split(';')[0];
      const home = await request(b.app.getHttpServer())
        .get('/web')
        .set('Cookie', cookie)
        .expect(200);
      expect(home.text).toContain(`(${user.username})`);
    } finally {
      for (const instance of instances) await instance.app.close();
      await drop();
    }
  });
});
