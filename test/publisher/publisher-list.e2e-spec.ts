import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import { BASE, JSON_TYPE, pub, setTimes, XML_DECL, XML_TYPE } from './publisher-helpers';

const DAY = 86_400_000;
const at = (y: number, m: number, d: number, h = 12, min = 0, s = 0, ms = 0) =>
  Date.UTC(y, m - 1, d, h, min, s, ms);

describe('Publisher GET /api/2/groups', () => {
  let t: TestApp;
  let member: SeededUser;
  const ids: Record<string, number> = {};
  const link = (name: string) => `${BASE}/api/2/groups/${ids[name]}`;
  const summary = (name: string) => ({ id: ids[name], name, link: link(name) });

  beforeAll(async () => {
    t = await createTestApp();
    member = await createUser(t);
    const now = Date.now();
    // name → [created, updated]
    const groups: Array<[string, number, number]> = [
      ['Alpha Corp', at(2017, 8, 1, 0, 0, 0, 0), at(2018, 1, 1)],
      ['Beta corp', at(2017, 9, 15), at(2019, 6, 1)],
      ['Zeta CORP', at(2017, 9, 15), at(2017, 12, 1)],
      ['ABC Corporate', at(2017, 10, 4, 23, 59, 59, 999), at(2017, 10, 5)],
      ['Corp Gamma', at(2017, 7, 31, 23, 59, 59, 999), at(2017, 8, 1)],
      ['Delta Corp', at(2017, 10, 5, 0, 0, 0, 0), at(2017, 10, 5)],
      ['Unrelated', at(2017, 9, 1), at(2017, 9, 1)],
      ['Recent corp', now - 3 * DAY, now - 3 * DAY],
      ['Month corp', now - 20 * DAY, now - 20 * DAY],
      ['Year corp', now - 200 * DAY, now - 200 * DAY],
    ];
    for (const [name, created, updated] of groups) {
      const users = name === 'Beta corp' || name === 'Unrelated' ? [member.id] : [];
      const res = await pub(t, 'post', '/api/2/groups')
        .send({ group: { name, users } })
        .expect(200);
      ids[name] = res.body.group.id;
      await setTimes(t, ids[name], created, updated);
    }
  });

  afterAll(() => t.close());

  it('combines search + sort on two keys + date filter + paging (JSON)', async () => {
    const res = await pub(
      t,
      'get',
      '/api/2/groups?search=CORP&sort=%2Bcreated,-name&createdDate=20170801,20171004&limit=2&offset=2',
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    // In range: Alpha (1 Aug 00:00), Zeta / Beta (15 Sep, name descending), ABC (4 Oct 23:59:59.999).
    expect(res.body).toEqual({
      total: 4,
      currentpage: 1,
      groups: [summary('Beta corp'), summary('ABC Corporate')],
    });
  });

  it('reads an unencoded + (arriving as a space) as ascending; renders XML', async () => {
    const res = await pub(
      t,
      'get',
      '/api/2/groups?search=corp&sort=+created,-name&CreatedDateTime=20170801,20171004&limit=3&offset=0',
      { accept: 'xml' },
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XML_TYPE);
    const groupXml = (name: string) =>
      `<group><id>${ids[name]}</id><name>${name}</name><link>${link(name)}</link></group>`;
    expect(res.text).toBe(
      `${XML_DECL}<groups><total>4</total><currentpage>0</currentpage>` +
        groupXml('Alpha Corp') +
        groupXml('Zeta CORP') +
        groupXml('Beta corp') +
        `</groups>`,
    );
  });

  it('filters on modifiedDate and sorts by updated', async () => {
    const res = await pub(
      t,
      'get',
      '/api/2/groups?modifieddate=20171001,20180101&sort=-updated,%2Bname&fields=id,name',
    ).expect(200);
    expect(res.body).toEqual({
      total: 4,
      currentpage: 0,
      groups: ['Alpha Corp', 'Zeta CORP', 'ABC Corporate', 'Delta Corp'].map((name) => ({
        id: ids[name],
        name,
      })),
    });
  });

  it.each([
    ['lastweek', ['Recent corp']],
    ['lastmonth', ['Month corp', 'Recent corp']],
    ['LASTYEAR', ['Month corp', 'Recent corp', 'Year corp']],
  ])('filters createdDate=%s', async (value, names) => {
    const res = await pub(t, 'get', `/api/2/groups?createddate=${value}&fields=name`).expect(200);
    expect(res.body).toEqual({
      total: names.length,
      currentpage: 0,
      groups: names.map((name) => ({ name })),
    });
  });

  it('answers the full object with fields=all, members loaded with the page', async () => {
    const res = await pub(t, 'get', '/api/2/groups?search=beta&fields=all').expect(200);
    expect(res.body).toEqual({
      total: 1,
      currentpage: 0,
      groups: [
        {
          id: ids['Beta corp'],
          name: 'Beta corp',
          users: [member.id],
          createddate: '15-09-2017 12:00:00:000',
          modifieddate: '01-06-2019 12:00:00:000',
          organisationcount: 0,
        },
      ],
    });
  });

  it.each([
    ['createddate', { createddate: '15-09-2017 12:00:00:000' }],
    ['id,modifieddate', { modifieddate: '01-06-2019 12:00:00:000' }],
  ])('reads the dates when fields=%s asks for one', async (fields, dates) => {
    const res = await pub(t, 'get', `/api/2/groups?search=beta&fields=${fields}`).expect(200);
    const id = fields.startsWith('id') ? { id: ids['Beta corp'] } : {};
    expect(res.body).toEqual({ total: 1, currentpage: 0, groups: [{ ...id, ...dates }] });
  });

  it('renders fields=all as XML with <users><user>', async () => {
    const res = await pub(t, 'get', '/api/2/groups?search=unrel&fields=all', {
      accept: 'xml',
    }).expect(200);
    expect(res.text).toBe(
      `${XML_DECL}<groups><total>1</total><currentpage>0</currentpage><group>` +
        `<id>${ids.Unrelated}</id><name>Unrelated</name><users><user>${member.id}</user></users>` +
        `<createddate>01-09-2017 12:00:00:000</createddate>` +
        `<modifieddate>01-09-2017 12:00:00:000</modifieddate>` +
        `<organisationcount>0</organisationcount></group></groups>`,
    );
  });

  it('defaults to summaries sorted by name, limit 200, offset 0', async () => {
    const res = await pub(t, 'get', '/api/2/groups').expect(200);
    const names = Object.keys(ids).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    expect(res.body).toEqual({ total: 10, currentpage: 0, groups: names.map(summary) });
  });

  it('counts every match in total while paging; currentpage = floor(offset / limit)', async () => {
    const res = await pub(t, 'get', '/api/2/groups?limit=3&offset=7&fields=name').expect(200);
    expect(res.body).toEqual({
      total: 10,
      currentpage: 2,
      groups: [{ name: 'Unrelated' }, { name: 'Year corp' }, { name: 'Zeta CORP' }],
    });
  });

  it('answers an empty page past the end', async () => {
    const json = await pub(t, 'get', '/api/2/groups?offset=50&limit=10').expect(200);
    expect(json.body).toEqual({ total: 10, currentpage: 5, groups: [] });
    const xml = await pub(t, 'get', '/api/2/groups?search=nothing-like-this', {
      accept: 'xml',
    }).expect(200);
    expect(xml.text).toBe(
      `${XML_DECL}<groups><total>0</total><currentpage>0</currentpage></groups>`,
    );
  });

  it('shows a user only the groups visible to them', async () => {
    const res = await pub(t, 'get', '/api/2/groups?fields=name', { token: member.token }).expect(
      200,
    );
    expect(res.body).toEqual({
      total: 2,
      currentpage: 0,
      groups: [{ name: 'Beta corp' }, { name: 'Unrelated' }],
    });
  });
});
