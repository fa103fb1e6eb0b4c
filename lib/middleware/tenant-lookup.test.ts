// Middleware's tenant lookup and its cache, with a fake clock and a fake internal route: how
// long an answer is kept is the staleness bound the README states.
import { expect, it, vi } from 'vitest';
import { createTenantLookup, HIT_TTL_MS, MISS_TTL_MS, tenantLookupPath } from '@/lib/middleware/tenant-lookup';
import { LookupCache } from '@/lib/tenancy/lookup-cache';

const ACME = { slug: 'acme', auth0OrgId: 'org_acme', tenantId: 'ten_acme' };

function world(answer: (slug: string) => Response, ttlMs = HIT_TTL_MS) {
  let now = 1_000_000;
  const route = vi.fn(async (_origin: string, path: string, _secret: string) => answer(decodeURIComponent(path.split('/').pop()!)));
  const lookup = createTenantLookup(route, () => now, () => ttlMs);
  return { lookup: (slug: string) => lookup(slug, 'http://localhost:3000', 'secret'), route, advance: (ms: number) => { now += ms; } };
}

it('asks the internal route, signed with the app secret, for the slug', async () => {
  const w = world(() => Response.json(ACME));
  expect(await w.lookup('acme')).toEqual(ACME);
  expect(w.route).toHaveBeenCalledWith('http://localhost:3000', tenantLookupPath('acme'), 'secret');
  expect(tenantLookupPath('acme')).toBe('/api/internal/tenants/acme');
});

it('keeps a found tenant for HIT_TTL_MS, then asks again (a deleted organization stops resolving)', async () => {
  let exists = true;
  const w = world(() => (exists ? Response.json(ACME) : Response.json({}, { status: 404 })));
  await w.lookup('acme');
  exists = false;
  w.advance(HIT_TTL_MS - 1);
  expect(await w.lookup('acme')).toEqual(ACME);
  expect(w.route).toHaveBeenCalledTimes(1);
  w.advance(1);
  expect(await w.lookup('acme')).toBeNull();
  expect(w.route).toHaveBeenCalledTimes(2);
});

it('keeps "no such organization" for MISS_TTL_MS only (a new organization is found soon)', async () => {
  let exists = false;
  const w = world(() => (exists ? Response.json(ACME) : Response.json({}, { status: 404 })));
  expect(await w.lookup('acme')).toBeNull();
  exists = true;
  w.advance(MISS_TTL_MS - 1);
  expect(await w.lookup('acme')).toBeNull();
  w.advance(1);
  expect(await w.lookup('acme')).toEqual(ACME);
  expect(MISS_TTL_MS).toBeLessThan(HIT_TTL_MS);
});

it('a refusal or a failure of the route is an error, not "no such organization", and is not kept', async () => {
  let status = 403;
  const w = world(() => (status === 200 ? Response.json(ACME) : Response.json({ error: 'forbidden' }, { status })));
  await expect(w.lookup('acme')).rejects.toThrow('failed with 403');
  status = 500;
  await expect(w.lookup('acme')).rejects.toThrow('failed with 500');
  status = 200;
  expect(await w.lookup('acme')).toEqual(ACME);
});

it('slugs are cached apart', async () => {
  const w = world((slug) => Response.json({ ...ACME, slug }));
  expect((await w.lookup('acme'))?.slug).toBe('acme');
  expect((await w.lookup('globex'))?.slug).toBe('globex');
  expect(w.route).toHaveBeenCalledTimes(2);
});

it('the cache holds a bounded number of entries, dropping the oldest', () => {
  const cache = new LookupCache<number>(2, () => 0);
  cache.set('a', 1, 10);
  cache.set('b', 2, 10);
  cache.set('c', 3, 10);
  expect([cache.get('a'), cache.get('b')?.value, cache.get('c')?.value, cache.size]).toEqual([undefined, 2, 3, 2]);
});

it('the TTL is configurable (TENANT_LOOKUP_TTL_MS): an allowlist change is seen within it', async () => {
  let ranges = ['203.0.113.0/24'];
  const w = world(() => Response.json({ ...ACME, access: { ipAllowlist: ranges } }), 1000);
  expect((await w.lookup('acme'))?.access.ipAllowlist).toEqual(['203.0.113.0/24']);
  ranges = [];
  w.advance(999);
  expect((await w.lookup('acme'))?.access.ipAllowlist).toEqual(['203.0.113.0/24']);
  w.advance(1);
  expect((await w.lookup('acme'))?.access.ipAllowlist).toEqual([]);
});

it('defaults to HIT_TTL_MS (30 s) from the configuration', async () => {
  const { config } = await import('@/lib/config');
  expect(config().tenantLookupTtlMs).toBe(HIT_TTL_MS);
});
