import request from 'supertest';
import { DataSource } from 'typeorm';
import { MAX_SELECTOR_DEPTH } from '../../src/dialects/usos/usos-fields';
import { MAX_LIST_LENGTH } from '../../src/dialects/usos/usos-request';
import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin, createUser, SeededUser } from '../helpers/seed';
import {
  expectUsosError,
  KeyPair,
  listen,
  mintConsumer,
  mintToken,
  UsosClient,
} from './usos-client';

describe('USOS csgroups: wire conventions and output formats', () => {
  let t: TestApp;
  let base: string;
  let client: UsosClient;
  let consumer: KeyPair;
  let anna: SeededUser;
  let physics: string;

  async function create(params: Record<string, string>): Promise<string> {
    const res = await client.call('create', params).expect(200);
    return res.body.custom_group_id as string;
  }

  async function read(id: string, fields: string) {
    const res = await client.call('custom_group', { custom_group_id: id, fields }).expect(200);
    return res.body as Record<string, unknown>;
  }

  async function myGroupNames(): Promise<string[]> {
    const res = await client.call('user', { fields: 'name' }).expect(200);
    return res.body.map((g: { name: string }) => g.name);
  }

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    const me = await createUser(t, { firstName: 'Jan', lastName: 'Kowalski' });
    anna = await createUser(t, { firstName: 'Anna', lastName: 'Nowak' });
    consumer = await mintConsumer(t, true);
    client = new UsosClient(base, consumer, await mintToken(t, consumer.key, me.id));
    physics = String((await createGroupAsAdmin(t, { name: 'Wydział Fizyki', federated: true })).id);
  });
  afterAll(() => t.close());

  describe('parameters', () => {
    it('answers the same over GET, POST form and POST query string', async () => {
      const id = await create({ name: 'Wszędzie', user_ids: String(anna.id) });
      const params = { custom_group_id: id, fields: 'id|name|users[id|last_name]' };
      const expected = {
        id,
        name: 'Wszędzie',
        users: [{ id: String(anna.id), last_name: 'Nowak' }],
      };
      const answers = [
        await client.call('custom_group', params, { verb: 'GET' }),
        await client.call('custom_group', params, { verb: 'GET', placement: 'header' }),
        await client.call('custom_group', params, { verb: 'POST' }),
        await client.call('custom_group', {}, { verb: 'POST', query: params }),
      ];
      for (const res of answers) {
        expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expected });
      }
    });

    it('merges query and body parameters; the body wins for a name given in both', async () => {
      const res = await client
        .call(
          'create',
          { name: 'Z ciała' },
          { query: { name: 'Z zapytania', user_ids: String(anna.id) } },
        )
        .expect(200);
      expect(await read(res.body.custom_group_id, 'name|users[id]')).toEqual({
        name: 'Z ciała',
        users: [{ id: String(anna.id) }],
      });
    });

    it('ignores unknown parameters', async () => {
      const id = await create({ name: 'Z nadmiarem', lang: 'pl', foo: 'bar', fields: 'nonsense' });
      const res = await client
        .call('custom_group', { custom_group_id: id, lang: 'pl', page: 'x' })
        .expect(200);
      expect(res.body).toEqual({ id, name: 'Z nadmiarem' });
    });

    it('reads a bracketed name as a name of its own: name[pl] is not name', async () => {
      expectUsosError(await client.call('create', { 'name[pl]': 'Nazwa' }), 400, {
        message: 'Required parameter name is missing.',
        error: 'param_missing',
        param_name: 'name',
      });
    });

    it('refuses a multipart body, bracketed names included: the signature does not cover it', async () => {
      expectUsosError(
        await client.call('create', { 'name[pl]': 'Nazwa' }, { multipart: true }),
        415,
        {
          message:
            'csgroups methods take parameters from the query string or an ' +
            'application/x-www-form-urlencoded body only; other bodies are not signed.',
          error: 'unsupported_media_type',
        },
      );
    });

    it('sends ids as JSON strings', async () => {
      const res = await client.call('create', { name: 'Napisy' }).expect(200);
      expect(res.text).toMatch(/^\{"custom_group_id":"[1-9][0-9]*"\}$/);
    });
  });

  describe('format', () => {
    let id: string;
    beforeAll(async () => {
      id = await create({
        name: 'Format <&> "cudzysłów"',
        user_ids: String(anna.id),
        primary_group_ids: physics,
        emails: 'x@example.com',
      });
    });

    it('json by default, as application/json', async () => {
      const res = await client.call('custom_group', { custom_group_id: id, format: 'json' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(JSON.parse(res.text)).toEqual({ id, name: 'Format <&> "cudzysłów"' });
    });

    it('jsonp wraps the JSON in the callback, as application/javascript', async () => {
      const res = await client.call(
        'custom_group',
        { custom_group_id: id, format: 'jsonp', callback: 'on_group2' },
        { verb: 'GET' },
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.text).toBe(
        `on_group2(${JSON.stringify({ id, name: 'Format <&> "cudzysłów"' })});`,
      );
    });

    it('jsonp escapes U+2028 and U+2029 (line terminators in old JavaScript)', async () => {
      const name = 'Linia\u2028akapit\u2029koniec';
      const lineId = await create({ name });
      const res = await client
        .call('custom_group', {
          custom_group_id: lineId,
          fields: 'name',
          format: 'jsonp',
          callback: 'cb',
        })
        .expect(200);
      expect(res.text).toBe('cb({"name":"Linia\\u2028akapit\\u2029koniec"});');
    });

    it('xmlmap2 maps objects, arrays, strings and nested LangDicts, as text/xml', async () => {
      const res = await client.call('custom_group', {
        custom_group_id: id,
        fields: 'id|name|users[id|email]|emails|primary_groups',
        format: 'xmlmap2',
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.text).toBe(
        '<object>' +
          `<string key="id">${id}</string>` +
          '<string key="name">Format &lt;&amp;&gt; "cudzysłów"</string>' +
          '<array key="users"><object>' +
          `<string key="id">${anna.id}</string>` +
          `<string key="email">${anna.username}@example.com</string>` +
          '</object></array>' +
          '<array key="emails"><string>x@example.com</string></array>' +
          '<array key="primary_groups"><object>' +
          `<string key="id">${physics}</string>` +
          '<object key="name"><string key="pl">Wydział Fizyki</string><string key="en">Wydział Fizyki</string></object>' +
          '</object></array>' +
          '</object>',
      );
    });

    it('xmlmap2 renders null entries, lists and empty dictionaries', async () => {
      const gone = await create({ name: 'Do skasowania XML' });
      const missing = await client
        .call('custom_groups', {
          custom_group_ids: `${id}|999999`,
          fields: 'id',
          format: 'xmlmap2',
        })
        .expect(200);
      expect(missing.text).toBe(
        `<object><object key="${id}"><string key="id">${id}</string></object><null key="999999"/></object>`,
      );
      const updated = await client
        .call('update', { custom_group_id: gone, name: 'Skasuj XML', format: 'xmlmap2' })
        .expect(200);
      expect(updated.text).toBe('<object></object>');
      const deleted = await client
        .call('delete', { custom_group_ids: gone, format: 'xmlmap2' })
        .expect(200);
      expect(deleted.text).toBe(
        `<object><array key="matched"><string>${gone}</string></array></object>`,
      );
      const created = await client
        .call('create', { name: 'Nowa XML', format: 'xmlmap2' })
        .expect(200);
      expect(created.text).toMatch(
        /^<object><string key="custom_group_id">[1-9][0-9]*<\/string><\/object>$/,
      );
      const mine = await client.call('user', { fields: 'id', format: 'xmlmap2' }).expect(200);
      expect(mine.text).toMatch(
        /^<array>(<object><string key="id">[1-9][0-9]*<\/string><\/object>)+<\/array>$/,
      );
    });

    it.each([
      [
        { format: 'xml' },
        'param_invalid',
        'format',
        'Parameter format must be one of: json, jsonp, xmlmap2, xmlmap, xmlitems.',
      ],
      [{ format: 'jsonp' }, 'param_missing', 'callback', 'Required parameter callback is missing.'],
      [
        { format: 'jsonp', callback: 'alert(1)' },
        'param_invalid',
        'callback',
        'Parameter callback must be a JavaScript identifier ([A-Za-z_][A-Za-z0-9_]*).',
      ],
      [
        { format: 'jsonp', callback: '1cb' },
        'param_invalid',
        'callback',
        'Parameter callback must be a JavaScript identifier ([A-Za-z_][A-Za-z0-9_]*).',
      ],
    ])('refuses %j before anything is written', async (format, error, param, message) => {
      const name = `Nie powstanie ${JSON.stringify(format)}`;
      expectUsosError(await client.call('create', { name, ...format }), 400, {
        message,
        error,
        param_name: param,
      });
      expect(await myGroupNames()).not.toContain(name);
    });

    it.each([
      ['xmlmap2', {}],
      ['jsonp', { callback: 'cb' }],
    ])('answers errors in JSON under format=%s', async (format, extra) => {
      const params = { format, ...extra };
      expectUsosError(
        await client.call('custom_group', { custom_group_id: '999999', ...params }),
        400,
        {
          message: 'Custom group "999999" could not be found.',
          error: 'object_not_found',
          param_name: 'custom_group_id',
          method_name: 'services/csgroups/custom_group',
        },
      );
      expectUsosError(
        await client.call('custom_group', { custom_group_id: id, fields: 'x', ...params }),
        400,
        {
          message: 'Field "x" does not exist in services/csgroups/custom_group.',
          error: 'field_not_found',
          field_name: 'x',
          method_name: 'services/csgroups/custom_group',
        },
      );
      expectUsosError(await client.call('user', params, { unsigned: true }), 403, {
        message: 'This method requires a consumer signature (OAuth 1.0a).',
        error: 'method_forbidden',
        reason: 'consumer_missing',
      });
      const badSignature = await client.call('user', params, {
        consumer: { key: consumer.key, secret: 'wrong' },
      });
      expect(badSignature.status).toBe(401);
      expect(badSignature.headers['content-type']).toBe('application/json; charset=utf-8');
      expectUsosError(await client.call('nope', params), 404, {
        message: 'Method services/csgroups/nope does not exist.',
      });
    });
  });

  describe('limits', () => {
    it('writes and reads lists of the largest accepted size', async () => {
      // Setup only: 5000 users in one statement (the admin API would take minutes).
      await t.app.get(DataSource).query(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MAX_LIST_LENGTH})
         INSERT INTO users (username, first_name, last_name, created_at, updated_at)
         SELECT 'bulk' || i, 'Bulk', 'User', 0, 0 FROM n`,
      );
      const rows: Array<{ id: number }> = await t.app
        .get(DataSource)
        .query(`SELECT id FROM users WHERE username LIKE 'bulk%'`);
      const userIds = rows.map((r) => String(r.id)).join('|');
      const emails = Array.from({ length: MAX_LIST_LENGTH }, (_, i) => `m${i}@example.com`);
      const res = await client
        .call('create', { name: 'Największa', user_ids: userIds, emails: emails.join('|') })
        .expect(200);
      const id: string = res.body.custom_group_id;
      const read1 = await read(id, 'users[id]|emails');
      expect([(read1.users as unknown[]).length, (read1.emails as unknown[]).length]).toEqual([
        MAX_LIST_LENGTH,
        MAX_LIST_LENGTH,
      ]);
      await client.call('update', { custom_group_id: id, user_ids: userIds }).expect(200);
      const ids = Array.from({ length: MAX_LIST_LENGTH }, (_, i) => String(i + 1));
      const many = await client.call('custom_groups', { custom_group_ids: ids.join('|') });
      expect(many.status).toBe(200);
      expect(Object.keys(many.body)).toHaveLength(MAX_LIST_LENGTH);
    });

    it('refuses longer lists with param_invalid, never a 500', async () => {
      const target = await create({ name: 'Cel za dużej listy' });
      const tooMany = Array.from({ length: MAX_LIST_LENGTH + 1 }, (_, i) => String(i + 1)).join(
        '|',
      );
      for (const [method, param, extra] of [
        ['create', 'user_ids', { name: 'Za duża' }],
        ['create', 'custom_group_ids', { name: 'Za duża' }],
        ['create', 'primary_group_ids', { name: 'Za duża' }],
        ['update', 'emails', { custom_group_id: target }],
        ['custom_groups', 'custom_group_ids', {}],
        ['delete', 'custom_group_ids', {}],
      ] as const) {
        expectUsosError(
          await client.call(method, { ...extra, [param]: tooMany, strict: 'false' }),
          400,
          {
            message: `Parameter ${param} may list at most ${MAX_LIST_LENGTH} distinct items.`,
            error: 'param_invalid',
            param_name: param,
          },
        );
      }
      // Repeats count once.
      const repeated = Array.from({ length: MAX_LIST_LENGTH + 1 }, () => '1').join('|');
      await client.call('custom_groups', { custom_group_ids: repeated }).expect(200);
    });

    it('refuses field selectors nested deeper than the parser goes', async () => {
      for (const depth of [MAX_SELECTOR_DEPTH + 1, 80_000]) {
        const fields = `${'users['.repeat(depth)}id${']'.repeat(depth)}`;
        expectUsosError(await client.call('custom_group', { custom_group_id: '1', fields }), 400, {
          message: `Invalid field selector in fields: nested deeper than ${MAX_SELECTOR_DEPTH} levels.`,
          error: 'param_invalid',
          param_name: 'fields',
        });
      }
    });

    it('answers a body over the limit with a JSON 413', async () => {
      const res = await request(base)
        .post('/services/csgroups/create')
        .type('form')
        .send(`name=${'x'.repeat(1024 * 1024 + 1)}`);
      expectUsosError(res, 413, { message: 'request entity too large' });
    });
  });

  describe('OpenAPI', () => {
    it('documents every method over GET and POST under the usos tag', async () => {
      const res = await t.http.get('/docs-json').expect(200);
      const paths = res.body.paths as Record<
        string,
        Record<string, { tags: string[]; operationId: string }>
      >;
      const methods = ['create', 'custom_group', 'custom_groups', 'delete', 'update', 'user'];
      expect(Object.keys(paths).filter((p) => p.startsWith('/services/csgroups/'))).toEqual(
        methods.map((method) => `/services/csgroups/${method}`),
      );
      for (const method of methods) {
        const path = paths[`/services/csgroups/${method}`];
        expect(Object.keys(path).sort()).toEqual(['get', 'post']);
        expect(path.get.tags).toEqual(['usos']);
        expect(path.post.operationId).toBe(`usosCsgroups_${method}_post`);
      }
    });
  });

  describe('READ_ONLY', () => {
    let roClient: UsosClient;
    let existing: string;

    beforeAll(async () => {
      existing = await create({ name: 'Przed READ_ONLY' });
      t = await t.restart({ readOnly: true });
      base = await listen(t);
      roClient = new UsosClient(base, consumer, client.token);
    });

    it('refuses every write with method_forbidden (read_only) and keeps reads working', async () => {
      const refused = {
        message: expect.any(String),
        error: 'method_forbidden',
        reason: 'read_only',
      };
      for (const [method, params] of [
        ['create', { name: 'Zakazana' }],
        ['update', { custom_group_id: existing, name: 'Zakazana' }],
        ['delete', { custom_group_ids: existing }],
      ] as const) {
        const res = await roClient.call(method, params);
        expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: refused });
      }
      const read = await roClient.call('custom_group', { custom_group_id: existing }).expect(200);
      expect(read.body).toEqual({ id: existing, name: 'Przed READ_ONLY' });
      const mine = await roClient.call('user', { fields: 'name' }).expect(200);
      expect(mine.body).toContainEqual({ name: 'Przed READ_ONLY' });
    });
  });
});
