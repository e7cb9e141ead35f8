import { createTestApp, TestApp } from '../helpers/create-test-app';
import { BASE, errorBody, JSON_TYPE, pub, XML_DECL, XML_TYPE } from './publisher-helpers';

/** Media types with parameters, and XML bodies passed as written in their own encoding. */
describe('Publisher: media types and XML text', () => {
  let t: TestApp;
  let id: number;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await pub(t, 'post', '/api/2/groups')
      .send({ group: { name: 'Typed' } })
      .expect(200);
    id = res.body.group.id;
  });

  afterAll(() => t.close());

  const summaryXml = (groupId: number, name: string) =>
    `${XML_DECL}<group><id>${groupId}</id><name>${name}</name><link>${BASE}/api/2/groups/${groupId}</link></group>`;

  async function nameOf(groupId: number): Promise<string> {
    const res = await pub(t, 'get', `/api/2/groups/${groupId}`).expect(200);
    return res.body.group.name as string;
  }

  describe('Accept', () => {
    it.each([
      'application/xml; charset=UTF-8',
      'application/xml;charset=utf-8',
      'text/xml; charset=utf-8',
      'application/xml; charset=ISO-8859-1',
      'application/xml; version=2',
      'application/json;q=0.5, application/xml;q=0.9;charset=utf-8',
      'application/json;q=0, */*',
    ])('%s → the XML a bare application/xml gets, errors included', async (accept) => {
      const bare = await pub(t, 'get', `/api/2/groups/${id}`).set('Accept', 'application/xml');
      const res = await pub(t, 'get', `/api/2/groups/${id}`).set('Accept', accept);
      expect([res.status, res.headers['content-type'], res.text]).toEqual([
        200,
        XML_TYPE,
        bare.text,
      ]);
      expect(res.text.startsWith(`${XML_DECL}<group><id>${id}</id>`)).toBe(true);

      const missing = await pub(t, 'get', '/api/2/groups/999999', { requestId: 'accept-1' }).set(
        'Accept',
        accept,
      );
      expect([missing.status, missing.headers['content-type'], missing.text]).toEqual([
        404,
        XML_TYPE,
        errorBody('xml', 'The requested user group does not exist', 901, 'accept-1'),
      ]);
    });

    it.each([
      'application/json; charset=utf-8',
      'application/xml;q=0.1, application/json',
      'application/xml;q=0, */*',
      'text/html',
    ])('%s → JSON', async (accept) => {
      const res = await pub(t, 'get', `/api/2/groups/${id}`).set('Accept', accept).expect(200);
      expect(res.headers['content-type']).toBe(JSON_TYPE);
      expect(res.body.group).toMatchObject({ id, name: 'Typed' });
    });
  });

  describe('Content-Type', () => {
    it.each([
      'application/xml; charset=utf-8',
      'application/xml;charset=UTF-8',
      'text/xml; charset="utf-8"',
      'application/atom+xml; charset=utf-8',
    ])('reads an XML body under %s', async (type) => {
      const name = `Typed ${type.replace(/"/g, '')}`;
      const res = await pub(t, 'post', '/api/2/groups', { accept: 'xml' })
        .set('Content-Type', type)
        .send(`<group><name>${name}</name></group>`);
      expect(res.status).toBe(200);
      const created = Number(/<id>(\d+)<\/id>/.exec(res.text)![1]);
      expect(res.text).toBe(summaryXml(created, name));
    });

    it('reads a JSON body under application/json; charset=utf-8', async () => {
      const res = await pub(t, 'post', '/api/2/groups')
        .set('Content-Type', 'application/json; charset=utf-8')
        .send('{"group":{"name":"Typed JSON"}}')
        .expect(200);
      expect(res.body.group.name).toBe('Typed JSON');
    });
  });

  describe('XML text', () => {
    it('keeps CDATA and the spaces around it, and characters beyond ASCII', async () => {
      const res = await pub(t, 'post', '/api/2/groups', { accept: 'xml' })
        .set('Content-Type', 'application/xml')
        .send('<group>\n  <name>A <![CDATA[<x>]]> B é</name>\n  <users>\n  </users>\n</group>');
      expect(res.status).toBe(200);
      const created = Number(/<id>(\d+)<\/id>/.exec(res.text)![1]);
      expect(res.text).toBe(summaryXml(created, 'A &lt;x&gt; B é'));
      expect(await nameOf(created)).toBe('A <x> B é');
    });

    it.each([
      ['xml', '<group><name>  padded  </name></group>'],
      ['xml', '<group><name><![CDATA[padded ]]></name></group>'],
      ['json', '{"group":{"name":" padded"}}'],
    ])(
      'refuses a name with leading or trailing whitespace (%s), never trims it',
      async (format, body) => {
        const res = await pub(t, 'post', '/api/2/groups', {
          accept: format as 'xml' | 'json',
          requestId: 'ws-1',
        })
          .set('Content-Type', `application/${format}`)
          .send(body);
        expect(res.status).toBe(400);
        const summary =
          'Invalid parameter: name (The group name must not begin or end with whitespace)';
        expect(format === 'xml' ? res.text : res.body).toEqual(
          errorBody(format as 'xml' | 'json', summary, 906, 'ws-1'),
        );
        const list = await pub(t, 'get', '/api/2/groups?search=padded').expect(200);
        expect(list.body.total).toBe(0);
      },
    );
  });

  describe('encodings', () => {
    const latin1 = (xml: string) => Buffer.from(xml, 'latin1');

    it('decodes by the XML declaration when the Content-Type has no charset', async () => {
      const res = await pub(t, 'post', '/api/2/groups')
        .set('Content-Type', 'application/xml')
        .send(latin1('<?xml version="1.0" encoding="ISO-8859-1"?><group><name>Café</name></group>'))
        .expect(200);
      expect(await nameOf(res.body.group.id)).toBe('Café');
    });

    it("lets the Content-Type's charset override the declaration", async () => {
      const res = await pub(t, 'post', '/api/2/groups')
        .set('Content-Type', 'application/xml; charset=utf-8')
        .send(
          Buffer.from(
            '<?xml version="1.0" encoding="ISO-8859-1"?><group><name>Crème</name></group>',
            'utf8',
          ),
        )
        .expect(200);
      expect(await nameOf(res.body.group.id)).toBe('Crème');
    });

    it('decodes UTF-16 by its byte-order mark', async () => {
      const xml = '<?xml version="1.0" encoding="UTF-16"?><group><name>Łódź</name></group>';
      const res = await pub(t, 'post', '/api/2/groups')
        .set('Content-Type', 'application/xml')
        .send(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]))
        .expect(200);
      expect(await nameOf(res.body.group.id)).toBe('Łódź');
    });

    it.each(['xml', 'json'] as const)(
      'refuses an encoding it cannot decode: 415 ref 913 (%s)',
      async (format) => {
        const res = await pub(t, 'post', '/api/2/groups', { accept: format, requestId: 'enc-1' })
          .set('Content-Type', 'application/xml')
          .send('<?xml version="1.0" encoding="x-klingon"?><group><name>Klingon</name></group>');
        expect(res.status).toBe(415);
        expect(format === 'xml' ? res.text : res.body).toEqual(
          errorBody(format, 'Request rejected', 913, 'enc-1'),
        );
        const list = await pub(t, 'get', '/api/2/groups?search=Klingon').expect(200);
        expect(list.body.groups).toEqual([]);
      },
    );
  });
});
