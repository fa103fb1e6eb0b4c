// Edge-side tenant lookup for middleware: slug -> Auth0 organization, cached in memory.
// Middleware cannot open the database (Edge runtime), so it asks the app's own internal
// route on the apex, which reads the Organization table.
import type { ResolvedTenant } from '@/lib/tenancy/headers';

const HIT_TTL_MS = 60_000;
const MISS_TTL_MS = 5_000;
const MAX_ENTRIES = 5_000;

const cache = new Map<string, { value: ResolvedTenant | null; expires: number }>();

export async function lookupTenant(slug: string, apexOrigin: string): Promise<ResolvedTenant | null> {
  const now = Date.now();
  const hit = cache.get(slug);
  if (hit && hit.expires > now) return hit.value;
  const response = await fetch(`${apexOrigin}/api/internal/tenants/${encodeURIComponent(slug)}`, {
    headers: { accept: 'application/json' },
    cache: 'no-store',
  });
  let value: ResolvedTenant | null;
  if (response.status === 404) value = null;
  else if (response.ok) value = (await response.json()) as ResolvedTenant;
  else throw new Error(`tenant lookup for ${slug} failed with ${response.status}`);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(slug, { value, expires: now + (value ? HIT_TTL_MS : MISS_TTL_MS) });
  return value;
}
