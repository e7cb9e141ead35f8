import { createHash, randomBytes } from 'node:crypto';
import { openBenchDb } from './bench-db';
import { EngineName, ensureDataset, LAYOUT, SEED_TS } from './bench-dataset';

/**
 * What the login throttle's join costs the API-key lookup every W3/W4 request makes
 * (docs/performance.md, "Cost of throttling and security headers"):
 * `npx ts-node --transpile-only bench/bench-credential-lookup.ts sqlite|postgres`.
 *
 * The app's statement (`CredentialsRepository.activeUserByTokenHash`) against the same statement
 * without the `login_throttle` join, prepared once each, alternated in blocks on the 10k dataset:
 * first with no throttle rows (the steady state), then with 10,000 blocked addresses (an attack).
 * Mean µs a lookup, per block; the rows it adds are removed afterwards.
 */
const WITH_THROTTLE = `SELECT u.id, u.is_admin, t.id AS token_id, t.last_used_at,
    ta.blocked_until AS address_blocked_until
  FROM (SELECT 1 AS one) probe
  LEFT JOIN api_tokens t ON t.token_hash = ? AND t.revoked_at IS NULL
    AND (t.expires_at IS NULL OR t.expires_at > ?)
  LEFT JOIN users u ON u.id = t.user_id AND u.active = TRUE
  LEFT JOIN login_throttle ta ON ta.throttle_key = ?`;
const WITHOUT_THROTTLE = `SELECT u.id, u.is_admin, t.id AS token_id, t.last_used_at
  FROM (SELECT 1 AS one) probe
  LEFT JOIN api_tokens t ON t.token_hash = ? AND t.revoked_at IS NULL
    AND (t.expires_at IS NULL OR t.expires_at > ?)
  LEFT JOIN users u ON u.id = t.user_id AND u.active = TRUE`;

const LOOKUPS = 5_000;
const BLOCKS = 4;

(async () => {
  const engine: EngineName = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
  const dataset = await ensureDataset(engine, 10_000, console.log);
  const db = openBenchDb(dataset.env);
  const hash = createHash('sha256').update(randomBytes(24)).digest('hex');
  const address = 'address:127.0.0.1'; // addressKey() of the bench's client
  await db.all(
    'insert_token',
    'INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)',
    [LAYOUT.ownerUserId, hash, SEED_TS],
  );
  const time = async (name: string, sql: string, params: unknown[]) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < LOOKUPS; i++) {
      const [row] = await db.all<{ id: number | null }>(name, sql, params);
      if (row.id !== LAYOUT.ownerUserId) throw new Error('the lookup did not find the token');
    }
    return Number(process.hrtime.bigint() - start) / 1e3 / LOOKUPS;
  };
  const measure = async (label: string) => {
    const withJoin: number[] = [];
    const without: number[] = [];
    for (let b = 0; b < BLOCKS; b++) {
      without.push(await time('without', WITHOUT_THROTTLE, [hash, Date.now()]));
      withJoin.push(await time('with', WITH_THROTTLE, [hash, Date.now(), address]));
    }
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' / ');
    console.log(
      `${engine}, ${label}: without the join ${fmt(without)} µs; with it ${fmt(withJoin)} µs`,
    );
  };
  try {
    await measure('no throttle rows');
    await db.all(
      'fill_throttle',
      engine === 'postgres'
        ? `INSERT INTO login_throttle (throttle_key, failures, window_started_at, blocked_until)
           SELECT 'address:bench-' || i, 10, ${SEED_TS}, ${Date.now() + 3_600_000} FROM generate_series(1, 10000) i`
        : `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 10000)
           INSERT INTO login_throttle (throttle_key, failures, window_started_at, blocked_until)
           SELECT 'address:bench-' || i, 10, ${SEED_TS}, ${Date.now() + 3_600_000} FROM s`,
    );
    await measure('10,000 blocked addresses');
  } finally {
    await db.all(
      'clear_throttle',
      `DELETE FROM login_throttle WHERE throttle_key LIKE 'address:bench-%'`,
    );
    await db.all('delete_token', 'DELETE FROM api_tokens WHERE token_hash = ?', [hash]);
    await db.close();
  }
})();
