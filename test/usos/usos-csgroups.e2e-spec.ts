import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin, createUser, SeededUser } from '../helpers/seed';
import { expectUsosError, listen, mintConsumer, mintToken, UsosClient } from './usos-client';

describe('USOS services/csgroups methods', () => {
  let t: TestApp;
  let client: UsosClient;
  let otherClient: UsosClient;
  let me: SeededUser;
  let anna: SeededUser;
  let piotr: SeededUser;
  let physics: string;
  let maths: string;

  const ALL = 'id|name|users|emails|custom_groups|primary_groups';

  async function create(params: Record<string, string>): Promise<string> {
    const res = await client.call('create', params).expect(200);
    expect(res.body).toEqual({ custom_group_id: expect.stringMatching(/^[1-9][0-9]*$/) });
    return res.body.custom_group_id as string;
  }

  async function read(id: string, fields = ALL) {
    const res = await client.call('custom_group', { custom_group_id: id, fields }).expect(200);
    return res.body as Record<string, unknown>;
  }

  function user(u: SeededUser, first: string, last: string) {
    return { id: String(u.id), first_name: first, last_name: last };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const base = await listen(t);
    me = await createUser(t, { firstName: 'Jan', lastName: 'Kowalski' });
    anna = await createUser(t, { firstName: 'Anna', lastName: 'Nowak' });
    piotr = await createUser(t, { firstName: 'Piotr', lastName: 'Wiśniewski' });
    const consumer = await mintConsumer(t, true);
    client = new UsosClient(base, consumer, await mintToken(t, consumer.key, me.id));
    otherClient = new UsosClient(base, consumer, await mintToken(t, consumer.key, anna.id));
    physics = String((await createGroupAsAdmin(t, { name: 'Wydział Fizyki', federated: true })).id);
    maths = String(
      (await createGroupAsAdmin(t, { name: 'Wydział Matematyki', federated: true })).id,
    );
  });
  afterAll(() => t.close());

  describe('create', () => {
    it('creates an empty custom group from a name', async () => {
      const id = await create({ name: 'Pusta' });
      expect(await read(id)).toEqual({
        id,
        name: 'Pusta',
        users: [],
        emails: [],
        custom_groups: [],
        primary_groups: [],
      });
    });

    it('creates a group of primary groups, custom groups, users and e-mails', async () => {
      const inner = await create({ name: 'Wewnętrzna' });
      const id = await create({
        name: 'Seminarium',
        primary_group_ids: `${maths}|${physics}`,
        custom_group_ids: inner,
        user_ids: `${piotr.id}|${anna.id}|${anna.id}`,
        emails: 'Gosc@Example.com|b@example.org',
      });
      expect(await read(id)).toEqual({
        id,
        name: 'Seminarium',
        users: [user(anna, 'Anna', 'Nowak'), user(piotr, 'Piotr', 'Wiśniewski')],
        emails: ['b@example.org', 'gosc@example.com'],
        custom_groups: [{ id: inner, name: 'Wewnętrzna' }],
        primary_groups: [
          { id: physics, name: { pl: 'Wydział Fizyki', en: 'Wydział Fizyki' } },
          { id: maths, name: { pl: 'Wydział Matematyki', en: 'Wydział Matematyki' } },
        ],
      });
    });

    it('treats empty lists as empty', async () => {
      const id = await create({
        name: 'Puste listy',
        primary_group_ids: '',
        custom_group_ids: '',
        user_ids: '',
        emails: '',
      });
      expect(await read(id, 'users|emails|custom_groups|primary_groups')).toEqual({
        users: [],
        emails: [],
        custom_groups: [],
        primary_groups: [],
      });
    });

    describe('strict=true (default): object_not_found naming the parameter', () => {
      let custom: string;
      beforeAll(async () => {
        custom = await create({ name: 'Istniejąca' });
      });

      it.each([
        ['custom_group_ids', () => '999999', () => 'Custom group "999999" could not be found.'],
        ['custom_group_ids', () => 'abc', () => 'Custom group "abc" could not be found.'],
        ['custom_group_ids', () => physics, () => `Custom group "${physics}" could not be found.`],
        ['primary_group_ids', () => '999999', () => 'Primary group "999999" could not be found.'],
        ['primary_group_ids', () => custom, () => `Primary group "${custom}" could not be found.`],
        ['user_ids', () => '999999', () => 'User "999999" could not be found.'],
        ['user_ids', () => '99999999999', () => 'User "99999999999" could not be found.'],
        ['user_ids', () => 'jan', () => 'User "jan" could not be found.'],
      ])('%s', async (param, value, message) => {
        const name = `Nieudana ${param} ${value()}`;
        const res = await client.call('create', { name, [param]: value() });
        expectUsosError(res, 400, {
          message: message(),
          error: 'object_not_found',
          param_name: param,
          method_name: 'services/csgroups/create',
        });
        const mine = await client.call('user', {}).expect(200);
        expect(mine.body.map((g: { name: string }) => g.name)).not.toContain(name);
      });

      it('explicit strict=true behaves the same', async () => {
        const res = await client.call('create', {
          name: 'Nieudana',
          user_ids: '999999',
          strict: 'true',
        });
        expect(res.status).toBe(400);
        expect(res.body.param_name).toBe('user_ids');
      });
    });

    it('strict=false silently drops bad references', async () => {
      const id = await create({
        name: 'Tolerancyjna',
        primary_group_ids: `999999|${physics}|x`,
        custom_group_ids: `${maths}|abc`,
        user_ids: `${anna.id}|999999|jan`,
        strict: 'false',
      });
      expect(await read(id)).toEqual({
        id,
        name: 'Tolerancyjna',
        users: [user(anna, 'Anna', 'Nowak')],
        emails: [],
        custom_groups: [],
        primary_groups: [{ id: physics, name: { pl: 'Wydział Fizyki', en: 'Wydział Fizyki' } }],
      });
    });

    it('refuses a strict value other than true/false', async () => {
      expectUsosError(await client.call('create', { name: 'X', strict: 'yes' }), 400, {
        message: 'Parameter strict must be "true" or "false".',
        error: 'param_invalid',
        param_name: 'strict',
      });
    });

    it('requires a name of 1 to 100 characters, unique among groups', async () => {
      expectUsosError(await client.call('create', {}), 400, {
        message: 'Required parameter name is missing.',
        error: 'param_missing',
        param_name: 'name',
      });
      expectUsosError(await client.call('create', { name: '' }), 400, {
        message: 'The group name must not be empty',
        error: 'param_invalid',
        param_name: 'name',
      });
      expectUsosError(await client.call('create', { name: 'ż'.repeat(101) }), 400, {
        message: 'The group name must be at most 100 characters',
        error: 'param_invalid',
        param_name: 'name',
      });
      await create({ name: 'ż'.repeat(100) });
      await create({ name: 'Unikalna' });
      expectUsosError(await client.call('create', { name: 'UNIKALNA' }), 400, {
        message: 'Group "UNIKALNA" already exists',
        error: 'param_invalid',
        param_name: 'name',
      });
    });

    it('refuses an invalid e-mail address', async () => {
      expectUsosError(
        await client.call('create', { name: 'Maile', emails: 'ok@example.com|not-an-email' }),
        400,
        {
          message: '"not-an-email" is not a valid e-mail address',
          error: 'param_invalid',
          param_name: 'emails',
        },
      );
    });

    it('is the same group in the other dialects (Civis sees the members)', async () => {
      const id = await create({ name: 'Wspólna', user_ids: String(anna.id) });
      const res = await t.http
        .get(`/groups/${id}`)
        .set('Authorization', `Bearer ${me.token}`)
        .expect(200);
      expect(res.body).toMatchObject({
        id: Number(id),
        name: 'Wspólna',
        members: [expect.objectContaining({ id: anna.id })],
      });
    });
  });

  describe('custom_group', () => {
    let id: string;
    let inner: string;
    beforeAll(async () => {
      inner = await create({ name: 'Podgrupa', user_ids: String(piotr.id) });
      id = await create({
        name: 'Pełna',
        custom_group_ids: inner,
        primary_group_ids: physics,
        user_ids: String(anna.id),
        emails: 'x@example.com',
      });
    });

    it('answers id|name by default', async () => {
      const res = await client.call('custom_group', { custom_group_id: id }).expect(200);
      expect(res.body).toEqual({ id, name: 'Pełna' });
    });

    it('returns exactly the selected fields and subfields, in selector order', async () => {
      const res = await client
        .call('custom_group', {
          custom_group_id: id,
          fields: 'users[email|id]|name|primary_groups[name]|custom_groups[id]',
        })
        .expect(200);
      expect(JSON.stringify(res.body)).toBe(
        JSON.stringify({
          users: [{ email: anna.username + '@example.com', id: String(anna.id) }],
          name: 'Pełna',
          primary_groups: [{ name: { pl: 'Wydział Fizyki', en: 'Wydział Fizyki' } }],
          custom_groups: [{ id: inner }],
        }),
      );
    });

    it.each([
      [
        'foo',
        {
          message: 'Field "foo" does not exist in services/csgroups/custom_group.',
          error: 'field_not_found',
          field_name: 'foo',
          method_name: 'services/csgroups/custom_group',
        },
      ],
      [
        'id|users[id|pesel]',
        {
          message: 'Field "pesel" does not exist in services/users/user.',
          error: 'field_not_found',
          field_name: 'pesel',
          method_name: 'services/users/user',
        },
      ],
      [
        'name[pl]',
        {
          message: 'Field "name" does not refer to subobjects; it takes no subfields.',
          error: 'field_invalid',
          field_name: 'name',
          method_name: 'services/csgroups/custom_group',
        },
      ],
      [
        'custom_groups[id|users]',
        {
          message: 'Field "users" is secondary, but only primary fields are allowed here.',
          error: 'field_invalid',
          field_name: 'users',
          method_name: 'services/csgroups/custom_group',
        },
      ],
      [
        '',
        {
          message: 'Invalid field selector in fields: a field name is missing.',
          error: 'param_invalid',
          param_name: 'fields',
        },
      ],
      [
        'users[id',
        {
          message: 'Invalid field selector in fields: "]" expected at 8.',
          error: 'param_invalid',
          param_name: 'fields',
        },
      ],
    ])('refuses fields=%j', async (fields, body) => {
      expectUsosError(
        await client.call('custom_group', { custom_group_id: id, fields }),
        400,
        body,
      );
    });

    it('requires custom_group_id naming a custom group', async () => {
      expectUsosError(await client.call('custom_group', {}), 400, {
        message: 'Required parameter custom_group_id is missing.',
        error: 'param_missing',
        param_name: 'custom_group_id',
      });
      for (const bad of ['999999', physics, 'abc', '']) {
        expectUsosError(await client.call('custom_group', { custom_group_id: bad }), 400, {
          message: `Custom group "${bad}" could not be found.`,
          error: 'object_not_found',
          param_name: 'custom_group_id',
          method_name: 'services/csgroups/custom_group',
        });
      }
    });
  });

  describe('custom_groups', () => {
    it('maps every requested id to its group or null', async () => {
      const a = await create({ name: 'Mapa A' });
      const b = await create({ name: 'Mapa B' });
      const res = await client
        .call('custom_groups', { custom_group_ids: `${b}|999999|${physics}|abc|${a}|${b}` })
        .expect(200);
      expect(res.body).toEqual({
        [a]: { id: a, name: 'Mapa A' },
        [b]: { id: b, name: 'Mapa B' },
        '999999': null,
        [physics]: null,
        abc: null,
      });
      const named = await client
        .call('custom_groups', { custom_group_ids: a, fields: 'name' })
        .expect(200);
      expect(named.body).toEqual({ [a]: { name: 'Mapa A' } });
    });

    it('answers {} for the empty list', async () => {
      const res = await client.call('custom_groups', { custom_group_ids: '' }).expect(200);
      expect(res.body).toEqual({});
    });

    it('accepts primary fields only, and requires custom_group_ids', async () => {
      expectUsosError(
        await client.call('custom_groups', { custom_group_ids: '1', fields: 'id|emails' }),
        400,
        {
          message: 'Field "emails" is secondary, but only primary fields are allowed here.',
          error: 'field_invalid',
          field_name: 'emails',
          method_name: 'services/csgroups/custom_group',
        },
      );
      expectUsosError(await client.call('custom_groups', {}), 400, {
        message: 'Required parameter custom_group_ids is missing.',
        error: 'param_missing',
        param_name: 'custom_group_ids',
      });
    });
  });

  describe('update', () => {
    let inner: string;
    let id: string;
    beforeEach(async () => {
      const suffix = `${Date.now()}-${Math.random()}`;
      inner = await create({ name: `U-inner ${suffix}` });
      id = await create({
        name: `U ${suffix}`,
        custom_group_ids: inner,
        primary_group_ids: physics,
        user_ids: String(anna.id),
        emails: 'a@example.com',
      });
    });

    it('changes only what is given and answers {}', async () => {
      const res = await client
        .call('update', { custom_group_id: id, name: `Renamed ${id}` })
        .expect(200);
      expect(res.body).toEqual({});
      expect(await read(id)).toEqual({
        id,
        name: `Renamed ${id}`,
        users: [user(anna, 'Anna', 'Nowak')],
        emails: ['a@example.com'],
        custom_groups: [{ id: inner, name: expect.stringMatching(/^U-inner /) }],
        primary_groups: [{ id: physics, name: { pl: 'Wydział Fizyki', en: 'Wydział Fizyki' } }],
      });
    });

    it('replaces a list that is present, even empty', async () => {
      await client
        .call('update', { custom_group_id: id, user_ids: String(piotr.id), emails: '' })
        .expect(200);
      expect(await read(id, 'users|emails')).toEqual({
        users: [user(piotr, 'Piotr', 'Wiśniewski')],
        emails: [],
      });
    });

    it('replaces custom groups without touching primary groups, and vice versa', async () => {
      const other = await create({ name: `Inna ${id}` });
      await client.call('update', { custom_group_id: id, custom_group_ids: other }).expect(200);
      expect(await read(id, 'custom_groups[id]|primary_groups[id]')).toEqual({
        custom_groups: [{ id: other }],
        primary_groups: [{ id: physics }],
      });
      await client.call('update', { custom_group_id: id, primary_group_ids: maths }).expect(200);
      expect(await read(id, 'custom_groups[id]|primary_groups[id]')).toEqual({
        custom_groups: [{ id: other }],
        primary_groups: [{ id: maths }],
      });
      await client
        .call('update', { custom_group_id: id, primary_group_ids: '', custom_group_ids: '' })
        .expect(200);
      expect(await read(id, 'custom_groups|primary_groups')).toEqual({
        custom_groups: [],
        primary_groups: [],
      });
    });

    it('refuses nesting that would form a cycle (param_invalid on custom_group_ids)', async () => {
      for (const [target, nested] of [
        [id, id],
        [inner, id],
      ]) {
        const res = await client.call('update', {
          custom_group_id: target,
          custom_group_ids: nested,
        });
        expectUsosError(res, 400, {
          message: `Nesting group ${id} in group ${target} would create a cycle`,
          error: 'param_invalid',
          param_name: 'custom_group_ids',
        });
      }
      expect(await read(inner, 'custom_groups')).toEqual({ custom_groups: [] });
    });

    it('requires custom_group_id naming a custom group', async () => {
      expectUsosError(await client.call('update', { name: 'x' }), 400, {
        message: 'Required parameter custom_group_id is missing.',
        error: 'param_missing',
        param_name: 'custom_group_id',
      });
      for (const bad of ['999999', physics]) {
        expectUsosError(await client.call('update', { custom_group_id: bad, name: 'x' }), 400, {
          message: `Custom group "${bad}" could not be found.`,
          error: 'object_not_found',
          param_name: 'custom_group_id',
          method_name: 'services/csgroups/update',
        });
      }
    });

    it('names the bad reference when strict, and leaves the group unchanged', async () => {
      for (const [param, value, message] of [
        ['custom_group_ids', physics, `Custom group "${physics}" could not be found.`],
        ['primary_group_ids', inner, `Primary group "${inner}" could not be found.`],
        ['user_ids', '999999', 'User "999999" could not be found.'],
      ]) {
        const res = await client.call('update', {
          custom_group_id: id,
          name: 'Nie zmieniono',
          [param]: value,
        });
        expectUsosError(res, 400, {
          message,
          error: 'object_not_found',
          param_name: param,
          method_name: 'services/csgroups/update',
        });
      }
      expect((await read(id, 'name')).name).toMatch(/^U /);
    });

    it('drops bad references with strict=false', async () => {
      await client
        .call('update', {
          custom_group_id: id,
          custom_group_ids: `${physics}|${inner}`,
          user_ids: `999999|${piotr.id}`,
          strict: 'false',
        })
        .expect(200);
      expect(await read(id, 'users[id]|custom_groups[id]|primary_groups[id]')).toEqual({
        users: [{ id: String(piotr.id) }],
        custom_groups: [{ id: inner }],
        primary_groups: [{ id: physics }],
      });
    });

    it('validates name and e-mails', async () => {
      expectUsosError(
        await client.call('update', { custom_group_id: id, name: 'x'.repeat(101) }),
        400,
        {
          message: 'The group name must be at most 100 characters',
          error: 'param_invalid',
          param_name: 'name',
        },
      );
      expectUsosError(await client.call('update', { custom_group_id: id, emails: 'a@' }), 400, {
        message: '"a@" is not a valid e-mail address',
        error: 'param_invalid',
        param_name: 'emails',
      });
    });
  });

  describe('delete', () => {
    it('deletes the listed custom groups and reports those actually deleted', async () => {
      const a = await create({ name: 'Do usunięcia A' });
      const b = await create({ name: 'Do usunięcia B', primary_group_ids: physics });
      const parent = await create({ name: 'Rodzic usuniętych', custom_group_ids: `${a}|${b}` });
      const res = await client
        .call('delete', { custom_group_ids: `${b}|999999|${physics}|abc|${a}` })
        .expect(200);
      expect(res.body).toEqual({ matched: [a, b] });
      const after = await client
        .call('custom_groups', { custom_group_ids: `${a}|${b}` })
        .expect(200);
      expect(after.body).toEqual({ [a]: null, [b]: null });
      expect(await read(parent, 'custom_groups')).toEqual({ custom_groups: [] });
      // The primary group survives (it was only referenced).
      const keeper = await create({ name: `Trzyma ${a}`, primary_group_ids: physics });
      expect(await read(keeper, 'primary_groups[id]')).toEqual({
        primary_groups: [{ id: physics }],
      });
      const again = await client.call('delete', { custom_group_ids: a }).expect(200);
      expect(again.body).toEqual({ matched: [] });
    });

    it('answers an empty match for the empty list and requires custom_group_ids', async () => {
      const res = await client.call('delete', { custom_group_ids: '' }).expect(200);
      expect(res.body).toEqual({ matched: [] });
      expectUsosError(await client.call('delete', {}), 400, {
        message: 'Required parameter custom_group_ids is missing.',
        error: 'param_missing',
        param_name: 'custom_group_ids',
      });
    });
  });

  describe('user', () => {
    it("lists the acting user's custom groups, oldest first, primary fields only", async () => {
      const first = await otherClient.call('create', { name: 'Anny pierwsza' }).expect(200);
      const second = await otherClient.call('create', { name: 'Anny druga' }).expect(200);
      const res = await otherClient.call('user', {}).expect(200);
      expect(res.body).toEqual([
        { id: first.body.custom_group_id, name: 'Anny pierwsza' },
        { id: second.body.custom_group_id, name: 'Anny druga' },
      ]);
      const ids = await otherClient.call('user', { fields: 'id' }, { verb: 'GET' }).expect(200);
      expect(ids.body).toEqual([
        { id: first.body.custom_group_id },
        { id: second.body.custom_group_id },
      ]);
      const mine = await client.call('user', { fields: 'name' }).expect(200);
      expect(mine.body).not.toContainEqual({ name: 'Anny pierwsza' });
      expect(mine.body).toContainEqual({ name: 'Pusta' });
    });

    it('refuses secondary fields', async () => {
      expectUsosError(await client.call('user', { fields: 'id|users[id]' }), 400, {
        message: 'Field "users" is secondary, but only primary fields are allowed here.',
        error: 'field_invalid',
        field_name: 'users',
        method_name: 'services/csgroups/custom_group',
      });
    });
  });
});
