// Admission happens once, after sign-in (GET /signed-in) or in the API wrapper for tokens;
// authorize() only reads: it neither writes nor calls Auth0, and sends a sign-in that skipped
// admission back to it instead of letting it in or refusing it for good.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateSessionCookie } from '@auth0/nextjs-auth0/testing';
import { SESSION_SECRET, startWorld, type World } from '@/lib/testing/world';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';
import { CLAIMS } from '@/lib/auth/claims';

// Every Management API request goes through call(): count them.
const management = vi.hoisted(() => ({ calls: 0 }));
vi.mock('@/lib/management/client', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/management/client')>();
  return { ...actual, call: ((...args: Parameters<typeof actual.call>) => { management.calls++; return actual.call(...args); }) as typeof actual.call };
});

let w: World;
let authorize: typeof import('@/lib/auth/authorize').authorize;
let authorizePage: typeof import('@/lib/auth/page-guard').authorizePage;
let signedIn: typeof import('@/app/tenant/signed-in/route');
let acme: { slug: string; auth0OrgId: string; id: string };
let sids = 0;

beforeAll(async () => {
  w = await startWorld();
  ({ authorize } = await import('@/lib/auth/authorize'));
  ({ authorizePage } = await import('@/lib/auth/page-guard'));
  signedIn = await import('@/app/tenant/signed-in/route');
  acme = w.org('acme');
  // An SSO connection whose sign-ins Auth0 makes members without a role (auto-membership).
  await w.prisma.ssoConnection.create({
    data: { tenantId: acme.id, auth0ConnectionId: 'con_acmejit000000001', name: 'acme-jit', strategy: 'samlp', displayName: 'Acme SSO', autoMembership: true, defaultRole: 'org_billing', createdBy: 'test' },
  });
});
afterAll(async () => w?.close());
beforeEach(() => {
  management.calls = 0;
});

/** A session cookie as the SDK writes it after `userId` signed in to Acme `ageSeconds` ago, with the token's roles. */
async function sessionCookie(userId: string, opts: { ageSeconds?: number; roles?: string[] } = {}) {
  const value = await generateSessionCookie({
    user: { sub: userId, email: `${userId}@mail.test`, org_id: acme.auth0OrgId, [CLAIMS.tenantId]: acme.id, [CLAIMS.roles]: opts.roles ?? [] },
    tokenSet: { accessToken: 'at', expiresAt: Math.floor(Date.now() / 1000) + 3600 },
    internal: { sid: `sid-${++sids}`, createdAt: Math.floor(Date.now() / 1000) - (opts.ageSeconds ?? 0) },
  }, { secret: SESSION_SECRET });
  return `__session=${value}`;
}

function acmeRequest(path: string, cookie: string) {
  return new Request(`http://acme.localhost:3000${path}`, {
    headers: { cookie, host: 'acme.localhost:3000', 'user-agent': 'Firefox/140.0', 'x-forwarded-for': '192.0.2.44', [TENANT_HEADERS.slug]: acme.slug, [TENANT_HEADERS.auth0OrgId]: acme.auth0OrgId, [TENANT_HEADERS.tenantId]: acme.id },
  });
}

const reasonOf = (promise: Promise<unknown>) => promise.then(() => 'authorized', (error: { reason?: string }) => error.reason ?? String(error));

/** Where a redirect() (thrown by Next) was sending the request. */
async function redirectOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? '';
    if (digest.startsWith('NEXT_REDIRECT')) return digest.split(';')[2]!;
    throw error;
  }
  throw new Error('no redirect');
}

/** Everything admission could write: membership rows and audit events of the organization. */
async function writes() {
  const [members, events] = await Promise.all([
    w.prisma.membership.findMany({ where: { tenantId: acme.id }, orderBy: { userId: 'asc' } }),
    w.prisma.auditEvent.count({ where: { tenantId: acme.id } }),
  ]);
  return { members, events };
}

function auth0Member(userId: string) {
  // What Auth0's auto-membership did at login: the person is a member, with no roles.
  const s = w.harness.store.state;
  s.users.push({ user_id: userId, email: `${userId}@mail.test`, email_verified: true, name: userId, nickname: 'jit', picture: '', connection: 'acme-jit', app_metadata: {}, user_metadata: {}, identities: [], created_at: '', updated_at: '', logins_count: 1 });
  s.members.push({ org_id: acme.auth0OrgId, user_id: userId, roles: [], created_at: new Date().toISOString() });
}

