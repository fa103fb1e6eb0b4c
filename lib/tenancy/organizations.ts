// Reads of the Organization table (the tenant registry). Organization rows are not
// tenant-owned data: they are the tenants themselves (lib/data/directory.ts).
import { cache } from 'react';
import { organizationByAuth0Id, organizationBySlug, organizationWithSessionPolicy } from '@/lib/data/directory';

export async function findTenantBySlug(slug: string) {
  return organizationBySlug(slug);
}

export async function findTenantByAuth0OrgId(auth0OrgId: string) {
  return organizationByAuth0Id(auth0OrgId);
}

/**
 * The organization `auth0OrgId` with its session lifetime, fresh from the database once per
 * render (React's cache): a tenant page's layout (its branding) and the session check (its
 * lifetime) both ask, and a page would otherwise read the row twice. Outside a render (route
 * handlers) each call reads.
 */
export const organizationOfRequest = cache((auth0OrgId: string) => organizationWithSessionPolicy(auth0OrgId));
