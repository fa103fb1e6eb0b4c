// Members against the local tenant's Management API (in process) and a real database:
// Auth0 and our mirror stay consistent, failures undo what was done, the last admin stays.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';

let w: World;
let members: typeof import('@/lib/admin/members');
let membership: typeof import('@/lib/auth/membership');
let ManagementApiError: typeof import('@/lib/management/client').ManagementApiError;
let DomainError: typeof import('@/lib/core/errors').DomainError;
let ConfirmationNeeded: typeof import('@/lib/admin/guard').ConfirmationNeeded;

beforeAll(async () => {
  w = await startWorld();
  members = await import('@/lib/admin/members');
  membership = await import('@/lib/auth/membership');
  ({ ManagementApiError } = await import('@/lib/management/client'));
  ({ DomainError } = await import('@/lib/core/errors'));
  ({ ConfirmationNeeded } = await import('@/lib/admin/guard'));
});
afterAll(async () => w?.close());
afterEach(async () => w.clearFaults());

const row = (slug: string, email: string) => w.prisma.membership.findUnique({ where: { tenantId_userId: { tenantId: w.org(slug).id, userId: w.userId(email) } } });
const auditOf = (slug: string, action: string) => w.prisma.auditEvent.findMany({ where: { tenantId: w.org(slug).id, action }, orderBy: { createdAt: 'asc' } });

describe('listing', () => {
  it('lists active members with roles and how they joined, searchable', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const all = await members.listMembers(admin);
    expect(all.members.map((m) => m.email)).toEqual(['alice@acme.test', 'bob@acme.test', 'carol@example.test']);
    expect(all.members[1]).toMatchObject({ roles: ['org_member'], joined: 'Created the organization' });
    const found = await members.listMembers(admin, { q: 'BUILD' });
    expect(found.members.map((m) => m.email)).toEqual(['bob@acme.test']);
  });

  it('a search with a NUL character (the database cannot compare one) searches without it, never an error', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const found = await members.listMembers(admin, { q: 'BUI\u0000LD' });
    expect(found.members.map((m) => m.email)).toEqual(['bob@acme.test']);
  });

  // How fast this is belongs to the benchmark (npm run bench, scenarios m1 and m2: the members page), not to a unit test.
  it('pages and searches 5,000 members from the mirror, without calling the Management API', async () => {
    // Any Management API call would now fail: the list must not make one. (Set first: the
    // bulk insert below keeps the event loop busy long enough to stale a kept-alive socket.)
    await w.fault({ path: '/api/v2/', status: 500 });
    await w.prisma.organization.create({ data: { id: 'ten_big', auth0OrgId: 'org_big0000000000001', slug: 'bigco', displayName: 'Big Co' } });
    await w.prisma.membership.createMany({
      data: Array.from({ length: 5000 }, (_, i) => ({ tenantId: 'ten_big', userId: `auth0|big${i}`, email: `person${String(i).padStart(4, '0')}@big.test`, name: `Person ${i}`, roles: ['org_member'] })),
    });
    const ctx = { ...(await w.ctx('acme', 'alice@acme.test')), tenant: { slug: 'bigco', auth0OrgId: 'org_big0000000000001', tenantId: 'ten_big' } };
    const page = await members.listMembers(ctx, { page: 73 });
    const search = await members.listMembers(ctx, { q: 'person4999' });
    expect(page).toMatchObject({ total: 5000, pages: 100, page: 73 });
    expect(page.members[0]!.email).toBe('person3600@big.test');
    expect(search.members.map((m) => m.email)).toEqual(['person4999@big.test']);
    // Inserting 5,000 rows (each with its search trigrams, kept by a trigger) takes most of this
    // test's time; on a loaded 2-core machine that outlasts the default 30 s.
  }, 180_000);

  it('needs members:read: a role without it (billing) is refused, a read-only member may list', async () => {
    const { permissionsOf } = await import('@/lib/core/permissions');
    const as = async (roles: string[]) => {
      const permissions = permissionsOf(roles);
      return { ...(await w.ctx('acme', 'bob@acme.test')), roles, permissions, can: (p: Parameters<typeof permissions.has>[0]) => permissions.has(p) };
    };
    await expect(members.listMembers(await as(['org_billing']))).rejects.toThrow(new DomainError('This needs the members:read permission, which your role does not have.'));
    expect((await members.listMembers(await as(['org_readonly']))).total).toBe(3);
  });

  it('never shows another organization’s members', async () => {
    const globexAdmin = await w.ctx('globex', 'carol@example.test');
    const list = await members.listMembers(globexAdmin);
    expect(list.members.map((m) => m.email).sort()).toEqual(['carol@example.test', 'dave@globex.test']);
  });
});

