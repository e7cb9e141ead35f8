import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../helpers/create-test-app';
import { createUser, SeededUser } from '../helpers/seed';
import { KeyPair, listen, UsosClient } from '../usos/usos-client';

/**
 * The USOS OAuth dance in a real browser (Debian's chromium driven by playwright-core), the app
 * on a real port, the consumer's side signed by the independent oauth-1.0a package. Screenshots
 * of every page go to GB_SCREENSHOTS (default: a temporary folder).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const TOKEN_RESPONSE = /^oauth_token=([\w-]+)&oauth_token_secret=([\w-]+)$/;

jest.setTimeout(120_000);

/** The consumer application's callback endpoint: records what the browser brought back. */
async function startCallbackServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Example app</title><h1>Back in the example app</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback` };
}

describe('USOS OAuth in a real browser', () => {
  let t: TestApp;
  let base: string;
  let user: SeededUser;
  let consumer: KeyPair;
  let callback: { server: Server; url: string };
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const shots = process.env.GB_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'gb-shots-'));

  beforeAll(async () => {
    t = await createTestApp();
    base = await listen(t);
    user = await createUser(t, { username: 'jkowalski', firstName: 'Jan', lastName: 'Kowalski' });
    const minted = await t.http
      .post('/admin/v1/oauth/consumers')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ name: 'Timetable', administrative: true })
      .expect(201);
    consumer = { key: minted.body.key, secret: minted.body.secret };
    callback = await startCallbackServer();
    mkdirSync(shots, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'gb-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: 'en-US',
      viewport: { width: 900, height: 700 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    callback?.server.close();
    await t?.close();
  });

  const client = (token: KeyPair | null = null) => new UsosClient(base, consumer, token);

  async function requestToken(oauthCallback: string, scopes = ''): Promise<KeyPair> {
    const res = await client()
      .callService('oauth/request_token', { oauth_callback: oauthCallback, scopes })
      .expect(200);
    const params = new URLSearchParams(res.text);
    return { key: params.get('oauth_token')!, secret: params.get('oauth_token_secret')! };
  }

  async function exchange(pair: KeyPair, verifier: string) {
    return client(pair).callService('oauth/access_token', { oauth_verifier: verifier });
  }

  const shot = (name: string) =>
    page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  /** Clicks a form's button and waits for the page it leads to. */
  async function submit(button: string) {
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('button', { name: button }).click(),
    ]);
  }

  async function signInOnPage(password: string) {
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill(password);
    await submit('Sign in');
  }

  it('request token → authorize page → sign in → allow → callback → access token → csgroups as the user → revoke', async () => {
    const pair = await requestToken(callback.url, 'email|offline_access');
    await page.goto(`${base}/services/oauth/authorize?oauth_token=${pair.key}`);
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    expect(new URL(page.url()).pathname).toBe('/web/sign-in');
    await shot('sign-in');

    await signInOnPage(user.password);
    expect(await page.locator('h1').textContent()).toBe('Allow access?');
    expect(await page.locator('.scopes li').allTextContents()).toEqual([
      'see your name and user ID, and use the group services as you',
      'see your e-mail address',
      'keep this access until you revoke it (without it, access ends after two hours)',
    ]);
    await shot('consent');

    await submit('Allow');
    const back = new URL(page.url());
    expect(`${back.origin}${back.pathname}`).toBe(callback.url);
    expect(back.searchParams.get('oauth_token')).toBe(pair.key);
    const verifier = back.searchParams.get('oauth_verifier')!;
    expect(verifier).toMatch(/^[0-9]{8}$/);

    const exchanged = await exchange(pair, verifier);
    expect(exchanged.status).toBe(200);
    const [, key, secret] = TOKEN_RESPONSE.exec(exchanged.text)!;
    const access = { key, secret };

    const created = await client(access).call('create', { name: 'Browser group' }).expect(200);
    const group = await client(access)
      .call('custom_group', {
        custom_group_id: created.body.custom_group_id,
        fields: 'id|name',
      })
      .expect(200);
    expect(group.body).toEqual({ id: created.body.custom_group_id, name: 'Browser group' });
    const me = await client(access).callService('users/user').expect(200);
    expect(me.body).toEqual({ id: String(user.id), first_name: 'Jan', last_name: 'Kowalski' });

    expect((await client(access).callService('oauth/revoke_token')).body).toEqual({
      success: true,
    });
    expect((await client(access).call('user')).status).toBe(401);

    // A verifier works once.
    expect((await exchange(pair, verifier)).status).toBe(401);
  });

  it('oob: the PIN page, in Polish, and the PIN exchanges', async () => {
    const pair = await requestToken('oob', 'studies');
    await page.goto(`${base}/services/oauth/authorize?oauth_token=${pair.key}&lang=pl`);
    expect(await page.locator('h1').textContent()).toBe('Zezwolić na dostęp?');
    await shot('consent-pl');
    await submit('Zezwól');
    expect(await page.locator('h1').textContent()).toBe('Dostęp przyznany');
    const pin = (await page.locator('#pin').textContent())!;
    expect(pin).toMatch(/^[0-9]{8}$/);
    await shot('pin-pl');
    expect((await exchange(pair, pin)).status).toBe(200);
    // Back to English for the next pages.
    await page.goto(`${base}/web?lang=en`);
  });

  it('deny: the callback gets no verifier; with oob a page says so', async () => {
    const pair = await requestToken(callback.url);
    await page.goto(`${base}/services/oauth/authorize?oauth_token=${pair.key}`);
    await submit('Deny');
    const back = new URL(page.url());
    expect(back.searchParams.get('oauth_token')).toBe(pair.key);
    expect(back.searchParams.has('oauth_verifier')).toBe(false);
    expect((await exchange(pair, '00000000')).status).toBe(401);

    const oob = await requestToken('oob');
    await page.goto(`${base}/services/oauth/authorize?oauth_token=${oob.key}`);
    await submit('Deny');
    expect(await page.locator('h1').textContent()).toBe('Access denied');
    await shot('denied');

    // The decided token's link no longer works.
    await page.goto(`${base}/services/oauth/authorize?oauth_token=${oob.key}`);
    expect(await page.locator('h1').textContent()).toBe('This link no longer works');
    await shot('invalid-token');
  });

  it('a wrong password keeps the user on the sign-in page; signing out ends the session', async () => {
    await page.goto(`${base}/web`);
    expect(await page.locator('h1').textContent()).toBe('Groupbridge');
    await shot('home');
    await submit('Sign out');
    expect(new URL(page.url()).pathname).toBe('/web/sign-in');

    const pair = await requestToken('oob');
    await page.goto(`${base}/services/oauth/authorize?oauth_token=${pair.key}`);
    await signInOnPage('not-the-password');
    expect(await page.getByRole('alert').textContent()).toBe('Wrong username or password.');
    expect(await page.getByLabel('Username').inputValue()).toBe(user.username);
    await shot('sign-in-failed');

    await page.getByLabel('Password').fill(user.password);
    await submit('Sign in');
    expect(await page.locator('h1').textContent()).toBe('Allow access?');
  });
});
