// A throw-away database for one test file: a PGlite in a temporary directory by default, or a fresh
// database on the Postgres named by TEST_DATABASE_URL, so runs never collide.
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Creates a test database and applies the migrations to it. On PGlite, a copy of a migrated
 * template: creating a PGlite cluster (its initdb) takes seconds, a copy of one a fraction,
 * and most test files start with one. The template is made once per set of migrations (and
 * PGlite version), by the first test file that needs it; each copy is the file's own.
 */
export async function createMigratedTestDatabase(): Promise<TestDatabase> {
  if (!process.env.TEST_DATABASE_URL) {
    const database = await createTestDatabase();
    cpSync(await migratedTemplate(), (database.config as { dataDir: string }).dataDir, { recursive: true });
    return database;
  }
  const database = await createTestDatabase();
  await applyMigrations(database);
  return database;
}

async function applyMigrations(database: TestDatabase): Promise<void> {
  const { openAdapter } = await import('@/lib/db/adapter');
  const { migrate } = await import('@/lib/db/migrate');
  const adapter = await openAdapter(database.config);
  try {
    await migrate(adapter.factory);
  } finally {
    await adapter.close();
  }
}

/** The directory of a migrated PGlite for the current migrations, made if missing. */
async function migratedTemplate(): Promise<string> {
  const { readMigrations } = await import('@/lib/db/migrate');
  const pglitePackage = join(process.cwd(), 'node_modules/@electric-sql/pglite/package.json');
  const hash = createHash('sha256').update(existsSync(pglitePackage) ? readFileSync(pglitePackage) : 'pglite');
  for (const m of readMigrations().migrationDirectories) hash.update(`${m.path}\0${m.migrationFile.content.tag === 'ok' ? m.migrationFile.content.value : ''}\0`);
  const prefix = 'tenantry-pglite-template-';
  const dir = join(tmpdir(), `${prefix}${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(dir, READY))) return dir;
  // Made aside and renamed into place, so a concurrent test file never copies half of one;
  // when two make it at once, the first rename wins and the other's copy is dropped.
  const building = await createTestDatabase();
  await applyMigrations(building);
  const builtDir = (building.config as { dataDir: string }).dataDir;
  writeFileSync(join(builtDir, READY), '');
  try {
    renameSync(builtDir, dir);
  } catch {
    await building.drop();
  }
  if (!existsSync(join(dir, READY))) throw new Error(`test database template ${dir} is incomplete: delete it`);
  // Templates of older migrations are of no more use.
  for (const entry of readdirSync(tmpdir())) if (entry.startsWith(prefix) && join(tmpdir(), entry) !== dir) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  return dir;
}

const READY = '.tenantry-template-ready';
