// Home-realm discovery: which organization's SSO an email address belongs to. Only a
// verified domain with an enabled connection routes; everything else falls back to the
// password login. Reads our database only (no Management API call on a public page).
import 'server-only';
import { z } from 'zod';
import { verifiedDomainOwner } from '@/lib/data/directory';
import { withTenant } from '@/lib/data/scope';
import { enabledConnectionNames } from '@/lib/data/sso-connections';
import { config } from '@/lib/config';
import { tenantOrigin } from '@/lib/tenancy/host';
import { safeReturnTo } from '@/lib/http/return-to';

/** The address typed into an email-first sign-in form ("find my organization", a tenant's sign-in page). */
export const signInEmail = z.string().trim().toLowerCase().email('Enter a valid email address').max(254);

export interface SsoRoute {
  slug: string;
  connection: string;
}

export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  return at > 0 ? email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '') || null : null;
}

/**
 * The SSO connection for `email`, or null. With `tenantId` (a tenant's own sign-in page) only
 * that organization's domains count. The domain's chosen connection is used when it is
 * enabled; otherwise the organization's oldest enabled connection.
 */
export async function ssoRouteFor(email: string, scope: { tenantId?: string } = {}): Promise<SsoRoute | null> {
  const domain = emailDomain(email);
  if (!domain) return null;
  const claim = await verifiedDomainOwner(domain, { onlyTenantId: scope.tenantId });
  if (!claim) return null;
  // The owner is known: the rest is that organization's own data.
  const { organization, connections } = await withTenant(claim.tenantId, async (t) => ({
    organization: await t.organization.findFirst({ select: { slug: true } }),
    connections: await enabledConnectionNames(t),
  }));
  if (!organization) return null;
  const chosen = connections.find((c) => c.id === claim.connectionId) ?? connections[0];
  return chosen ? { slug: organization.slug, connection: chosen.name } : null;
}

/** The tenant-relative /auth/login address for this person (SSO when routed, password login otherwise). */
export function tenantLoginPath(email: string, route: SsoRoute | null, returnTo = '/projects'): string {
  const params = new URLSearchParams();
  if (route) params.set('connection', route.connection);
  params.set('login_hint', email);
  params.set('returnTo', safeReturnTo(returnTo));
  return `/auth/login?${params}`;
}

/** The full address of the routed organization's SSO sign-in (for the apex). */
export function ssoLoginUrl(email: string, route: SsoRoute): string {
  const cfg = config();
  return `${tenantOrigin(route.slug, cfg.scheme, cfg.rootDomain)}${tenantLoginPath(email, route)}`;
}

/**
 * With the organization's "SSO only" policy, where its email-first sign-in sends everyone whose
 * domain did not route them already: its first enabled SSO connection. Null when the policy
 * allows passwords (or no connection is enabled). Everyone gets the same answer, so the page
 * reveals neither whether an account exists nor who may still use a password.
 */
export async function ssoOnlyRoute(tenantId: string): Promise<SsoRoute | null> {
  const found = await withTenant(tenantId, async (t) => ({
    organization: await t.organization.findFirst({ select: { slug: true, signInMethods: true } }),
    connections: await enabledConnectionNames(t),
  }));
  if (found.organization?.signInMethods !== 'sso_only' || !found.connections[0]) return null;
  return { slug: found.organization.slug, connection: found.connections[0].name };
}

/** The password sign-in of a tenant under "SSO only": for its break-glass admins (the post-login Action refuses everyone else). */
export function breakGlassLoginPath(returnTo = '/projects'): string {
  const params = new URLSearchParams({ connection: config().auth0.dbConnection, returnTo: safeReturnTo(returnTo) });
  return `/auth/login?${params}`;
}
