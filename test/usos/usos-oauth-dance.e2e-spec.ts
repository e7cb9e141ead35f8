import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import { csrfFrom, signIn } from '../web/web-helpers';
import { expectUsosError, KeyPair, listen, mintConsumer, UsosClient } from './usos-client';

const TOKEN_RESPONSE = /^oauth_token=([\w-]+)&oauth_token_secret=([\w-]+)$/;
const REQUEST_TOKEN_RESPONSE =
  /^oauth_token=([\w-]+)&oauth_token_secret=([\w-]+)&oauth_callback_confirmed=true$/;
const CALLBACK = 'https://app.example/back?state=s1';

describe('USOS: the OAuth 1.0a dance, users/user, apisrv, as_user_id', () => {
  let t: TestApp;
  let base: string;
  let user: SeededUser;
  let other: SeededUser;
  let adminConsumer: KeyPair;
  let plainConsumer: KeyPair;

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    user = await createUser(t, { firstName: 'Jan', lastName: 'Kowalski' });
    other = await createUser(t, { firstName: 'Ewa', lastName: 'Nowak' });
    adminConsumer = await mintConsumer(t, true);
    plainConsumer = await mintConsumer(t, false);
  });
  afterAll(() => t.close());

  const client = (consumer: KeyPair, token: KeyPair | null = null) =>
    new UsosClient(base, consumer, token);
  const browser = () => request.agent(t.app.getHttpServer());

  async function requestToken(
    consumer: KeyPair,
    params: Record<string, string> = { oauth_callback: CALLBACK },
  ): Promise<KeyPair> {
    const res = await client(consumer).callService('oauth/request_token', params).expect(200);
    const [, key, secret] = REQUEST_TOKEN_RESPONSE.exec(res.text)!;
    return { key, secret };
  }

  /** Signs `who` in through the pages and answers the consent page; the final response. */
  async function decide(
    agent: TestAgent,
    token: string,
    decision: 'allow' | 'deny',
    who: SeededUser = user,
  ): Promise<request.Response> {
    const url = `/services/oauth/authorize?oauth_token=${token}`;
    const first = await agent.get(url).expect(303);
    expect(first.headers.location).toBe(`/web/sign-in?next=${encodeURIComponent(url)}`);
    const signedIn = await signIn(agent, who.username, who.password, url);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe(url);
    const consent = await agent.get(url).expect(200);
    return agent
      .post('/services/oauth/authorize')
      .type('form')
      .send({ _csrf: csrfFrom(consent.text), oauth_token: token, decision });
  }

  async function accessToken(
    consumer: KeyPair,
    requestTokenPair: KeyPair,
    verifier: string,
  ): Promise<request.Response> {
    return client(consumer, requestTokenPair).callService('oauth/access_token', {
      oauth_verifier: verifier,
    });
  }

  function verifierOf(location: string): string {
    return new URL(location).searchParams.get('oauth_verifier')!;
  }

  describe('request_token', () => {
    it('issues a request token, form-encoded, for a URL callback or oob', async () => {
      for (const callback of [CALLBACK, 'oob', 'myapp://oauth']) {
        const res = await client(plainConsumer)
          .callService('oauth/request_token', { oauth_callback: callback, scopes: 'email|studies' })
          .expect(200);
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.headers['access-control-allow-origin']).toBe('*');
        expect(res.text).toMatch(REQUEST_TOKEN_RESPONSE);
      }
    });

    it('takes the callback in the Authorization header too, and over GET', async () => {
      const res = await client(plainConsumer)
        .callService('oauth/request_token', { oauth_callback: 'oob' }, { verb: 'GET' })
        .expect(200);
      expect(res.text).toMatch(REQUEST_TOKEN_RESPONSE);
    });

    it('needs oauth_callback', async () => {
      const res = await client(plainConsumer).callService('oauth/request_token', {});
      expectUsosError(res, 400, {
        message: 'Required parameter oauth_callback is missing.',
        error: 'param_missing',
        param_name: 'oauth_callback',
      });
    });

    it('refuses a callback that is no URL, or a script URL', async () => {
      const res = await client(plainConsumer).callService('oauth/request_token', {
        oauth_callback: 'back-here',
      });
      expectUsosError(res, 400, {
        message: 'oauth_callback must be an absolute URL or "oob".',
        error: 'param_invalid',
        param_name: 'oauth_callback',
      });
      const script = await client(plainConsumer).callService('oauth/request_token', {
        oauth_callback: 'javascript:alert(1)',
      });
      expectUsosError(script, 400, {
        message: 'oauth_callback may not use javascript:.',
        error: 'param_invalid',
        param_name: 'oauth_callback',
      });
    });

    it('refuses an unknown scope', async () => {
      const res = await client(plainConsumer).callService('oauth/request_token', {
        oauth_callback: 'oob',
        scopes: 'email|fly',
      });
      expectUsosError(res, 400, {
        message: 'Unknown scope: "fly".',
        error: 'param_invalid',
        param_name: 'scopes',
      });
    });

    it('needs a consumer signature', async () => {
      const res = await client(plainConsumer).callService(
        'oauth/request_token',
        { oauth_callback: 'oob' },
        { unsigned: true },
      );
      expectUsosError(res, 403, {
        message: 'This method requires a consumer signature (OAuth 1.0a).',
        error: 'method_forbidden',
        reason: 'consumer_missing',
      });
    });
  });

  describe('the whole dance', () => {
    it('request token → sign in → allow → callback → access token → calls as the user → revoke', async () => {
      const pair = await requestToken(adminConsumer, {
        oauth_callback: CALLBACK,
        scopes: 'email|offline_access',
      });
      const allowed = await decide(browser(), pair.key, 'allow');
      expect(allowed.status).toBe(303);
      const back = new URL(allowed.headers.location);
      expect(`${back.origin}${back.pathname}`).toBe('https://app.example/back');
      expect(back.searchParams.get('state')).toBe('s1');
      expect(back.searchParams.get('oauth_token')).toBe(pair.key);
      expect(back.searchParams.get('oauth_verifier')).toMatch(/^[0-9]{8}$/);

      const exchanged = await accessToken(
        adminConsumer,
        pair,
        verifierOf(allowed.headers.location),
      );
      expect(exchanged.status).toBe(200);
      expect(exchanged.headers['content-type']).toBe('text/plain; charset=utf-8');
      const [, key, secret] = TOKEN_RESPONSE.exec(exchanged.text)!;
      const access = { key, secret };

      const me = await client(adminConsumer, access)
        .callService('users/user', { fields: 'id|first_name|last_name|email' })
        .expect(200);
      expect(me.body).toEqual({
        id: String(user.id),
        first_name: 'Jan',
        last_name: 'Kowalski',
        email: `${user.username}@example.com`,
      });
      const created = await client(adminConsumer, access)
        .call('create', { name: 'Dance group' })
        .expect(200);
      const mine = await client(adminConsumer, access).call('user').expect(200);
      expect(mine.body).toEqual([{ id: created.body.custom_group_id, name: 'Dance group' }]);

      const revoked = await client(adminConsumer, access).callService('oauth/revoke_token');
      expect(revoked.status).toBe(200);
      expect(revoked.body).toEqual({ success: true });
      expectUsosError(await client(adminConsumer, access).callService('users/user'), 401, {
        message: 'Unknown or revoked access token for this consumer.',
        error: 'invalid_oauth_request',
        reason: 'invalid_token',
      });
    });

    it('shows a PIN for oob, which exchanges like a verifier', async () => {
      const pair = await requestToken(plainConsumer, { oauth_callback: 'oob' });
      const page = await decide(browser(), pair.key, 'allow');
      expect(page.status).toBe(200);
      const pin = /<p class="pin" id="pin">([0-9]{8})<\/p>/.exec(page.text)![1];
      expect(page.text).toContain('consumer false');
      const exchanged = await accessToken(plainConsumer, pair, pin);
      expect(exchanged.status).toBe(200);
      expect(exchanged.text).toMatch(TOKEN_RESPONSE);
    });

    it('names the application and each requested scope on the consent page, in Polish too', async () => {
      const pair = await requestToken(plainConsumer, {
        oauth_callback: 'oob',
        scopes: 'offline_access|studies',
      });
      const agent = browser();
      await signIn(agent, user.username, user.password);
      const url = `/services/oauth/authorize?oauth_token=${pair.key}&lang=pl`;
      const page = await agent.get(url).expect(200);
      expect(page.text).toContain('<html lang="pl">');
      expect(page.text).toContain('<h1>Zezwolić na dostęp?</h1>');
      expect(page.text).toContain(
        `consumer false prosi o dostęp do Groupbridge w Twoim imieniu (Jan Kowalski, ${user.username}).`,
      );
      expect(page.text).toContain(
        '<li>zachować ten dostęp do czasu jego odwołania (bez tego dostęp wygasa po dwóch godzinach)</li>',
      );
      expect(page.text).toContain('<li>korzystać z uprawnienia „studies”</li>');
      expect(page.text).toContain('name="decision" value="allow"');
      expect(page.text).toContain('name="decision" value="deny"');
    });

    it('gives the scopes granted: offline_access decides expiry, email gates the e-mail field', async () => {
      const pair = await requestToken(plainConsumer);
      const allowed = await decide(browser(), pair.key, 'allow');
      const [, key, secret] = TOKEN_RESPONSE.exec(
        (await accessToken(plainConsumer, pair, verifierOf(allowed.headers.location))).text,
      )!;
      const res = await client(plainConsumer, { key, secret }).callService('users/user', {
        fields: 'id|email',
      });
      expectUsosError(res, 403, {
        message: 'Field "email" requires the scope(s): email.',
        error: 'field_forbidden',
        field_name: 'email',
        method_name: 'services/users/user',
        reason: 'scope_missing',
        missing_scopes: ['email'],
      });
      const rows = await t.app
        .get(DataSource)
        .query(`SELECT created_at, expires_at FROM oauth_tokens WHERE token = '${key}'`);
      expect(Number(rows[0].expires_at) - Number(rows[0].created_at)).toBe(2 * 60 * 60 * 1000);
    });

    it('deny: the callback gets the token and no verifier; the token is dead', async () => {
      const pair = await requestToken(plainConsumer);
      const denied = await decide(browser(), pair.key, 'deny');
      expect(denied.status).toBe(303);
      const back = new URL(denied.headers.location);
      expect(back.searchParams.get('oauth_token')).toBe(pair.key);
      expect(back.searchParams.has('oauth_verifier')).toBe(false);
      expectUsosError(await accessToken(plainConsumer, pair, '00000000'), 401, {
        message: 'Unknown, expired or already used request token for this consumer.',
        error: 'invalid_oauth_request',
        reason: 'invalid_token',
      });
    });

    it('deny with oob: a page saying so', async () => {
      const pair = await requestToken(plainConsumer, { oauth_callback: 'oob' });
      const denied = await decide(browser(), pair.key, 'deny');
      expect(denied.status).toBe(200);
      expect(denied.text).toContain('<h1>Access denied</h1>');
    });

    it('a verifier works once; a wrong one spends the token', async () => {
      const pair = await requestToken(plainConsumer);
      const verifier = verifierOf((await decide(browser(), pair.key, 'allow')).headers.location);
      expect((await accessToken(plainConsumer, pair, verifier)).status).toBe(200);
      expectUsosError(await accessToken(plainConsumer, pair, verifier), 401, {
        message: 'Unknown, expired or already used request token for this consumer.',
        error: 'invalid_oauth_request',
        reason: 'invalid_token',
      });

      const second = await requestToken(plainConsumer);
      const right = verifierOf((await decide(browser(), second.key, 'allow')).headers.location);
      const wrong = right === '00000000' ? '00000001' : '00000000';
      expectUsosError(await accessToken(plainConsumer, second, wrong), 401, {
        message:
          'The request token was not authorized, or oauth_verifier is wrong; the token is spent.',
        error: 'invalid_oauth_request',
        reason: 'invalid_verifier',
      });
      expect((await accessToken(plainConsumer, second, right)).status).toBe(401);
    });

    it('refuses to exchange a token the user has not authorised yet', async () => {
      const pair = await requestToken(plainConsumer);
      expect((await accessToken(plainConsumer, pair, '12345678')).status).toBe(401);
    });

    it('access_token needs oauth_verifier and a request token of this consumer', async () => {
      const pair = await requestToken(plainConsumer);
      const res = await client(plainConsumer, pair).callService('oauth/access_token');
      expectUsosError(res, 400, {
        message: 'Required parameter oauth_verifier is missing.',
        error: 'param_missing',
        param_name: 'oauth_verifier',
      });
      expect((await accessToken(adminConsumer, pair, '12345678')).status).toBe(401);
      const none = await client(plainConsumer).callService('oauth/access_token', {
        oauth_verifier: '1',
      });
      expectUsosError(none, 403, {
        message: 'This method requires a request token.',
        error: 'method_forbidden',
        reason: 'user_missing',
      });
    });

    it('the authorize page refuses an unknown or already decided token with an HTML page', async () => {
      const agent = browser();
      await signIn(agent, user.username, user.password);
      const unknown = await agent.get('/services/oauth/authorize?oauth_token=nope').expect(400);
      expect(unknown.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(unknown.text).toContain('<h1>This link no longer works</h1>');
      await agent.get('/services/oauth/authorize').expect(400);
      const pair = await requestToken(plainConsumer);
      await decide(browser(), pair.key, 'allow');
      await agent.get(`/services/oauth/authorize?oauth_token=${pair.key}`).expect(400);
      await agent
        .get(`/services/oauth/authorize?oauth_token=${pair.key}&interactivity=loud`)
        .expect(400);
    });

    it('the consent form is CSRF-protected and needs a known decision', async () => {
      const pair = await requestToken(plainConsumer);
      const agent = browser();
      await signIn(agent, user.username, user.password);
      const page = await agent.get(`/services/oauth/authorize?oauth_token=${pair.key}`).expect(200);
      const forged = await agent
        .post('/services/oauth/authorize')
        .type('form')
        .send({ oauth_token: pair.key, decision: 'allow' })
        .expect(403);
      expect(forged.text).toContain('This form has expired or was not sent from this site.');
      await agent
        .post('/services/oauth/authorize')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), oauth_token: pair.key, decision: 'maybe' })
        .expect(400);
      // The token is still undecided after both.
      await agent.get(`/services/oauth/authorize?oauth_token=${pair.key}`).expect(200);
    });
  });

  describe('users/user', () => {
    let access: KeyPair;

    beforeAll(async () => {
      const pair = await requestToken(plainConsumer, { oauth_callback: CALLBACK, scopes: 'email' });
      const allowed = await decide(browser(), pair.key, 'allow');
      const [, key, secret] = TOKEN_RESPONSE.exec(
        (await accessToken(plainConsumer, pair, verifierOf(allowed.headers.location))).text,
      )!;
      access = { key, secret };
    });

    it('answers id|first_name|last_name by default', async () => {
      const res = await client(plainConsumer, access).callService('users/user').expect(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toEqual({ id: String(user.id), first_name: 'Jan', last_name: 'Kowalski' });
    });

    it('shows another user by user_id, without their e-mail unless other_emails', async () => {
      const res = await client(plainConsumer, access)
        .callService('users/user', { user_id: String(other.id) })
        .expect(200);
      expect(res.body).toEqual({ id: String(other.id), first_name: 'Ewa', last_name: 'Nowak' });
      const email = await client(plainConsumer, access).callService('users/user', {
        user_id: String(other.id),
        fields: 'email',
      });
      expectUsosError(email, 403, {
        message: 'Field "email" requires the scope(s): other_emails.',
        error: 'field_forbidden',
        field_name: 'email',
        method_name: 'services/users/user',
        reason: 'scope_missing',
        missing_scopes: ['other_emails'],
      });
    });

    it('works without a token for user_id, and not without either', async () => {
      const res = await client(plainConsumer)
        .callService('users/user', { user_id: String(other.id), format: 'xmlmap2' })
        .expect(200);
      expect(res.text).toBe(
        `<object><string key="id">${other.id}</string><string key="first_name">Ewa</string><string key="last_name">Nowak</string></object>`,
      );
      expectUsosError(await client(plainConsumer).callService('users/user'), 403, {
        message: 'Without user_id this method requires an access token.',
        error: 'method_forbidden',
        reason: 'user_missing',
      });
    });

    it('answers USOS errors for an unknown user or field', async () => {
      expectUsosError(
        await client(plainConsumer, access).callService('users/user', { user_id: '999999' }),
        400,
        {
          message: 'User 999999 does not exist.',
          error: 'object_not_found',
          param_name: 'user_id',
          method_name: 'services/users/user',
        },
      );
      expectUsosError(
        await client(plainConsumer, access).callService('users/user', { fields: 'id|pesel' }),
        400,
        {
          message: 'Field "pesel" does not exist in services/users/user.',
          error: 'field_not_found',
          field_name: 'pesel',
          method_name: 'services/users/user',
        },
      );
    });
  });

  describe('as_user_id', () => {
    it('lets an administrative consumer act for a user without a token', async () => {
      const created = await client(adminConsumer)
        .call('create', { name: 'Made for Ewa', as_user_id: String(other.id) })
        .expect(200);
      const hers = await client(adminConsumer)
        .call('user', { as_user_id: String(other.id) })
        .expect(200);
      expect(hers.body).toEqual([{ id: created.body.custom_group_id, name: 'Made for Ewa' }]);
      const me = await client(adminConsumer)
        .callService('users/user', { as_user_id: String(other.id), fields: 'id|email' })
        .expect(200);
      expect(me.body).toEqual({ id: String(other.id), email: `${other.username}@example.com` });
    });

    it('is refused in USOS words for the others', async () => {
      expectUsosError(
        await client(plainConsumer).callService('users/user', { as_user_id: String(other.id) }),
        403,
        {
          message: 'Only administrative consumers may use as_user_id.',
          error: 'method_forbidden',
          reason: 'impersonate_required',
        },
      );
      expectUsosError(
        await client(plainConsumer).call('user', { as_user_id: String(other.id) }),
        403,
        {
          message: 'This method requires an administrative consumer key.',
          error: 'method_forbidden',
          reason: 'trusted_required',
        },
      );
    });

    it('does not mix with a token, and names an existing user', async () => {
      const pair = await requestToken(adminConsumer);
      const allowed = await decide(browser(), pair.key, 'allow');
      const [, key, secret] = TOKEN_RESPONSE.exec(
        (await accessToken(adminConsumer, pair, verifierOf(allowed.headers.location))).text,
      )!;
      expectUsosError(
        await client(adminConsumer, { key, secret }).call('user', { as_user_id: String(other.id) }),
        400,
        {
          message: 'Use either an access token or as_user_id, not both.',
          error: 'param_invalid',
          param_name: 'as_user_id',
        },
      );
      expectUsosError(await client(adminConsumer).call('user', { as_user_id: '999999' }), 400, {
        message: 'User 999999 does not exist.',
        error: 'object_not_found',
        param_name: 'as_user_id',
        method_name: 'services/csgroups/user',
      });
    });
  });

  describe('apisrv', () => {
    it('now: anonymous, a JSON string of Polish local time with microseconds', async () => {
      const res = await request(base).get('/services/apisrv/now').expect(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(res.text)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
      const signed = await client(plainConsumer).callService('apisrv/now').expect(200);
      expect(JSON.parse(signed.text)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
    });

    it('installation: base_url, version, institution name from configuration', async () => {
      const res = await request(base).get('/services/apisrv/installation').expect(200);
      expect(res.body).toEqual({
        base_url: `${base}/`,
        version: '6.1.2.0',
        institution_name: { pl: 'Uniwersytet Testowy', en: 'University of Testing' },
        contact_emails: [],
      });
    });
  });
});