describe('authorize() only reads', () => {
  it('an admitted member’s request writes nothing and calls no Auth0 API', async () => {
    const bob = w.userId('bob@acme.test');
    const cookie = await sessionCookie(bob, { ageSeconds: 3600, roles: ['org_member'] }); // signed in before the seeded last login
    const before = await writes();
    expect(await reasonOf(authorize({ request: acmeRequest('/projects', cookie) }))).toBe('authorized');
    expect(await writes()).toEqual(before);
    expect(management.calls).toBe(0);
  });

  it('a member’s sign-in that skipped admission is not admitted (no member.login from authorize()); /signed-in records it once', async () => {
    const bob = w.userId('bob@acme.test');
    const cookie = await sessionCookie(bob, { ageSeconds: -2, roles: ['org_member'] });
    const before = await writes();
    expect(await reasonOf(authorize({ request: acmeRequest('/projects', cookie) }))).toBe('not_admitted');
    expect(await writes()).toEqual(before);
    // The page guard sends it to admission, which goes on to the page it was for.
    expect(await redirectOf(() => authorizePage({ request: acmeRequest('/projects', cookie), returnTo: '/projects' }))).toBe('/signed-in?returnTo=%2Fprojects');
    expect(await redirectOf(() => signedIn.GET(acmeRequest('/signed-in?returnTo=%2Fprojects', cookie)))).toBe('/projects');
    expect(await w.prisma.auditEvent.count({ where: { tenantId: acme.id, action: 'member.login', target: bob } })).toBe(1);
    // Recorded with where the sign-in came from.
    expect(await w.prisma.auditEvent.findFirst({ where: { tenantId: acme.id, action: 'member.login', target: bob } })).toMatchObject({ actorType: 'user', ip: '192.0.2.44', userAgent: 'Firefox/140.0' });
    expect(await reasonOf(authorize({ request: acmeRequest('/projects', cookie) }))).toBe('authorized');
    // Admitting the same sign-in again changes nothing.
    await signedIn.GET(acmeRequest('/signed-in', cookie)).catch(() => undefined);
    expect(await w.prisma.auditEvent.count({ where: { tenantId: acme.id, action: 'member.login', target: bob } })).toBe(1);
  });

  it('a role-less just-in-time person is not_admitted, untouched in Auth0; admission gives the connection’s default role, here and in Auth0', async () => {
    const userId = 'samlp|acme-jit|dana@acme.test';
    auth0Member(userId);
    const cookie = await sessionCookie(userId);
    const before = await writes();
    expect(await reasonOf(authorize({ request: acmeRequest('/projects', cookie) }))).toBe('not_admitted');
    expect(await writes()).toEqual(before);
    expect(management.calls).toBe(0);
    expect(w.auth0Roles('acme', `${userId}@mail.test`)).toEqual([]);

    expect(await redirectOf(() => signedIn.GET(acmeRequest('/signed-in?returnTo=%2Fsettings', cookie)))).toBe('/settings');
    expect(management.calls).toBeGreaterThan(0);
    expect(w.auth0Roles('acme', `${userId}@mail.test`)).toEqual(['org_billing']);
    expect(await w.prisma.membership.findUnique({ where: { tenantId_userId: { tenantId: acme.id, userId } } })).toMatchObject({ roles: ['org_billing'], source: 'sso' });
    const ctx = await authorize({ request: acmeRequest('/projects', cookie) });
    expect(ctx.roles).toEqual(['org_billing']);
  });

  it('a removed person: an older session is refused for good; a sign-in after the removal is readmitted', async () => {
    const userId = 'auth0|removed-then-back';
    await w.prisma.membership.create({ data: { tenantId: acme.id, userId, roles: ['org_member'], lastLoginAt: new Date(Date.now() - 7200_000), removedAt: new Date(Date.now() - 60_000) } });
    const old = await sessionCookie(userId, { ageSeconds: 120, roles: ['org_member'] });
    expect(await reasonOf(authorize({ request: acmeRequest('/projects', old) }))).toBe('not_a_member');
    expect(await redirectOf(() => signedIn.GET(acmeRequest('/signed-in', old)))).toBe('/not-a-member');
    expect(await reasonOf(authorize({ request: acmeRequest('/projects', old) }))).toBe('not_a_member');

    const fresh = await sessionCookie(userId, { ageSeconds: -2, roles: ['org_member'] });
    expect(await reasonOf(authorize({ request: acmeRequest('/projects', fresh) }))).toBe('not_admitted');
    expect(await redirectOf(() => signedIn.GET(acmeRequest('/signed-in?returnTo=//evil.example', fresh)))).toBe('/projects');
    expect(await reasonOf(authorize({ request: acmeRequest('/projects', fresh) }))).toBe('authorized');
  });

  it('a session whose token claims another organization is never admitted here', async () => {
    const userId = 'auth0|stranger';
    const value = await generateSessionCookie({
      user: { sub: userId, org_id: acme.auth0OrgId, [CLAIMS.tenantId]: w.org('globex').id, [CLAIMS.roles]: ['org_admin'] },
      tokenSet: { accessToken: 'at', expiresAt: Math.floor(Date.now() / 1000) + 3600 },
      internal: { sid: `sid-${++sids}`, createdAt: Math.floor(Date.now() / 1000) },
    }, { secret: SESSION_SECRET });
    const cookie = `__session=${value}`;
    expect(await reasonOf(authorize({ request: acmeRequest('/projects', cookie) }))).toBe('not_a_member');
    expect(await redirectOf(() => signedIn.GET(acmeRequest('/signed-in', cookie)))).toBe('/not-a-member');
    expect(await w.prisma.membership.findUnique({ where: { tenantId_userId: { tenantId: acme.id, userId } } })).toBeNull();
  });

  it('/signed-in without a session goes to sign-in, keeping where it was headed', async () => {
    expect(await redirectOf(() => signedIn.GET(acmeRequest('/signed-in?returnTo=%2Fsettings', '')))).toBe('/auth/login?returnTo=%2Fsettings');
  });
});
