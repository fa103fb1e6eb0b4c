// The second wall: Postgres row-level security, tried through the app's own connection
// (the role it runs as), on PGlite and on Postgres (TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMigratedTestDatabase, type TestDatabase } from '@/lib/testing/database';

type ClientModule = typeof import('@/lib/db/client');
type ScopeModule = typeof import('@/lib/data/scope');
type DirectoryModule = typeof import('@/lib/data/directory');
type AdapterModule = typeof import('@/lib/db/adapter');

let database: TestDatabase;
let client: ClientModule;
let scope: ScopeModule;
let directory: DirectoryModule;
let adapter: AdapterModule;
const A = 'ten_a';
const B = 'ten_b';

beforeAll(async () => {
  database = await createMigratedTestDatabase();
  vi.resetModules();
  for (const [k, v] of Object.entries(database.env)) vi.stubEnv(k, v);
  client = await import('@/lib/db/client');
  scope = await import('@/lib/data/scope');
  directory = await import('@/lib/data/directory');
  adapter = await import('@/lib/db/adapter');
  const owner = await client.ownerDb();
  for (const id of [A, B]) await owner.organization.create({ data: { id, slug: id.replace('_', '-'), auth0OrgId: `org_${id}`, displayName: id } });
  await owner.project.createMany({ data: [{ tenantId: A, name: 'A plan', createdBy: 'x' }, { tenantId: B, name: 'B secret', createdBy: 'y' }] });
  await owner.membership.createMany({ data: [{ tenantId: A, userId: 'auth0|ann', roles: [] }, { tenantId: B, userId: 'auth0|ann', roles: [] }, { tenantId: B, userId: 'auth0|bo', roles: [] }] });
  await owner.organizationDomain.createMany({ data: [{ tenantId: A, domain: 'a.test', verificationToken: 't', verifiedAt: new Date() }, { tenantId: B, domain: 'b.test', verificationToken: 't' }] });
  await owner.auditEvent.create({ data: { tenantId: B, actor: 'y', action: 'project.created' } });
  await owner.apiKey.create({ data: { tenantId: B, auth0ClientId: 'b-key', name: 'B key', permissions: ['projects:read'], createdBy: 'y' } });
});

afterAll(async () => {
  await client?.closeDb();
  await database?.drop();
  vi.unstubAllEnvs();
});

