import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { ADMIN_PASSWORD, createTestApp, TestApp } from '../helpers/create-test-app';
import { createGroupAsAdmin, createUser, SeededUser } from '../helpers/seed';

/**
 * The console's main journeys in a real browser (Debian's chromium through playwright-core),
 * under a strict Content-Security-Policy, failing on any JavaScript error or CSP violation.
 * CONSOLE_SCREENSHOTS=<dir> also saves a screenshot of each main page (docs/console.md).
 */
jest.setTimeout(180_000);

const CHROMIUM = '/usr/bin/chromium';
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; script-src-attr 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";
const SEEDED_GROUPS = 2000;
const screenshots = process.env.CONSOLE_SCREENSHOTS;

/** Waits until `selector` matches exactly `count` elements (the page's DOM, no DOM types here). */
async function waitForRows(page: Page, selector: string, count: number) {
  type Dom = { document: { querySelectorAll(selector: string): { length: number } } };
  await page.waitForFunction(
    ([css, n]) => (globalThis as unknown as Dom).document.querySelectorAll(css).length === n,
    [selector, count] as const,
  );
}

describe('console in a browser', () => {
  let t: TestApp;
  let base: string;
  let profile: string;
  let context: BrowserContext;
  let olga: SeededUser;
  const errors: string[] = [];

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return page;
  }

  async function signIn(page: Page, username: string, password: string) {
    await page.goto(`${base}/console`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  }

  /** The whole page, or one part of it (a section of the long group page). */
  async function shoot(target: Page | Locator, name: string) {
    // caret and animations left alone: hiding them injects a <style>, which the CSP refuses.
    if (!screenshots) return;
    const options = {
      path: join(screenshots, `${name}.png`),
      caret: 'initial',
      animations: 'allow',
    } as const;
    await ('goto' in target
      ? target.screenshot({ ...options, fullPage: true })
      : target.screenshot(options));
  }

  beforeAll(async () => {
    t = await createTestApp();
    olga = await createUser(t, { username: 'olga', firstName: 'Olga', lastName: 'Wiśniewska' });
    await createUser(t, { username: 'ala', firstName: 'Ala', lastName: 'Kowalska' });
    const now = Date.now();
    const rows = Array.from({ length: SEEDED_GROUPS }, (_, i) => {
      const name = `Course ${String(i + 1).padStart(4, '0')}`;
      return `('${name}', '${name.toLowerCase()}', 'course-${i + 1}', 1, 1, 1, ${now}, ${now})`;
    });
    const dataSource = t.app.get(DataSource);
    for (let i = 0; i < rows.length; i += 500) {
      await dataSource.query(
        `INSERT INTO groups (name, name_key, slug, owner_id, created_by_id, updated_by_id, created_at, updated_at)
         VALUES ${rows.slice(i, i + 500).join(', ')}`,
      );
    }
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    profile = mkdtempSync(join(tmpdir(), 'groupbridge-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 860 },
    });
    // A shared 2-core machine can be slow; a wait is not an assertion on time.
    context.setDefaultTimeout(90_000);
    // The strictest policy the pages must live under (stricter than the app's own).
    await context.route(`${base}/**`, async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': CSP },
      });
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t.close();
  });

  afterEach(() => {
    expect(errors.splice(0)).toEqual([]);
  });

  /** Chromium logs an error status as a console error; drop the one a journey expects. */
  function expectLoggedStatus(status: number) {
    const logged = `the server responded with a status of ${status}`;
    expect(errors.filter((e) => e.includes(logged))).toHaveLength(1);
    errors.splice(0, errors.length, ...errors.filter((e) => !e.includes(logged)));
  }

  it('signs in and shows the dashboard', async () => {
    const page = await newPage();
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByText('You are a system administrator').waitFor();
    await page.getByRole('link', { name: 'Groups', exact: true }).first().waitFor();
    await shoot(page, 'dashboard');
    await page.close();
  });

  it('finds one group among thousands as you type', async () => {
    const page = await newPage();
    await page.goto(`${base}/console/groups`);
    const search = page.getByLabel('Find a group');
    await search.pressSequentially('course 137', { delay: 40 });
    const results = page.locator('#group-results');
    await results.getByText('Course 1370').waitFor();
    await waitForRows(page, '#group-results tbody tr', 10);
    await search.pressSequentially('4', { delay: 40 });
    await waitForRows(page, '#group-results tbody tr', 1);
    expect(await results.locator('tbody tr').innerText()).toContain('Course 1374');
    expect(page.url()).toBe(`${base}/console/groups?q=course%201374`);
    await shoot(page, 'groups-search');
    await results.getByRole('link', { name: 'Course 1374' }).click();
    await page.getByRole('heading', { name: 'Course 1374', level: 1 }).waitFor();
    await page.close();
  });

  it('adds and removes a member', async () => {
    const group = await createGroupAsAdmin(t, { name: 'Physics staff' });
    const page = await newPage();
    await page.goto(`${base}/console/groups/${group.id}`);
    await page.getByLabel(/^Add a member/).pressSequentially('kowal', { delay: 40 });
    const add = page.locator('#user-candidates').getByRole('button', { name: 'Add ala' });
    await add.click();
    await page.getByRole('status').getByText('Member added.').waitFor();
    const row = page.locator('#members ~ table tbody tr', { hasText: 'Ala Kowalska' });
    await row.waitFor();
    await shoot(page, 'group');
    await page.getByRole('button', { name: 'Remove ala' }).click();
    await page.getByRole('status').getByText('Member removed.').waitFor();
    await page.getByText('No members yet.').first().waitFor();
    await page.close();
  });

  it('nests a group and refuses a cycle with the domain message', async () => {
    const outer = await createGroupAsAdmin(t, { name: 'Faculty' });
    const inner = await createGroupAsAdmin(t, { name: 'Optics lab' });
    const page = await newPage();
    await page.goto(`${base}/console/groups/${outer.id}`);
    await page
      .getByLabel('Nest a group: find it by name')
      .pressSequentially('optics', { delay: 40 });
    await page
      .locator('#group-candidates')
      .getByRole('button', { name: 'Nest Optics lab' })
      .click();
    await page.getByRole('status').getByText('Group nested.').waitFor();
    await page.goto(`${base}/console/groups/${inner.id}`);
    await page
      .getByLabel('Nest a group: find it by name')
      .pressSequentially('faculty', { delay: 40 });
    await page.locator('#group-candidates').getByRole('button', { name: 'Nest Faculty' }).click();
    const alert = page.locator('#children-error');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      `Nesting group ${outer.id} in group ${inner.id} would create a cycle`,
    );
    expectLoggedStatus(400);
    await shoot(page, 'group-cycle');
    await page.close();
  });

  it('finds and deactivates a user', async () => {
    const page = await newPage();
    await page.goto(`${base}/console/users`);
    await page.getByLabel(/^Find a user/).pressSequentially('olga', { delay: 40 });
    await waitForRows(page, '#user-results tbody tr', 1);
    await shoot(page, 'users');
    await page.getByRole('button', { name: 'Deactivate olga' }).click();
    await page.getByRole('status').getByText('User deactivated.').waitFor();
    await page.getByRole('button', { name: 'Activate olga' }).click();
    await page.getByRole('status').getByText('User activated.').waitFor();
    await page.close();
  });

  it('creates an API token that works until it is revoked', async () => {
    const page = await newPage();
    await page.goto(`${base}/console`);
    await page.getByRole('link', { name: 'My API tokens' }).click();
    await page.getByRole('heading', { name: 'My API tokens', level: 1 }).waitFor();
    await page.getByLabel('Label').fill('ci deploy');
    await page.getByRole('button', { name: 'Create a token' }).click();
    await page.getByRole('status').getByText('Token created.').waitFor();
    const secret = (await page.locator('#new-token').innerText()).trim();
    await t.http.get('/groups').set('Authorization', `Bearer ${secret}`).expect(200);
    await shoot(page, 'tokens');
    await page.getByRole('button', { name: 'Revoke ci deploy', exact: true }).click();
    await page.getByRole('status').getByText('Token revoked.').waitFor();
    await page
      .locator('tr', { hasText: 'ci deploy' })
      .getByText(/^revoked /)
      .waitFor();
    expect(await page.content()).not.toContain(secret);
    await t.http.get('/groups').set('Authorization', `Bearer ${secret}`).expect(401);
    await page.close();
  });

  it('creates an OAuth consumer, shows its secret once, and disables it', async () => {
    const page = await newPage();
    await page.goto(`${base}/console`);
    await page.getByRole('link', { name: 'OAuth consumers' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Timetable app');
    await page.getByLabel(/^Administrative/).check();
    await page.getByRole('button', { name: 'Create a consumer' }).click();
    await page.getByRole('status').getByText('Consumer created.').waitFor();
    const secret = (await page.locator('#new-consumer-secret').innerText()).trim();
    expect(secret.length).toBeGreaterThanOrEqual(30);
    await shoot(page, 'oauth-consumers');
    await page.getByRole('button', { name: 'Disable Timetable app' }).click();
    await page.getByRole('status').getByText('Consumer disabled.').waitFor();
    await page.getByRole('button', { name: 'Enable Timetable app' }).waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.close();
  });

  it('creates, renames and deletes an organization', async () => {
    const page = await newPage();
    await page.goto(`${base}/console/organizations`);
    await page.getByLabel('Name', { exact: true }).fill('Faculty of Physics');
    await page.getByRole('button', { name: 'Create an organization' }).click();
    await page.getByRole('status').getByText('Organization created.').waitFor();
    await page
      .getByLabel('New name for Faculty of Physics')
      .fill('Faculty of Physics and Astronomy');
    await page.getByRole('button', { name: 'Rename Faculty of Physics' }).click();
    await page.getByRole('status').getByText('Organization renamed.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Faculty of Chemistry');
    await page.getByRole('button', { name: 'Create an organization' }).click();
    await page.getByRole('status').getByText('Organization created.').waitFor();
    await shoot(page, 'organizations');
    await page.getByRole('link', { name: 'Delete Faculty of Physics and Astronomy' }).click();
    await page
      .getByRole('heading', { name: "Delete 'Faculty of Physics and Astronomy'?" })
      .waitFor();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByRole('status').getByText('Organization deleted.').waitFor();
    await waitForRows(page, '#organization-results tbody tr', 1);
    expect(await page.locator('#organization-results tbody tr').innerText()).toContain(
      'faculty-of-chemistry-',
    );
    await page.close();
  });

  it('adds and removes a group administrator, and sets a property', async () => {
    const group = await createGroupAsAdmin(t, { name: 'Lab managers' });
    const page = await newPage();
    await page.goto(`${base}/console/groups/${group.id}`);
    await page.getByLabel(/^Add an administrator/).pressSequentially('kowal', { delay: 40 });
    await page
      .locator('#admin-candidates')
      .getByRole('button', { name: 'Make administrator ala' })
      .click();
    await page.getByRole('status').getByText('Administrator added.').waitFor();
    const administrators = page.locator('section[aria-labelledby="administrators"]');
    await administrators.locator('tbody tr', { hasText: 'Ala Kowalska' }).waitFor();
    await page.getByPlaceholder('Property name').fill('room');
    await page.getByPlaceholder('Value').fill('B-204');
    await page.getByRole('button', { name: 'Set property' }).click();
    await page.getByRole('status').getByText('Property set.').waitFor();
    const properties = page.locator('section[aria-labelledby="properties"]');
    await properties.locator('tbody tr', { hasText: 'B-204' }).waitFor();
    await shoot(administrators, 'group-administrators');
    await shoot(properties, 'group-properties');
    await page.getByRole('button', { name: 'Remove administrator ala' }).click();
    await page.getByRole('status').getByText('Administrator removed.').waitFor();
    await page.getByText('No administrators besides the owner.').waitFor();
    await page.close();
  });

  it('signs out', async () => {
    const page = await newPage();
    await page.goto(`${base}/console`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${base}/console`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(page.url()).toBe(`${base}/web/sign-in?next=%2Fconsole`);
    await page.close();
  });

  it("shows an owner their own group, and another's as no such page", async () => {
    const others = await createGroupAsAdmin(t, { name: 'Board minutes' });
    const page = await newPage();
    await signIn(page, 'olga', olga.password);
    await page.goto(`${base}/console/groups`);
    await page.getByLabel('Name', { exact: true }).fill('Olga team');
    await page.getByRole('button', { name: 'Create a group' }).click();
    await page.getByRole('status').getByText('Group created.').waitFor();
    await page.goto(`${base}/console/groups`);
    expect(await page.locator('#group-results tbody tr').count()).toBe(1);
    await shoot(page, 'owner-groups');
    const response = await page.goto(`${base}/console/groups/${others.id}`);
    expect(response?.status()).toBe(404);
    await page.getByText('There is no such page.').waitFor();
    expectLoggedStatus(404);
    await page.goto(`${base}/console`);
    const navigation = page.getByRole('navigation', { name: 'Console' });
    expect(await navigation.getByRole('link').allInnerTexts()).toEqual([
      'Dashboard',
      'Groups',
      'Users',
      'My API tokens',
    ]);
    const organizations = await page.goto(`${base}/console/organizations`);
    expect(organizations?.status()).toBe(404);
    expectLoggedStatus(404);
    await page.close();
  });
});
