// middleware.ts leaves the bench's floor path (app/api/bench/floor) at once only while bench
// routes are on; otherwise it is a path like any other: host check, tenant, security headers.
import { afterAll, afterEach, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';

vi.stubGlobal('fetch', async (input: Request | string) => {
  const url = new URL(input instanceof Request ? input.url : input);
  const slug = url.pathname.split('/').pop()!;
  const access = { ipAllowlist: [], ipAllowlistAppliesToScim: false, sessionMaxAgeMinutes: null, sessionIdleMinutes: null };
  return Response.json({ slug, auth0OrgId: `org_${slug}`, tenantId: `ten_${slug}`, access });
});
afterAll(() => vi.unstubAllGlobals());
afterEach(() => vi.unstubAllEnvs());

const { middleware } = await import('./middleware');
const get = (host: string) => middleware(new NextRequest(`http://${host}/api/bench/floor`, { headers: { host } }));

it('runs every step for /api/bench/floor unless BENCH_ROUTES=1', async () => {
  vi.stubEnv('BENCH_ROUTES', '');
  expect((await get('evil.example')).status).toBe(400);
  const tenant = await get('acme.localhost:3000');
  expect(tenant.headers.get('content-security-policy')).toBeTruthy();
  expect(tenant.headers.get('x-middleware-request-x-tenant-slug') ?? tenant.headers.get('x-middleware-override-headers')).toBeTruthy();
});

it('passes /api/bench/floor straight through with BENCH_ROUTES=1 (the bench measures the framework alone)', async () => {
  vi.stubEnv('BENCH_ROUTES', '1');
  const response = await get('evil.example');
  expect(response.status).toBe(200);
  expect(response.headers.get('x-middleware-next')).toBe('1');
  expect(response.headers.get('content-security-policy')).toBeNull();
});
