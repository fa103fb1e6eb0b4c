// Prisma migrations without Prisma's native schema engine (it cannot be downloaded here).
// - Applying: the standard prisma/migrations/<timestamp>_<name>/migration.sql folders, run
//   in order through the driver adapter, each in a transaction, and recorded in
//   _prisma_migrations exactly as `prisma migrate deploy` records them, so either tool can
//   take over from the other.
// - Writing: the diff comes from Prisma's WebAssembly schema engine. Each migration folder
//   also keeps the schema it was generated from (schema.prisma), so the next diff is
//   schema-to-schema and needs no shadow database. (The wasm engine's own applyMigrations
//   fails with the current driver adapters, so it is not used for applying.)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createHash, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { OpenAdapter } from '@/lib/db/adapter';

const ROOT = process.cwd();
export const SCHEMA_PATH = resolve(ROOT, 'prisma/schema.prisma');
export const MIGRATIONS_DIR = resolve(ROOT, 'prisma/migrations');
const NO_FILTERS = { externalTables: [], externalEnums: [] };

// Types of the wasm engine's JSON API, reduced to what we call.
interface MigrationList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: { path: string; migrationFile: { path: string; content: { tag: 'ok'; value: string } } }[];
}
interface WasmSchemaEngine {
  diff(params: object): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

let engineModule: Promise<{ SchemaEngine: { new: (o: object, log: (m: string) => void, a: object) => Promise<WasmSchemaEngine> } }> | undefined;

/** Loads and instantiates the wasm module once per process. */
function loadEngineModule() {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmBytes = await readFile(bgPath.replace(/\.js$/, '.wasm'));
    const { instance } = await WebAssembly.instantiate(wasmBytes, { './schema_engine_bg.js': bg });
    (bg as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(instance.exports);
    return bg as never;
  })();
  return engineModule;
}

async function withEngine<T>(adapter: SqlMigrationAwareDriverAdapterFactory, run: (engine: WasmSchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const schemaText = readFileSync(SCHEMA_PATH, 'utf8');
  const logs: string[] = [];
  const engine = await SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schemaText]] },
    (message: string) => { logs.push(message); },
    bindMigrationAwareSqlAdapterFactory(forWasmEngine(adapter)),
  );
  try {
    return await run(engine);
  } catch (error) {
    throw new Error(`Migration engine failed: ${describeEngineError(error)}${logs.length ? `\n${logs.slice(-5).join('\n')}` : ''}`);
  } finally {
    engine.free();
  }
}

/**
 * Adapts a driver adapter to what the wasm engine expects: a schema name in the connection
 * info (the adapters report none unless configured) and `null`, not `undefined`, from
 * methods that return nothing (the engine's deserializer rejects `undefined` as unit).
 */
function forWasmEngine(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  const adapt = (conn: object): object =>
    new Proxy(conn, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop === 'getConnectionInfo') {
          return () => ({ ...value.call(target), schemaName: value.call(target).schemaName ?? 'public' });
        }
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result = value.apply(target, args);
          if (result instanceof Promise) {
            return result.then((r) => (r === undefined ? null : prop === 'startTransaction' ? adapt(r) : r));
          }
          return result === undefined ? null : result;
        };
      },
    });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => adapt(await factory.connect()),
    connectToShadowDb: async () => adapt(await factory.connectToShadowDb()),
  } as SqlMigrationAwareDriverAdapterFactory;
}

function describeEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return JSON.stringify(error);
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationList {
  const directories = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: directories.map((name) => ({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: readFileSync(join(dir, name, 'migration.sql'), 'utf8') } },
    })),
  };
}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;
// The same advisory lock key Prisma's engine takes, so two deploys never migrate at once.
const LOCK_KEY = 72707369;

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * The statements of a SQL script. Semicolons inside quotes, comments and dollar-quoted bodies
 * (a DO block) do not end a statement. Needed because the pg adapter's executeScript splits
 * on every semicolon.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < script.length) {
    const rest = script.slice(i);
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    let end: number;
    if (rest.startsWith('--')) end = rest.includes('\n') ? rest.indexOf('\n') + 1 : rest.length;
    else if (rest.startsWith('/*')) end = rest.includes('*/') ? rest.indexOf('*/') + 2 : rest.length;
    else if (dollar) {
      const close = rest.indexOf(dollar[0], dollar[0].length);
      end = close < 0 ? rest.length : close + dollar[0].length;
    } else if (rest[0] === "'" || rest[0] === '"') {
      const quoteChar = rest[0];
      end = 1;
      while (end < rest.length) {
        if (rest[end] === quoteChar && rest[end + 1] === quoteChar) end += 2;
        else if (rest[end] === quoteChar) { end += 1; break; }
        else end += 1;
      }
    } else if (rest[0] === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
      i += 1;
      continue;
    } else end = 1;
    const piece = rest.slice(0, end);
    if (!piece.startsWith('--') && !piece.startsWith('/*')) current += piece;
    else current += ' ';
    i += end;
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}

