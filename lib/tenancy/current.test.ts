// The tenant of the current request: the organization middleware's headers name, read with its
// branding. The headers carry both ids; a pair that does not name one organization is no tenant.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ACME, GLOBEX, request, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';

vi.mock('next/headers', () => ({ headers: async () => request.headers }));

let currentTenant: typeof import('@/lib/tenancy/current').currentTenant;

beforeAll(async () => {
  const { prisma } = await startWorld({ auth0: 'stand-in-issuer' });
  await seedAcmeAndGlobex(prisma, { primaryColor: '#112233' });
  ({ currentTenant } = await import('@/lib/tenancy/current'));
});
afterAll(stopWorld);

const headersFor = (slug: string, auth0OrgId: string, tenantId: string) =>
  (request.headers = new Headers({ [TENANT_HEADERS.slug]: slug, [TENANT_HEADERS.auth0OrgId]: auth0OrgId, [TENANT_HEADERS.tenantId]: tenantId }));

it('is the organization the headers name, with its branding and origin (and not its session policy)', async () => {
  headersFor(ACME.slug, ACME.auth0OrgId, ACME.tenantId);
  const tenant = await currentTenant();
  expect(tenant).toMatchObject({ id: ACME.tenantId, slug: ACME.slug, primaryColor: '#112233', origin: expect.stringContaining(`${ACME.slug}.`) });
  expect(tenant).not.toHaveProperty('sessionIdleMinutes');
});

it('is none when the two ids name different organizations', async () => {
  headersFor(ACME.slug, ACME.auth0OrgId, GLOBEX.tenantId);
  expect(await currentTenant()).toBeNull();
  headersFor(GLOBEX.slug, 'org_unknown000000001', GLOBEX.tenantId);
  expect(await currentTenant()).toBeNull();
});

it('is none without tenant headers (the apex)', async () => {
  request.headers = new Headers();
  expect(await currentTenant()).toBeNull();
});
