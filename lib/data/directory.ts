// The reads that cross tenants on purpose, each named for why. Everything else in lib/data
// is one tenant's (withTenant). Each function runs in a transaction that names its purpose
// (`app.scope`), and the row-level security policies let rows through for that purpose only
// (prisma/migrations/*_row_level_security). Read-only: nothing here writes.
import 'server-only';
import { acrossTenants, transactionOf, type TenantData } from '@/lib/data/scope';

/** Purposes, as the RLS policies name them. */
export const DIRECTORY_SCOPES = {
  /** Tenant resolution and registration: which organization a host, an Auth0 organization or a slug is. */
  registry: 'tenant-registry',
  /** Home-realm discovery and domain verification: who verified an email domain. */
  domainOwner: 'domain-owner',
  /** Auth0 connection names are unique in the whole Auth0 tenant. */
  connectionNames: 'connection-names',
  /** One person's memberships in every organization (the organization switcher, the account page). */
  userMemberships: 'user-memberships',
} as const;

const registryFields = { id: true, auth0OrgId: true, slug: true, displayName: true, logoUrl: true, primaryColor: true, pageBackgroundColor: true, scimEnabled: true, createdAt: true, updatedAt: true } as const;

/** Tenant resolution by host: the organization whose subdomain is `slug`. */
export function organizationBySlug(slug: string) {
  return acrossTenants(DIRECTORY_SCOPES.registry, {}, (tx) => tx.organization.findUnique({ where: { slug }, select: registryFields }));
}

/** Tenant resolution for an Auth0 organization id (a token's org_id). */
export function organizationByAuth0Id(auth0OrgId: string) {
  return acrossTenants(DIRECTORY_SCOPES.registry, {}, (tx) => tx.organization.findUnique({ where: { auth0OrgId }, select: registryFields }));
}

/**
 * What middleware enforces at the door of a tenant host (the tenant lookup's answer): the IP
 * allowlist and the session lifetime. Read fresh on each lookup, never from the directory's
 * cache, so a policy change waits only for middleware's own cache.
 */
export function organizationAccessPolicy(slug: string) {
  return acrossTenants(DIRECTORY_SCOPES.registry, {}, (tx) =>
    tx.organization.findUnique({ where: { slug }, select: { ipAllowlist: true, ipAllowlistAppliesToScim: true, sessionMaxAgeMinutes: true, sessionIdleMinutes: true } }),
  );
}

/**
 * An organization's registry row with its session lifetime, by Auth0 organization id: the
 * tenant layout's branding and the session check of every request (lib/auth/session.ts) read
 * the same row, once per render (lib/tenancy/organizations.ts).
 */
export function organizationWithSessionPolicy(auth0OrgId: string) {
  return acrossTenants(DIRECTORY_SCOPES.registry, {}, (tx) =>
    tx.organization.findUnique({ where: { auth0OrgId }, select: { ...registryFields, sessionMaxAgeMinutes: true, sessionIdleMinutes: true } }),
  );
}

/** Registration: whether a slug or tenant id is already someone's (signup, importing from Auth0). */
export function organizationWithIdOrSlug(id: string, slug: string) {
  return acrossTenants(DIRECTORY_SCOPES.registry, {}, (tx) => tx.organization.findFirst({ where: { OR: [{ id }, { slug }] }, select: { id: true } }));
}

/** The apex organization picker: the registered organizations among these Auth0 organization ids. */
export function organizationsByAuth0Ids(auth0OrgIds: string[]) {
  return acrossTenants(DIRECTORY_SCOPES.registry, {}, (tx) =>
    tx.organization.findMany({ where: { auth0OrgId: { in: auth0OrgIds } }, select: { slug: true, displayName: true, logoUrl: true }, orderBy: { displayName: 'asc' } }),
  );
}

/**
 * Home-realm discovery and domain verification: the organization that verified `domain`
 * (at most one can), and the connection it routes the domain to. `exceptTenantId`: someone
 * other than this organization.
 */
export function verifiedDomainOwner(domain: string, options: { onlyTenantId?: string; exceptTenantId?: string } = {}) {
  return acrossTenants(DIRECTORY_SCOPES.domainOwner, {}, (tx) =>
    tx.organizationDomain.findFirst({
      where: {
        domain,
        verifiedAt: { not: null },
        ...(options.onlyTenantId ? { tenantId: options.onlyTenantId } : {}),
        ...(options.exceptTenantId ? { NOT: { tenantId: options.exceptTenantId } } : {}),
      },
      select: { tenantId: true, connectionId: true },
    }),
  );
}

/** Naming a new enterprise connection: the names already taken that start with `prefix`, in any organization. */
export async function connectionNamesTaken(prefix: string): Promise<Set<string>> {
  const rows = await acrossTenants(DIRECTORY_SCOPES.connectionNames, {}, (tx) => tx.ssoConnection.findMany({ where: { name: { startsWith: prefix } }, select: { name: true } }));
  return new Set(rows.map((r) => r.name));
}

/**
 * The organization switcher (on every signed-in page): the other organizations `userId` is an
 * active member of. Asked of Organization with the membership as a condition: one statement
 * (from Membership, Prisma would fetch the related organizations with a second).
 */
export function organizationsOfMember(userId: string, exceptTenantId: string) {
  return acrossTenants(DIRECTORY_SCOPES.userMemberships, { 'app.user_id': userId }, (tx) =>
    tx.organization.findMany({
      where: { id: { not: exceptTenantId }, memberships: { some: { userId, removedAt: null } } },
      select: { slug: true, displayName: true },
      orderBy: { displayName: 'asc' },
      take: 50,
    }),
  );
}

/**
 * The account page: every organization `userId` is an active member of, with their roles there.
 * Only this person's rows pass (the user_memberships policy matches `app.user_id`).
 */
export function membershipsOfPerson(userId: string) {
  return acrossTenants(DIRECTORY_SCOPES.userMemberships, { 'app.user_id': userId }, (tx) =>
    tx.membership.findMany({
      where: { userId, removedAt: null },
      select: { roles: true, organization: { select: { id: true, auth0OrgId: true, slug: true, displayName: true } } },
      orderBy: { organization: { displayName: 'asc' } },
      take: 200,
    }),
  );
}

/**
 * Domain verification, inside the verifying organization's transaction: waits for any other
 * organization verifying `domain` at the same moment (a lock on the domain until `t` ends),
 * then says whether another organization has verified it.
 */
export async function domainVerifiedElsewhere(t: TenantData, domain: string): Promise<boolean> {
  const tx = transactionOf(t);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`domain:${domain}`}))`;
  await tx.$queryRaw`SELECT set_config('app.scope', ${DIRECTORY_SCOPES.domainOwner}, true)`;
  try {
    return (await tx.organizationDomain.findFirst({ where: { domain, verifiedAt: { not: null }, NOT: { tenantId: t.tenantId } }, select: { id: true } })) !== null;
  } finally {
    await tx.$queryRaw`SELECT set_config('app.scope', '', true)`;
  }
}
