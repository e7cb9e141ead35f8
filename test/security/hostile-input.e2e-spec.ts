import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import { ADMIN_AUTH, fault, SERVICE } from '../jive/jive-helpers';
import { errorBody, pub } from '../publisher/publisher-helpers';
import { listen, mintConsumer, mintToken, UsosClient } from '../usos/usos-client';

const EDGE_WHITESPACE = 'The group name must not begin or end with whitespace';
const INVISIBLE = 'The group name must not contain zero-width or bidirectional control characters';

const CAFE_NFC = 'Caf\u00e9';
const CAFE_NFD = 'Cafe\u0301';

/** The same name the way each dialect's client creates a group, and what it answers. */
interface Dialect {
  create(name: string): Promise<{ status: number; body: unknown }>;
  invalid(message: string): { status: number; body: unknown };
  duplicate(name: string): { status: number; body: unknown };
}

describe('hostile input: look-alike names, parser refusals', () => {
  let t: TestApp;
  let user: SeededUser;
  let usos: UsosClient;
  let dialects: Record<'civis' | 'publisher' | 'jive' | 'usos', Dialect>;
  let requestCounter = 0;

  beforeAll(async () => {
    t = await createTestApp();
    user = await createUser(t);
    const consumer = await mintConsumer(t, true);
    usos = new UsosClient(await listen(t), consumer, await mintToken(t, consumer.key, user.id));
    dialects = {
      civis: {
        create: async (name) => {
          const res = await t.http
            .post('/groups')
            .set('Authorization', `Bearer ${user.token}`)
            .send({ name });
          return { status: res.status, body: res.body };
        },
        invalid: (message) => ({
          status: 400,
          body: {
            error: 'bad_request',
            errorDescription: `The given request was not as expected: Validation failed: name: ${message}`,
            code: 400,
          },
        }),
        duplicate: (name) => ({
          status: 409,
          body: {
            error: 'conflict',
            errorDescription: `Group "${name}" already exists`,
            code: 409,
          },
        }),
      },
      publisher: {
        create: async (name) => {
          requestCounter += 1;
          const res = await pub(t, 'post', '/api/2/groups', {
            token: user.token,
            accept: 'json',
            requestId: `hostile-${requestCounter}`,
          }).send({ group: { name } });
          return { status: res.status, body: res.body };
        },
        invalid: (message) => ({
          status: 400,
          body: errorBody(
            'json',
            `Invalid parameter: name (${message})`,
            906,
            `hostile-${requestCounter}`,
          ),
        }),
        duplicate: () => ({
          status: 409,
          body: errorBody(
            'json',
            'A user group with this name already exists',
            902,
            `hostile-${requestCounter}`,
          ),
        }),
      },
      jive: {
        create: async (name) => {
          const res = await t.http
            .post(`${SERVICE}/groups`)
            .set('Authorization', ADMIN_AUTH)
            .set('Content-Type', 'text/xml')
            .send(`<createGroup><name>${name}</name></createGroup>`);
          return { status: res.status, body: res.status === 200 ? 'created' : res.text };
        },
        invalid: (message) => ({
          status: 500,
          body: fault(`java.lang.IllegalArgumentException: ${message}`),
        }),
        duplicate: (name) => ({
          status: 500,
          body: fault(
            `com.jivesoftware.base.GroupAlreadyExistsException: Group "${name}" already exists`,
          ),
        }),
      },
      usos: {
        create: async (name) => {
          const res = await usos.call('create', { name });
          return { status: res.status, body: JSON.parse(res.text) };
        },
        invalid: (message) => ({
          status: 400,
          body: { message, error: 'param_invalid', param_name: 'name' },
        }),
        duplicate: (name) => ({
          status: 400,
          body: {
            message: `Group "${name}" already exists`,
            error: 'param_invalid',
            param_name: 'name',
          },
        }),
      },
    };
  });
  afterAll(() => t.close());

  const created = (res: { status: number }) => expect([200, 201]).toContain(res.status);

  describe.each(['civis', 'publisher', 'jive', 'usos'] as const)('%s', (name) => {
    it('refuses zero-width and bidirectional control characters with its invalid-parameter error', async () => {
      const dialect = dialects[name];
      for (const look of [`${name} Staff\u200b`, `\u202e${name} Staff`, `${name}\u2066 Staff`]) {
        expect(await dialect.create(look)).toEqual(dialect.invalid(INVISIBLE));
      }
    });

    it('stores names in NFC and treats NFD, compatibility and case variants as the same name', async () => {
      const dialect = dialects[name];
      const cafe = `${CAFE_NFC} ${name}`;
      created(await dialect.create(cafe));
      for (const variant of [
        `${CAFE_NFD} ${name}`,
        `CAF\u00c9 ${name.toUpperCase()}`,
        `\uff23af\u00e9 ${name}`, // full-width C
      ]) {
        expect(await dialect.create(variant)).toEqual(dialect.duplicate(variant.normalize('NFC')));
      }
      created(await dialect.create(`Stra\u00dfe ${name}`));
      expect(await dialect.create(`STRASSE ${name}`)).toEqual(dialect.duplicate(`STRASSE ${name}`));
    });
  });

  describe.each(['civis', 'publisher', 'jive', 'usos'] as const)('%s', (name) => {
    it('refuses leading and trailing whitespace with its invalid-parameter error', async () => {
      const dialect = dialects[name];
      for (const look of [`${name} Staff `, ` ${name} Staff`, `${name} Staff\u00a0`]) {
        expect(await dialect.create(look)).toEqual(dialect.invalid(EDGE_WHITESPACE));
      }
    });
  });

  it('a name sent in NFD is stored and answered in NFC', async () => {
    const res = await t.http
      .post('/groups')
      .set('Authorization', `Bearer ${user.token}`)
      .send({ name: `${CAFE_NFD} au lait` })
      .expect(201);
    expect(res.body.name).toBe(`${CAFE_NFC} au lait`);
  });

  describe('parser refusals are the dialect’s bad request, never an internal error', () => {
    const deepJson = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const deepXml = `${'<group>'.repeat(150)}x${'</group>'.repeat(150)}`;

    it('admin API: deep JSON → 400', async () => {
      const res = await t.http
        .post('/admin/v1/users')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .type('json')
        .send(deepJson)
        .expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'JSON nested deeper than 32 levels',
      });
    });

    it('admin API: an unsupported charset → 415, a broken gzip body → 400', async () => {
      const charset = await t.http
        .post('/admin/v1/users')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .set('Content-Type', 'application/json; charset=latin1')
        .send('{}')
        .expect(415);
      expect(charset.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'unsupported charset "LATIN1"',
      });
      const gzip = await t.http
        .post('/admin/v1/users')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send('not gzip')
        .expect(400);
      expect(gzip.body.statusCode).toBe(400);
    });

    it('Civis: deep JSON → its 400', async () => {
      const res = await t.http
        .post('/groups')
        .set('Authorization', `Bearer ${user.token}`)
        .type('json')
        .send(deepJson)
        .expect(400);
      expect(res.body).toEqual({
        error: 'bad_request',
        errorDescription:
          'The given request was not as expected: JSON nested deeper than 32 levels',
        code: 400,
      });
    });

    it.each([
      ['more than 100 nested elements', deepXml],
      ['an element named __proto__', '<group><__proto__><name>x</name></__proto__></group>'],
      ['an element named constructor', '<group><constructor>x</constructor></group>'],
    ])('Publisher: XML with %s → its 400', async (_, xml) => {
      const res = await pub(t, 'post', '/api/2/groups', { accept: 'xml', requestId: 'xml-refused' })
        .set('Content-Type', 'application/xml')
        .send(xml)
        .expect(400);
      expect(res.text).toBe(errorBody('xml', 'Request parameters are missing', 74, 'xml-refused'));
    });

    it('Jive: XML nested too deep → its UnmarshalException fault', async () => {
      const res = await t.http
        .post(`${SERVICE}/groups`)
        .set('Authorization', ADMIN_AUTH)
        .set('Content-Type', 'text/xml')
        .send(deepXml.replace(/group>/g, 'createGroup>'));
      expect(res.status).toBe(500);
      expect(res.text).toBe(
        fault('javax.xml.bind.UnmarshalException: Maximum nested tags exceeded'),
      );
    });
  });
});
