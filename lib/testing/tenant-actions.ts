// Test support for server actions and route handlers run against the real authorize() and a
// throw-away database (not shipped): the Acme and Globex fixtures, a stand-in token issuer,
// and the request headers middleware would set for a tenant host.
//
// next/headers must still be mocked in each test file (vi.mock is hoisted per file only):
//   vi.mock('next/headers', () => ({ headers: async () => request.headers, ... }));
// with `request` imported from here; the factory reads it only when headers() is called.
import { vi } from 'vitest';
import { createMigratedTestDatabase, type TestDatabase } from '@/lib/testing/database';
import { startTestIssuer, type TestIssuer } from '@/lib/testing/issuer';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';
import type { PrismaClient } from '@/lib/db/client';

export const ACME = { slug: 'acme', auth0OrgId: 'org_acme0000000000001', tenantId: 'ten_acme' };
export const GLOBEX = { slug: 'globex', auth0OrgId: 'org_globex000000000001', tenantId: 'ten_globex' };
export type TestTenant = typeof ACME;
export const ALICE = 'auth0|alice'; // acme admin
export const BOB = 'auth0|bob'; // acme member
export const GINA = 'auth0|gina'; // globex admin
export const NS = 'https://tenantry.dev/';
export const ALL = ['projects:read', 'projects:write', 'members:read', 'members:manage', 'org:manage', 'sso:manage', 'billing:manage', 'audit:read'];

/** What the mocked next/headers returns; as() replaces the headers. */
export const request = { headers: new Headers() };

export interface TenantTestEnvironment {
  database: TestDatabase;
  issuer: TestIssuer;
  prisma: PrismaClient;
}

let database: TestDatabase | undefined;
let issuer: TestIssuer | undefined;
let closeDb: (() => Promise<void>) | undefined;

/**
 * A migrated database and a stand-in issuer, the app's settings pointed at them (plus `env`),
 * modules reset so the app reads them, and the app's database client. Undo with stopTenantTestEnvironment().
 */
export async function startTenantTestEnvironment(env: Record<string, string> = {}): Promise<TenantTestEnvironment> {
  database = await createMigratedTestDatabase();
  issuer = await startTestIssuer();
  vi.resetModules();
  for (const [k, v] of Object.entries({ ...database.env, AUTH0_DOMAIN: issuer.origin, AUTH0_CLIENT_ID: 'tenantry-local-app', AUTH0_CLIENT_SECRET: 's', AUTH0_SECRET: 'x'.repeat(40), AUTH0_M2M_CLIENT_ID: 'm', AUTH0_M2M_CLIENT_SECRET: 'm', ...env })) vi.stubEnv(k, v);
  const dbModule = await import('@/lib/db/client');
  const prisma = await dbModule.ownerDb(); // fixtures across tenants: the owner, not bound by row-level security
  closeDb = dbModule.closeDb;
  return { database, issuer, prisma };
}

/** Closes whatever startTenantTestEnvironment() got to open. */
export async function stopTenantTestEnvironment() {
  await closeDb?.();
  await issuer?.close();
  await database?.drop();
  vi.unstubAllEnvs();
  closeDb = issuer = database = undefined;
}

/** Acme and Globex (with `organization` fields added), Alice and Bob at Acme, Gina at Globex. */
export async function seedAcmeAndGlobex(prisma: PrismaClient, organization: { primaryColor?: string } = {}) {
  for (const t of [ACME, GLOBEX]) await prisma.organization.create({ data: { id: t.tenantId, slug: t.slug, auth0OrgId: t.auth0OrgId, displayName: t.slug, ...organization } });
  const later = new Date(Date.now() + 3600_000);
  await prisma.membership.createMany({
    data: [
      { orgId: ACME.tenantId, userId: ALICE, email: 'alice@acme.test', roles: ['org_admin'], lastLoginAt: later },
      { orgId: ACME.tenantId, userId: BOB, email: 'bob@acme.test', roles: ['org_member'], lastLoginAt: later },
      { orgId: GLOBEX.tenantId, userId: GINA, email: 'gina@globex.test', roles: ['org_admin'], lastLoginAt: later },
    ],
  });
}

/** The next request comes from `user` with a token for `claimsOrg`, on `host`'s tenant host. */
export async function as(user: string, claimsOrg: TestTenant, host: TestTenant = claimsOrg) {
  if (!issuer) throw new Error('startTenantTestEnvironment() first');
  const token = await issuer.sign({ sub: user, org_id: claimsOrg.auth0OrgId, azp: 'tenantry-local-app', permissions: ALL, [`${NS}tenantId`]: claimsOrg.tenantId });
  request.headers = new Headers({
    authorization: `Bearer ${token}`,
    [TENANT_HEADERS.slug]: host.slug,
    [TENANT_HEADERS.auth0OrgId]: host.auth0OrgId,
    [TENANT_HEADERS.tenantId]: host.tenantId,
  });
}

/** Form data as a browser would post it; an array is a repeated field. */
export function form(fields: Record<string, string | string[] | Blob>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) data.append(k, value);
  return data;
}
