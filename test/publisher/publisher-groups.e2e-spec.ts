import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import {
  BASE,
  bodyOf,
  createOrganization,
  DATE,
  Format,
  JSON_TYPE,
  pub,
  setTimes,
  withBody,
  XML_DECL,
  XML_TYPE,
} from './publisher-helpers';

const T0 = Date.UTC(2018, 4, 28, 11, 3, 0, 0); // 28-05-2018 11:03:00:000
const T1 = Date.UTC(2019, 0, 2, 3, 4, 5, 67); // 02-01-2019 03:04:05:067

describe('Publisher /api/2/groups endpoints', () => {
  let t: TestApp;
  let alice: SeededUser; // organisation A
  let bob: SeededUser; // organisation B
  let carol: SeededUser; // organisation A
  let dave: SeededUser; // no organisation

  beforeAll(async () => {
    t = await createTestApp();
    const orgA = await createOrganization(t, 'Org A');
    const orgB = await createOrganization(t, 'Org B');
    alice = await createUser(t, { organizationId: orgA });
    bob = await createUser(t, { organizationId: orgB });
    carol = await createUser(t, { organizationId: orgA, email: 'Carol.X@Example.com' });
    dave = await createUser(t);
  });

  afterAll(() => t.close());

  async function createJson(name: string, users: number[] = []): Promise<number> {
    const res = await pub(t, 'post', '/api/2/groups').send({ group: { name, users } }).expect(200);
    return res.body.group.id as number;
  }

  describe('POST /api/2/groups', () => {
    it('creates from JSON and answers 200 with the summary and an absolute link', async () => {
      const res = await pub(t, 'post', '/api/2/groups').send({
        group: { name: 'HighQ', users: [alice.id, bob.id] },
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(JSON_TYPE);
      const id = res.body.group.id;
      expect(res.body).toEqual({
        group: { id, name: 'HighQ', link: `${BASE}/api/2/groups/${id}` },
      });
      await setTimes(t, id, T0, T1);
      const got = await pub(t, 'get', `/api/2/groups/${id}`).expect(200);
      expect(got.body).toEqual({
        group: {
          id,
          name: 'HighQ',
          users: [alice.id, bob.id],
          createddate: '28-05-2018 11:03:00:000',
          modifieddate: '02-01-2019 03:04:05:067',
          organisationcount: 2,
        },
      });
    });

    it('creates from XML (entities decoded) and answers XML', async () => {
      const res = await pub(t, 'post', '/api/2/groups', { accept: 'xml' })
        .set('Content-Type', 'application/xml')
        .send(
          `<?xml version="1.0"?><group><name>Smith &amp; Jones &lt;UK&gt;</name>` +
            `<users><user>${carol.id}</user></users></group>`,
        );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(XML_TYPE);
      const id = Number(/<id>(\d+)<\/id>/.exec(res.text)![1]);
      expect(res.text).toBe(
        `${XML_DECL}<group><id>${id}</id><name>Smith &amp; Jones &lt;UK&gt;</name>` +
          `<link>${BASE}/api/2/groups/${id}</link></group>`,
      );
      const got = await pub(t, 'get', `/api/2/groups/${id}`).expect(200);
      expect(got.body.group).toMatchObject({ name: 'Smith & Jones <UK>', users: [carol.id] });
    });

    it('decodes XML character references in a body', async () => {
      const res = await pub(t, 'post', '/api/2/groups')
        .set('Content-Type', 'application/xml')
        .send('<group><name>Caf&#233; &#x26; Bar &amp;#38;</name></group>')
        .expect(200);
      expect(res.body.group.name).toBe('Café & Bar &#38;');
    });

    it('reads a body without Content-Type as JSON', async () => {
      const res = await pub(t, 'post', '/api/2/groups')
        .unset('Content-Type')
        .send(Buffer.from(JSON.stringify({ group: { name: 'No content type' } })));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        group: {
          id: res.body.group.id,
          name: 'No content type',
          link: `${BASE}/api/2/groups/${res.body.group.id}`,
        },
      });
    });

    it('accepts user ids as digit strings (as XML carries them) and no users at all', async () => {
      const id = await createJson('Strings');
      const res = await pub(t, 'put', `/api/2/groups/${id}`)
        .send({ group: { name: 'Strings', users: [String(dave.id)] } })
        .expect(200);
      expect(res.body).toEqual({
        group: { id, name: 'Strings', link: `${BASE}/api/2/groups/${id}` },
      });
      const got = await pub(t, 'get', `/api/2/groups/${id}`).expect(200);
      expect(got.body.group).toMatchObject({ users: [dave.id], organisationcount: 0 });
    });
  });

  describe('GET /api/2/groups/{id}', () => {
    it.each<Format>(['json', 'xml'])('answers the full object (%s)', async (format) => {
      const id = await createJson(`Full ${format}`, [carol.id, alice.id, bob.id]);
      await setTimes(t, id, T0, T1);
      const res = await pub(t, 'get', `/api/2/groups/${id}`, { accept: format });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(format === 'xml' ? XML_TYPE : JSON_TYPE);
      const users = [alice.id, bob.id, carol.id];
      expect(bodyOf(res, format)).toEqual(
        format === 'xml'
          ? `${XML_DECL}<group><id>${id}</id><name>Full xml</name><users>` +
              users.map((u) => `<user>${u}</user>`).join('') +
              `</users><createddate>28-05-2018 11:03:00:000</createddate>` +
              `<modifieddate>02-01-2019 03:04:05:067</modifieddate>` +
              `<organisationcount>2</organisationcount></group>`
          : {
              group: {
                id,
                name: 'Full json',
                users,
                createddate: '28-05-2018 11:03:00:000',
                modifieddate: '02-01-2019 03:04:05:067',
                organisationcount: 2,
              },
            },
      );
    });

    it('renders a group without members with an empty users list', async () => {
      const id = await createJson('Empty');
      await setTimes(t, id, T0);
      const xml = await pub(t, 'get', `/api/2/groups/${id}`, { accept: 'xml' }).expect(200);
      expect(xml.text).toBe(
        `${XML_DECL}<group><id>${id}</id><name>Empty</name><users/>` +
          `<createddate>28-05-2018 11:03:00:000</createddate>` +
          `<modifieddate>28-05-2018 11:03:00:000</modifieddate>` +
          `<organisationcount>0</organisationcount></group>`,
      );
      const json = await pub(t, 'get', `/api/2/groups/${id}`).expect(200);
      expect(json.body.group).toMatchObject({ users: [], organisationcount: 0 });
    });
  });

  describe('content negotiation', () => {
    it.each([
      ['text/xml', XML_TYPE],
      ['application/json;q=0.5, application/xml', XML_TYPE],
      ['*/*', JSON_TYPE],
      ['text/html', JSON_TYPE],
    ])('answers Accept: %s with %s', async (accept, type) => {
      const id = await createJson(`Negotiated ${accept}`);
      const res = await pub(t, 'get', `/api/2/groups/${id}`).set('Accept', accept).expect(200);
      expect(res.headers['content-type']).toBe(type);
    });

    it('reads a text/xml request body as XML', async () => {
      const res = await pub(t, 'post', '/api/2/groups')
        .set('Content-Type', 'text/xml; charset=utf-8')
        .send('<group><name>From text/xml</name></group>')
        .expect(200);
      expect(res.body).toEqual({
        group: {
          id: res.body.group.id,
          name: 'From text/xml',
          link: `${BASE}/api/2/groups/${res.body.group.id}`,
        },
      });
    });
  });

  describe('PUT /api/2/groups/{id}', () => {
    it.each<Format>(['json', 'xml'])(
      'replaces name and users and answers the summary (%s)',
      async (format) => {
        const id = await createJson(`Before ${format}`, [alice.id, bob.id]);
        const res = await withBody(
          pub(t, 'put', `/api/2/groups/${id}`, { accept: format }),
          format,
          { group: { id, name: `After ${format}`, users: [carol.id, dave.id] } },
          `<group><id>${id}</id><name>After ${format}</name>` +
            `<users><user>${carol.id}</user><user>${dave.id}</user></users></group>`,
        );
        expect(res.status).toBe(200);
        expect(bodyOf(res, format)).toEqual(
          format === 'xml'
            ? `${XML_DECL}<group><id>${id}</id><name>After xml</name><link>${BASE}/api/2/groups/${id}</link></group>`
            : { group: { id, name: 'After json', link: `${BASE}/api/2/groups/${id}` } },
        );
        const got = await pub(t, 'get', `/api/2/groups/${id}`).expect(200);
        expect(got.body).toEqual({
          group: {
            id,
            name: `After ${format}`,
            users: [carol.id, dave.id],
            createddate: expect.stringMatching(DATE),
            modifieddate: expect.stringMatching(DATE),
            organisationcount: 1,
          },
        });
      },
    );

    it.each<Format>(['json', 'xml'])(
      'removes every member with an empty users list (%s)',
      async (format) => {
        const id = await createJson(`Emptied ${format}`, [alice.id]);
        await withBody(
          pub(t, 'put', `/api/2/groups/${id}`),
          format,
          { group: { name: `Emptied ${format}`, users: [] } },
          `<group><name>Emptied ${format}</name><users/></group>`,
        ).expect(200);
        const got = await pub(t, 'get', `/api/2/groups/${id}`).expect(200);
        expect(got.body.group.users).toEqual([]);
      },
    );

    it('keeps the members when users is absent (rename only)', async () => {
      const id = await createJson('Rename me', [alice.id]);
      await pub(t, 'put', `/api/2/groups/${id}`)
        .send({ group: { name: 'Renamed' } })
        .expect(200);
      const got = await pub(t, 'get', `/api/2/groups/${id}`).expect(200);
      expect(got.body.group).toMatchObject({ name: 'Renamed', users: [alice.id] });
    });
  });

  describe('PUT /api/2/groups/{id}/users', () => {
    it.each<Format>(['json', 'xml'])(
      'adds users by id and e-mail and answers the full object (%s)',
      async (format) => {
        const id = await createJson(`Add ${format}`, [alice.id]);
        const res = await withBody(
          pub(t, 'put', `/api/2/groups/${id}/users`, { accept: format }),
          format,
          { group: { users: [String(bob.id), 'carol.x@example.COM', alice.id] } },
          `<group><users><user>${bob.id}</user><user>carol.x@example.COM</user></users></group>`,
        );
        expect(res.status).toBe(200);
        const users = [alice.id, bob.id, carol.id];
        if (format === 'xml') {
          const created = /<createddate>([^<]+)<\/createddate>/.exec(res.text)![1];
          const modified = /<modifieddate>([^<]+)<\/modifieddate>/.exec(res.text)![1];
          expect(created).toMatch(DATE);
          expect(modified).toMatch(DATE);
          expect(res.text).toBe(
            `${XML_DECL}<group><id>${id}</id><name>Add xml</name><users>` +
              users.map((u) => `<user>${u}</user>`).join('') +
              `</users><createddate>${created}</createddate><modifieddate>${modified}</modifieddate>` +
              `<organisationcount>2</organisationcount></group>`,
          );
        } else {
          expect(res.body).toEqual({
            group: {
              id,
              name: 'Add json',
              users,
              createddate: expect.stringMatching(DATE),
              modifieddate: expect.stringMatching(DATE),
              organisationcount: 2,
            },
          });
        }
      },
    );

    it('updates modifieddate and keeps createddate', async () => {
      const id = await createJson('Touch', []);
      await setTimes(t, id, T0, T0);
      const res = await pub(t, 'put', `/api/2/groups/${id}/users`)
        .send({ group: { users: [dave.id] } })
        .expect(200);
      expect(res.body.group.createddate).toBe('28-05-2018 11:03:00:000');
      expect(res.body.group.modifieddate).not.toBe('28-05-2018 11:03:00:000');
    });
  });

  describe('DELETE /api/2/groups/{id}', () => {
    it.each<Format>(['json', 'xml'])('answers 202 with an empty body (%s)', async (format) => {
      const id = await createJson(`Doomed ${format}`, [alice.id]);
      const res = await pub(t, 'delete', `/api/2/groups/${id}`, { accept: format });
      expect(res.status).toBe(202);
      expect(res.text).toBe('');
      expect(res.headers['content-type']).toBeUndefined();
      await pub(t, 'get', `/api/2/groups/${id}`).expect(404);
    });
  });

  describe('permissions come from the domain policy', () => {
    it('lets any user create; members read; only writers change; others see nothing', async () => {
      const created = await pub(t, 'post', '/api/2/groups', { token: alice.token })
        .send({ group: { name: 'Alice team', users: [bob.id] } })
        .expect(200);
      const id = created.body.group.id;
      // bob is a member: can read, cannot change (403 ref 123)
      await pub(t, 'get', `/api/2/groups/${id}`, { token: bob.token }).expect(200);
      const put = await pub(t, 'put', `/api/2/groups/${id}`, {
        token: bob.token,
        requestId: 'deny-1',
      }).send({ group: { name: 'Bob team' } });
      expect(put.status).toBe(403);
      expect(put.body).toEqual({
        error: { summary: 'Access denied', ref: 123, link: `${BASE}/api/2/error/deny-1` },
      });
      // carol is nobody here: the group does not exist for her
      const get = await pub(t, 'get', `/api/2/groups/${id}`, {
        token: carol.token,
        requestId: 'hide-1',
      });
      expect(get.status).toBe(404);
      expect(get.body).toEqual({
        error: {
          summary: 'The requested user group does not exist',
          ref: 901,
          link: `${BASE}/api/2/error/hide-1`,
        },
      });
      // alice owns it: she may delete it
      await pub(t, 'delete', `/api/2/groups/${id}`, { token: alice.token }).expect(202);
    });
  });
});

