// Test support for lib/admin (not shipped): the local tenant's Management API in process
// (auth0-local test harness, seeded from tenant.config.json), a migrated throw-away database
// holding the same organizations and memberships, and TenantContexts for seeded people.
import { vi } from 'vitest';
import { startHarness, M2M, APP_CLIENT, type Harness } from '@/auth0-local/src/management/test-harness';
import type { RateLimitConfig, RateLimitPlan } from '@/auth0-local/src/management/ratelimit';
import { createMigratedTestDatabase, type TestDatabase } from '@/lib/testing/database';
import type { TenantContext } from '@/lib/auth/context';
import { permissionsOf, type Role } from '@/lib/auth/permissions';
import type { PrismaClient } from '@/lib/db/client';

export interface World {
  harness: Harness;
  prisma: PrismaClient;
  org(slug: string): { id: string; auth0OrgId: string; slug: string };
  userId(email: string): string;
  /** A context as authorize() would return it for this person in this org (roles from our DB unless given). */
  ctx(slug: string, email: string, roles?: Role[]): Promise<TenantContext>;
  /** Role names the member has in the local tenant (Auth0's view). */
  auth0Roles(slug: string, email: string): string[] | null;
  /**
   * A new Auth0 user, member of nothing: in the database connection, or (`sso`) with an
   * identity in an enterprise connection of that name. Returns the user id.
   */
  addUser(email: string, opts: { name?: string; emailVerified: boolean; sso?: string }): string;
  /** Records `domain` as verified by the organization (as Check now would). */
  verifyDomain(slug: string, domain: string): Promise<void>;
  fault(fault: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `rateLimits`: the Management API's limits (default: none that matter; 'essentials' for Auth0's
 * Essentials plan). `settings`: app settings over the defaults below (e.g. MEMBERSHIP_CACHE_SECONDS).
 */
export async function startWorld(opts: { rateLimits?: RateLimitPlan | RateLimitConfig; settings?: Record<string, string> } = {}): Promise<World> {
  const { settings = {} } = opts;
  const harness = await startHarness({ rateLimits: opts.rateLimits });
  const database: TestDatabase = await createMigratedTestDatabase();
  vi.resetModules();
  const env = {
    ...database.env,
    AUTH0_DOMAIN: harness.url,
    AUTH0_CLIENT_ID: APP_CLIENT,
    AUTH0_CLIENT_SECRET: 'local-app-secret-not-for-production-0000000000',
    AUTH0_SECRET: 'x'.repeat(40),
    AUTH0_M2M_CLIENT_ID: M2M.id,
    AUTH0_M2M_CLIENT_SECRET: M2M.secret,
    MEMBERSHIP_CACHE_SECONDS: '0',
    ...settings,
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const dbModule = await import('@/lib/db/client');
  const prisma = await dbModule.ownerDb(); // fixtures across tenants: the owner, not bound by row-level security
  const state = harness.store.state;
  const roleName = (id: string) => state.roles.find((r) => r.id === id)!.name;

  for (const o of state.organizations) {
    await prisma.organization.create({
      data: { id: o.metadata.tenantId!, auth0OrgId: o.id, slug: o.name, displayName: o.display_name, primaryColor: o.branding?.colors?.primary, pageBackgroundColor: o.branding?.colors?.page_background },
    });
  }
  for (const m of state.members) {
    const user = state.users.find((u) => u.user_id === m.user_id)!;
    const org = state.organizations.find((o) => o.id === m.org_id)!;
    await prisma.membership.create({
      data: { orgId: org.metadata.tenantId!, userId: user.user_id, email: user.email, name: user.name, roles: m.roles.map(roleName), source: 'signup', lastLoginAt: new Date() },
    });
  }

  /**
   * The fault-injection endpoint. Retried once on a network error: PGlite runs in this thread,
   * and a long database step can keep the event loop from seeing the server close an idle
   * kept-alive socket, which the next request then reuses (ECONNRESET).
   */
  const control = async (method: 'POST' | 'DELETE', fault?: Record<string, unknown>): Promise<Response> => {
    const send = () => fetch(`${harness.url}/__local/faults`, { method, ...(fault ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) } : {}) });
    return send().catch(send);
  };

  const world: World = {
    harness,
    prisma,
    org(slug) {
      const o = state.organizations.find((x) => x.name === slug);
      if (!o) throw new Error(`no org ${slug}`);
      return { id: o.metadata.tenantId!, auth0OrgId: o.id, slug: o.name };
    },
    userId(email) {
      const u = harness.store.state.users.find((x) => x.email === email);
      if (!u) throw new Error(`no user ${email}`);
      return u.user_id;
    },
    async ctx(slug, email, roles) {
      const org = world.org(slug);
      const id = world.userId(email);
      const row = await prisma.membership.findUnique({ where: { orgId_userId: { orgId: org.id, userId: id } } });
      const granted = roles ?? ((row?.roles ?? []) as Role[]);
      const permissions = permissionsOf(granted);
      const user = harness.store.state.users.find((u) => u.user_id === id)!;
      return {
        tenant: { slug: org.slug, auth0OrgId: org.auth0OrgId, tenantId: org.id },
        principal: { kind: 'user', id, email: user.email, name: user.name },
        roles: granted,
        permissions,
        can: (p) => permissions.has(p),
        via: 'session',
      };
    },
    auth0Roles(slug, email) {
      const s = harness.store.state;
      const org = s.organizations.find((o) => o.name === slug)!;
      const member = s.members.find((m) => m.org_id === org.id && m.user_id === world.userId(email));
      return member ? member.roles.map((id) => s.roles.find((r) => r.id === id)!.name).sort() : null;
    },
    addUser(email, opts) {
      const n = harness.store.state.users.length;
      const local = `${'f'.repeat(16)}${String(n).padStart(8, '0')}`;
      const connection = opts.sso ?? 'Username-Password-Authentication';
      const provider = opts.sso ? 'samlp' : 'auth0';
      const userId = opts.sso ? `samlp|${connection}|${email}` : `auth0|${local}`;
      const at = new Date().toISOString();
      harness.store.mutate((s) => {
        s.users.push({
          user_id: userId, email, email_verified: opts.emailVerified, name: opts.name ?? email, nickname: email.split('@')[0]!, picture: '',
          connection, app_metadata: {}, user_metadata: {},
          identities: [{ provider, user_id: opts.sso ? email : local, connection, isSocial: false }],
          created_at: at, updated_at: at, logins_count: 0,
        });
      });
      return userId;
    },
    async verifyDomain(slug, domain) {
      await prisma.organizationDomain.create({ data: { orgId: world.org(slug).id, domain, verificationToken: `t-${domain}`, verifiedAt: new Date() } });
    },
    async fault(fault) {
      const response = await control('POST', fault);
      if (response.status !== 201) throw new Error(`fault not accepted: ${await response.text()}`);
    },
    async clearFaults() {
      await control('DELETE');
    },
    async close() {
      await dbModule.closeDb();
      await harness.close();
      await database.drop();
      vi.unstubAllEnvs();
    },
  };
  return world;
}
