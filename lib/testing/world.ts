// The world a test of the app runs in (test support, never shipped): a migrated throw-away
// database, the app's settings pointed at it and at an Auth0, modules reset so the app reads
// them, Acme and Globex with their people, and their sessions (sessionCookie()). Two
// stand-ins for Auth0 to choose from:
//
// - startWorld() — the local tenant's Management API in process (auth0-local's harness, seeded
//   from tenant.config.json), and the database holding the same organizations and memberships
//   (Acme `ten_demo_acme`, Globex `ten_demo_globex`; Alice, Bob, Carol, Dave by email).
// - startWorld({ auth0: 'stand-in-issuer' }) — only a stand-in token issuer (Auth0's Management
//   API unreachable), for route handlers and server actions run against the real authorize():
//   seedAcmeAndGlobex() adds ACME and GLOBEX below with Alice and Bob at Acme, Gina at Globex,
//   and as() makes the next request come from one of them.
//
// For server actions, next/headers must still be mocked in each test file (vi.mock is hoisted
// per file only), with `request` imported from here; the factory reads it only when called:
//   vi.mock('next/headers', () => ({ headers: async () => request.headers, ... }));
import { vi } from 'vitest';
import { generateSessionCookie } from '@auth0/nextjs-auth0/testing';
import { startHarness, type Harness } from '@/auth0-local/testing/management-api-harness';
import { startTenant } from '@/auth0-local/testing/local-tenant';
import type { LocalTenant } from '@/auth0-local/src/server';
import type { RateLimitConfig, RateLimitPlan } from '@/auth0-local/src/management/ratelimit';
import { createMigratedTestDatabase, type TestDatabase } from '@/lib/testing/database';
import { startTestIssuer, type TestIssuer } from '@/lib/testing/issuer';
import { APP_CLIENT, MANAGEMENT_CLIENT } from '@/lib/testing/seeded';
import type { TenantContext } from '@/lib/core/context';
import { CLAIMS } from '@/lib/auth/claims';
import { PERMISSIONS, permissionsOf, type Role } from '@/lib/core/permissions';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';
import type { PrismaClient } from '@/lib/db/client';

/** AUTH0_SECRET in every world: the key the session cookies of a test are sealed with. */
export const SESSION_SECRET = 'world-session-secret-not-for-production-000000';

/** Every permission there is (a token's `permissions` claim for an admin). */
export const ALL: string[] = [...PERMISSIONS];

export const ACME = { slug: 'acme', auth0OrgId: 'org_acme0000000000001', tenantId: 'ten_acme' };
export const GLOBEX = { slug: 'globex', auth0OrgId: 'org_globex000000000001', tenantId: 'ten_globex' };
export type TestTenant = typeof ACME;
export const ALICE = 'auth0|alice'; // acme admin
export const BOB = 'auth0|bob'; // acme member
export const GINA = 'auth0|gina'; // globex admin

/** What the mocked next/headers returns; as() replaces the headers. */
export const request = { headers: new Headers() };

interface AppWorld {
  database: TestDatabase;
  prisma: PrismaClient;
  close(): Promise<void>;
}

/** The world with the local tenant's Management API. */
export interface World extends AppWorld {
  harness: Harness;
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
}

/** The world with only a stand-in token issuer. */
export interface IssuerWorld extends AppWorld {
  issuer: TestIssuer;
}

interface Options {
  /** App settings over the world's defaults (e.g. MEMBERSHIP_CACHE_SECONDS). */
  settings?: Record<string, string>;
}

/** The worlds this test file started and has not closed (stopWorld() closes them). */
const open = new Set<AppWorld>();
let issuerWorld: IssuerWorld | undefined;

/**
 * `rateLimits`: the local tenant's Management API limits (default: none that matter; 'essentials'
 * for Auth0's Essentials plan). With the local tenant, membership lookups are not cached unless
 * `settings` say so; with the stand-in issuer the app's default applies.
 */
export async function startWorld(opts?: Options & { auth0?: 'local-tenant'; rateLimits?: RateLimitPlan | RateLimitConfig }): Promise<World>;
export async function startWorld(opts: Options & { auth0: 'stand-in-issuer' }): Promise<IssuerWorld>;
export async function startWorld(opts: Options & { auth0?: 'local-tenant' | 'stand-in-issuer'; rateLimits?: RateLimitPlan | RateLimitConfig } = {}): Promise<World | IssuerWorld> {
  if (opts.auth0 === 'stand-in-issuer') {
    const issuer = await startTestIssuer();
    const app = await openApp(issuer.origin, opts.settings);
    const world: IssuerWorld = {
      ...app,
      issuer,
      async close() {
        await app.close();
        await issuer.close();
        forget(world);
      },
    };
    issuerWorld = world;
    return remember(world);
  }
  const harness = await startHarness({ rateLimits: opts.rateLimits });
  const app = await openApp(harness.url, { MEMBERSHIP_CACHE_SECONDS: '0', ...opts.settings });
  return remember(await localTenantWorld(harness, app));
}

/**
 * The world with the whole local tenant in process: its Authentication API too, so a test can
 * get real client-credentials tokens for the Tenantry API and the app verifies them against
 * the tenant's JWKS. `harness` is the tenant itself: its url, store and close (and the
 * /__local routes), none of the harness's test helpers.
 */
export async function startWholeTenantWorld(): Promise<World & { tenant: LocalTenant }> {
  const tenant = await startTenant();
  const app = await openApp(tenant.url, { MEMBERSHIP_CACHE_SECONDS: '0' });
  const world = await localTenantWorld(tenant as unknown as Harness, app);
  return remember(Object.assign(world, { tenant }));
}

