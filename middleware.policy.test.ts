// middleware.ts runs the organization policy steps in the chain: the IP allowlist refuses before
// the Auth0 SDK sees the request (sign-in included), and the session's lastSeenAt is moved
// forward on the way to the app. The Auth0 client and the internal tenant route are stand-ins;
// each step's own logic is tested in lib/middleware/steps.test.ts.
import { afterAll, beforeEach, expect, it, vi } from 'vitest';
import { NextRequest, NextResponse } from 'next/server';

const sdk = vi.hoisted(() => ({
  session: null as Record<string, unknown> | null,
  middleware: vi.fn(),
  updateSession: vi.fn(),
}));
vi.mock('@/lib/auth/auth0', () => ({
  auth0: {
    middleware: sdk.middleware,
    getSession: async () => sdk.session,
    updateSession: sdk.updateSession,
  },
}));

const access = { ipAllowlist: ['203.0.113.0/24'], ipAllowlistAppliesToScim: false, sessionMaxAgeMinutes: null, sessionIdleMinutes: 30 };
vi.stubGlobal('fetch', async (input: Request | string) => {
  const url = new URL(input instanceof Request ? input.url : input);
  const slug = url.pathname.split('/').pop()!;
  if (!url.pathname.startsWith('/api/internal/tenants/')) return new Response('unexpected', { status: 500 });
  return Response.json({ slug, auth0OrgId: `org_${slug}`, tenantId: `ten_${slug}`, access: slug.startsWith('open') ? { ...access, ipAllowlist: [] } : access });
});
afterAll(() => vi.unstubAllGlobals());

const { middleware } = await import('./middleware');

beforeEach(() => {
  sdk.session = null;
  sdk.middleware.mockReset().mockImplementation(async () => NextResponse.next());
  sdk.updateSession.mockReset().mockImplementation(async (_req: NextRequest, res: NextResponse) => res.cookies.set('__session', 'refreshed'));
});

// A session cookie, so middleware reads the session (its value is the stand-in SDK's business).
const get = (slug: string, path: string, xff?: string) =>
  middleware(new NextRequest(`http://${slug}.localhost:3000${path}`, { headers: { host: `${slug}.localhost:3000`, cookie: '__session=x', ...(xff ? { 'x-forwarded-for': xff } : {}) } }));

it('refuses an address outside the allowlist with a 403 before the Auth0 SDK runs, on pages and on sign-in', async () => {
  for (const path of ['/projects', '/auth/login', '/api/projects']) {
    const response = await get('acme', path, '198.51.100.7');
    expect(response.status, path).toBe(403);
  }
  expect(sdk.middleware).not.toHaveBeenCalled();
});

it('admits an address inside the allowlist; SCIM is exempt unless the organization says otherwise', async () => {
  expect((await get('acme', '/projects', '203.0.113.9')).status).toBe(200);
  expect((await get('acme', '/scim/v2/Users', '198.51.100.7')).status).not.toBe(403);
  expect((await get('acme', '/auth/login', '203.0.113.9')).status).toBe(200);
  expect(sdk.middleware).toHaveBeenCalledTimes(1);
});

it('moves a stale lastSeenAt forward, keeping the rest of the session; a fresh one is left alone', async () => {
  const startedAt = Date.now() - 10 * 60_000;
  sdk.session = { user: { sub: 'auth0|a', org_id: 'org_open1' }, internal: { sid: 's', createdAt: Math.floor(startedAt / 1000) }, tokenSet: {}, startedAt, lastSeenAt: Date.now() - 2 * 60_000 };
  const response = await get('open1', '/projects');
  expect(sdk.updateSession).toHaveBeenCalledWith(expect.anything(), expect.anything(), expect.objectContaining({ startedAt, lastSeenAt: expect.any(Number) }));
  expect(response.cookies.get('__session')?.value).toBe('refreshed');
  sdk.updateSession.mockClear();
  sdk.session = { ...sdk.session, lastSeenAt: Date.now() - 5_000 };
  await get('open1', '/projects');
  expect(sdk.updateSession).not.toHaveBeenCalled();
});
