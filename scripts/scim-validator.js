// Runs Microsoft's SCIM validation collection (test/scim/validator, MIT, from
// AzureAD/SCIMReferenceCode) with newman against a freshly started server on a temporary SQLite
// database, authenticated as a provisioning user. `.ci/run` calls it; `npm run scim:validate`.
//
// The collection's "Get Token" folder mints a token on the reference server's development-only
// endpoint; it is skipped and a provisioning token is used instead. The requests below that
// contradict RFC 7643/7644 are adjusted, each with its reason (docs/scim.md lists them too).
const { execFileSync, spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');
const { setTimeout: sleep } = require('node:timers/promises');
const newman = require('newman');

const root = join(__dirname, '..');
const COLLECTION = join(root, 'test/scim/validator/microsoft-scim-tests.postman_collection.json');

const quote = (values) => values.map((v) => `"${v}"`);

/** [folder, request name, occurrence (0-based), what changes, why]. */
const ADJUSTMENTS = [
  [
    'Endpoint tests',
    'Get ServiceProviderConfig',
    0,
    (item) => setUrl(item, '/ServiceProviderConfig'),
    'RFC 7644 §4 names the endpoint /ServiceProviderConfig, not /serviceConfiguration',
  ],
  [
    'ComplexAttribute tests',
    'create user1',
    0,
    (item) => replaceInBody(item, '"emailName357"', '"emailName357@example.com"'),
    'Groupbridge keeps only valid e-mail addresses (RFC 7643 §2.4: value SHOULD follow RFC 5321)',
  ],
  [
    'ComplexAttribute tests',
    'Get user attributes',
    0,
    (item) =>
      setUrl(
        item,
        `/Users?filter=${encodeURIComponent('emails[type eq "work"]')}&attributes=emails`,
      ),
    'RFC 7644 §3.4.2.5: attributes lists names; selecting by value is a filter',
  ],
  [
    'ComplexAttribute tests',
    'Get user via attributes filter',
    0,
    (item) =>
      setUrl(
        item,
        `/Users?filter=${encodeURIComponent('emails[value eq "emailName357@example.com"]')}&attributes=emails`,
      ),
    'RFC 7644 §3.4.2.5: attributes lists names; selecting by value is a filter',
  ],
  [
    'Group tests',
    'Get group by id',
    0,
    (item) => replaceInTests(item, 'include("new User")', 'include(pm.environment.get("id4"))'),
    'RFC 7643 §2.4: a member\'s display is read-only, rendered from the member; the "displayName" sent with it is not kept. Checks the member id instead',
  ],
  [
    'Group tests',
    'Get group by id',
    1,
    (item) => replaceInTests(item, 'include("new User")', 'include(pm.environment.get("id4"))'),
    'as above: checks that the member id is gone',
  ],
  [
    'User tests with garbage',
    'filter eq and (val or val)',
    0,
    (item) =>
      setUrl(
        item,
        `/Users?filter=${encodeURIComponent(
          `name.FamilyName eq ${quote(['Employee'])} and (emails.Value co ${quote(['example.com'])} or emails.Value co ${quote(['example.org'])})`,
        )}`,
      ),
    'RFC 7644 §3.4.2.2: a comparison value is a JSON literal, so strings are quoted',
  ],
  [
    'User tests with garbage',
    'filter starts with',
    0,
    (item) => setUrl(item, `/Users?filter=${encodeURIComponent('userName sw "O"')}`),
    'RFC 7644 §3.4.2.2: a comparison value is a JSON literal, so strings are quoted',
  ],
  [
    'User tests with garbage',
    'filter greater than',
    0,
    (item) =>
      setUrl(
        item,
        `/Users?filter=${encodeURIComponent('meta.Created gt "2015-10-10T14:38:21.8617979-07:00"')}`,
      ),
    'RFC 7644 §3.4.2.2: a comparison value is a JSON literal, so strings are quoted',
  ],
  ...['Group patch add member', 'Group patch add member2'].map((name) => [
    'Group tests with garbage',
    name,
    0,
    (item) => expectStatus(item, 204, 400),
    'RFC 7644 §3.5.2.1: members take objects naming existing resources; "string id N" is refused (400 invalidValue)',
  ]),
];

function setUrl(item, pathAndQuery) {
  item.request.url = `{{Protocol}}://{{Server}}{{Port}}/{{Api}}${pathAndQuery}`;
}

function replaceInBody(item, from, to) {
  const raw = item.request.body.raw;
  if (!raw.includes(from)) throw new Error(`${item.name}: body has no ${from}`);
  item.request.body.raw = raw.split(from).join(to);
}

function replaceInTests(item, from, to) {
  const test = item.event.find((e) => e.listen === 'test');
  const exec = test.script.exec.join('\n');
  if (!exec.includes(from)) throw new Error(`${item.name}: test has no ${from}`);
  test.script.exec = exec.split(from).join(to).split('\n');
}

function expectStatus(item, from, to) {
  replaceInTests(item, `Status code is ${from}`, `Status code is ${to}`);
  replaceInTests(item, `have.status(${from})`, `have.status(${to})`);
}

function adjustedCollection() {
  const collection = JSON.parse(readFileSync(COLLECTION, 'utf8'));
  collection.item = collection.item.filter((folder) => folder.name !== 'Get Token');
  for (const [folderName, name, occurrence, change] of ADJUSTMENTS) {
    const folder = collection.item.find((f) => f.name === folderName);
    const item = folder?.item.filter((i) => i.name === name)[occurrence];
    if (!item) throw new Error(`No request "${name}" (#${occurrence}) in folder "${folderName}"`);
    change(item);
  }
  return collection;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function call(base, method, path, token, body) {
  const response = await globalThis.fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function waitForHealth(base, server) {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (server.exitCode !== null) throw new Error(`The server exited with ${server.exitCode}`);
    try {
      if ((await globalThis.fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error('The server did not become healthy');
}

function runNewman(options) {
  return new Promise((resolve, reject) =>
    newman.run(options, (error, summary) => (error ? reject(error) : resolve(summary))),
  );
}

async function main() {
  execFileSync(process.execPath, [join(__dirname, 'build-if-needed.js')], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'groupbridge-scim-'));
  const port = await freePort();
  const adminToken = randomBytes(24).toString('base64url');
  const server = spawn(process.execPath, [join(root, 'dist/src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: `sqlite:${join(dir, 'scim.sqlite')}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'warn',
      READ_ONLY: 'false',
      PUBLIC_URL: '',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base, server);
    const provisioner = await call(base, 'POST', '/admin/v1/users', adminToken, {
      username: 'scim-validator',
    });
    await call(base, 'PUT', `/admin/v1/users/${provisioner.id}/provisioner`, adminToken);
    const { token } = await call(
      base,
      'POST',
      `/admin/v1/users/${provisioner.id}/tokens`,
      adminToken,
    );
    for (const [folder, name, occurrence, , why] of ADJUSTMENTS)
      console.log(
        `adjusted: ${folder} / ${name}${occurrence ? ` (#${occurrence + 1})` : ''}: ${why}`,
      );
    const summary = await runNewman({
      collection: adjustedCollection(),
      envVar: [
        { key: 'Protocol', value: 'http' },
        { key: 'Server', value: '127.0.0.1' },
        { key: 'Port', value: `:${port}` },
        { key: 'Api', value: 'scim/v2' },
        { key: 'token', value: token },
      ],
      reporters: ['cli'],
      reporter: { cli: { noSummary: false, noSuccessAssertions: true } },
    });
    const failures = summary.run.failures.length;
    console.log(
      failures === 0 ? 'SCIM validator: all green' : `SCIM validator: ${failures} failure(s)`,
    );
    process.exitCode = failures === 0 ? 0 : 1;
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
