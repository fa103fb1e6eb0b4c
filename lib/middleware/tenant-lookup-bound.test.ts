// The staleness bound the README states for a deleted organization ("stops resolving within
// 30 s", the lookup TTL), end to end on one test clock: middleware's lookup cache in front of
// the real internal route. The route reads the organization's access policy from the database
// on every call (not from its directory cache), so a deleted organization is gone for the
// route at once, whatever its directory cache holds; middleware's cache is the only delay.
// The organization is deleted on another instance, so this process's directory is not told.
// Fails if middleware keeps answers past its TTL or the route answers from a cache.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ACME, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import { config } from '@/lib/config';
import { internalRequest } from '@/lib/http/internal-call';
import { createTenantLookup, HIT_TTL_MS } from '@/lib/middleware/tenant-lookup';
import type { PrismaClient } from '@/lib/db/client';

/** README, "Tenant lookup" and the scale-out table: a deleted organization stops resolving within 30 s. */
const DOCUMENTED_BOUND_MS = 30_000;

let owner: PrismaClient;
let route: typeof import('@/app/api/internal/tenants/[slug]/route');

beforeAll(async () => {
  ({ prisma: owner } = await startWorld({ auth0: 'stand-in-issuer' }));
  await seedAcmeAndGlobex(owner);
  route = await import('@/app/api/internal/tenants/[slug]/route');
});
afterAll(async () => {
  vi.useRealTimers();
  await stopWorld();
});

it('a deleted organization stops resolving within the documented bound', async () => {
  // Only Date: the database's own timers keep running.
  vi.useFakeTimers({ toFake: ['Date'] });
  const t0 = Date.now();
  const at = (ms: number) => vi.setSystemTime(t0 + ms);
  // Middleware's fetch of the route, answered by the route handler itself (signed as middleware signs).
  const viaRoute = async (apexOrigin: string, path: string, secret: string) => {
    const slug = decodeURIComponent(path.split('/').pop()!);
    return route.GET(await internalRequest(`${apexOrigin}${path}`, secret), { params: Promise.resolve({ slug }) });
  };
  const lookup = createTenantLookup(viaRoute, () => Date.now(), () => HIT_TTL_MS);
  const resolve = () => lookup(ACME.slug, config().apexOrigin, config().auth0.secret);

  // Middleware resolves the tenant (and the route's directory caches it); then the
  // organization is deleted on another instance.
  expect(await resolve()).toMatchObject({ slug: ACME.slug, tenantId: ACME.tenantId });
  await owner.organization.delete({ where: { id: ACME.tenantId } });

  // The route itself no longer answers for it, though its directory cache still holds it.
  expect((await viaRoute(config().apexOrigin, `/api/internal/tenants/${ACME.slug}`, config().auth0.secret)).status).toBe(404);
  // Middleware's cached answer may be used until its TTL ends...
  at(HIT_TTL_MS - 1);
  expect(await resolve()).toMatchObject({ slug: ACME.slug });
  // ...and at the documented bound nothing resolves it any more.
  at(DOCUMENTED_BOUND_MS + 1);
  expect(await resolve()).toBeNull();
  expect(HIT_TTL_MS).toBeLessThanOrEqual(DOCUMENTED_BOUND_MS);
});
