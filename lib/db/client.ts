// The one place that constructs the Prisma client. Everything else imports `db()`.
// Tenant data is not read through this directly: go through lib/data, which scopes by org.
import { PrismaClient } from '@/lib/db/generated/client';
import { config } from '@/lib/config';
import { openAdapter, type OpenAdapter } from '@/lib/db/adapter';

interface Handle { client: PrismaClient; adapter: OpenAdapter }

// Kept on globalThis so Next's dev server (which reloads modules) reuses one connection:
// PGlite allows a single process per data directory.
const globalForDb = globalThis as unknown as { __tenantryDb?: Promise<Handle> };

async function open(): Promise<Handle> {
  // Migrations are applied before the app starts (`npm run dev`, `npm start`, the tests
  // and the deploy step all run `db:migrate` first), never from a request.
  const adapter = await openAdapter(config().database);
  const client = new PrismaClient({ adapter: adapter.factory });
  return { client, adapter };
}

export async function db(): Promise<PrismaClient> {
  globalForDb.__tenantryDb ??= open().catch((error) => {
    globalForDb.__tenantryDb = undefined; // let the next request try again
    throw error;
  });
  return (await globalForDb.__tenantryDb).client;
}

/** For scripts and tests: close the connection so the process can exit. */
export async function closeDb(): Promise<void> {
  const handle = globalForDb.__tenantryDb;
  globalForDb.__tenantryDb = undefined;
  if (!handle) return;
  const { client, adapter } = await handle;
  await client.$disconnect();
  await adapter.close();
}

export type { PrismaClient };
