// Crossing tenants through the whole stack (middleware included), over HTTP.
import { test, expect } from '@playwright/test';
import { fillLogin } from './support/auth';
import { auth0OrgIdOf, call, machineToken } from './support/http';
import { APEX, AUTH0_ORIGIN, appEnv, tenantUrl } from './support/env';
import { INTERNAL_CALL_HEADER, signInternalCall } from '../lib/http/internal-call';
import { API_AUDIENCE, API_CLIENT as SEEDED_API_CLIENT, MANAGEMENT_CLIENT } from '../lib/testing/seeded';

const API_CLIENT = { clientId: SEEDED_API_CLIENT.id, clientSecret: SEEDED_API_CLIENT.secret, audience: API_AUDIENCE };

const orgIdOf = (slug: string) => auth0OrgIdOf(APEX, slug, appEnv().AUTH0_SECRET!);

test('the internal tenant lookup answers only calls signed with the app secret', async () => {
  const unsigned = await call(`${APEX}/api/internal/tenants/acme`);
  expect(unsigned.status).toBe(403);
  expect(unsigned.body).not.toContain('org_');
  const path = '/api/internal/tenants/acme';
  const forged = await call(`${APEX}${path}`, { headers: { [INTERNAL_CALL_HEADER]: await signInternalCall('GET', path, 'not-the-app-secret-0123456789abcdef') } });
  expect(forged.status).toBe(403);
  expect(await orgIdOf('acme')).toMatch(/^org_/);
  // The sign-out route is internal too.
  expect((await call(`${APEX}/api/internal/sessions/end`, { method: 'POST', body: '__session=x' })).status).toBe(403);
});

test('hosts that are neither the apex nor a tenant are rejected', async () => {
  expect((await call('http://localhost:3100/', { headers: { host: 'evil.example.com' } })).status).toBe(400);
  expect((await call('http://a.b.localhost:3100/')).status).toBe(400);
  expect((await call('http://api.localhost:3100/')).status).toBe(400);
});

test('forged x-tenant-* headers are stripped before the app sees them', async () => {
  const acme = await orgIdOf('acme');
  const token = await machineToken(AUTH0_ORIGIN, { ...API_CLIENT, organization: acme });
  // On the apex, claiming to be acme through headers gives no tenant context at all.
  const forged = await call('http://localhost:3100/api/projects', {
    headers: { authorization: `Bearer ${token}`, 'x-tenant-slug': 'acme', 'x-tenant-org-id': acme, 'x-tenant-id': 'ten_demo_acme' },
  });
  expect(forged.status).toBe(404);
  // On globex's host, headers naming acme do not make acme's token acceptable.
  const crossed = await call(tenantUrl('globex', '/api/projects'), {
    headers: { authorization: `Bearer ${token}`, 'x-tenant-slug': 'acme', 'x-tenant-org-id': acme, 'x-tenant-id': 'ten_demo_acme' },
  });
  expect(crossed.status).toBe(403);
});

test('X-Forwarded-Host with a forged host proof does not move an apex request into a tenant', async () => {
  const acme = await orgIdOf('acme');
  const token = await machineToken(AUTH0_ORIGIN, { ...API_CLIENT, organization: acme });
  const forged = await call('http://localhost:3100/api/projects', {
    headers: { authorization: `Bearer ${token}`, 'x-forwarded-host': 'acme.localhost:3100', 'x-tenantry-host-proof': 'ab'.repeat(32) },
  });
  // Still the apex, where there is no tenant API.
  expect(forged.status).toBe(404);
});

test('an org-A access token from the real tenant works on A and is refused on B', async () => {
  const acmeToken = await machineToken(AUTH0_ORIGIN, { ...API_CLIENT, organization: await orgIdOf('acme') });
  const onAcme = await call(tenantUrl('acme', '/api/projects'), { headers: { authorization: `Bearer ${acmeToken}` } });
  expect(onAcme.status).toBe(200);
  const created = await call(tenantUrl('acme', '/api/projects'), {
    method: 'POST', headers: { authorization: `Bearer ${acmeToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: `api-${Date.now()}` }),
  });
  expect(created.status).toBe(201);
  const id = created.json<{ id: string }>().id;
  const onGlobex = await call(tenantUrl('globex', '/api/projects'), { headers: { authorization: `Bearer ${acmeToken}` } });
  expect(onGlobex.status).toBe(403);

  const globexToken = await machineToken(AUTH0_ORIGIN, { ...API_CLIENT, organization: await orgIdOf('globex') });
  const foreignId = await call(tenantUrl('globex', `/api/projects/${id}`), { headers: { authorization: `Bearer ${globexToken}` } });
  expect(foreignId.status).toBe(404);
  const foreignDelete = await call(tenantUrl('globex', `/api/projects/${id}`), { method: 'DELETE', headers: { authorization: `Bearer ${globexToken}` } });
  expect(foreignDelete.status).toBe(404);
  expect((await call(tenantUrl('acme', `/api/projects/${id}`), { headers: { authorization: `Bearer ${acmeToken}` } })).status).toBe(200);
});

test('a Management API token (wrong audience) is refused with 401', async () => {
  const token = await machineToken(AUTH0_ORIGIN, { clientId: MANAGEMENT_CLIENT.id, clientSecret: MANAGEMENT_CLIENT.secret, audience: 'https://localhost:4100/api/v2/' });
  const response = await call(tenantUrl('acme', '/api/projects'), { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(401);
  expect(String(response.headers['www-authenticate'])).toContain('invalid_token');
});

test("acme's session cookie replayed on globex's host is refused and cleared", async ({ page, context }) => {
  await page.goto(tenantUrl('acme', '/auth/login?returnTo=%2Fprojects'));
  await fillLogin(page, 'carol@example.test');
  await page.waitForURL(tenantUrl('acme', '/projects'));
  const session = (await context.cookies(tenantUrl('acme'))).filter((c) => c.name.startsWith('__session'));
  expect(session.length).toBeGreaterThan(0);
  const cookie = session.map((c) => `${c.name}=${c.value}`).join('; ');
  const replayed = await call(tenantUrl('globex', '/projects'), { headers: { cookie } });
  expect(replayed.status).toBe(403);
  expect(replayed.body).toContain('another organization');
  // Every session cookie (the SDK splits a large session into __session__0, __session__1...) is cleared.
  const cleared = String(replayed.headers['set-cookie']);
  for (const c of session) expect(cleared).toContain(`${c.name}=;`);
  // And the API refuses it too.
  expect((await call(tenantUrl('globex', '/api/projects'), { headers: { cookie } })).status).toBe(403);
});

test('a spoofed X-Forwarded-Host cannot move the login callback to another host', async () => {
  const response = await call(tenantUrl('acme', '/auth/login'), { headers: { 'x-forwarded-host': 'evil.example.com', 'x-forwarded-proto': 'https' } });
  expect(response.status).toBe(307);
  const location = new URL(String(response.headers.location));
  expect(location.searchParams.get('redirect_uri')).toBe(tenantUrl('acme', '/auth/callback'));
  expect(location.searchParams.get('organization')).toBe(await orgIdOf('acme'));
});

test('tenant pages cannot be reached through the apex', async () => {
  expect((await call('http://localhost:3100/tenant/projects')).status).toBe(404);
});
