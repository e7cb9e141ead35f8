import request from 'supertest';
import { ADMIN_PASSWORD, ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin, createUser, SeededUser } from '../helpers/seed';
import { csrfFrom, signIn } from '../web/web-helpers';

describe('console pages over HTTP', () => {
  let t: TestApp;
  let admin: ReturnType<typeof request.agent>;
  let olga: SeededUser;

  beforeAll(async () => {
    t = await createTestApp();
    olga = await createUser(t, { username: 'olga', firstName: 'Olga', lastName: 'Nowak' });
    admin = request.agent(t.app.getHttpServer());
    await signIn(admin, 'admin', ADMIN_PASSWORD, '/console').then((res) =>
      expect(res.headers.location).toBe('/console'),
    );
  });
  afterAll(() => t.close());

  it('sends a stranger to sign in and back', async () => {
    const res = await request(t.app.getHttpServer()).get('/console/groups?q=a').expect(303);
    expect(res.headers.location).toBe('/web/sign-in?next=%2Fconsole%2Fgroups%3Fq%3Da');
  });

  it('serves htmx from the app, and pages without inline scripts or styles', async () => {
    const script = await admin.get('/console/assets/htmx.min.js').expect(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.text).toContain('htmx');
    const page = await admin.get('/console').expect(200);
    expect(page.text).toContain('<script src="/console/assets/htmx.min.js" defer></script>');
    expect(page.text).not.toMatch(/<script>|<style|style="|\son[a-z]+="/);
  });

  it('creates a group, then refuses a cycle beside the nesting form', async () => {
    const groups = await admin.get('/console/groups').expect(200);
    const created = await admin
      .post('/console/groups')
      .type('form')
      .send({ _csrf: csrfFrom(groups.text), name: 'Outer', description: '' })
      .expect(303);
    const outerPath = created.headers.location.replace(/\?.*$/, '');
    expect(created.headers.location).toMatch(/^\/console\/groups\/\d+\?notice=group-created$/);
    const outer = await admin.get(created.headers.location).expect(200);
    expect(outer.text).toContain('<p class="notice" role="status">Group created.</p>');
    const inner = await createGroupAsAdmin(t, { name: 'Inner' });
    const csrf = csrfFrom(outer.text);
    await admin
      .post(`/console/groups/${inner.id}/children`)
      .type('form')
      .send({ _csrf: csrf, childId: outerPath.split('/').pop() })
      .expect(303);
    const cycle = await admin
      .post(`${outerPath}/children`)
      .type('form')
      .send({ _csrf: csrf, childId: String(inner.id) })
      .expect(400);
    expect(cycle.text).toContain(
      `<p class="alert" role="alert" id="children-error">Nesting group ${inner.id} in group ${outerPath.split('/').pop()} would create a cycle</p>`,
    );
  });

  it('shows an owner their group and answers 404 for another', async () => {
    const owner = request.agent(t.app.getHttpServer());
    await signIn(owner, 'olga', olga.password, '/console');
    const page = await owner.get('/console/groups').expect(200);
    const created = await owner
      .post('/console/groups')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: "Olga's" })
      .expect(303);
    await owner.get(created.headers.location).expect(200);
    const other = await createGroupAsAdmin(t, { name: 'Not hers' });
    const refused = await owner.get(`/console/groups/${other.id}`).expect(404);
    expect(refused.text).toContain('There is no such page.');
    const list = await owner.get('/console/groups').expect(200);
    expect(list.text).toContain('Olga&#39;s');
    expect(list.text).not.toContain('Not hers');
  });

  it('refuses a form without the CSRF token, before changing anything', async () => {
    await admin
      .post(`/console/users/${olga.id}/tokens`)
      .type('form')
      .send({ label: 'forged' })
      .expect(403);
    await admin.post('/console/organizations').type('form').send({ name: 'Forged' }).expect(403);
    const after = await admin.get(`/console/users/${olga.id}/tokens`).expect(200);
    expect(after.text).not.toContain('forged');
    expect((await admin.get('/console/organizations').expect(200)).text).not.toContain('Forged');
  });

  it('shows a new API token once, in the answer to the form, and never again', async () => {
    const page = await admin.get(`/console/users/${olga.id}/tokens`).expect(200);
    expect(page.text).toContain('<h1>API tokens of olga</h1>');
    const created = await admin
      .post(`/console/users/${olga.id}/tokens`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), label: 'timetable sync', expiresOn: '2099-01-31' })
      .expect(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.text).toContain('<p class="notice" role="status">Token created.</p>');
    const secret = /<code id="new-token">([^<]+)<\/code>/.exec(created.text)![1];
    expect(secret).toMatch(/^\S{20,}$/);
    await request(t.app.getHttpServer())
      .get('/groups')
      .set('Authorization', `Bearer ${secret}`)
      .expect(200);
    const list = await admin.get(`/console/users/${olga.id}/tokens`).expect(200);
    expect(list.text).not.toContain(secret);
    expect(list.text).toContain('<td>timetable sync</td>');
    expect(list.text).toContain('<td>2099-01-31 00:00</td>');
  });

  it('shows a new OAuth consumer secret once, and never again', async () => {
    const page = await admin.get('/console/oauth-consumers').expect(200);
    const created = await admin
      .post('/console/oauth-consumers')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'Timetable app', administrative: 'on' })
      .expect(201);
    const secret = /<code id="new-consumer-secret">([^<]+)<\/code>/.exec(created.text)![1];
    const key = /<code id="new-consumer-key">([^<]+)<\/code>/.exec(created.text)![1];
    const list = await admin.get('/console/oauth-consumers').expect(200);
    expect(list.text).not.toContain(secret);
    expect(list.text).toContain(`<code>${key}</code>`);
    expect(list.text).toContain('Timetable app <span class="tag">administrative</span>');
  });

  it("keeps the administrators' pages and other users' tokens from everyone else", async () => {
    const owner = request.agent(t.app.getHttpServer());
    await signIn(owner, 'olga', olga.password, '/console');
    const dashboard = await owner.get('/console').expect(200);
    expect(dashboard.text).not.toContain('/console/organizations');
    expect(dashboard.text).not.toContain('/console/oauth-consumers');
    expect(dashboard.text).toContain(
      `<a href="/console/users/${olga.id}/tokens">My API tokens</a>`,
    );
    const csrf = csrfFrom(dashboard.text);
    for (const path of ['/console/organizations', '/console/oauth-consumers']) {
      const refused = await owner.get(path).expect(404);
      expect(refused.text).toContain('There is no such page.');
      await owner.post(path).type('form').send({ _csrf: csrf, name: 'Mine' }).expect(404);
    }
    const own = await owner.get(`/console/users/${olga.id}/tokens`).expect(200);
    expect(own.text).toContain('<h1>My API tokens</h1>');
    const adminId = /href="\/console\/users\/(\d+)\/tokens"/.exec(
      (await admin.get('/console').expect(200)).text,
    )![1];
    expect((await owner.get(`/console/users/${adminId}/tokens`).expect(404)).text).toContain(
      'There is no such page.',
    );
    await owner
      .post(`/console/users/${adminId}/tokens`)
      .type('form')
      .send({ _csrf: csrf, label: 'stolen' })
      .expect(404);
    await owner
      .post(`/console/users/${adminId}/tokens/revoke-all`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(404);
    expect((await admin.get(`/console/users/${adminId}/tokens`)).text).not.toContain('stolen');
  });

  it("lists a user's OAuth access tokens and lets them revoke their own, not another's", async () => {
    const asAdmin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const consumer = await t.http
      .post('/admin/v1/oauth/consumers')
      .set(asAdmin)
      .send({ name: 'Mobile app', administrative: false })
      .expect(201);
    const mint = (userId: number) =>
      t.http
        .post('/admin/v1/oauth/tokens')
        .set(asAdmin)
        .send({ consumerKey: consumer.body.key, userId })
        .expect(201);
    const olgasToken = await mint(olga.id);
    const other = await createUser(t, { username: 'piotr' });
    const piotrsToken = await mint(other.id);
    const owner = request.agent(t.app.getHttpServer());
    await signIn(owner, 'olga', olga.password, '/console');
    const page = await owner.get(`/console/users/${olga.id}/tokens`).expect(200);
    expect(page.text).toContain('<td>Mobile app</td>');
    expect(page.text).not.toContain(olgasToken.body.secret);
    const csrf = csrfFrom(page.text);
    await owner
      .post(`/console/users/${other.id}/oauth-tokens/${piotrsToken.body.id}/revoke`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(404);
    await owner
      .post(`/console/users/${olga.id}/oauth-tokens/${piotrsToken.body.id}/revoke`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(404);
    const revoked = await owner
      .post(`/console/users/${olga.id}/oauth-tokens/${olgasToken.body.id}/revoke`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    expect(revoked.headers.location).toBe(
      `/console/users/${olga.id}/tokens?notice=oauth-token-revoked`,
    );
    const after = await owner.get(revoked.headers.location).expect(200);
    expect(after.text).toContain('<p class="notice" role="status">OAuth access token revoked.</p>');
    expect(after.text).toMatch(/<span class="tag">revoked \d{4}-\d{2}-\d{2} \d{2}:\d{2}<\/span>/);
    const piotrs = await t.http.get(`/admin/v1/users/${other.id}/oauth-tokens`).set(asAdmin);
    expect(piotrs.body).toEqual([expect.objectContaining({ revokedAt: null })]);
  });
});
