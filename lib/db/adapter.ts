// Chooses the Prisma driver adapter from configuration: a real Postgres when DATABASE_URL
// is set, otherwise embedded Postgres (PGlite) in a local data directory. Used by the
// query client (lib/db/client.ts) and by the migration runner (lib/db/migrate.ts).
//
// Two identities: the migration runner (and test fixtures) connect as the database owner;
// the app's queries run as APP_ROLE, which row-level security binds (no BYPASSRLS, not a
// superuser: those ignore even FORCE ROW LEVEL SECURITY). The role is created by the
// migration `row_level_security`, which also grants it to the connecting user.
import { mkdirSync } from 'node:fs';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { AppConfig } from '@/lib/config';

export const APP_ROLE = 'tenantry_app';

export interface OpenAdapter {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Releases the connection (PGlite keeps the process alive until closed). */
  close(): Promise<void>;
  description: string;
  /** PGlite only: the embedded database, so a second client can share its one connection. */
  pglite?: PGlite;
}

export interface AdapterOptions {
  /** `app`: every query runs as APP_ROLE. Default `owner`: the connecting user (migrations). */
  as?: 'app' | 'owner';
}

export async function openAdapter(database: AppConfig['database'], options: AdapterOptions = {}): Promise<OpenAdapter> {
  const asApp = options.as === 'app';
  if (database.kind === 'postgres') {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    // `-c role=...` at connection start: every pooled connection is the app role from its
    // first query on, with no extra round trip.
    const factory = new PrismaPg({ connectionString: database.url, max: 10, ...(asApp ? { options: `-c role=${APP_ROLE}` } : {}) });
    const url = new URL(database.url);
    return { factory, close: async () => {}, description: `postgres ${url.hostname}:${url.port || 5432}${url.pathname}${asApp ? ` as ${APP_ROLE}` : ''}` };
  }
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  if (database.dataDir !== 'memory://') mkdirSync(database.dataDir, { recursive: true });
  const pg = new PGlite(database.dataDir);
  await pg.waitReady;
  // PGlite has one connection: the role is set on it for the session.
  if (asApp) await pg.exec(`SET ROLE ${APP_ROLE}`);
  const factory = new PrismaPGlite(pg) as unknown as SqlMigrationAwareDriverAdapterFactory;
  return { factory, close: () => pg.close(), description: `embedded PGlite ${database.dataDir}${asApp ? ` as ${APP_ROLE}` : ''}`, pglite: pg };
}

/**
 * For tests and scripts on PGlite: a driver adapter over the app's own PGlite connection
 * (whose session runs as APP_ROLE) that runs each statement and transaction as the session
 * user, the owner, by `SET LOCAL ROLE NONE` inside a transaction of its own.
 */
export async function ownerAdapterOver(pg: PGlite): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  const asOwner = <T>(work: (tx: Transaction) => Promise<T>) =>
    pg.transaction(async (tx) => {
      await tx.exec('SET LOCAL ROLE NONE');
      return work(tx);
    });
  const client = {
    query: (sql: string, params?: unknown[], opts?: object) => asOwner((tx) => tx.query(sql, params, opts)),
    exec: (sql: string, opts?: object) => asOwner((tx) => tx.exec(sql, opts)),
    transaction: <T>(work: (tx: Transaction) => Promise<T>) => asOwner(work),
  };
  return new PrismaPGlite(client as unknown as PGlite) as unknown as SqlMigrationAwareDriverAdapterFactory;
}
