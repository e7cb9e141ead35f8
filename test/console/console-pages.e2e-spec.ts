import request from 'supertest';
import { ADMIN_PASSWORD, createTestApp, TestApp } from '../helpers/create-test-app';
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
});
