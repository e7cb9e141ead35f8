import request from 'supertest';
import {
  ADMIN_TOKEN,
  createTestApp,
  createTestInstances,
  TestApp,
} from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import {
  expectUsosError,
  KeyPair,
  listen,
  mintConsumer,
  mintToken,
  Placement,
  SignatureMethod,
  UsosClient,
} from './usos-client';

describe('USOS csgroups: OAuth 1.0a', () => {
  let t: TestApp;
  let base: string;
  let user: SeededUser;
  let consumer: KeyPair;
  let token: KeyPair;
  let client: UsosClient;
  let groupId: string;

  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    t = await createTestApp({ trustProxy: true });
    base = await listen(t);
    user = await createUser(t, { firstName: 'Jan', lastName: 'Kowalski' });
    consumer = await mintConsumer(t, true);
    token = await mintToken(t, consumer.key, user.id);
    client = new UsosClient(base, consumer, token);
    const created = await client.call('create', { name: 'Seminarium' }).expect(200);
    groupId = created.body.custom_group_id;
  });
  afterAll(() => t.close());

  describe('accepts a correctly signed call in every placement and signature method', () => {
    const cases: Array<['GET' | 'POST', Placement, SignatureMethod]> = [];
    for (const method of ['HMAC-SHA1', 'PLAINTEXT'] as const) {
      cases.push(['GET', 'query', method]);
      for (const placement of ['header', 'body', 'query'] as const)
        cases.push(['POST', placement, method]);
    }
    it.each(cases)('%s, OAuth in %s, %s', async (verb, placement, signatureMethod) => {
      const res = await client.call(
        'custom_group',
        { custom_group_id: groupId, fields: 'id|name|users[id|first_name]' },
        { verb, placement, signatureMethod },
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.body).toEqual({ id: groupId, name: 'Seminarium', users: [] });
    });
  });

  it('accepts method parameters in the query and OAuth in the form body (MUCI client)', async () => {
    const res = await client
      .call('custom_group', {}, { placement: 'body', query: { custom_group_id: groupId } })
      .expect(200);
    expect(res.body).toEqual({ id: groupId, name: 'Seminarium' });
  });

  it('signs non-ASCII and reserved characters the way the client encoded them', async () => {
    const name = "Zażółć gęślą jaźń & co + ½ = 100% 'ok'*!~";
    for (const [verb, placement] of [
      ['POST', 'body'],
      ['GET', 'query'],
    ] as const) {
      const created = await client
        .call('create', { name: `${name} ${verb}` }, { verb, placement })
        .expect(200);
      const read = await client
        .call('custom_group', { custom_group_id: created.body.custom_group_id })
        .expect(200);
      expect(read.body.name).toBe(`${name} ${verb}`);
    }
  });

  describe('401 answers', () => {
    it('refuses a tampered request', async () => {
      const res = await client.call(
        'custom_group',
        { custom_group_id: groupId },
        { tamper: (o) => (o.oauth_nonce = `${o.oauth_nonce}x`) },
      );
      expectUsosError(res, 401, {
        message: 'Invalid signature.',
        error: 'invalid_oauth_request',
        reason: 'invalid_signature',
      });
      expect(res.headers['www-authenticate']).toBe('OAuth realm="Groupbridge USOS API"');
    });

    it('refuses a signature made with the wrong secrets (both methods)', async () => {
      for (const signatureMethod of ['HMAC-SHA1', 'PLAINTEXT'] as const) {
        const res = await client.call(
          'user',
          {},
          { signatureMethod, consumer: { key: consumer.key, secret: 'wrong' } },
        );
        expectUsosError(res, 401, {
          message: 'Invalid signature.',
          error: 'invalid_oauth_request',
          reason: 'invalid_signature',
        });
        const badToken = await client.call(
          'user',
          {},
          { signatureMethod, token: { key: token.key, secret: 'wrong' } },
        );
        expect(badToken.status).toBe(401);
        expect(badToken.body.reason).toBe('invalid_signature');
      }
    });

    it('refuses a signature over another URL', async () => {
      const res = await client.call('user', {}, { signedBaseUrl: 'http://example.com' });
      expect(res.status).toBe(401);
      expect(res.body.reason).toBe('invalid_signature');
    });

    it('refuses an unknown consumer key', async () => {
      const res = await client.call('user', {}, { consumer: { key: 'nobody', secret: 'x' } });
      expectUsosError(res, 401, {
        message: 'Unknown consumer key.',
        error: 'invalid_oauth_request',
        reason: 'invalid_consumer',
      });
    });

    it("refuses an unknown token and another consumer's token", async () => {
      const other = await mintConsumer(t, true);
      const otherToken = await mintToken(t, other.key, user.id);
      for (const bad of [{ key: 'nope', secret: 'x' }, otherToken]) {
        const res = await client.call('user', {}, { token: bad });
        expectUsosError(res, 401, {
          message: 'Unknown or revoked access token for this consumer.',
          error: 'invalid_oauth_request',
          reason: 'invalid_token',
        });
      }
    });

    it('refuses the token of a deactivated user', async () => {
      const gone = await createUser(t);
      const goneToken = await mintToken(t, consumer.key, gone.id);
      await t.http
        .patch(`/admin/v1/users/${gone.id}`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .send({ active: false })
        .expect(200);
      const res = await client.call('user', {}, { token: goneToken });
      expect(res.status).toBe(401);
      expect(res.body.reason).toBe('invalid_token');
    });

    it('refuses timestamps more than 5 minutes away', async () => {
      for (const timestamp of [now() - 600, now() + 600]) {
        const res = await client.call('user', {}, { timestamp });
        expectUsosError(res, 401, {
          message: 'oauth_timestamp is more than 300 seconds away from the server time.',
          error: 'invalid_oauth_request',
          reason: 'invalid_timestamp',
        });
      }
    });

    it('refuses a replayed nonce, per consumer', async () => {
      const nonce = `replay-${Date.now()}`;
      await client.call('user', {}, { nonce }).expect(200);
      const replay = await client.call('user', {}, { nonce, placement: 'query' });
      expectUsosError(replay, 401, {
        message: 'This oauth_nonce was already used.',
        error: 'invalid_oauth_request',
        reason: 'nonce_already_used',
      });
      const other = await mintConsumer(t, true);
      const otherClient = new UsosClient(base, other, await mintToken(t, other.key, user.id));
      await otherClient.call('user', {}, { nonce }).expect(200);
    });
  });

  describe('403 method_forbidden', () => {
    it('consumer_missing without any signature (or with another auth scheme)', async () => {
      const expected = {
        message: 'This method requires a consumer signature (OAuth 1.0a).',
        error: 'method_forbidden',
        reason: 'consumer_missing',
      };
      expectUsosError(await client.call('user', {}, { unsigned: true }), 403, expected);
      expectUsosError(
        await request(base)
          .get('/services/csgroups/user')
          .set('Authorization', `Bearer ${ADMIN_TOKEN}`),
        403,
        expected,
      );
    });

    it('trusted_required for a non-administrative consumer', async () => {
      const plain = await mintConsumer(t, false);
      const plainClient = new UsosClient(base, plain, await mintToken(t, plain.key, user.id));
      for (const tokenOption of [undefined, null]) {
        expectUsosError(await plainClient.call('user', {}, { token: tokenOption }), 403, {
          message: 'This method requires an administrative consumer key.',
          error: 'method_forbidden',
          reason: 'trusted_required',
        });
      }
    });

    it('user_missing without a token', async () => {
      for (const signatureMethod of ['HMAC-SHA1', 'PLAINTEXT'] as const) {
        expectUsosError(await client.call('user', {}, { token: null, signatureMethod }), 403, {
          message: 'This method requires an access token.',
          error: 'method_forbidden',
          reason: 'user_missing',
        });
      }
    });
  });

  describe('400 for malformed OAuth requests (RFC 5849 §3.2)', () => {
    it('names a missing protocol parameter', async () => {
      for (const name of [
        'oauth_nonce',
        'oauth_timestamp',
        'oauth_signature',
        'oauth_signature_method',
      ]) {
        const res = await client.call('user', {}, { tamper: (o) => delete o[name] });
        expectUsosError(res, 400, {
          message: `Required parameter ${name} is missing.`,
          error: 'param_missing',
          param_name: name,
        });
      }
    });

    it('refuses an unsupported signature method, a bad version or timestamp', async () => {
      expectUsosError(
        await client.call('user', {}, { tamper: (o) => (o.oauth_signature_method = 'RSA-SHA1') }),
        400,
        {
          message: 'Unsupported signature method "RSA-SHA1"; use HMAC-SHA1 or PLAINTEXT.',
          error: 'param_invalid',
          param_name: 'oauth_signature_method',
        },
      );
      expectUsosError(
        await client.call('user', {}, { tamper: (o) => (o.oauth_version = '2.0') }),
        400,
        {
          message: 'oauth_version must be "1.0".',
          error: 'param_invalid',
          param_name: 'oauth_version',
        },
      );
      expectUsosError(
        await client.call('user', {}, { tamper: (o) => (o.oauth_timestamp = 'soon') }),
        400,
        {
          message: 'oauth_timestamp must be whole seconds.',
          error: 'param_invalid',
          param_name: 'oauth_timestamp',
        },
      );
    });

    it('accepts a missing oauth_version', async () => {
      // The version is optional in RFC 5849; sign without it by hand-building a PLAINTEXT call.
      const res = await request(base)
        .post('/services/csgroups/user')
        .set('X-Forwarded-Proto', 'https')
        .set(
          'Authorization',
          `OAuth oauth_consumer_key="${consumer.key}", oauth_token="${token.key}", ` +
            `oauth_signature_method="PLAINTEXT", oauth_timestamp="${now()}", ` +
            `oauth_nonce="no-version-${Date.now()}", ` +
            `oauth_signature="${encodeURIComponent(`${consumer.secret}&${token.secret}`)}"`,
        );
      expect(res.status).toBe(200);
    });

    it('refuses a protocol parameter given twice', async () => {
      const res = await client.call('user', {}, { query: { oauth_nonce: 'again' } });
      expectUsosError(res, 400, {
        message: 'OAuth parameter oauth_nonce was given more than once.',
        error: 'param_invalid',
        param_name: 'oauth_nonce',
      });
    });

    it('refuses a malformed Authorization header', async () => {
      const res = await request(base)
        .get('/services/csgroups/user')
        .set('Authorization', 'OAuth oauth_consumer_key=unquoted');
      expectUsosError(res, 400, {
        message: 'Malformed OAuth Authorization header',
        error: 'invalid_oauth_request',
        reason: 'malformed_header',
      });
    });
  });

  describe('routing', () => {
    it('answers an unknown method with 404 JSON, CORS allowed', async () => {
      expectUsosError(await client.call('remove', {}), 404, {
        message: 'Method services/csgroups/remove does not exist.',
      });
      expectUsosError(await request(base).get('/services/users/nobody'), 404, {
        message: 'Method services/users/nobody does not exist.',
      });
      expectUsosError(await request(base).put('/services/csgroups/create'), 404, {
        message: 'Method services/csgroups/create does not exist.',
      });
    });

    it('answers a CORS preflight', async () => {
      const res = await request(base)
        .options('/services/csgroups/create')
        .set('Origin', 'https://app.example.com')
        .set('Access-Control-Request-Method', 'POST')
        .expect(204);
      expect(res.headers).toMatchObject({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'Authorization, Content-Type',
      });
    });
  });

  describe('across restarts and behind a proxy', () => {
    it('keeps used nonces after a restart', async () => {
      const nonce = `persisted-${Date.now()}`;
      await client.call('user', {}, { nonce }).expect(200);
      t = await t.restart();
      base = await listen(t);
      client = new UsosClient(base, consumer, token);
      const replay = await client.call('user', {}, { nonce });
      expect(replay.status).toBe(401);
      expect(replay.body.reason).toBe('nonce_already_used');
    });

    it('refuses on a second instance a nonce used on the first', async () => {
      const { instances, drop } = await createTestInstances(2);
      try {
        const [first, second] = instances;
        const firstBase = await listen(first);
        const admin = await createUser(first);
        const sharedConsumer = await mintConsumer(first, true);
        const sharedToken = await mintToken(first, sharedConsumer.key, admin.id);
        const nonce = `shared-${Date.now()}`;
        await new UsosClient(firstBase, sharedConsumer, sharedToken)
          .call('user', {}, { nonce })
          .expect(200);
        const secondClient = new UsosClient(await listen(second), sharedConsumer, sharedToken);
        const replay = await secondClient.call('user', {}, { nonce });
        expect(replay.status).toBe(401);
        expect(replay.body.reason).toBe('nonce_already_used');
        await secondClient.call('user', {}).expect(200);
      } finally {
        for (const instance of instances) await instance.app.close();
        await drop();
      }
    });

    it('verifies signatures made for PUBLIC_URL', async () => {
      t = await t.restart({ publicUrl: 'https://groups.example.edu/usos' });
      base = await listen(t);
      client = new UsosClient(base, consumer, token);
      const res = await client
        .call(
          'custom_group',
          { custom_group_id: groupId },
          {
            signedBaseUrl: 'https://groups.example.edu/usos',
          },
        )
        .expect(200);
      expect(res.body).toEqual({ id: groupId, name: 'Seminarium' });
      await client.call('custom_group', { custom_group_id: groupId }).expect(200);
    });
  });
});
