// Middleware's slug -> tenant lookup. Middleware cannot open the database (Edge runtime), so
// it asks the app's internal route on the apex (app/api/internal/tenants/[slug]), signed
// (lib/http/internal-call.ts), and keeps the answer for a while.
//
// Staleness bound. This cache lives in middleware's Edge sandbox, which no server action can
// reach, so nothing invalidates it: an answer is used for at most HIT_TTL_MS (an organization
// deleted meanwhile still resolves) and a "no such organization" for at most MISS_TTL_MS (a
// new one is not found yet). The route keeps its own cache, dropped on delete in its process
// (lib/tenancy/tenant-directory.ts), so across instances a deleted organization stops
// resolving within HIT_TTL_MS + DIRECTORY_TTL_MS. A stale answer never grants access: it
// names a tenant whose rows are gone, membership is reread by tenant id (lib/auth/membership.ts,
// cached at most MEMBERSHIP_CACHE_SECONDS), and a stale Auth0 organization id only makes the
// session check refuse. Slugs are never renamed; a display-name change is not in the answer.
import type { ResolvedTenant } from '@/lib/core/context';
import { LookupCache } from '@/lib/tenancy/lookup-cache';
import { internalFetch } from '@/lib/http/internal-call';

export const HIT_TTL_MS = 30_000;
export const MISS_TTL_MS = 5_000;
const MAX_ENTRIES = 5_000;

export const tenantLookupPath = (slug: string) => `/api/internal/tenants/${encodeURIComponent(slug)}`;

type Fetch = (apexOrigin: string, path: string, secret: string) => Promise<Response>;

/** A lookup with its own cache; `fetchInternal` and `now` are parameters for tests. */
export function createTenantLookup(fetchInternal: Fetch = internalFetch, now: () => number = () => Date.now()) {
  const cache = new LookupCache<ResolvedTenant | null>(MAX_ENTRIES, now);
  return async function lookupTenant(slug: string, apexOrigin: string, secret: string): Promise<ResolvedTenant | null> {
    const cached = cache.get(slug);
    if (cached) return cached.value;
    const response = await fetchInternal(apexOrigin, tenantLookupPath(slug), secret);
    let value: ResolvedTenant | null;
    if (response.status === 404) value = null;
    else if (response.ok) value = (await response.json()) as ResolvedTenant;
    else throw new Error(`tenant lookup for ${slug} failed with ${response.status}`);
    cache.set(slug, value, value ? HIT_TTL_MS : MISS_TTL_MS);
    return value;
  };
}

export const lookupTenant = createTenantLookup();