/** Runs a script one statement at a time on the connection. */
async function runScript(conn: { executeRaw(q: { sql: string; args: unknown[]; argTypes: [] }): Promise<number> }, script: string): Promise<void> {
  for (const sql of splitSqlStatements(script)) await conn.executeRaw({ sql, args: [], argTypes: [] });
}

/** Applies pending migrations; returns the names it applied (empty when up to date). */
export async function migrate(adapter: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const { migrationDirectories } = readMigrations();
  const conn = await adapter.connect();
  const query = async (sql: string) => (await conn.queryRaw({ sql, args: [], argTypes: [] })).rows;
  const applied: string[] = [];
  try {
    await conn.executeScript(MIGRATIONS_TABLE);
    await query(`SELECT 1 FROM pg_advisory_lock(${LOCK_KEY})`);
    try {
      const rows = await query('SELECT "migration_name", "checksum", "finished_at"::text, "rolled_back_at"::text FROM "_prisma_migrations"');
      const done = new Map<string, { checksum: string; finished: boolean }>();
      for (const [name, checksum, finishedAt, rolledBackAt] of rows as [string, string, unknown, unknown][]) {
        if (rolledBackAt) continue;
        if (!finishedAt) {
          throw new Error(`Migration ${name} started but did not finish on this database. Resolve it (see README, Troubleshooting) before migrating again.`);
        }
        done.set(name, { checksum, finished: true });
      }
      for (const dir of migrationDirectories) {
        const sql = dir.migrationFile.content.value;
        const checksum = createHash('sha256').update(sql).digest('hex');
        const previous = done.get(dir.path);
        if (previous) {
          if (previous.checksum !== checksum) console.warn(`warning: migration ${dir.path} was edited after it was applied.`);
          continue;
        }
        try {
          await runScript(
            conn,
            `BEGIN;\n${sql}\n;INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count") ` +
              `VALUES (${quote(randomUUID())}, ${quote(checksum)}, ${quote(dir.path)}, now(), now(), 1);\nCOMMIT;`,
          );
        } catch (error) {
          await conn.executeScript('ROLLBACK').catch(() => {});
          throw new Error(`Migration ${dir.path} failed and was rolled back: ${describeEngineError(error)}`);
        }
        applied.push(dir.path);
      }
    } finally {
      await query(`SELECT pg_advisory_unlock(${LOCK_KEY})::text`);
    }
  } finally {
    await conn.dispose();
  }
  return applied;
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the
 * existing migrations to the current schema. Returns the folder, or null when nothing changed.
 */
export async function createMigration(adapter: SqlMigrationAwareDriverAdapterFactory, name: string): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('Migration name: use lowercase letters, digits and underscores, e.g. add_projects');
  const { migrationDirectories } = readMigrations();
  const last = migrationDirectories.at(-1);
  const previousSchemaPath = last ? join(MIGRATIONS_DIR, last.path, 'schema.prisma') : null;
  if (previousSchemaPath && !existsSync(previousSchemaPath)) {
    throw new Error(`${last!.path} has no schema.prisma snapshot to diff from; copy the schema as of that migration there.`);
  }
  const schemaText = readFileSync(SCHEMA_PATH, 'utf8');
  const sql = await withEngine(adapter, async (engine) => {
    const result = await engine.diff({
      from: previousSchemaPath
        ? { tag: 'schemaDatamodel', files: [{ path: previousSchemaPath, content: readFileSync(previousSchemaPath, 'utf8') }] }
        : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schemaText }] },
      script: true,
      exitCode: false,
      filters: NO_FILTERS,
    });
    return result.stdout ?? '';
  });
  if (!sql.trim() || /^-- This is an empty migration\.?\s*$/.test(sql.trim())) return null;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = join(MIGRATIONS_DIR, `${stamp}_${name}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'migration.sql'), sql);
  writeFileSync(join(folder, 'schema.prisma'), schemaText);
  const lockPath = join(MIGRATIONS_DIR, 'migration_lock.toml');
  if (!existsSync(lockPath)) writeFileSync(lockPath, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n');
  return folder;
}

/** Applies what is pending and says what it did: the line `npm run db:migrate` and `npm start` print. */
export async function migrateAndDescribe(adapter: OpenAdapter): Promise<string> {
  const applied = await migrate(adapter.factory);
  return applied.length ? `Applied ${applied.join(', ')} to ${adapter.description}.` : `${adapter.description} is up to date.`;
}