describe('changing roles', () => {
  it('changes roles in Auth0 and in the mirror, with an audit event', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    await members.changeRoles(admin, { userId: w.userId('bob@acme.test'), roles: ['org_readonly'] });
    expect(w.auth0Roles('acme', 'bob@acme.test')).toEqual(['org_readonly']);
    expect((await row('acme', 'bob@acme.test'))!.roles).toEqual(['org_readonly']);
    const [event] = await auditOf('acme', 'member.roles_changed');
    expect(event).toMatchObject({ actor: w.userId('alice@acme.test'), target: w.userId('bob@acme.test'), details: { from: ['org_member'], to: ['org_readonly'] } });
    await members.changeRoles(admin, { userId: w.userId('bob@acme.test'), roles: ['org_member'] });
  });

  it('refuses to demote the last admin, and changes nothing', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const before = JSON.stringify(w.harness.store.state);
    const error = await members.changeRoles(admin, { userId: w.userId('alice@acme.test'), roles: ['org_member'], confirmed: true }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toMatch(/last admin/);
    expect(JSON.stringify(w.harness.store.state)).toBe(before);
    expect((await row('acme', 'alice@acme.test'))!.roles).toEqual(['org_admin']);
  });

  it('warns an admin who demotes themself, and goes ahead once confirmed', async () => {
    const globexAdmin = await w.ctx('globex', 'carol@example.test');
    await members.changeRoles(globexAdmin, { userId: w.userId('dave@globex.test'), roles: ['org_admin'] });
    const error = await members.changeRoles(globexAdmin, { userId: globexAdmin.principal.id, roles: ['org_member'] }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfirmationNeeded);
    expect(w.auth0Roles('globex', 'carol@example.test')).toEqual(['org_admin']);
    await members.changeRoles(globexAdmin, { userId: globexAdmin.principal.id, roles: ['org_member'], confirmed: true });
    expect(w.auth0Roles('globex', 'carol@example.test')).toEqual(['org_member']);
    // Put Globex back as seeded, as Dave.
    const dave = await w.ctx('globex', 'dave@globex.test');
    await members.changeRoles(dave, { userId: w.userId('carol@example.test'), roles: ['org_admin'] });
    await members.changeRoles(dave, { userId: dave.principal.id, roles: ['org_readonly'], confirmed: true });
    expect(w.auth0Roles('globex', 'dave@globex.test')).toEqual(['org_readonly']);
  });

  it('puts Auth0 back when a later Auth0 step fails (5xx)', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    // Assigning the new role works; removing the old one fails.
    await w.fault({ path: '/\\/members\\/.+\\/roles$/', method: 'DELETE', status: 503, times: 3 });
    const error = await members.changeRoles(admin, { userId: w.userId('bob@acme.test'), roles: ['org_billing'] }).catch((e) => e);
    expect(error).toBeInstanceOf(ManagementApiError);
    expect(error.message).toMatch(/not answering/);
    await w.clearFaults();
    expect(w.auth0Roles('acme', 'bob@acme.test')).toEqual(['org_member']);
    expect((await row('acme', 'bob@acme.test'))!.roles).toEqual(['org_member']);
  });

  it('puts Auth0 back when the database step fails', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const bob = w.userId('bob@acme.test');
    // While Auth0 is (slowly) assigning the role, Bob's row is removed by someone else.
    await w.fault({ path: '/\\/members\\/.+\\/roles$/', method: 'POST', latency_ms: 400, times: 1 });
    const pending = members.changeRoles(admin, { userId: bob, roles: ['org_member', 'org_billing'] }).catch((e) => e);
    await new Promise((r) => setTimeout(r, 150));
    await w.prisma.membership.update({ where: { tenantId_userId: { tenantId: w.org('acme').id, userId: bob } }, data: { removedAt: new Date() } });
    const error = await pending;
    expect(error).toBeInstanceOf(DomainError);
    expect(w.auth0Roles('acme', 'bob@acme.test')).toEqual(['org_member']);
    expect(await auditOf('acme', 'member.roles_changed')).toHaveLength(2); // only the first test's two changes
    await w.prisma.membership.update({ where: { tenantId_userId: { tenantId: w.org('acme').id, userId: bob } }, data: { removedAt: null } });
  });

  it('shows a rate limit as a plain message and changes nothing', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    await w.fault({ path: '/api/v2/organizations', status: 429, retry_after: 1 });
    const error = await members.changeRoles(admin, { userId: w.userId('bob@acme.test'), roles: ['org_readonly'] }).catch((e) => e);
    expect(error).toBeInstanceOf(ManagementApiError);
    expect(error.message).toMatch(/^Auth0 is rate limiting us, try again in \d+ s\.$/);
    expect((await row('acme', 'bob@acme.test'))!.roles).toEqual(['org_member']);
  });

  it('cannot reach a member of another organization', async () => {
    const globexAdmin = await w.ctx('globex', 'carol@example.test');
    const error = await members.changeRoles(globexAdmin, { userId: w.userId('bob@acme.test'), roles: ['org_readonly'] }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(w.auth0Roles('acme', 'bob@acme.test')).toEqual(['org_member']);
  });
});

