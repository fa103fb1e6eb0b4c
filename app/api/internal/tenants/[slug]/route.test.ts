// The tenant lookup answers only middleware's signed calls, and 404 for anything that is not
// a slug, without asking the database (a NUL would make Postgres fail: a 500).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACME, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import { config } from '@/lib/config';
import { withTenant } from '@/lib/data/scope';
import { saveSecurityPolicy } from '@/lib/data/security-policy';
import { DEFAULT_SECURITY_POLICY } from '@/lib/security/policy';
import { INTERNAL_CALL_HEADER, internalRequest, signInternalCall } from '@/lib/http/internal-call';

let route: typeof import('./route');

beforeAll(async () => {
  const { prisma } = await startWorld({ auth0: 'stand-in-issuer' });
  await seedAcmeAndGlobex(prisma);
  route = await import('./route');
});
afterAll(stopWorld);

const url = (slug: string) => `http://localhost:3000/api/internal/tenants/${encodeURIComponent(slug)}`;
const call = (request: Request, slug: string) => route.GET(request, { params: Promise.resolve({ slug }) });
const get = async (slug: string) => call(await internalRequest(url(slug), config().auth0.secret), slug);

it('finds a tenant by slug', async () => {
  const response = await get('acme');
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    slug: 'acme', auth0OrgId: ACME.auth0OrgId, tenantId: ACME.tenantId,
    access: { ipAllowlist: [], ipAllowlistAppliesToScim: false, sessionMaxAgeMinutes: null, sessionIdleMinutes: null },
  });
});

it('answers the current access policy on every call (not from the directory cache)', async () => {
  await get('acme'); // now in the directory cache
  const policy = { ...DEFAULT_SECURITY_POLICY, ipAllowlist: ['203.0.113.0/24'], ipAllowlistAppliesToScim: true, sessionMaxAgeMinutes: 60, sessionIdleMinutes: 15 };
  await withTenant(ACME.tenantId, (t) => saveSecurityPolicy(t, policy));
  expect((await (await get('acme')).json()).access).toEqual({ ipAllowlist: ['203.0.113.0/24'], ipAllowlistAppliesToScim: true, sessionMaxAgeMinutes: 60, sessionIdleMinutes: 15 });
  await withTenant(ACME.tenantId, (t) => saveSecurityPolicy(t, DEFAULT_SECURITY_POLICY));
  expect((await (await get('acme')).json()).access.ipAllowlist).toEqual([]);
});

it.each(['\u0000', 'ac\u0000me', 'ACME', 'a b', '../acme', 'x'.repeat(300)])('answers 404 for %j', async (slug) => {
  const response = await get(slug);
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ error: 'not_found' });
});

it.each([
  ['no signature', async () => ({})],
  ['a signature made with another secret', async () => ({ [INTERNAL_CALL_HEADER]: await signInternalCall('GET', '/api/internal/tenants/acme', 'y'.repeat(40)) })],
  ['a signature for another slug', async () => ({ [INTERNAL_CALL_HEADER]: await signInternalCall('GET', '/api/internal/tenants/globex', config().auth0.secret) })],
  ['a signature for another method', async () => ({ [INTERNAL_CALL_HEADER]: await signInternalCall('POST', '/api/internal/tenants/acme', config().auth0.secret) })],
  ['a signature two minutes old', async () => ({ [INTERNAL_CALL_HEADER]: await signInternalCall('GET', '/api/internal/tenants/acme', config().auth0.secret, Date.now() - 120_000) })],
  ['a malformed signature', async () => ({ [INTERNAL_CALL_HEADER]: `${Date.now()}.${'ab'.repeat(32)}` })],
])('refuses a call with %s (403, no tenant in the answer)', async (_name, headers) => {
  const response = await call(new Request(url('acme'), { headers: await headers() }), 'acme');
  expect(response.status).toBe(403);
  const body = await response.text();
  expect(body).toContain('forbidden');
  expect(body).not.toContain(ACME.auth0OrgId);
});
