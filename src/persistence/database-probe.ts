import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';
import { DatabaseSettings } from '../config/app-config';

const CONNECT_TIMEOUT_MS = 5000;

/**
 * Opens the database once on a connection of its own and reads from it: start-up's check,
 * which runs before Nest (and so before the DataSource and any repository) exists. Throws the
 * driver's error as it is, for the caller to classify.
 */
export async function probeDatabase(db: DatabaseSettings): Promise<void> {
  if (db.engine === 'sqlite') probeSqlite(db.path);
  else await probePostgres(db.url);
}

async function probePostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A connection that fails after connecting emits 'error'; the probe reports it through end().
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

function probeSqlite(path: string): void {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    // Reads the header and the schema: a file that is not a database fails here.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } finally {
    db.close();
  }
}