/** Closes every world this test file started (for afterAll). */
export async function stopWorld() {
  for (const world of [...open]) await world.close();
}

function remember<W extends AppWorld>(world: W): W {
  open.add(world);
  return world;
}

function forget(world: AppWorld) {
  open.delete(world);
  if (issuerWorld === world) issuerWorld = undefined;
}

/** A migrated database and the app's settings pointed at it and at `auth0Domain`; the app's client. */
async function openApp(auth0Domain: string, settings: Record<string, string> = {}): Promise<AppWorld> {
  const database = await createMigratedTestDatabase();
  vi.resetModules();
  const env = {
    ...database.env,
    AUTH0_DOMAIN: auth0Domain,
    AUTH0_CLIENT_ID: APP_CLIENT.id,
    AUTH0_CLIENT_SECRET: APP_CLIENT.secret,
    AUTH0_SECRET: SESSION_SECRET,
    AUTH0_M2M_CLIENT_ID: MANAGEMENT_CLIENT.id,
    AUTH0_M2M_CLIENT_SECRET: MANAGEMENT_CLIENT.secret,
    ...settings,
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  const dbModule = await import('@/lib/db/client');
  const prisma = await dbModule.ownerDb(); // fixtures across tenants: the owner, not bound by row-level security
  return {
    database,
    prisma,
    async close() {
      await dbModule.closeDb();
      await database.drop();
      vi.unstubAllEnvs();
    },
  };
}

async function localTenantWorld(harness: Harness, app: AppWorld): Promise<World> {
  const { prisma } = app;
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
      data: { tenantId: org.metadata.tenantId!, userId: user.user_id, email: user.email, name: user.name, roles: m.roles.map(roleName), source: 'signup', lastLoginAt: new Date() },
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
    ...app,
    harness,
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
      const row = await prisma.membership.findUnique({ where: { tenantId_userId: { tenantId: org.id, userId: id } } });
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
      await prisma.organizationDomain.create({ data: { tenantId: world.org(slug).id, domain, verificationToken: `t-${domain}`, verifiedAt: new Date() } });
    },
    async fault(fault) {
      const response = await control('POST', fault);
      if (response.status !== 201) throw new Error(`fault not accepted: ${await response.text()}`);
    },
    async clearFaults() {
      await control('DELETE');
    },
    async close() {
      await app.close();
      await harness.close();
      forget(world);
    },
  };
  return world;
}

/** The ACME and GLOBEX organization rows (with `organization` fields added). */
export async function seedOrganizations(prisma: PrismaClient, organization: { primaryColor?: string } = {}) {
  for (const t of [ACME, GLOBEX]) await prisma.organization.create({ data: { id: t.tenantId, slug: t.slug, auth0OrgId: t.auth0OrgId, displayName: t.slug, ...organization } });
}

/** Acme and Globex (with `organization` fields added), Alice and Bob at Acme, Gina at Globex. */
export async function seedAcmeAndGlobex(prisma: PrismaClient, organization: { primaryColor?: string } = {}) {
  await seedOrganizations(prisma, organization);
  const later = new Date(Date.now() + 3600_000);
  await prisma.membership.createMany({
    data: [
      { tenantId: ACME.tenantId, userId: ALICE, email: 'alice@acme.test', roles: ['org_admin'], lastLoginAt: later },
      { tenantId: ACME.tenantId, userId: BOB, email: 'bob@acme.test', roles: ['org_member'], lastLoginAt: later },
      { tenantId: GLOBEX.tenantId, userId: GINA, email: 'gina@globex.test', roles: ['org_admin'], lastLoginAt: later },
    ],
  });
}

/** The next request comes from `user` with a token for `claimsOrg`, on `host`'s tenant host. */
export async function as(user: string, claimsOrg: TestTenant, host: TestTenant = claimsOrg) {
  if (!issuerWorld) throw new Error("startWorld({ auth0: 'stand-in-issuer' }) first");
  const token = await issuerWorld.issuer.sign({ sub: user, org_id: claimsOrg.auth0OrgId, azp: APP_CLIENT.id, permissions: ALL, [CLAIMS.tenantId]: claimsOrg.tenantId });
  request.headers = new Headers({
    authorization: `Bearer ${token}`,
    [TENANT_HEADERS.slug]: host.slug,
    [TENANT_HEADERS.auth0OrgId]: host.auth0OrgId,
    [TENANT_HEADERS.tenantId]: host.tenantId,
  });
}

let sids = 0;
/**
 * A `cookie` header with the session the SDK writes after `user` signed in to `org` (none: on
 * the apex), `ageSeconds` ago, with more ID-token `claims` (amr...) and more session fields
 * (`extra`: startedAt, lastSeenAt) if given, sealed with SESSION_SECRET so the app's authorize() reads it.
 */
export async function sessionCookie(user: string, org: TestTenant | null, options: { sid?: string; ageSeconds?: number; claims?: Record<string, unknown>; extra?: Record<string, unknown> } = {}) {
  const value = await generateSessionCookie({
    ...options.extra,
    user: { sub: user, ...(org ? { org_id: org.auth0OrgId, [CLAIMS.tenantId]: org.tenantId } : {}), ...options.claims },
    tokenSet: { accessToken: 'at', expiresAt: Math.floor(Date.now() / 1000) + 3600 },
    internal: { sid: options.sid ?? `sid-${++sids}`, createdAt: Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 60) },
  }, { secret: SESSION_SECRET });
  return `__session=${value}`;
}

/** Form data as a browser would post it; an array is a repeated field. */
export function form(fields: Record<string, string | string[] | Blob>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) data.append(k, value);
  return data;
}
