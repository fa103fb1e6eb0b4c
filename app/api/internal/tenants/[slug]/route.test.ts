// The tenant lookup answers 404 for anything that is not a slug, without asking the database
// (a NUL would make Postgres fail: a 500).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACME, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';

let route: typeof import('./route');

beforeAll(async () => {
  const { prisma } = await startWorld({ auth0: 'stand-in-issuer' });
  await seedAcmeAndGlobex(prisma);
  route = await import('./route');
});
afterAll(stopWorld);

const get = (slug: string) => route.GET(new Request(`http://localhost:3000/api/internal/tenants/${encodeURIComponent(slug)}`), { params: Promise.resolve({ slug }) });

it('finds a tenant by slug', async () => {
  const response = await get('acme');
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ slug: 'acme', auth0OrgId: ACME.auth0OrgId, tenantId: ACME.tenantId });
});

it.each(['\u0000', 'ac\u0000me', 'ACME', 'a b', '../acme', 'x'.repeat(300)])('answers 404 for %j', async (slug) => {
  const response = await get(slug);
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ error: 'not_found' });
});
