import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import {
  basic,
  bearer,
  civisUser,
  CivisUser,
  createOrganization,
  JSON_UTF8,
  NO_STORE,
  simpleUser,
} from './civis-helpers';

type Group = Record<string, unknown> & { id: number; name: string; createdAt: string };

/** GroupSummary: the 13 list fields of a Group, members empty unless include_members. */
function summaryOf(group: Group, members: unknown[] = []) {
  return {
    id: group.id,
    name: group.name,
    createdAt: group.createdAt,
    updatedAt: group.updatedAt,
    description: group.description,
    slug: group.slug,
    organizationId: group.organizationId,
    organizationName: group.organizationName,
    memberCount: group.memberCount,
    totalMemberCount: group.totalMemberCount,
    lastUpdatedById: group.lastUpdatedById,
    createdById: group.createdById,
    members,
  };
}

function paging(perPage: number, page: number, pages: number, entries: number) {
  return {
    'x-pagination-per-page': String(perPage),
    'x-pagination-current-page': String(page),
    'x-pagination-total-pages': String(pages),
    'x-pagination-total-entries': String(entries),
    'access-control-expose-headers':
      'X-Pagination-Per-Page, X-Pagination-Current-Page, X-Pagination-Total-Pages, X-Pagination-Total-Entries',
  };
}

