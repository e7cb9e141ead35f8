import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import { expectUsosError, listen, mintConsumer, mintToken, UsosClient } from './usos-client';

/** The deprecated output formats, and parameters signed exactly as sent. */
describe('USOS csgroups: deprecated formats and signatures over any parameter name', () => {
  let t: TestApp;
  let client: UsosClient;
  let anna: SeededUser;
  let id: string;

  beforeAll(async () => {
    t = await createTestApp();
    const base = await listen(t);
    const me = await createUser(t);
    anna = await createUser(t);
    const consumer = await mintConsumer(t, true);
    client = new UsosClient(base, consumer, await mintToken(t, consumer.key, me.id));
    const res = await client
      .call('create', { name: 'Seminarium & <XML>', user_ids: String(anna.id) })
      .expect(200);
    id = res.body.custom_group_id;
  });
  afterAll(() => t.close());

  describe.each(['xmlmap', 'xmlitems'])('format=%s', (format) => {
    it('maps objects to <dict> of keyed <item>, lists to <list> of <item>, nulls to <null/>', async () => {
      const res = await client
        .call('custom_group', { custom_group_id: id, fields: 'id|name|users[id]|emails', format })
        .expect(200);
      expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.text).toBe(
        `<dict><item key="id"><string>${id}</string></item>` +
          `<item key="name"><string>Seminarium &amp; &lt;XML&gt;</string></item>` +
          `<item key="users"><list><item><dict><item key="id"><string>${anna.id}</string></item></dict></item></list></item>` +
          `<item key="emails"><list></list></item></dict>`,
      );
      const many = await client
        .call('custom_groups', { custom_group_ids: `${id}|999999`, fields: 'id', format })
        .expect(200);
      expect(many.text).toBe(
        `<dict><item key="${id}"><dict><item key="id"><string>${id}</string></item></dict></item>` +
          `<item key="999999"><null/></item></dict>`,
      );
    });

    it('answers writes too; errors stay JSON', async () => {
      const updated = await client
        .call('update', { custom_group_id: id, name: 'Seminarium & <XML>', format })
        .expect(200);
      expect(updated.text).toBe('<dict></dict>');
      expectUsosError(
        await client.call('custom_group', { custom_group_id: '999999', format }),
        400,
        {
          message: 'Custom group "999999" could not be found.',
          error: 'object_not_found',
          param_name: 'custom_group_id',
          method_name: 'services/csgroups/custom_group',
        },
      );
    });
  });

  describe('signature base string', () => {
    it.each([
      ['form body', { verb: 'POST' as const }],
      ['query string', { verb: 'GET' as const }],
    ])(
      'verifies a signature over unknown bracketed names in the %s, which methods ignore',
      async (_where, opts) => {
        const res = await client.call(
          'custom_group',
          { custom_group_id: id, fields: 'id|name', 'tags[]': 'x', 'filter[a][b]': 'y z' },
          opts,
        );
        expect({ status: res.status, body: res.body }).toEqual({
          status: 200,
          body: { id, name: 'Seminarium & <XML>' },
        });
      },
    );

    it('a bracketed name in the body and the same name in the query are both signed', async () => {
      const res = await client.call(
        'custom_group',
        { custom_group_id: id, 'tags[]': 'body' },
        { query: { 'tags[]': 'query', fields: 'name' } },
      );
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: { name: 'Seminarium & <XML>' },
      });
    });

    it('still refuses a signature after a bracketed parameter was changed', async () => {
      const tampered = await client.call(
        'custom_group',
        { custom_group_id: id, 'tags[]': 'x' },
        { tamperBody: (body) => ({ ...body, 'tags[]': 'changed' }) },
      );
      expectUsosError(tampered, 401, {
        message: 'Invalid signature.',
        error: 'invalid_oauth_request',
        reason: 'invalid_signature',
      });
    });
  });

  it('refuses a name with leading or trailing whitespace, never trims it', async () => {
    for (const name of [' Spacja', 'Spacja ']) {
      expectUsosError(await client.call('create', { name }), 400, {
        message: 'The group name must not begin or end with whitespace',
        error: 'param_invalid',
        param_name: 'name',
      });
    }
    const mine = await client.call('user', { fields: 'name' }).expect(200);
    expect(mine.body).toEqual([{ name: 'Seminarium & <XML>' }]);
  });
});