describe('Publisher links', () => {
  let t: TestApp;

  afterEach(() => t.close());

  async function createdLink(headers: Record<string, string>): Promise<string> {
    const req = t.http.post('/api/2/groups').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    const res = await req.send({ group: { name: `Linked ${Object.keys(headers).join()}` } });
    expect(res.status).toBe(200);
    return String(res.body.group.link).replace(/\/\d+$/, '/N');
  }

  it('ignores X-Forwarded-* unless TRUST_PROXY is set', async () => {
    t = await createTestApp();
    const headers = {
      Host: 'internal:3000',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'pub.example.org',
    };
    expect(await createdLink(headers)).toBe('http://internal:3000/api/2/groups/N');
  });

  it('honours X-Forwarded-Proto/-Host with TRUST_PROXY', async () => {
    t = await createTestApp({ trustProxy: true });
    const headers = {
      Host: 'internal:3000',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'pub.example.org',
    };
    expect(await createdLink(headers)).toBe('https://pub.example.org/api/2/groups/N');
  });

  it('uses PUBLIC_URL (with its context path) when set, for links and error links', async () => {
    t = await createTestApp({ publicUrl: 'https://highq.example.com/context' });
    expect(await createdLink({ Host: 'internal:3000' })).toBe(
      'https://highq.example.com/context/api/2/groups/N',
    );
    const res = await t.http.get('/api/2/groups/999').set('X-Request-Id', 'abc-1');
    expect(res.body).toEqual({
      error: {
        summary: 'Not authorised',
        ref: 401,
        link: 'https://highq.example.com/context/api/2/error/abc-1',
      },
    });
  });
});

describe('Publisher OpenAPI', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  it('documents every route with its success status and its errors', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, { responses: object }>>;
    const statuses = (path: string, method: string) =>
      Object.keys(paths[path]?.[method]?.responses ?? {}).sort();
    expect(statuses('/api/2/groups', 'get')).toEqual(['200', '400', '401']);
    expect(statuses('/api/2/groups', 'post')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
    ]);
    expect(statuses('/api/2/groups/{id}', 'get')).toEqual(['200', '400', '401', '404']);
    expect(statuses('/api/2/groups/{id}', 'put')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
    ]);
    expect(statuses('/api/2/groups/{id}', 'delete')).toEqual(['202', '400', '401', '403', '404']);
    expect(statuses('/api/2/groups/{id}/users', 'put')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '413',
    ]);
  });
});