describe('removing members', () => {
  it('refuses to remove the last admin', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const error = await members.removeMember(admin, { userId: admin.principal.id, confirmed: true }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toMatch(/last admin/);
    expect(w.auth0Roles('acme', 'alice@acme.test')).toEqual(['org_admin']);
  });

  it('a rate-limited removal changes nothing', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    await w.fault({ path: '/api/v2/organizations', method: 'DELETE', status: 429, retry_after: 1 });
    const error = await members.removeMember(admin, { userId: w.userId('carol@example.test') }).catch((e) => e);
    expect(error).toBeInstanceOf(ManagementApiError);
    expect(w.auth0Roles('acme', 'carol@example.test')).toEqual(['org_member']);
    expect((await row('acme', 'carol@example.test'))!.removedAt).toBeNull();
  });

  it('removes the membership in Auth0 and in the mirror; the member loses access on the next request', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const carol = w.userId('carol@example.test');
    const sessionIssuedAt = new Date(Date.now() - 60_000);
    const evidence = { userId: carol, issuedAt: sessionIssuedAt, proof: 'session' as const, claimedRoles: ['org_member'], claimedTenantId: w.org('acme').id };
    expect(await membership.activeMembership(w.org('acme').id, evidence)).not.toBeNull();
    await members.removeMember(admin, { userId: carol });
    expect(w.auth0Roles('acme', 'carol@example.test')).toBeNull();
    expect(w.auth0Roles('globex', 'carol@example.test')).toEqual(['org_admin']); // the person still exists elsewhere
    expect((await row('acme', 'carol@example.test'))!.removedAt).toBeInstanceOf(Date);
    expect(await membership.activeMembership(w.org('acme').id, evidence)).toBeNull();
    expect((await members.listMembers(admin)).members.map((m) => m.email)).not.toContain('carol@example.test');
    const [event] = await auditOf('acme', 'member.removed');
    expect(event).toMatchObject({ target: carol, details: { email: 'carol@example.test' } });
  });

  it('asks an admin to confirm removing themself', async () => {
    const globexAdmin = await w.ctx('globex', 'carol@example.test');
    await members.changeRoles(globexAdmin, { userId: w.userId('dave@globex.test'), roles: ['org_admin'] });
    const error = await members.removeMember(globexAdmin, { userId: globexAdmin.principal.id }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfirmationNeeded);
    expect(w.auth0Roles('globex', 'carol@example.test')).toEqual(['org_admin']);
  });
});

describe('sync from Auth0', () => {
  it('records members added in Auth0 directly, and leaves removed people removed', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const pat = w.userId('pat@personal.test');
    const org = w.harness.store.state.organizations.find((o) => o.name === 'acme')!;
    const memberRole = w.harness.store.state.roles.find((r) => r.name === 'org_member')!.id;
    w.harness.store.mutate((s) => void s.members.push({ org_id: org.id, user_id: pat, roles: [memberRole], created_at: new Date().toISOString() }));
    const result = await members.syncMembersFromAuth0(admin);
    expect(result).toMatchObject({ added: 1, inAuth0: 3 });
    expect(await row('acme', 'pat@personal.test')).toMatchObject({ roles: ['org_member'], source: 'auth0', removedAt: null });
    expect((await row('acme', 'carol@example.test'))!.removedAt).toBeInstanceOf(Date);
    expect(await auditOf('acme', 'members.synced')).toHaveLength(1);
  });
});

describe('break-glass admins while SSO only', () => {
  const setPolicy = (slug: string, data: { signInMethods: string; breakGlassUserIds: string[] }) =>
    w.prisma.organization.update({ where: { id: w.org(slug).id }, data });

  it('a break-glass admin can be neither demoted nor removed until taken off the list; then both work', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const bob = w.userId('bob@acme.test');
    await members.changeRoles(admin, { userId: bob, roles: ['org_admin'] });
    await setPolicy('acme', { signInMethods: 'sso_only', breakGlassUserIds: [bob] });
    try {
      const before = JSON.stringify(w.harness.store.state);
      const demoted = await members.changeRoles(admin, { userId: bob, roles: ['org_member'] }).catch((e) => e);
      expect(demoted).toBeInstanceOf(DomainError);
      expect(demoted.message).toMatch(/break-glass/);
      const removed = await members.removeMember(admin, { userId: bob }).catch((e) => e);
      expect(removed).toBeInstanceOf(DomainError);
      expect(removed.message).toMatch(/break-glass/);
      // Nothing changed, in Auth0 or in the mirror.
      expect(JSON.stringify(w.harness.store.state)).toBe(before);
      expect((await row('acme', 'bob@acme.test'))!).toMatchObject({ roles: ['org_admin'], removedAt: null });
      // With password sign-in allowed again, the list does not hold anyone.
      await setPolicy('acme', { signInMethods: 'any', breakGlassUserIds: [bob] });
      await members.changeRoles(admin, { userId: bob, roles: ['org_member'] });
      expect(w.auth0Roles('acme', 'bob@acme.test')).toEqual(['org_member']);
    } finally {
      await setPolicy('acme', { signInMethods: 'any', breakGlassUserIds: [] });
      await members.changeRoles(admin, { userId: bob, roles: ['org_member'] });
    }
  });
});
