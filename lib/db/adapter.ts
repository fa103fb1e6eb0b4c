// Chooses the Prisma driver adapter from configuration: a real Postgres when DATABASE_URL
// is set, otherwise embedded Postgres (PGlite) in a local data directory. Used by the
// query client (lib/db/client.ts) and by the migration runner (lib/db/migrate.ts).
import { mkdirSync } from 'node:fs';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { AppConfig } from '@/lib/config';

export interface OpenAdapter {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Releases the connection (PGlite keeps the process alive until closed). */
  close(): Promise<void>;
  description: string;
}

export async function openAdapter(database: AppConfig['database']): Promise<OpenAdapter> {
  if (database.kind === 'postgres') {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    const factory = new PrismaPg({ connectionString: database.url, max: 10 });
    const url = new URL(database.url);
    return { factory, close: async () => {}, description: `postgres ${url.hostname}:${url.port || 5432}${url.pathname}` };
  }
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  if (database.dataDir !== 'memory://') mkdirSync(database.dataDir, { recursive: true });
  const pg = new PGlite(database.dataDir);
  await pg.waitReady;
  const factory = new PrismaPGlite(pg) as unknown as SqlMigrationAwareDriverAdapterFactory;
  return { factory, close: () => pg.close(), description: `embedded PGlite ${database.dataDir}` };
}
