// Chooses the Prisma driver adapter from configuration: a real Postgres when DATABASE_URL
// is set, otherwise embedded Postgres (PGlite) in a local data directory. Used by the
// query client (lib/db/client.ts) and by the migration runner (lib/db/migrate.ts).
//
// Two identities: the migration runner (and test fixtures) connect as the database owner;
// the app's queries run as APP_ROLE, which row-level security binds (no BYPASSRLS, not a
// superuser: those ignore even FORCE ROW LEVEL SECURITY). The role is created by the
// migration `row_level_security`, which also grants it to the connecting user.
import { AsyncLocalStorage } from 'node:async_hooks';
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

/**
 * Settings a transaction opens with (`app.tenant_id` for withTenant, lib/data/scope.ts), set
 * transaction-locally by the statement that opens it: on Postgres in the same round trip as
 * BEGIN, on PGlite without a trip through Prisma. `applied` says whether that happened; when
 * it did not (a value outside PLAIN, a transaction opened elsewhere), the caller sets them
 * itself with a parameterized statement, as before.
 */
export interface OpeningSettings {
  readonly values: Readonly<Record<string, string>>;
  applied: boolean;
}
// One store for the process, like the one database client (lib/db/client.ts): Next.js loads
// this module once per bundle layer (pages, route handlers), and a store of each copy's own
// would be invisible to the client another copy opened, so nothing would open with settings.
const OPENING_KEY = Symbol.for('tenantry.db.openingSettings');
const processWide = globalThis as typeof globalThis & { [OPENING_KEY]?: AsyncLocalStorage<OpeningSettings> };
const opening = (processWide[OPENING_KEY] ??= new AsyncLocalStorage<OpeningSettings>());

/** Runs `work` so that the next transaction it opens carries `settings`. */
export function openTransactionWith<T>(settings: OpeningSettings, work: () => Promise<T>): Promise<T> {
  return opening.run(settings, work);
}

// Only names and values made of these characters are written into SQL text (no quote, no
// backslash: nothing to escape); tenant ids, slugs and Auth0 ids are.
const PLAIN = /^[\w.:|@+-]{1,200}$/;

/** The statements that set the pending settings, once (then marked applied); null if none. */
function pendingSettingsSql(): string | null {
  const settings = opening.getStore();
  if (!settings || settings.applied) return null;
  const entries = Object.entries(settings.values);
  if (entries.length === 0 || !entries.every(([name, value]) => PLAIN.test(name) && PLAIN.test(value))) return null;
  settings.applied = true;
  // `true`: local to the transaction, so a pooled connection carries nothing over.
  return entries.map(([name, value]) => `SELECT set_config('${name}', '${value}', true)`).join('; ');
}

export async function openAdapter(database: AppConfig['database'], options: AdapterOptions = {}): Promise<OpenAdapter> {
  const asApp = options.as === 'app';
  if (database.kind === 'postgres') {
    const [{ PrismaPg }, { default: pg }] = await Promise.all([import('@prisma/adapter-pg'), import('pg')]);
    // `-c role=...` at connection start: every pooled connection is the app role from its
    // first query on, with no extra round trip.
    const pool = new pg.Pool({ connectionString: database.url, max: 10, ...(asApp ? { options: `-c role=${APP_ROLE}` } : {}) });
    // The adapter opens a transaction with a bare BEGIN (simple protocol, no parameters): the
    // pending settings go in the same message, one round trip instead of two.
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
        if (isBareBegin(config)) {
          const settings = pendingSettingsSql();
          if (settings) return query({ ...config, text: `BEGIN; ${settings}` }, ...rest);
        }
        return query(config, ...rest);
      };
    });
    const factory = new PrismaPg(pool, { disposeExternalPool: true });
    const url = new URL(database.url);
    return { factory, close: async () => {}, description: `postgres ${url.hostname}:${url.port || 5432}${url.pathname}${asApp ? ` as ${APP_ROLE}` : ''}` };
  }
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  if (database.dataDir !== 'memory://') mkdirSync(database.dataDir, { recursive: true });
  const pg = new PGlite(database.dataDir);
  await pg.waitReady;
  // PGlite has one connection: the role is set on it for the session.
  if (asApp) await pg.exec(`SET ROLE ${APP_ROLE}`);
  // PGlite opens its transactions itself: the pending settings are its first statement.
  const client = {
    query: pg.query.bind(pg),
    exec: pg.exec.bind(pg),
    transaction: <T>(work: (tx: Transaction) => Promise<T>) => {
      const settings = pendingSettingsSql();
      return pg.transaction(async (tx) => {
        if (settings) await tx.exec(settings);
        return work(tx);
      });
    },
  };
  const factory = new PrismaPGlite(client as unknown as PGlite) as unknown as SqlMigrationAwareDriverAdapterFactory;
  return { factory, close: () => pg.close(), description: `embedded PGlite ${database.dataDir}${asApp ? ` as ${APP_ROLE}` : ''}`, pglite: pg };
}

function isBareBegin(config: unknown): config is { text: string; values?: unknown[] } {
  if (!config || typeof config !== 'object') return false;
  const { text, values } = config as { text?: unknown; values?: unknown[] };
  return text === 'BEGIN' && (!values || values.length === 0);
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
