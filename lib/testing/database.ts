// A throw-away database for one test file: a PGlite in a temporary directory by default, or a fresh
// database on the Postgres named by TEST_DATABASE_URL, so runs never collide.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { AppConfig } from '@/lib/config';

export interface TestDatabase {
  config: AppConfig['database'];
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    // A directory rather than memory:// so a migration run and the app's client can open
    // the same database one after the other.
    const dataDir = mkdtempSync(join(tmpdir(), 'tenantry-pglite-'));
    return { config: { kind: 'pglite', dataDir }, env: { PGLITE_DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `tenantry_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString() },
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Creates a test database and applies the migrations to it. */
export async function createMigratedTestDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  const { openAdapter } = await import('@/lib/db/adapter');
  const { migrate } = await import('@/lib/db/migrate');
  const adapter = await openAdapter(database.config);
  try {
    await migrate(adapter.factory);
  } finally {
    await adapter.close();
  }
  return database;
}
