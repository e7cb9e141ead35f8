import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin, createUser, SeededUser } from '../helpers/seed';
import {
  CallOptions,
  expectUsosError,
  KeyPair,
  listen,
  mintConsumer,
  mintToken,
  UsosClient,
} from './usos-client';

/**
 * Every method and every error of issue 3, once per way a real client sends a request: GET or
 * POST form, the oauth_* parameters in the Authorization header, the form body or the query
 * string, signed with HMAC-SHA1 or PLAINTEXT (by the independent `oauth-1.0a` signer; PLAINTEXT
 * behind a TLS-terminating proxy). Multipart bodies are refused (usos-hardening.e2e-spec.ts).
 */
const TRANSPORTS: Array<[string, CallOptions]> = [];
for (const signatureMethod of ['HMAC-SHA1', 'PLAINTEXT'] as const) {
  for (const [verb, placement] of [
    ['GET', 'query'],
    ['GET', 'header'],
    ['POST', 'header'],
    ['POST', 'body'],
    ['POST', 'query'],
  ] as const) {
    TRANSPORTS.push([
      `${verb}, OAuth in ${placement}, ${signatureMethod}`,
      { verb, placement, signatureMethod },
    ]);
  }
}

describe('USOS csgroups: every method and error in every placement and signature method', () => {
  let t: TestApp;
  let base: string;
  let consumer: KeyPair;
  let token: KeyPair;
  let plainConsumer: KeyPair;
  let plainToken: KeyPair;
  let anna: SeededUser;
  let physics: string;

  beforeAll(async () => {
    t = await createTestApp({ trustProxy: true });
    base = await listen(t);
    const me = await createUser(t, { firstName: 'Jan', lastName: 'Kowalski' });
    anna = await createUser(t, { firstName: 'Anna', lastName: 'Nowak' });
    consumer = await mintConsumer(t, true);
    token = await mintToken(t, consumer.key, me.id);
    plainConsumer = await mintConsumer(t, false);
    plainToken = await mintToken(t, plainConsumer.key, me.id);
    physics = String((await createGroupAsAdmin(t, { name: 'Wydział Fizyki', federated: true })).id);
  });
  afterAll(() => t.close());

  describe.each(TRANSPORTS)('%s', (label, transport) => {
    let client: UsosClient;
    const call = (method: string, params: Record<string, string>, opts: CallOptions = {}) =>
      client.call(method, params, { ...transport, ...opts });

    beforeAll(() => {
      client = new UsosClient(base, consumer, token);
    });

    it('runs every method', async () => {
      const inner = await call('create', { name: `${label}: inner` }).expect(200);
      const innerId: string = inner.body.custom_group_id;
      const created = await call('create', {
        name: `${label}: outer`,
        primary_group_ids: physics,
        custom_group_ids: innerId,
        user_ids: String(anna.id),
        emails: 'gosc@example.com',
        strict: 'true',
      }).expect(200);
      expect(created.body).toEqual({ custom_group_id: expect.stringMatching(/^[1-9][0-9]*$/) });
      const id: string = created.body.custom_group_id;

      const full = await call('custom_group', {
        custom_group_id: id,
        fields: 'id|name|users[id|first_name|last_name|email]|emails|custom_groups|primary_groups',
      }).expect(200);
      expect(full.body).toEqual({
        id,
        name: `${label}: outer`,
        users: [
          {
            id: String(anna.id),
            first_name: 'Anna',
            last_name: 'Nowak',
            email: `${anna.username}@example.com`,
          },
        ],
        emails: ['gosc@example.com'],
        custom_groups: [{ id: innerId, name: `${label}: inner` }],
        primary_groups: [{ id: physics, name: { pl: 'Wydział Fizyki', en: 'Wydział Fizyki' } }],
      });

      const many = await call('custom_groups', {
        custom_group_ids: `${id}|999999`,
        fields: 'name',
      }).expect(200);
      expect(many.body).toEqual({ [id]: { name: `${label}: outer` }, '999999': null });

      const updated = await call('update', {
        custom_group_id: id,
        name: `${label}: renamed`,
        user_ids: '',
        strict: 'false',
        custom_group_ids: `${innerId}|999999`,
      }).expect(200);
      expect(updated.body).toEqual({});
      const after = await call('custom_group', {
        custom_group_id: id,
        fields: 'name|users|emails|custom_groups[id]|primary_groups[id]',
      }).expect(200);
      expect(after.body).toEqual({
        name: `${label}: renamed`,
        users: [],
        emails: ['gosc@example.com'],
        custom_groups: [{ id: innerId }],
        primary_groups: [{ id: physics }],
      });

      const mine = await call('user', { fields: 'id|name' }).expect(200);
      expect(mine.body).toEqual(
        expect.arrayContaining([
          { id: innerId, name: `${label}: inner` },
          { id, name: `${label}: renamed` },
        ]),
      );

      const deleted = await call('delete', { custom_group_ids: `${id}|${innerId}|999999` }).expect(
        200,
      );
      expect([...deleted.body.matched].sort()).toEqual([id, innerId].sort());
      const gone = await call('custom_groups', { custom_group_ids: `${id}|${innerId}` }).expect(
        200,
      );
      expect(gone.body).toEqual({ [id]: null, [innerId]: null });
    });

    it('answers every parameter, field and object error', async () => {
      const own = await call('create', { name: `${label}: errors` }).expect(200);
      const id: string = own.body.custom_group_id;
      const child = await call('create', {
        name: `${label}: child`,
        custom_group_ids: id,
      }).expect(200);
      const childId: string = child.body.custom_group_id;

      const cases: Array<[string, Record<string, string>, Record<string, unknown>]> = [
        [
          'create',
          {},
          {
            message: 'Required parameter name is missing.',
            error: 'param_missing',
            param_name: 'name',
          },
        ],
        [
          'create',
          { name: 'n'.repeat(101) },
          {
            message: 'The group name must be at most 100 characters',
            error: 'param_invalid',
            param_name: 'name',
          },
        ],
        [
          'create',
          { name: `${label}: x`, strict: 'maybe' },
          {
            message: 'Parameter strict must be "true" or "false".',
            error: 'param_invalid',
            param_name: 'strict',
          },
        ],
        [
          'create',
          { name: `${label}: x`, emails: 'not-an-email' },
          {
            message: '"not-an-email" is not a valid e-mail address',
            error: 'param_invalid',
            param_name: 'emails',
          },
        ],
        [
          'create',
          { name: `${label}: x`, custom_group_ids: physics },
          {
            message: `Custom group "${physics}" could not be found.`,
            error: 'object_not_found',
            param_name: 'custom_group_ids',
            method_name: 'services/csgroups/create',
          },
        ],
        [
          'create',
          { name: `${label}: x`, primary_group_ids: id },
          {
            message: `Primary group "${id}" could not be found.`,
            error: 'object_not_found',
            param_name: 'primary_group_ids',
            method_name: 'services/csgroups/create',
          },
        ],
        [
          'create',
          { name: `${label}: x`, user_ids: '999999' },
          {
            message: 'User "999999" could not be found.',
            error: 'object_not_found',
            param_name: 'user_ids',
            method_name: 'services/csgroups/create',
          },
        ],
        [
          'update',
          { custom_group_id: id, custom_group_ids: childId },
          {
            message: `Nesting group ${childId} in group ${id} would create a cycle`,
            error: 'param_invalid',
            param_name: 'custom_group_ids',
          },
        ],
        [
          'update',
          { custom_group_id: physics },
          {
            message: `Custom group "${physics}" could not be found.`,
            error: 'object_not_found',
            param_name: 'custom_group_id',
            method_name: 'services/csgroups/update',
          },
        ],
        [
          'custom_group',
          { custom_group_id: id, fields: 'id|users[pesel]' },
          {
            message: 'Field "pesel" does not exist in services/users/user.',
            error: 'field_not_found',
            field_name: 'pesel',
            method_name: 'services/users/user',
          },
        ],
        [
          'custom_group',
          { custom_group_id: '999999' },
          {
            message: 'Custom group "999999" could not be found.',
            error: 'object_not_found',
            param_name: 'custom_group_id',
            method_name: 'services/csgroups/custom_group',
          },
        ],
        [
          'custom_groups',
          { custom_group_ids: id, fields: 'id|users' },
          {
            message: 'Field "users" is secondary, but only primary fields are allowed here.',
            error: 'field_invalid',
            field_name: 'users',
            method_name: 'services/csgroups/custom_group',
          },
        ],
        [
          'user',
          { fields: 'name[pl]' },
          {
            message: 'Field "name" does not refer to subobjects; it takes no subfields.',
            error: 'field_invalid',
            field_name: 'name',
            method_name: 'services/csgroups/custom_group',
          },
        ],
        [
          'delete',
          {},
          {
            message: 'Required parameter custom_group_ids is missing.',
            error: 'param_missing',
            param_name: 'custom_group_ids',
          },
        ],
        [
          'user',
          { format: 'yaml' },
          {
            message: 'Parameter format must be one of: json, jsonp, xmlmap2, xmlmap, xmlitems.',
            error: 'param_invalid',
            param_name: 'format',
          },
        ],
        [
          'user',
          { format: 'jsonp' },
          {
            message: 'Required parameter callback is missing.',
            error: 'param_missing',
            param_name: 'callback',
          },
        ],
      ];
      for (const [method, params, body] of cases) {
        const res = await call(method, params);
        expectUsosError(res, 400, body);
      }
      // Nothing of the refused calls was written.
      const mine = await call('user', { fields: 'name' }).expect(200);
      const names: string[] = mine.body.map((g: { name: string }) => g.name);
      expect(names.filter((name) => name.startsWith(`${label}: `)).sort()).toEqual(
        [`${label}: child`, `${label}: errors`].sort(),
      );
      const unchanged = await call('custom_group', {
        custom_group_id: id,
        fields: 'custom_groups',
      }).expect(200);
      expect(unchanged.body).toEqual({ custom_groups: [] });
      await call('delete', { custom_group_ids: `${id}|${childId}` }).expect(200);
    });

    it('answers every authentication error', async () => {
      const unauthorized = (reason: string, message: string) => ({
        message,
        error: 'invalid_oauth_request',
        reason,
      });
      expectUsosError(
        await call('user', {}, { consumer: { key: consumer.key, secret: 'wrong' } }),
        401,
        unauthorized('invalid_signature', 'Invalid signature.'),
      );
      expectUsosError(
        await call('user', {}, { token: { key: token.key, secret: 'wrong' } }),
        401,
        unauthorized('invalid_signature', 'Invalid signature.'),
      );
      if (transport.signatureMethod === 'HMAC-SHA1') {
        // HMAC-SHA1 signs the request itself; PLAINTEXT only proves the secrets.
        expectUsosError(
          await call(
            'user',
            {},
            { tamper: (o) => (o.oauth_timestamp = String(Number(o.oauth_timestamp) - 1)) },
          ),
          401,
          unauthorized('invalid_signature', 'Invalid signature.'),
        );
      }
      expectUsosError(
        await call('user', {}, { consumer: { key: 'unknown-consumer', secret: 'x' } }),
        401,
        unauthorized('invalid_consumer', 'Unknown consumer key.'),
      );
      expectUsosError(
        await call('user', {}, { token: { key: 'unknown-token', secret: 'x' } }),
        401,
        unauthorized('invalid_token', 'Unknown or revoked access token for this consumer.'),
      );
      expectUsosError(
        await call('user', {}, { timestamp: Math.floor(Date.now() / 1000) - 301 - 60 }),
        401,
        unauthorized(
          'invalid_timestamp',
          'oauth_timestamp is more than 300 seconds away from the server time.',
        ),
      );
      const nonce = `${label}-${Date.now()}`;
      await call('user', {}, { nonce }).expect(200);
      expectUsosError(
        await call('user', {}, { nonce }),
        401,
        unauthorized('nonce_already_used', 'This oauth_nonce was already used.'),
      );

      expectUsosError(await call('user', {}, { tamper: (o) => delete o.oauth_consumer_key }), 403, {
        message: 'This method requires a consumer signature (OAuth 1.0a).',
        error: 'method_forbidden',
        reason: 'consumer_missing',
      });
      expectUsosError(await call('user', {}, { token: null }), 403, {
        message: 'This method requires an access token.',
        error: 'method_forbidden',
        reason: 'user_missing',
      });
      expectUsosError(await call('user', {}, { consumer: plainConsumer, token: plainToken }), 403, {
        message: 'This method requires an administrative consumer key.',
        error: 'method_forbidden',
        reason: 'trusted_required',
      });
      expectUsosError(await call('groups', {}), 404, {
        message: 'Method services/csgroups/groups does not exist.',
      });
    });
  });
});
