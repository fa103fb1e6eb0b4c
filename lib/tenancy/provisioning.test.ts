// Creating an organization: all or nothing, and one winner when two people race for a slug.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';

let w: World;
let provisioning: typeof import('./provisioning');

beforeAll(async () => {
  w = await startWorld();
  provisioning = await import('./provisioning');
}, 60_000);
afterAll(async () => { await w?.close(); });
beforeEach(async () => { await w.clearFaults(); });

const owner = () => {
  const userId = w.userId('bob@acme.test');
  return { userId, email: 'bob@acme.test', name: 'Bob' };
};
const auth0Orgs = (slug: string) => w.harness.store.state.organizations.filter((o) => o.name === slug);
const rows = (slug: string) => w.prisma.organization.findMany({ where: { slug } });

describe('createOrganization', () => {
  // First in the file: before anything has read (and cached) the role ids.
  it('a tenant without the org_admin role creates nothing and says to provision; once provisioned, it works', async () => {
    const rename = (from: string, to: string) => w.harness.store.mutate((s) => { s.roles.find((r) => r.name === from)!.name = to; });
    rename('org_admin', 'org_admin_renamed');
    try {
      const error = await provisioning.createOrganization({ slug: 'unprovisioned', displayName: 'Unprovisioned', owner: owner() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(provisioning.ProvisioningError);
      expect(error).toMatchObject({ field: null, message: 'The role org_admin is missing in Auth0. Run npm run auth0:provision.' });
    } finally {
      rename('org_admin_renamed', 'org_admin');
    }
    expect(auth0Orgs('unprovisioned')).toHaveLength(0);
    expect(await rows('unprovisioned')).toHaveLength(0);
    await provisioning.createOrganization({ slug: 'unprovisioned', displayName: 'Unprovisioned', owner: owner() });
    expect(w.auth0Roles('unprovisioned', 'bob@acme.test')).toEqual(['org_admin']);
  });

  it('creates the Auth0 organization (metadata.tenantId, database connection) and the row, with the owner as org_admin', async () => {
    const created = await provisioning.createOrganization({ slug: 'initech', displayName: 'Initech', owner: owner() });
    const [org] = auth0Orgs('initech');
    expect(org).toMatchObject({ id: created.auth0OrgId, display_name: 'Initech', metadata: { tenantId: created.tenantId } });
    const database = w.harness.store.state.connections.find((c) => c.name === 'Username-Password-Authentication')!;
    expect(w.harness.store.state.enabledConnections.filter((c) => c.org_id === org!.id).map((c) => c.connection_id)).toEqual([database.id]);
    expect(w.auth0Roles('initech', 'bob@acme.test')).toEqual(['org_admin']);
    const row = await w.prisma.organization.findUniqueOrThrow({ where: { slug: 'initech' }, include: { memberships: true } });
    expect(row).toMatchObject({ id: created.tenantId, auth0OrgId: created.auth0OrgId });
    expect(row.memberships).toEqual([expect.objectContaining({ userId: owner().userId, roles: ['org_admin'], source: 'signup' })]);
    expect(await w.prisma.auditEvent.count({ where: { tenantId: created.tenantId, action: 'organization.created' } })).toBe(1);
  });

  it('two people racing for one slug: exactly one wins, the other is told it is taken', async () => {
    const attempts = await Promise.allSettled([
      provisioning.createOrganization({ slug: 'hooli', displayName: 'Hooli One', owner: owner() }),
      provisioning.createOrganization({ slug: 'hooli', displayName: 'Hooli Two', owner: owner() }),
      provisioning.createOrganization({ slug: 'hooli', displayName: 'Hooli Three', owner: owner() }),
    ]);
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(2);
    for (const l of lost) expect(l.reason).toMatchObject({ field: 'slug', message: expect.stringContaining('taken') });
    expect(auth0Orgs('hooli')).toHaveLength(1);
    expect(await rows('hooli')).toHaveLength(1);
  });

  it('a slug already used by an Auth0 organization without a row is refused as taken, and leaves no row', async () => {
    // An org created in Auth0 by someone else (or a previous half-finished attempt elsewhere).
    const token = await w.harness.token('create:organizations');
    const response = await w.harness.api('POST', '/api/v2/organizations', { token, body: { name: 'umbrella', display_name: 'Umbrella' } });
    expect(response.status).toBe(201);
    await expect(provisioning.createOrganization({ slug: 'umbrella', displayName: 'Umbrella', owner: owner() })).rejects.toMatchObject({ field: 'slug' });
    expect(await rows('umbrella')).toHaveLength(0);
    expect(auth0Orgs('umbrella')).toHaveLength(1);
  });

  it.each([
    ['adding the owner as a member', { path: '/\\/organizations\\/[^/]+\\/members$/', method: 'POST', status: 503 }],
    ['assigning the owner the org_admin role', { path: '/\\/members\\/[^/]+\\/roles$/', method: 'POST', status: 500 }],
    ['creating the Auth0 organization', { path: '/api/v2/organizations', method: 'POST', status: 503 }],
  ])('a failure while %s leaves nothing behind, says so plainly, and a retry succeeds', async (_step, fault) => {
    const slug = `stark-${Math.random().toString(36).slice(2, 8)}`;
    await w.fault(fault);
    const error = await provisioning.createOrganization({ slug, displayName: 'Stark', owner: owner() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(provisioning.ProvisioningError);
    expect((error as Error).message).toMatch(/Nothing was created/);
    expect((error as Error).message).not.toMatch(/at .*\.ts|stack/i);
    expect(auth0Orgs(slug)).toHaveLength(0);
    expect(await rows(slug)).toHaveLength(0);

    await w.clearFaults();
    const created = await provisioning.createOrganization({ slug, displayName: 'Stark', owner: owner() });
    expect(auth0Orgs(slug)).toHaveLength(1);
    expect((await rows(slug))[0]).toMatchObject({ id: created.tenantId, auth0OrgId: created.auth0OrgId });
  });

  it('when the database step fails after Auth0 succeeded, the Auth0 organization is deleted and no row is left', async () => {
    // A real database failure at the last step (the transaction that records the org's id,
    // the owner and the audit event), after Auth0 created the organization and its admin.
    await w.prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION fail_dbfail_org() RETURNS trigger AS $$
      BEGIN
        IF NEW.action = 'organization.created' AND NEW.target LIKE 'dbfail-%' THEN RAISE EXCEPTION 'simulated database failure'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await w.prisma.$executeRawUnsafe('CREATE TRIGGER fail_dbfail_org BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION fail_dbfail_org()');
    const orgsBefore = w.harness.store.state.organizations.length;
    try {
      const error = await provisioning.createOrganization({ slug: 'dbfail-one', displayName: 'Db Fail', owner: owner() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(provisioning.ProvisioningError);
      expect((error as Error).message).toMatch(/Nothing was created/);
    } finally {
      await w.prisma.$executeRawUnsafe('DROP TRIGGER fail_dbfail_org ON "AuditEvent"');
    }
    expect(auth0Orgs('dbfail-one')).toHaveLength(0);
    expect(w.harness.store.state.organizations).toHaveLength(orgsBefore);
    expect(await rows('dbfail-one')).toHaveLength(0);
    expect(await w.prisma.membership.count({ where: { organization: { slug: 'dbfail-one' } } })).toBe(0);
  });

  it('refuses a bad or reserved slug before touching Auth0', async () => {
    // 51 characters: a valid DNS label, but longer than Auth0 allows an organization name.
    for (const slug of ['Not A Slug', 'www', 'a', '-edge-', 'x'.repeat(51)]) {
      await expect(provisioning.createOrganization({ slug, displayName: 'X', owner: owner() })).rejects.toMatchObject({ field: 'slug' });
    }
    expect(w.harness.store.state.organizations.some((o) => ['www', 'a', '-edge-', 'x'.repeat(51)].includes(o.name))).toBe(false);
  });
});

describe('createOrganization when Auth0 rate limits', () => {
  it('tells the person how long to wait, once', async () => {
    await w.fault({ path: '/api/v2/organizations', method: 'POST', status: 429, retry_after: 7 });
    const error = (await provisioning.createOrganization({ slug: 'waystar', displayName: 'Waystar', owner: owner() }).catch((e: unknown) => e)) as Error;
    await w.clearFaults();
    expect(error.message).toBe('We could not create the organization. Auth0 is rate limiting us, try again in 7 s. Nothing was created; please try again.');
    expect(await rows('waystar')).toHaveLength(0);
  });
});
