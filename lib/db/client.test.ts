// The app refuses to query through a connection that row-level security does not bind: the
// check itself, and that opening the app's client runs it (a role that can bypass RLS makes
// db() fail, instead of serving every tenant's rows).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMigratedTestDatabase, type TestDatabase } from '@/lib/testing/database';

const ON_POSTGRES = Boolean(process.env.TEST_DATABASE_URL);
let database: TestDatabase;

beforeAll(async () => {
  database = await createMigratedTestDatabase();
});
afterAll(async () => {
  await database?.drop();
  vi.unstubAllEnvs();
});

async function freshClientModule() {
  vi.resetModules();
  for (const [k, v] of Object.entries(database.env)) vi.stubEnv(k, v);
  return import('@/lib/db/client');
}

describe('the app role must be bound by row-level security', () => {
  it('the check passes for the app role and refuses the owner (a superuser here)', async () => {
    const client = await freshClientModule();
    try {
      await expect(client.assertBoundByRowLevelSecurity(await client.db())).resolves.toBeUndefined();
      await expect(client.assertBoundByRowLevelSecurity(await client.ownerDb())).rejects.toThrow(/not bound by row-level security/);
    } finally {
      await client.closeDb();
    }
  });

  // Roles are per database on PGlite; on a shared Postgres they are cluster-wide, so giving
  // the app role BYPASSRLS there would affect every other test database at once.
  it.skipIf(ON_POSTGRES)('opening the app client runs the check: with BYPASSRLS on the app role, db() fails closed', async () => {
    const { openAdapter } = await import('@/lib/db/adapter');
    const owner = await openAdapter(database.config);
    const run = async (sql: string) => {
      const conn = await owner.factory.connect();
      await conn.executeRaw({ sql, args: [], argTypes: [] });
      await conn.dispose();
    };
    await run('ALTER ROLE tenantry_app BYPASSRLS');
    await owner.close();
    const client = await freshClientModule();
    await expect(client.db()).rejects.toThrow(/tenantry_app\) is not bound by row-level security/);
    await client.closeDb();
    const restore = await openAdapter(database.config);
    const conn = await restore.factory.connect();
    await conn.executeRaw({ sql: 'ALTER ROLE tenantry_app NOBYPASSRLS', args: [], argTypes: [] });
    await conn.dispose();
    await restore.close();
    const again = await freshClientModule();
    await expect(again.db()).resolves.toBeDefined();
    await again.closeDb();
  });
});
