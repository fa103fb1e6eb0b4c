// The one place that constructs the Prisma client. Only lib/data imports `db()`: tenant data
// is read and written through withTenant (lib/data/scope.ts). The client runs as the app
// role (lib/db/adapter.ts), which row-level security binds: a query outside withTenant sees
// no tenant's rows.
import { PrismaClient } from '@/lib/db/generated/client';
import { config } from '@/lib/config';
import { openAdapter, ownerAdapterOver, type OpenAdapter } from '@/lib/db/adapter';

interface Handle { client: PrismaClient; adapter: OpenAdapter; owner?: Promise<PrismaClient> }

// Kept on globalThis so Next's dev server (which reloads modules) reuses one connection:
// PGlite allows a single process per data directory.
const globalForDb = globalThis as unknown as { __tenantryDb?: Promise<Handle> };

async function open(): Promise<Handle> {
  // Migrations are applied before the app starts (`npm run dev`, `npm start`, the tests
  // and the deploy step all run `db:migrate` first), never from a request.
  const adapter = await openAdapter(config().database, { as: 'app' });
  const client = new PrismaClient({ adapter: adapter.factory });
  try {
    await assertBoundByRowLevelSecurity(client);
  } catch (error) {
    await client.$disconnect();
    await adapter.close();
    throw error;
  }
  return { client, adapter };
}

/**
 * Fails closed when the app's queries would not be bound by row-level security: a superuser or
 * a BYPASSRLS role ignores even forced policies. That happens when the switch to the app role
 * did not take (a connection pooler that drops the `options` startup parameter, a role granted
 * BYPASSRLS by hand): then the app refuses to serve rather than lose its second wall.
 */
export async function assertBoundByRowLevelSecurity(client: PrismaClient): Promise<void> {
  const [role] = await client.$queryRaw<{ name: string; bypasses: boolean }[]>`SELECT current_user AS name, (rolsuper OR rolbypassrls) AS bypasses FROM pg_roles WHERE rolname = current_user`;
  if (!role || role.bypasses) {
    throw new Error(`The database role the app queries as (${role?.name ?? 'unknown'}) is not bound by row-level security. The app switches to the role tenantry_app when it connects (the "options" startup parameter): check that the DATABASE_URL user may SET ROLE tenantry_app, that a pooler passes "options", and that tenantry_app has neither SUPERUSER nor BYPASSRLS.`);
  }
}

function handle(): Promise<Handle> {
  globalForDb.__tenantryDb ??= open().catch((error) => {
    globalForDb.__tenantryDb = undefined; // let the next request try again
    throw error;
  });
  return globalForDb.__tenantryDb;
}

export async function db(): Promise<PrismaClient> {
  return (await handle()).client;
}

/**
 * For tests and scripts only (fixtures across tenants, checking what was written): a client
 * that runs as the database owner, which row-level security does not restrict. On PGlite it
 * shares the app's one connection. Never used by the app.
 */
export async function ownerDb(): Promise<PrismaClient> {
  const h = await handle();
  h.owner ??= (async () => {
    const database = config().database;
    if (h.adapter.pglite) return new PrismaClient({ adapter: await ownerAdapterOver(h.adapter.pglite) });
    return new PrismaClient({ adapter: (await openAdapter(database)).factory });
  })();
  return h.owner;
}

/** For scripts and tests: close the connection so the process can exit. */
export async function closeDb(): Promise<void> {
  const handle = globalForDb.__tenantryDb;
  globalForDb.__tenantryDb = undefined;
  if (!handle) return;
  const { client, adapter, owner } = await handle;
  if (owner) await (await owner).$disconnect();
  await client.$disconnect();
  await adapter.close();
}

export type { PrismaClient };