describe(`row-level security on ${process.env.TEST_DATABASE_URL ? 'Postgres' : 'PGlite'}`, () => {
  it('the app runs as a role that cannot bypass it', async () => {
    const [role] = await (await client.db()).$queryRaw<{ name: string; rolsuper: boolean; rolbypassrls: boolean }[]>`SELECT current_user AS name, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`;
    expect(role).toEqual({ name: 'tenantry_app', rolsuper: false, rolbypassrls: false });
  });

  it('a query that forgets the tenant sees no tenant’s rows', async () => {
    const app = await client.db();
    expect(await app.$queryRaw`SELECT * FROM "Project"`).toEqual([]);
    expect(await app.project.findMany()).toEqual([]);
    expect(await app.membership.count()).toBe(0);
    expect(await app.auditEvent.count()).toBe(0);
    expect(await app.organization.findMany()).toEqual([]);
    expect(await app.organizationDomain.count()).toBe(0);
    expect(await app.apiKey.count()).toBe(0);
    // ... and changes none (the owner still sees them all).
    expect((await app.project.deleteMany()).count).toBe(0);
    expect(await (await client.ownerDb()).project.count()).toBe(2);
  });

  it('a query that forgets the tenant cannot write one either', async () => {
    const app = await client.db();
    await expect(app.project.create({ data: { tenantId: A, name: 'stray', createdBy: 'x' } })).rejects.toThrow();
  });

  it('inside withTenant(A), the database itself shows and accepts only A’s rows', async () => {
    await scope.withTenant(A, async (t) => {
      // The raw transaction, not the tenant-pinned models: this is the database's answer.
      const tx = scope.transactionOf(t);
      expect((await tx.project.findMany()).map((p) => p.name)).toEqual(['A plan']);
      expect(await tx.$queryRaw`SELECT "tenantId" FROM "Membership"`).toEqual([{ tenantId: A }]);
      expect(await tx.auditEvent.count()).toBe(0);
      // An API key of B is not found from A (authorize() looks keys up this way).
      expect(await tx.apiKey.findFirst({ where: { auth0ClientId: 'b-key' } })).toBeNull();
      expect((await tx.apiKey.updateMany({ where: { tenantId: B }, data: { revokedAt: null, permissions: ['org:manage'] } })).count).toBe(0);
      expect((await tx.project.updateMany({ where: { tenantId: B }, data: { name: 'pwned' } })).count).toBe(0);
      expect((await tx.organization.updateMany({ where: { id: B }, data: { displayName: 'pwned' } })).count).toBe(0);
    });
    await expect(scope.withTenant(A, (t) => scope.transactionOf(t).project.create({ data: { tenantId: B, name: 'planted', createdBy: 'x' } }))).rejects.toThrow(/row-level security|policy/i);
    await expect(scope.withTenant(A, (t) => scope.transactionOf(t).project.updateMany({ where: { tenantId: A }, data: { tenantId: B } }))).rejects.toThrow(/row-level security|policy/i);
    expect(await (await client.ownerDb()).project.findMany({ where: { tenantId: B }, select: { name: true } })).toEqual([{ name: 'B secret' }]);
  });

  it('the tenant-pinned models refuse another tenant before the database is asked', async () => {
    await expect(scope.withTenant(A, (t) => t.projects.create({ data: { tenantId: B, name: 'planted', createdBy: 'x' } }))).rejects.toThrow(scope.CrossTenantWrite);
    expect(await scope.withTenant(A, (t) => t.projects.findMany({ where: { tenantId: B } }))).toEqual([expect.objectContaining({ tenantId: A })]);
  });

  it('the tenant does not outlive its transaction', async () => {
    await scope.withTenant(B, (t) => t.projects.count());
    expect(await (await client.db()).project.count()).toBe(0);
  });

  // withTenant's tenant goes with the statement that opens the transaction (lib/db/adapter.ts).
  it('the tenant is set by the statement that opens the transaction, and only in it', async () => {
    const app = await client.db();
    const settings = { values: { 'app.tenant_id': A }, applied: false };
    const seen = await adapter.openTransactionWith(settings, () => app.$transaction((tx) => tx.$queryRaw<{ t: string }[]>`SELECT current_setting('app.tenant_id', true) AS t`));
    expect(settings.applied).toBe(true);
    expect(seen).toEqual([{ t: A }]);
    // Once: a second transaction in the same context opens bare.
    expect(await adapter.openTransactionWith(settings, () => app.$transaction((tx) => tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Project"`))).toEqual([{ n: 0 }]);
    // Every pooled connection is back to no tenant.
    const after = await Promise.all(Array.from({ length: 12 }, () => app.$queryRaw<{ t: string }[]>`SELECT coalesce(current_setting('app.tenant_id', true), '') AS t`));
    expect(after.map(([row]) => row!.t)).toEqual(Array(12).fill(''));
  });

  // Next.js loads a module once per bundle layer (pages, route handlers); the database client
  // is one per process, opened by whichever layer asked first.
  it('another copy of the modules (another Next.js layer) opens its transactions with the tenant too', async () => {
    await client.db();
    vi.resetModules();
    const [otherAdapter, otherClient] = await Promise.all([import('@/lib/db/adapter'), import('@/lib/db/client')]);
    expect(otherAdapter).not.toBe(adapter);
    const app = await otherClient.db();
    const settings = { values: { 'app.tenant_id': B }, applied: false };
    const seen = await otherAdapter.openTransactionWith(settings, () => app.$transaction((tx) => tx.$queryRaw<{ t: string }[]>`SELECT current_setting('app.tenant_id', true) AS t`));
    expect(settings.applied).toBe(true);
    expect(seen).toEqual([{ t: B }]);
  });

  it('a value that cannot go into SQL text as it is is set by a parameterized statement instead', async () => {
    const odd = `${A}' OR true OR 'x`;
    const settings = { values: { 'app.tenant_id': odd }, applied: false };
    const app = await client.db();
    await adapter.openTransactionWith(settings, () => app.$transaction(async () => 0));
    expect(settings.applied).toBe(false);
    // withTenant falls back to its own statement: the odd tenant sees nothing, and nothing breaks.
    expect(await scope.withTenant(odd, (t) => t.projects.findMany())).toEqual([]);
    expect(await scope.withTenant(odd, (t) => scope.transactionOf(t).$queryRaw<{ t: string }[]>`SELECT current_setting('app.tenant_id', true) AS t`)).toEqual([{ t: odd }]);
  });

  it('concurrent tenant transactions each see their own tenant', async () => {
    const names = await Promise.all(Array.from({ length: 20 }, (_, i) => scope.withTenant(i % 2 ? B : A, async (t) => (await t.projects.findMany()).map((p) => p.name))));
    expect(names).toEqual(Array.from({ length: 20 }, (_, i) => [i % 2 ? 'B secret' : 'A plan']));
  });

  it('cross-tenant reads get only what their purpose needs', async () => {
    expect(await directory.organizationBySlug('ten-b')).toMatchObject({ id: B });
    expect(await directory.verifiedDomainOwner('a.test')).toEqual({ tenantId: A, connectionId: null });
    expect(await directory.verifiedDomainOwner('b.test')).toBeNull(); // not verified: not visible
    const others = await directory.organizationsOfMember('auth0|ann', A);
    expect(others.map((o) => o.slug)).toEqual(['ten-b']);
    expect(await directory.organizationsOfMember('auth0|bo', A)).toHaveLength(1);
    // A membership that was removed is no way into the switcher.
    const owner = await client.ownerDb();
    const annInB = { tenantId_userId: { tenantId: B, userId: 'auth0|ann' } };
    await owner.membership.update({ where: annInB, data: { removedAt: new Date() } });
    expect(await directory.organizationsOfMember('auth0|ann', A)).toEqual([]);
    await owner.membership.update({ where: annInB, data: { removedAt: null } });
    // The account page: one person's memberships with their roles, in every organization.
    const ann = await directory.membershipsOfPerson('auth0|ann');
    expect(ann.map((m) => [m.organization.slug, m.organization.auth0OrgId, m.roles])).toEqual([['ten-a', 'org_ten_a', []], ['ten-b', 'org_ten_b', []]]);
    expect((await directory.membershipsOfPerson('auth0|bo')).map((m) => m.organization.id)).toEqual([B]);
    // The purpose lets through only the rows of the person it names, whatever the query asks for.
    const someoneElse = await (await client.db()).$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('app.scope', ${directory.DIRECTORY_SCOPES.userMemberships}, true)`;
      await tx.$queryRaw`SELECT set_config('app.user_id', 'auth0|bo', true)`;
      return tx.membership.findMany({ where: { userId: 'auth0|ann' } });
    });
    expect(someoneElse).toEqual([]);
    // A purpose reads; it never writes.
    const app = await client.db();
    const attempt = app.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('app.scope', 'tenant-registry', true)`;
      return tx.organization.updateMany({ data: { displayName: 'pwned' } });
    });
    expect((await attempt).count).toBe(0);
  });
});
