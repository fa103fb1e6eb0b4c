// The session cookie the SDK writes after a real sign-in to the local tenant (the app's own
// Auth0 client, its middleware routes, the post-login Action's claims): one cookie under 4 KB
// with every claim the app reads, and a sign-out that still ends the session at Auth0 without
// the ID token.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NextRequest, NextResponse } from 'next/server';
import type { LocalTenant } from '@/auth0-local/src/server';
import { Browser, type Page } from '@/auth0-local/testing/browser';
import { APP, M2M, PASSWORD, decode, startTenant } from '@/auth0-local/testing/local-tenant';
import { CLAIMS } from '@/lib/auth/claims';
import { PERMISSIONS } from '@/lib/core/permissions';

// What browsers and common proxies accept for one cookie (name=value); the SDK splits a value
// above 3,500 bytes into __session__0, __session__1...
const COOKIE_LIMIT = 4096;
const SDK_CHUNK = 3500;
const APP_ORIGIN = 'http://acme.localhost:3000';
const CALLBACK = `${APP_ORIGIN}/auth/callback`;

let tenant: LocalTenant;
let acmeOrgId: string;
let auth0: typeof import('@/lib/auth/auth0').auth0;

beforeAll(async () => {
  tenant = await startTenant();
  acmeOrgId = tenant.store.orgByName('acme')!.id;
  vi.resetModules();
  const env = {
    AUTH0_DOMAIN: tenant.url, AUTH0_CLIENT_ID: APP.clientId, AUTH0_CLIENT_SECRET: APP.clientSecret,
    AUTH0_SECRET: 'session-cookie-test-secret-000000000000', AUTH0_M2M_CLIENT_ID: M2M.clientId, AUTH0_M2M_CLIENT_SECRET: M2M.clientSecret,
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  ({ auth0 } = await import('@/lib/auth/auth0'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await tenant?.close();
});

/** The app's cookies, as a browser on acme.localhost holds them. */
class AppJar {
  readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const name = pair!.slice(0, pair!.indexOf('='));
      const value = pair!.slice(pair!.indexOf('=') + 1);
      if (value === '' || /max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

/** A request through the SDK's routes (what middleware hands to auth0.middleware()). */
async function appRequest(jar: AppJar, path: string): Promise<Response> {
  const res = await auth0.middleware(new NextRequest(new URL(path, APP_ORIGIN), { headers: { cookie: jar.header() } }));
  jar.take(res);
  return res;
}

/** Signs in to Acme through the app's /auth/login and callback; returns the app's cookies and Auth0's browser. */
async function signIn(email: string, extra = '') {
  const jar = new AppJar();
  const browser = new Browser();
  const login = await appRequest(jar, `/auth/login?organization=${acmeOrgId}&returnTo=%2Fprojects${extra}`);
  let page: Page = await browser.go(login.headers.get('location')!, CALLBACK);
  if (!page.location?.startsWith(CALLBACK)) page = await browser.submit(page, { username: email, password: PASSWORD }, CALLBACK, '/u/login');
  expect(page.location, page.body.slice(0, 300)).toMatch(/^http:\/\/acme\.localhost:3000\/auth\/callback\?/);
  const callback = await appRequest(jar, page.location!);
  return { jar, browser, callback };
}

const sessionOf = (jar: AppJar) => auth0.getSession(new NextRequest(new URL('/', APP_ORIGIN), { headers: { cookie: jar.header() } }));

describe('the session cookie after sign-in', () => {
  it('is one cookie of at most 4,096 bytes, for the person with the most claims (an admin)', async () => {
    const { jar, callback } = await signIn('alice@acme.test');
    expect(callback.status).toBe(307);
    const sessionCookies = [...jar.cookies.keys()].filter((n) => n.startsWith('__session'));
    expect(sessionCookies).toEqual(['__session']);
    const value = jar.cookies.get('__session')!;
    expect(value.length).toBeLessThanOrEqual(SDK_CHUNK);
    expect(`__session=${value}`.length).toBeLessThanOrEqual(COOKIE_LIMIT);
    // Rolling sessions: middleware rewrites the cookie on a later request; it stays one.
    await appRequest(jar, '/projects');
    expect([...jar.cookies.keys()].filter((n) => n.startsWith('__session'))).toEqual(['__session']);
    // Middleware's lastSeenAt refresh (lib/middleware/session-activity.ts) rewrites it too: still one, under 4 KB.
    const request = new NextRequest(new URL('/projects', APP_ORIGIN), { headers: { cookie: jar.header() } });
    const response = NextResponse.next();
    await auth0.updateSession(request, response, { ...(await sessionOf(jar))!, lastSeenAt: Date.now() + 1 });
    jar.take(response);
    expect([...jar.cookies.keys()].filter((n) => n.startsWith('__session'))).toEqual(['__session']);
    expect(`__session=${jar.cookies.get('__session')}`.length).toBeLessThanOrEqual(COOKIE_LIMIT);
    expect((await sessionOf(jar))!.lastSeenAt).toBeGreaterThan(Date.now() - 5000);
  });

  it('carries every claim the app reads, the access token and the Auth0 session id; no ID or refresh token', async () => {
    const { jar } = await signIn('alice@acme.test');
    const session = (await sessionOf(jar))!;
    const alice = tenant.store.usersByEmail('alice@acme.test')[0]!;
    // Header and members (name, email), authorize() and middleware (sub, org_id), admission and
    // membership evidence (tenant id, roles), revocation (sid, createdAt).
    expect(session.user).toEqual({
      sub: alice.user_id, name: alice.name, email: 'alice@acme.test', org_id: acmeOrgId,
      [CLAIMS.tenantId]: 'ten_demo_acme', [CLAIMS.roles]: ['org_admin'],
    });
    expect(session.internal.sid).toEqual(expect.any(String));
    expect(session.internal.createdAt).toBeGreaterThan(Date.now() / 1000 - 60);
    // When it began to the millisecond (a revocation in the same second must not end it), in
    // the second the SDK recorded (or the next, if the save crossed into it).
    expect(Math.floor((session.startedAt as number) / 1000) - session.internal.createdAt).toBeOneOf([0, 1]);
    // Last activity, for an organization's idle timeout: the sign-in itself.
    expect(session.lastSeenAt).toBe(session.startedAt);
    expect(decode(session.tokenSet.accessToken)).toMatchObject({ sub: alice.user_id, org_id: acmeOrgId, permissions: expect.arrayContaining([...PERMISSIONS]) });
    expect(session.tokenSet.idToken).toBeUndefined();
    expect(session.tokenSet.refreshToken).toBeUndefined();
    // Not asked for (no offline_access): a refresh token would outlive the session at Auth0.
    expect(session.tokenSet.requestedScope?.split(' ')).not.toContain('offline_access');
  });
});

describe('sign-out without the ID token', () => {
  it('names the Auth0 session with logout_hint and client_id, and ends it at Auth0', async () => {
    const { jar, browser } = await signIn('bob@acme.test');
    const sid = (await sessionOf(jar))!.internal.sid;

    const logout = await appRequest(jar, `/auth/logout?returnTo=${encodeURIComponent(APP_ORIGIN)}`);
    const url = new URL(logout.headers.get('location')!);
    expect(url.origin + url.pathname).toBe(`${tenant.url}/oidc/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: APP.clientId, post_logout_redirect_uri: APP_ORIGIN, logout_hint: sid });
    expect(jar.cookies.has('__session')).toBe(false);

    // At Auth0: the sign-out page (submitted at once), then back to the app.
    let page = await browser.go(url.href, APP_ORIGIN);
    if (!page.location?.startsWith(APP_ORIGIN)) page = await browser.submit(page, {}, APP_ORIGIN);
    expect(page.location).toMatch(/^http:\/\/acme\.localhost:3000\/?$/);
    // Auth0's session is gone: a silent sign-in is refused.
    const silent = await appRequest(jar, `/auth/login?organization=${acmeOrgId}&prompt=none`);
    const answer = await browser.go(silent.headers.get('location')!, CALLBACK);
    expect(new URL(answer.location!).searchParams.get('error')).toBe('login_required');
  });
});
