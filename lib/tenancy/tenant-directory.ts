// Slug -> tenant for the internal route middleware asks (app/api/internal/tenants/[slug]),
// with a process-wide cache in front of the database. Every middleware instance asks again
// after its own cache expires (lib/middleware/tenant-lookup.ts): this keeps those
// repeats off the database. Deleting an organization drops its entry here (forgetTenant, from
// lib/admin/organization.ts), which reaches this process only: other instances keep theirs
// for at most DIRECTORY_TTL_MS. Unknown slugs and organizations still being provisioned
// (their Auth0 id is not known yet) are not kept, so a new organization is found at once.
import 'server-only';
import type { ResolvedTenant } from '@/lib/core/context';
import { LookupCache } from '@/lib/tenancy/lookup-cache';
import { findTenantBySlug } from '@/lib/tenancy/organizations';

export const DIRECTORY_TTL_MS = 15_000;
const MAX_ENTRIES = 10_000;

// One cache per process, not per chunk: the build bundles this module into the route's chunk
// and the server actions' chunks, each with its own module state (as lib/auth/membership.ts).
const CACHE_KEY = Symbol.for('tenantry.tenantDirectory');
const processWide = globalThis as typeof globalThis & { [CACHE_KEY]?: LookupCache<ResolvedTenant> };
const cache = (processWide[CACHE_KEY] ??= new LookupCache<ResolvedTenant>(MAX_ENTRIES));

export async function tenantBySlug(slug: string): Promise<ResolvedTenant | null> {
  const cached = cache.get(slug);
  if (cached) return cached.value;
  const org = await findTenantBySlug(slug);
  if (!org) return null;
  const tenant = { slug: org.slug, auth0OrgId: org.auth0OrgId, tenantId: org.id };
  // Provisioning writes 'pending:<tenant id>' until Auth0 answers (lib/tenancy/provisioning.ts).
  if (!org.auth0OrgId.startsWith('pending:')) cache.set(slug, tenant, DIRECTORY_TTL_MS);
  return tenant;
}

/** Drops `slug` from this process's cache (the organization was deleted). */
export function forgetTenant(slug: string): void {
  cache.delete(slug);
}
