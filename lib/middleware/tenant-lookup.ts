// Middleware's slug -> tenant lookup. Middleware cannot open the database (Edge runtime), so
// it asks the app's internal route on the apex (app/api/internal/tenants/[slug]), signed
// (lib/http/internal-call.ts), and keeps the answer for a while.
//
// Staleness bound. This cache lives in middleware's Edge sandbox, which no server action can
// reach, so nothing invalidates it: an answer is used for at most HIT_TTL_MS (an organization
// deleted meanwhile still resolves) and a "no such organization" for at most MISS_TTL_MS (a
// new one is not found yet). The route reads the organization's access policy from the
// database on every call (below), so a deleted organization is gone for it at once, and across
// instances one stops resolving within the lookup TTL. A stale answer never grants access: it
// names a tenant whose rows are gone, membership is reread by tenant id (lib/auth/membership.ts,
// cached at most MEMBERSHIP_CACHE_SECONDS), and a stale Auth0 organization id only makes the
// session check refuse. Slugs are never renamed; a display-name change is not in the answer.
//
// The answer also carries what middleware enforces at the door (TenantAccess: the IP
// allowlist, the session lifetime), read fresh by the route on every lookup. So a policy
// change reaches every instance within the lookup TTL: HIT_TTL_MS (30 s) unless
// TENANT_LOOKUP_TTL_MS says otherwise (the browser tests set 1 s). The access part stays in
// middleware: the app gets the tenant headers only.
import type { ResolvedTenant } from '@/lib/core/context';
import { config } from '@/lib/config';
import { LookupCache } from '@/lib/tenancy/lookup-cache';
import { internalFetch } from '@/lib/http/internal-call';

/** The default lookup TTL (TENANT_LOOKUP_TTL_MS). */
export const HIT_TTL_MS = 30_000;
export const MISS_TTL_MS = 5_000;

/** What middleware enforces for a tenant before the app sees a request (lib/security/policy.ts has the meaning of each). */
export interface TenantAccess {
  ipAllowlist: string[];
  ipAllowlistAppliesToScim: boolean;
  sessionMaxAgeMinutes: number | null;
  sessionIdleMinutes: number | null;
}

/** The lookup's answer: the tenant, and its access policy for middleware. */
export type TenantLookup = ResolvedTenant & { access: TenantAccess };
const MAX_ENTRIES = 5_000;

export const tenantLookupPath = (slug: string) => `/api/internal/tenants/${encodeURIComponent(slug)}`;

type Fetch = (apexOrigin: string, path: string, secret: string) => Promise<Response>;

/** A lookup with its own cache; `fetchInternal`, `now` and the TTL are parameters for tests. */
export function createTenantLookup(fetchInternal: Fetch = internalFetch, now: () => number = () => Date.now(), hitTtlMs: () => number = () => config().tenantLookupTtlMs) {
  const cache = new LookupCache<TenantLookup | null>(MAX_ENTRIES, now);
  return async function lookupTenant(slug: string, apexOrigin: string, secret: string): Promise<TenantLookup | null> {
    const cached = cache.get(slug);
    if (cached) return cached.value;
    const response = await fetchInternal(apexOrigin, tenantLookupPath(slug), secret);
    let value: TenantLookup | null;
    if (response.status === 404) value = null;
    else if (response.ok) value = (await response.json()) as TenantLookup;
    else throw new Error(`tenant lookup for ${slug} failed with ${response.status}`);
    const hit = hitTtlMs();
    cache.set(slug, value, value ? hit : Math.min(MISS_TTL_MS, hit));
    return value;
  };
}

export const lookupTenant = createTenantLookup();