/** GET /groups as civis-python builds it: paged, filtered, ordered (spec/civis.md §4, §5). */
describe('Civis GET /groups', () => {
  let t: TestApp;
  let dora: CivisUser;
  let eve: CivisUser;
  let m1: CivisUser;
  let m2: CivisUser;
  let otherOrg: number;
  /** Every group Dora can see, by name. */
  const byName: Record<string, Group> = {};

  const get = async (name: string, user: CivisUser) =>
    (await t.http.get(`/groups/${byName[name].id}`).set(basic(user)).expect(200)).body as Group;

  beforeAll(async () => {
    t = await createTestApp();
    const org = await createOrganization(t, 'Org One');
    otherOrg = await createOrganization(t, 'Org Two');
    dora = await civisUser(t, 'Dora', 'Explorer', { organizationId: org });
    eve = await civisUser(t, 'Eve', 'Other', { organizationId: otherOrg });
    m1 = await civisUser(t, 'Mia', 'One');
    m2 = await civisUser(t, 'Max', 'Two');
    const create = async (name: string, user: CivisUser) => {
      const res = await t.http.post('/groups').set(basic(user)).send({ name }).expect(201);
      byName[name] = res.body as Group;
    };
    // Created out of name order so that name and creation orders differ.
    for (const name of ['Delta', 'Alpha', 'Echo', 'Charlie', 'Bravo']) await create(name, dora);
    for (const name of ['Foxtrot', 'Golf', 'Hotel']) await create(name, eve);
    await t.http.put(`/groups/${byName.Alpha.id}/members/${m1.id}`).set(basic(dora)).expect(200);
    await t.http.put(`/groups/${byName.Charlie.id}/members/${m2.id}`).set(basic(dora)).expect(200);
    // Dora reads Foxtrot through a share and Hotel as a member; Golf stays invisible to her.
    await t.http
      .put(`/groups/${byName.Foxtrot.id}/shares/users`)
      .set(basic(eve))
      .send({ user_ids: [dora.id], permission_level: 'read' })
      .expect(200);
    await t.http.put(`/groups/${byName.Hotel.id}/members/${dora.id}`).set(basic(eve)).expect(200);
    for (const name of ['Alpha', 'Charlie', 'Foxtrot']) byName[name] = await get(name, dora);
    byName.Hotel = await get('Hotel', eve);
  });
  afterAll(() => t.close());

  const summaries = (...names: string[]) => names.map((n) => summaryOf(byName[n]));

  it('list(limit=2, iterator=True, order="name"): pages 1..4 without a body, then 200 [] stops it', async () => {
    const pages = [['Alpha', 'Bravo'], ['Charlie', 'Delta'], ['Echo', 'Foxtrot'], ['Hotel'], []];
    for (const [index, names] of pages.entries()) {
      const res = await t.http
        .get(`/groups?limit=2&order=name&page_num=${index + 1}`)
        .set(basic(dora))
        .expect(200);
      expect(res.headers['content-type']).toBe(JSON_UTF8);
      expect(res.headers).toMatchObject({ ...NO_STORE, ...paging(2, index + 1, 4, 7) });
      expect(res.body).toEqual(summaries(...names));
    }
    const far = await t.http
      .get('/groups?limit=1000&page_num=2147483647')
      .set(basic(dora))
      .expect(200);
    expect(far.body).toEqual([]);
    expect(far.headers).toMatchObject(paging(1000, 2147483647, 1, 7));
    const [first] = (await t.http.get('/groups?limit=1').set(basic(dora)).expect(200)).body;
    expect(Object.keys(first)).toEqual(Object.keys(summaryOf(byName.Alpha)));
  });

  it('list(limit=2) sends a {} JSON body; GET /groups with no parameters as recorded (Bearer)', async () => {
    const res = await t.http
      .get('/groups?limit=2')
      .set(basic(dora))
      .set('Content-Type', 'application/json')
      .send('{}')
      .expect(200);
    expect(res.body).toEqual(summaries('Alpha', 'Bravo'));
    expect(res.headers).toMatchObject(paging(2, 1, 4, 7));
    const recorded = await t.http
      .get('/groups')
      .set(bearer(dora))
      .set('Content-Type', 'application/json')
      .expect(200);
    expect(recorded.body).toEqual(
      summaries('Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Hotel'),
    );
    expect(recorded.headers).toMatchObject(paging(50, 1, 1, 7));
  });

  it('list(include_members=True, user_ids=[1,2], permission="read", order_dir="desc", page_num=1)', async () => {
    const res = await t.http
      .get(
        `/groups?permission=read&include_members=True&user_ids%5B%5D=${m1.id}&user_ids%5B%5D=${m2.id}&page_num=1&order_dir=desc`,
      )
      .set(basic(dora))
      .set('Content-Type', 'application/json')
      .send('{}')
      .expect(200);
    expect(res.body).toEqual([
      summaryOf(byName.Charlie, [simpleUser(m2)]),
      summaryOf(byName.Alpha, [simpleUser(m1)]),
    ]);
    expect(res.headers).toMatchObject(paging(50, 1, 1, 2));
  });

  it('a single user_ids[]=1, include_members=False / true, camelCase keys', async () => {
    const single = await t.http
      .get(`/groups?user_ids%5B%5D=${m1.id}&include_members=False`)
      .set(basic(dora))
      .expect(200);
    expect(single.body).toEqual(summaries('Alpha'));
    const lower = await t.http
      .get(`/groups?user_ids[]=${m2.id}&include_members=true`)
      .set(basic(dora))
      .expect(200);
    expect(lower.body).toEqual([summaryOf(byName.Charlie, [simpleUser(m2)])]);
    const camel = await t.http
      .get(`/groups?limit=2&pageNum=3&orderDir=asc&includeMembers=False`)
      .set(basic(dora))
      .expect(200);
    expect(camel.body).toEqual(summaries('Echo', 'Foxtrot'));
    expect(camel.headers).toMatchObject(paging(2, 3, 4, 7));
    const camelIds = await t.http
      .get(`/groups?userIds[]=${m1.id}&userIds[]=${m2.id}`)
      .set(basic(dora))
      .expect(200);
    expect(camelIds.body).toEqual(summaries('Alpha', 'Charlie'));
  });

  it('query (case-insensitive substring), organization_id', async () => {
    const res = await t.http.get('/groups?query=HA').set(basic(dora)).expect(200);
    expect(res.body).toEqual(summaries('Alpha', 'Charlie'));
    expect(res.headers).toMatchObject(paging(50, 1, 1, 2));
    const org = await t.http.get(`/groups?organization_id=${otherOrg}`).set(basic(dora));
    expect(org.status).toBe(200);
    expect(org.body).toEqual(summaries('Foxtrot', 'Hotel'));
    const none = await t.http.get('/groups?query=zulu').set(basic(dora)).expect(200);
    expect(none.body).toEqual([]);
    expect(none.headers).toMatchObject(paging(50, 1, 0, 0));
  });

  it('permission=write / manage: only groups where the caller has that level', async () => {
    const own = summaries('Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo');
    for (const permission of ['write', 'manage']) {
      const res = await t.http.get(`/groups?permission=${permission}`).set(basic(dora)).expect(200);
      expect(res.body).toEqual(own);
    }
    const eves = await t.http.get('/groups?permission=manage').set(basic(eve)).expect(200);
    expect(eves.body).toEqual([
      summaryOf(byName.Foxtrot),
      expect.objectContaining({ name: 'Golf' }),
      summaryOf(byName.Hotel),
    ]);
  });

  it('order=created_at, both directions (ties broken by id)', async () => {
    const visible = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Hotel'].map(
      (n) => byName[n],
    );
    const asc = [...visible].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
    const desc = [...visible].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id - b.id);
    const up = await t.http.get('/groups?order=created_at').set(basic(dora)).expect(200);
    expect(up.body).toEqual(asc.map((g) => summaryOf(g)));
    const down = await t.http
      .get('/groups?order=created_at&order_dir=DESC')
      .set(basic(dora))
      .expect(200);
    expect(down.body).toEqual(desc.map((g) => summaryOf(g)));
  });

  it('a system administrator sees every group', async () => {
    const res = await t.http
      .get('/groups?limit=1000')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    expect(res.body.map((g: Group) => g.name)).toEqual([
      'Alpha',
      'Bravo',
      'Charlie',
      'Delta',
      'Echo',
      'Foxtrot',
      'Golf',
      'Hotel',
    ]);
    expect(res.headers).toMatchObject(paging(1000, 1, 1, 8));
  });
});
