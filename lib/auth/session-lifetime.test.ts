// An organization's session lifetime, checked by the session check with the policy read fresh
// (real session cookies, a real database): idle and maximum age end the session on its next
// request (401 for the API; pages are sent to sign out with the reason), other organizations
// and sessions without a policy are untouched, and the test clock moves only what it should.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACME, ALICE, GLOBEX, GINA, seedAcmeAndGlobex, sessionCookie, startWorld, stopWorld, type TestTenant } from '@/lib/testing/world';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';
import { setClockOffset } from '@/lib/core/clock';
import type { SessionData } from '@auth0/nextjs-auth0/types';

let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let authorize: typeof import('@/lib/auth/authorize').authorize;
let endedByPolicy: typeof import('@/lib/auth/session-lifetime').endedByPolicy;
let routes: typeof import('@/app/api/projects/route');
const noParams = { params: Promise.resolve({}) } as never;
const MINUTE = 60_000;

function tenantRequest(host: TestTenant, cookie: string) {
  return new Request(`http://${host.slug}.localhost:3000/api/projects`, {
    headers: {
      host: `${host.slug}.localhost:3000`, 'x-forwarded-host': `${host.slug}.localhost:3000`, 'x-forwarded-proto': 'http', cookie,
      [TENANT_HEADERS.slug]: host.slug, [TENANT_HEADERS.auth0OrgId]: host.auth0OrgId, [TENANT_HEADERS.tenantId]: host.tenantId,
    },
  });
}
const reasonOf = (promise: Promise<unknown>) => promise.then(() => 'authorized', (error: { reason?: string }) => error.reason ?? String(error));
const setPolicy = (tenant: TestTenant, sessionMaxAgeMinutes: number | null, sessionIdleMinutes: number | null) =>
  prisma.organization.update({ where: { id: tenant.tenantId }, data: { sessionMaxAgeMinutes, sessionIdleMinutes } });
/** A session cookie that began `startedMinutesAgo` and was last seen `seenMinutesAgo`. */
const cookieOf = (user: string, tenant: TestTenant, startedMinutesAgo: number, seenMinutesAgo: number) =>
  sessionCookie(user, tenant, { ageSeconds: startedMinutesAgo * 60, extra: { startedAt: Date.now() - startedMinutesAgo * MINUTE, lastSeenAt: Date.now() - seenMinutesAgo * MINUTE } });

beforeAll(async () => {
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer' }));
  ({ authorize } = await import('@/lib/auth/authorize'));
  ({ endedByPolicy } = await import('@/lib/auth/session-lifetime'));
  routes = await import('@/app/api/projects/route');
  await seedAcmeAndGlobex(prisma);
});
afterEach(async () => {
  setClockOffset(0);
  await setPolicy(ACME, null, null);
});
afterAll(stopWorld);

describe('the idle timeout', () => {
  it('ends a session idle longer than the organization allows, on its next request (401 for the API)', async () => {
    const idle = await cookieOf(ALICE, ACME, 60, 20);
    const active = await cookieOf(ALICE, ACME, 60, 1);
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, idle) }))).toBe('authorized');
    await setPolicy(ACME, null, 15);
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, idle) }))).toBe('unauthenticated');
    expect((await routes.GET(tenantRequest(ACME, idle), noParams)).status).toBe(401);
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, active) }))).toBe('authorized');
  });

  it('judges by the session clock: moving it (the browser tests’ hook) idles an active session', async () => {
    await setPolicy(ACME, null, 15);
    const active = await cookieOf(ALICE, ACME, 5, 0);
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, active) }))).toBe('authorized');
    setClockOffset(16 * MINUTE);
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, active) }))).toBe('unauthenticated');
  });

  it('applies to its own organization only', async () => {
    await setPolicy(ACME, null, 15);
    expect(await reasonOf(authorize({ request: tenantRequest(GLOBEX, await cookieOf(GINA, GLOBEX, 60, 50)) }))).toBe('authorized');
  });
});

describe('the maximum session age', () => {
  it('ends a session older than the organization allows, however active', async () => {
    const old = await cookieOf(ALICE, ACME, 90, 0);
    await setPolicy(ACME, 60, null);
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, old) }))).toBe('unauthenticated');
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, await cookieOf(ALICE, ACME, 30, 0)) }))).toBe('authorized');
  });

  it('a session from before lastSeenAt existed is judged by when it began', async () => {
    await setPolicy(ACME, null, 15);
    const legacy = await sessionCookie(ALICE, ACME, { ageSeconds: 20 * 60 });
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, legacy) }))).toBe('unauthenticated');
  });
});

describe('where a page goes when its session ended by policy', () => {
  const session = (startedAt: number, lastSeenAt: number, org = ACME) =>
    ({ user: { sub: ALICE, org_id: org.auth0OrgId }, internal: { sid: 's', createdAt: Math.floor(startedAt / 1000) }, tokenSet: {}, startedAt, lastSeenAt }) as unknown as SessionData;

  it('to the SDK’s sign-out (Auth0’s session ends too), then the organization’s home page with the reason', async () => {
    await setPolicy(ACME, 60, 15);
    const idle = await endedByPolicy(session(Date.now() - 30 * MINUTE, Date.now() - 20 * MINUTE));
    expect(idle?.reason).toBe('idle');
    const url = new URL(idle!.signOutPath, 'http://acme.localhost:3000');
    expect(url.pathname).toBe('/auth/logout');
    expect(url.searchParams.get('returnTo')).toBe('http://acme.localhost:3000/?session_ended=idle');
    expect((await endedByPolicy(session(Date.now() - 61 * MINUTE, Date.now())))?.reason).toBe('max_age');
    expect(await endedByPolicy(session(Date.now() - 30 * MINUTE, Date.now() - MINUTE))).toBeNull();
  });

  it('no policy, no organization: nothing to check', async () => {
    expect(await endedByPolicy(session(0, 0))).toBeNull();
    expect(await endedByPolicy({ ...session(0, 0), user: { sub: ALICE } } as SessionData)).toBeNull();
  });
});
