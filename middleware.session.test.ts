// middleware.ts with the real Auth0 SDK and real session cookies: the session is read once,
// rolled (a fresh cookie expiry and lastSeenAt) at most once a minute, on tenant hosts and the
// apex alike, and the SDK's middleware runs only for its own /auth/* routes. Only the internal
// tenant route is a stand-in.
import { afterAll, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import { generateSessionCookie } from '@auth0/nextjs-auth0/testing';
import { config } from '@/lib/config';
import { auth0, SESSION_LIFETIME } from '@/lib/auth/auth0';

const OPEN = { ipAllowlist: [], ipAllowlistAppliesToScim: false, sessionMaxAgeMinutes: null, sessionIdleMinutes: null };
const outbound: string[] = [];
vi.stubGlobal('fetch', async (input: Request | string) => {
  const url = new URL(input instanceof Request ? input.url : input);
  outbound.push(url.href);
  const slug = url.pathname.split('/').pop()!;
  if (!url.pathname.startsWith('/api/internal/tenants/')) return new Response('unexpected', { status: 500 });
  return Response.json({ slug, auth0OrgId: `org_${slug}`, tenantId: `ten_${slug}`, access: OPEN });
});
afterAll(() => vi.unstubAllGlobals());

const { middleware } = await import('./middleware');

async function cookieFor(orgId: string | null, lastSeenAgoMs: number) {
  const startedAt = Date.now() - 30 * 60_000;
  const value = await generateSessionCookie({
    user: { sub: 'auth0|roll', email: 'roll@mail.test', ...(orgId ? { org_id: orgId } : {}) },
    tokenSet: { accessToken: 'at', expiresAt: Math.floor(Date.now() / 1000) + 3600 },
    internal: { sid: 'sid-roll', createdAt: Math.floor(startedAt / 1000) },
    startedAt,
    lastSeenAt: Date.now() - lastSeenAgoMs,
  }, { secret: config().auth0.secret });
  return { cookie: `__session=${value}`, startedAt };
}

const get = (host: string, path: string, cookie?: string) =>
  middleware(new NextRequest(`http://${host}${path}`, { headers: { host, ...(cookie ? { cookie } : {}) } }));

/** The session a browser would send back after `response`. */
async function sessionAfter(response: Response, host: string) {
  const value = response.headers.getSetCookie().find((c) => c.startsWith('__session='))!.split(';')[0]!;
  return auth0.getSession(new NextRequest(`http://${host}/`, { headers: { host, cookie: value } }));
}

it('rolls a session idle for a minute or more: a fresh expiry and lastSeenAt, the rest kept', async () => {
  const { cookie, startedAt } = await cookieFor('org_acme', 2 * 60_000);
  const response = await get('acme.localhost:3000', '/projects', cookie);
  expect(response.status).toBe(200);
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('__session='));
  expect(setCookie, 'a rolled session cookie').toBeDefined();
  const maxAge = Number(/Max-Age=(\d+)/i.exec(setCookie!)?.[1]);
  expect(maxAge).toBeGreaterThan(SESSION_LIFETIME.inactivity - 60);
  const rolled = await sessionAfter(response, 'acme.localhost:3000');
  expect(rolled?.user.sub).toBe('auth0|roll');
  expect(rolled?.startedAt).toBe(startedAt);
  expect(Date.now() - (rolled?.lastSeenAt as number)).toBeLessThan(10_000);
});

it('leaves a session seen within the minute alone: no cookie is written', async () => {
  const { cookie } = await cookieFor('org_acme', 5_000);
  const response = await get('acme.localhost:3000', '/projects', cookie);
  expect(response.status).toBe(200);
  expect(response.headers.getSetCookie().filter((c) => c.startsWith('__session'))).toEqual([]);
});

it('rolls a session on the apex (no organization) the same way', async () => {
  const { cookie } = await cookieFor(null, 2 * 60_000);
  const response = await get('localhost:3000', '/', cookie);
  expect(response.status).toBe(200);
  const rolled = await sessionAfter(response, 'localhost:3000');
  expect(Date.now() - (rolled?.lastSeenAt as number)).toBeLessThan(10_000);
});

it('refuses a session of another organization and drops its cookie', async () => {
  const { cookie } = await cookieFor('org_globex', 2 * 60_000);
  const response = await get('acme.localhost:3000', '/projects', cookie);
  expect(response.status).toBe(403);
  expect(response.headers.get('x-middleware-rewrite')).toContain('/wrong-organization');
  expect(response.headers.getSetCookie().some((c) => /^__session=;/.test(c))).toBe(true);
});

it('checks a session under the SDK’s older cookie name too (the app would read it): another organization’s is refused', async () => {
  const { cookie } = await cookieFor('org_globex', 5_000);
  const response = await get('acme.localhost:3000', '/projects', cookie.replace(/^__session=/, 'appSession='));
  expect(response.status).toBe(403);
  expect(response.headers.getSetCookie().some((c) => /^appSession=;/.test(c))).toBe(true);
});

it('does not hand /me/* or /my-org/* to the SDK (its proxy to Auth0’s account APIs): they are the app’s paths', async () => {
  const { cookie } = await cookieFor('org_acme', 5_000);
  outbound.length = 0;
  for (const path of ['/me/v1/authentication-methods', '/my-org/v1/details']) {
    const response = await get('acme.localhost:3000', path, cookie);
    expect(response.headers.get('x-middleware-rewrite'), path).toBe(`http://acme.localhost:3000/tenant${path}`);
  }
  expect(outbound.filter((href) => !href.includes('/api/internal/tenants/'))).toEqual([]);
});

it('a request without a session cookie goes on without one, and writes none', async () => {
  const response = await get('acme.localhost:3000', '/api/projects');
  expect(response.status).toBe(200);
  expect(response.headers.getSetCookie()).toEqual([]);
});
