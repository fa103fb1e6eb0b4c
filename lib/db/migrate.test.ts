import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { openAdapter, type OpenAdapter } from '@/lib/db/adapter';
import { migrate, MIGRATIONS_DIR } from '@/lib/db/migrate';
import { createTestDatabase, type TestDatabase } from '@/lib/testing/database';

const migrationNames = readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe(`migrations on ${process.env.TEST_DATABASE_URL ? 'Postgres' : 'PGlite'}`, () => {
  let database: TestDatabase;
  let adapter: OpenAdapter;
  beforeAll(async () => {
    database = await createTestDatabase();
    adapter = await openAdapter(database.config);
  });
  afterAll(async () => {
    await adapter?.close();
    await database?.drop();
  });

  it('applies every migration to an empty database and records them as Prisma does', async () => {
    expect(await migrate(adapter.factory)).toEqual(migrationNames);
    const conn = await adapter.factory.connect();
    const recorded = await conn.queryRaw({ sql: 'SELECT migration_name, applied_steps_count, finished_at IS NOT NULL AS done FROM "_prisma_migrations" ORDER BY migration_name', args: [], argTypes: [] });
    expect(recorded.rows).toEqual(migrationNames.map((n) => [n, 1, true]));
    const tables = await conn.queryRaw({ sql: `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`, args: [], argTypes: [] });
    expect(tables.rows.flat()).toEqual(expect.arrayContaining(['Organization', 'AuditEvent', 'Membership', 'Project']));
    await conn.dispose();
  });

  it('re-applying is a no-op', async () => {
    expect(await migrate(adapter.factory)).toEqual([]);
  });

  it('a new SSO connection gets a real role by default (org_member)', async () => {
    const conn = await adapter.factory.connect();
    const column = await conn.queryRaw({ sql: `SELECT column_default FROM information_schema.columns WHERE table_name = 'SsoConnection' AND column_name = 'defaultRole'`, args: [], argTypes: [] });
    expect(column.rows).toEqual([["'org_member'::text"]]);
    await conn.dispose();
  });
  it('audit events recorded before actor types existed get theirs from the actor id', async () => {
    const conn = await adapter.factory.connect();
    const backfill = readFileSync(`${MIGRATIONS_DIR}/${migrationNames.find((n) => n.endsWith('_audit_event_v1'))}/migration.sql`, 'utf8');
    const update = backfill.slice(backfill.indexOf('UPDATE "AuditEvent"'));
    await conn.executeScript(`INSERT INTO "Organization" (id, slug, "auth0OrgId", "displayName", "updatedAt") VALUES ('ten_mig', 'mig', 'org_mig', 'Mig', now());
      INSERT INTO "AuditEvent" (id, "tenantId", actor, action) VALUES ('e1', 'ten_mig', 'auth0|abc', 'member.login'), ('e2', 'ten_mig', 'samlp|okta|x@y.test', 'member.joined'),
        ('e3', 'ten_mig', 'scim:Okta', 'scim.user.created'), ('e4', 'ten_mig', 'AbCdEf0123456789client', 'project.created');
      ${update}`);
    const rows = await conn.queryRaw({ sql: `SELECT id, "actorType" FROM "AuditEvent" WHERE "tenantId" = 'ten_mig' ORDER BY id`, args: [], argTypes: [] });
    expect(rows.rows).toEqual([['e1', 'user'], ['e2', 'user'], ['e3', 'scim'], ['e4', 'machine']]);
    await conn.executeScript(`DELETE FROM "AuditEvent" WHERE "tenantId" = 'ten_mig'; DELETE FROM "Organization" WHERE id = 'ten_mig'`);
    await conn.dispose();
  });
});

describe('splitting a migration into statements', async () => {
  const { splitSqlStatements } = await import('@/lib/db/migrate');
  it('ends statements at semicolons outside quotes, comments and dollar-quoted bodies', () => {
    const script = `-- a comment; not a statement\nCREATE TABLE "a;b" (x text DEFAULT 'it''s; fine');\nDO $$\nBEGIN\n  PERFORM 1;\nEND\n$$;\n/* block; comment */ SELECT 2`;
    expect(splitSqlStatements(script)).toEqual([`CREATE TABLE "a;b" (x text DEFAULT 'it''s; fine')`, 'DO $$\nBEGIN\n  PERFORM 1;\nEND\n$$', 'SELECT 2']);
  });
});
