// authorize() with real session cookies (encrypted like the SDK's) against a real database:
// sessions ended on the server are refused on their next request, a session for another
// organization is refused by authorize() itself (not only by middleware), cookie writes must
// come from this origin and keep their body, and what counts as a machine or a fresh sign-in.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestIssuer } from '@/lib/testing/issuer';
import { ACME, ALICE, ALL, BOB, GINA, GLOBEX, seedAcmeAndGlobex, sessionCookie, startWorld, stopWorld, type TestTenant } from '@/lib/testing/world';
import { APP_CLIENT } from '@/lib/testing/seeded';
import { CLAIMS } from '@/lib/auth/claims';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';
import { internalRequest } from '@/lib/http/internal-call';
import { config } from '@/lib/config';

// Every read of a membership row from the database goes through findMembership: count them.
const reads = vi.hoisted(() => ({ memberships: 0 }));
vi.mock('@/lib/data/admission', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/data/admission')>();
  return { ...actual, findMembership: ((...args: Parameters<typeof actual.findMembership>) => { reads.memberships++; return actual.findMembership(...args); }) as typeof actual.findMembership };
});

let issuer: TestIssuer;
let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let authorize: typeof import('@/lib/auth/authorize').authorize;
let revokeSessions: typeof import('@/lib/auth/revocation').revokeSessions;
let routes: typeof import('@/app/api/projects/route');
const noParams = { params: Promise.resolve({}) } as never;

function tenantRequest(host: TestTenant, init: { cookie?: string; token?: string; method?: string; body?: unknown; origin?: string; secFetchSite?: string } = {}) {
  const headers = new Headers({
    host: `${host.slug}.localhost:3000`,
    // What middleware sets on every request it forwards.
    'x-forwarded-host': `${host.slug}.localhost:3000`,
    'x-forwarded-proto': 'http',
    // What the platform sets (lib/http/client-ip.ts).
    'x-forwarded-for': '203.0.113.80',
    'user-agent': 'api-client/1.0',
    [TENANT_HEADERS.slug]: host.slug,
    [TENANT_HEADERS.auth0OrgId]: host.auth0OrgId,
    [TENANT_HEADERS.tenantId]: host.tenantId,
  });
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.origin) headers.set('origin', init.origin);
  if (init.secFetchSite) headers.set('sec-fetch-site', init.secFetchSite);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  return new Request(`http://${host.slug}.localhost:3000/api/projects`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const reasonOf = (promise: Promise<unknown>) => promise.then(() => 'authorized', (error: { reason?: string }) => error.reason ?? String(error));

beforeAll(async () => {
  ({ issuer, prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '60' } }));
  ({ authorize } = await import('@/lib/auth/authorize'));
  ({ revokeSessions } = await import('@/lib/auth/revocation'));
  routes = await import('@/app/api/projects/route');
  await seedAcmeAndGlobex(prisma);
});
afterAll(stopWorld);

describe('a session is checked by authorize() itself', () => {
  it('a live session of a member is accepted', async () => {
    const ctx = await authorize({ request: tenantRequest(ACME, { cookie: await sessionCookie(ALICE, ACME) }) });
    expect(ctx).toMatchObject({ via: 'session', principal: { kind: 'user', id: ALICE } });
  });

  it('a session for another organization is refused, even for a person who is a member here', async () => {
    // Alice is an Acme member; her session is for Globex (middleware would have stopped it).
    const request = tenantRequest(ACME, { cookie: await sessionCookie(ALICE, GLOBEX) });
    expect(await reasonOf(authorize({ request }))).toBe('wrong_organization');
    const apex = tenantRequest(ACME, { cookie: await sessionCookie(ALICE, null) });
    expect(await reasonOf(authorize({ request: apex }))).toBe('wrong_organization');
  });
});

describe('sessions ended on the server are refused on their next request', () => {
  it('sign-out (the Auth0 session id) ends that session on every host it signed in to, not others', async () => {
    const acme = await sessionCookie(GINA, ACME, { sid: 'shared-sid' });
    const other = await sessionCookie(ALICE, ACME, { sid: 'other-sid' });
    await prisma.membership.create({ data: { tenantId: ACME.tenantId, userId: GINA, roles: ['org_member'], lastLoginAt: new Date(Date.now() + 3600_000) } });
    const globex = await sessionCookie(GINA, GLOBEX, { sid: 'shared-sid' });
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { cookie: acme }) }))).toBe('authorized');
    await revokeSessions({ sid: 'shared-sid' });
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { cookie: acme }) }))).toBe('unauthenticated');
    expect(await reasonOf(authorize({ request: tenantRequest(GLOBEX, { cookie: globex }) }))).toBe('unauthenticated');
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { cookie: other }) }))).toBe('authorized');
    // Through the API: 401, as for no session at all.
    expect((await routes.GET(tenantRequest(ACME, { cookie: acme }), noParams)).status).toBe(401);
  });

  it('an admin signing out a member ends that member’s sessions in this organization only; a new sign-in works', async () => {
    const acmeBob = await sessionCookie(BOB, ACME);
    const acmeAlice = await sessionCookie(ALICE, ACME);
    await prisma.membership.create({ data: { tenantId: GLOBEX.tenantId, userId: BOB, roles: ['org_member'], lastLoginAt: new Date(Date.now() + 3600_000) } });
    const globexBob = await sessionCookie(BOB, GLOBEX);
    await revokeSessions({ auth0OrgId: ACME.auth0OrgId, userId: BOB });
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { cookie: acmeBob }) }))).toBe('unauthenticated');
    expect(await reasonOf(authorize({ request: tenantRequest(GLOBEX, { cookie: globexBob }) }))).toBe('authorized');
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { cookie: acmeAlice }) }))).toBe('authorized');
    // Signed in again after the sign-out: a new session, accepted.
    const fresh = await sessionCookie(BOB, ACME, { ageSeconds: -2 });
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { cookie: fresh }) }))).toBe('authorized');
  });

  it('signing out the whole organization ends everyone’s sessions there, not in other organizations', async () => {
    const org = { slug: 'initech', auth0OrgId: 'org_initech00000000001', tenantId: 'ten_initech' };
    await prisma.organization.create({ data: { id: org.tenantId, slug: org.slug, auth0OrgId: org.auth0OrgId, displayName: 'Initech' } });
    await prisma.membership.create({ data: { tenantId: org.tenantId, userId: ALICE, roles: ['org_admin'], lastLoginAt: new Date(Date.now() + 3600_000) } });
    const initech = await sessionCookie(ALICE, org);
    const acme = await sessionCookie(ALICE, ACME);
    await revokeSessions({ auth0OrgId: org.auth0OrgId });
    expect(await reasonOf(authorize({ request: tenantRequest(org, { cookie: initech }) }))).toBe('unauthenticated');
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { cookie: acme }) }))).toBe('authorized');
  });

  it('a revocation dated in the past (a replayed logout token) never ends a later session', async () => {
    const later = await sessionCookie(ALICE, ACME, { sid: 'replayed-sid', ageSeconds: 10 });
    await revokeSessions({ sid: 'replayed-sid' }, { at: new Date(Date.now() - 3600_000) });
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { cookie: later }) }))).toBe('authorized');
    // ...and an older one on record is not moved back by it.
    await revokeSessions({ sid: 'replayed-sid' });
    await revokeSessions({ sid: 'replayed-sid' }, { at: new Date(Date.now() - 3600_000) });
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { cookie: later }) }))).toBe('unauthenticated');
  });

  it('old revocations are pruned once no session they match can still be alive', async () => {
    await revokeSessions({ sid: 'ancient-sid' }, { at: new Date(Date.now() - 4 * 24 * 3600_000) });
    expect(await prisma.sessionRevocation.findUnique({ where: { key: 'sid:ancient-sid' } })).toBeNull();
  });
});

describe('sign-out, recorded by the app for middleware (POST /api/internal/sessions/end)', () => {
  const end = async (body: string) => (await import('@/app/api/internal/sessions/end/route')).POST(await internalRequest('http://localhost:3000/api/internal/sessions/end', config().auth0.secret, { method: 'POST', body }));

  it('ends the session whose cookie it is given, on every host of that Auth0 session', async () => {
    const cookie = await sessionCookie(ALICE, ACME, { sid: 'signing-out' });
    const sameLogin = await sessionCookie(ALICE, ACME, { sid: 'signing-out', ageSeconds: 5 });
    const otherBrowser = await sessionCookie(ALICE, ACME, { sid: 'other-browser' });
    expect((await end(`theme=dark; ${cookie}`)).status).toBe(204);
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { cookie }) }))).toBe('unauthenticated');
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { cookie: sameLogin }) }))).toBe('unauthenticated');
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { cookie: otherBrowser }) }))).toBe('authorized');
  });

  it('a cookie it did not issue ends nothing', async () => {
    const before = await prisma.sessionRevocation.count();
    expect((await end('__session=forged.value.x.y.z')).status).toBe(204);
    expect((await end('')).status).toBe(204);
    expect(await prisma.sessionRevocation.count()).toBe(before);
    expect((await end(`__session=${'x'.repeat(70_000)}`)).status).toBe(413);
  });
});

describe('cookie-authenticated writes to the API', () => {
  it('a same-origin POST creates the project (the body is not consumed by authorization)', async () => {
    const cookie = await sessionCookie(ALICE, ACME);
    const response = await routes.POST(tenantRequest(ACME, { cookie, method: 'POST', body: { name: 'From the page' }, origin: 'http://acme.localhost:3000' }), noParams);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ name: 'From the page' });
    const bySecFetch = await routes.POST(tenantRequest(ACME, { cookie, method: 'POST', body: { name: 'No origin header' }, secFetchSite: 'same-origin' }), noParams);
    expect(bySecFetch.status).toBe(201);
  });

  it.each([
    ['another site', { origin: 'https://evil.example' }],
    ['another tenant of ours', { origin: 'http://globex.localhost:3000' }],
    ['the other scheme', { origin: 'https://acme.localhost:3000' }],
    ['a cross-site fetch without Origin', { secFetchSite: 'cross-site' }],
    ['no Origin and no Sec-Fetch-Site', {}],
  ])('a POST from %s is refused (403) and writes nothing', async (name, headers) => {
    const cookie = await sessionCookie(ALICE, ACME);
    const response = await routes.POST(tenantRequest(ACME, { cookie, method: 'POST', body: { name: `csrf ${name}` }, ...headers }), noParams);
    expect(response.status).toBe(403);
    expect(await prisma.project.count({ where: { name: `csrf ${name}` } })).toBe(0);
  });

  it('reads need no Origin, and bearer writes are exempt (no cookie rides along)', async () => {
    const cookie = await sessionCookie(ALICE, ACME);
    expect((await routes.GET(tenantRequest(ACME, { cookie, origin: 'https://evil.example' }), noParams)).status).toBe(200);
    const token = await issuer.sign({ sub: ALICE, org_id: ACME.auth0OrgId, permissions: ALL, [CLAIMS.tenantId]: ACME.tenantId });
    const response = await routes.POST(tenantRequest(ACME, { token, method: 'POST', body: { name: 'By API' }, origin: 'https://tool.example' }), noParams);
    expect(response.status).toBe(201);
  });
});

describe('what kind of caller a token is', () => {
  it('a person whose id ends in "@clients" (no gty) is a person: membership-checked and audited as themself', async () => {
    const mallory = 'mallory@clients';
    await prisma.membership.create({ data: { tenantId: ACME.tenantId, userId: mallory, email: 'mallory@acme.test', roles: ['org_member'], lastLoginAt: new Date(Date.now() + 3600_000) } });
    const token = await issuer.sign({ sub: mallory, azp: APP_CLIENT.id, org_id: ACME.auth0OrgId, permissions: ALL, [CLAIMS.tenantId]: ACME.tenantId });
    const ctx = await authorize({ request: tenantRequest(ACME, { token }) });
    expect(ctx.principal).toMatchObject({ kind: 'user', id: mallory });
    // Her role, not the token's scopes, bounds what she may do.
    expect(ctx.can('members:manage')).toBe(false);
    const created = await routes.POST(tenantRequest(ACME, { token, method: 'POST', body: { name: 'Mallory’s' } }), noParams);
    const { id } = await created.json();
    expect(await prisma.auditEvent.findFirst({ where: { target: id, action: 'project.created' } })).toMatchObject({ actor: mallory, actorType: 'user', actorEmail: 'mallory@acme.test' });

    const { forgetMembership } = await import('@/lib/auth/membership');
    await prisma.membership.update({ where: { tenantId_userId: { tenantId: ACME.tenantId, userId: mallory } }, data: { removedAt: new Date() } });
    forgetMembership(ACME.tenantId, mallory);
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { token }) }))).toBe('not_a_member');
  });

  it('a bearer token never counts as a fresh sign-in: a removed member is not let back in by one issued after the removal', async () => {
    const dan = 'auth0|dan';
    await prisma.membership.create({ data: { tenantId: ACME.tenantId, userId: dan, roles: ['org_member'], removedAt: new Date(Date.now() - 60_000) } });
    // Issued after the removal, for this organization, with roles: what a refresh grant mints from the old claims.
    const token = await issuer.sign({ sub: dan, org_id: ACME.auth0OrgId, permissions: ALL, [CLAIMS.tenantId]: ACME.tenantId, [CLAIMS.roles]: ['org_member'] });
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { token }) }))).toBe('not_a_member');
    // Nor by the API wrapper, which admits tokens before it authorizes.
    expect((await routes.GET(tenantRequest(ACME, { token }), noParams)).status).toBe(403);
    expect((await prisma.membership.findUnique({ where: { tenantId_userId: { tenantId: ACME.tenantId, userId: dan } } }))!.removedAt).not.toBeNull();
  });

  it('a first token of a person Auth0 made a member is admitted by the API wrapper, once; authorize() alone does not', async () => {
    const erin = 'auth0|erin';
    const token = await issuer.sign({ sub: erin, org_id: ACME.auth0OrgId, permissions: ALL, [CLAIMS.tenantId]: ACME.tenantId, [CLAIMS.roles]: ['org_member'] });
    const row = () => prisma.membership.findUnique({ where: { tenantId_userId: { tenantId: ACME.tenantId, userId: erin } } });
    expect(await reasonOf(authorize({ request: tenantRequest(ACME, { token }) }))).toBe('not_a_member');
    expect(await row()).toBeNull();
    expect((await routes.GET(tenantRequest(ACME, { token }), noParams)).status).toBe(200);
    expect(await row()).toMatchObject({ roles: ['org_member'], source: 'login', removedAt: null });
    expect((await routes.GET(tenantRequest(ACME, { token }), noParams)).status).toBe(200);
    expect(await prisma.auditEvent.count({ where: { tenantId: ACME.tenantId, target: erin, action: { in: ['member.joined', 'member.login'] } } })).toBe(1);
    expect(await prisma.auditEvent.findFirst({ where: { tenantId: ACME.tenantId, target: erin, action: 'member.joined' } })).toMatchObject({ actorType: 'user', ip: '203.0.113.80', userAgent: 'api-client/1.0' });
    // Requests with a token already recorded read the (cached) row only: no fresh read each.
    reads.memberships = 0;
    for (let i = 0; i < 5; i++) expect((await routes.GET(tenantRequest(ACME, { token }), noParams)).status).toBe(200);
    expect(reads.memberships).toBe(0);
    // The same token for another organization's host admits nothing there.
    expect((await routes.GET(tenantRequest(GLOBEX, { token }), noParams)).status).toBe(403);
    expect(await prisma.membership.count({ where: { tenantId: GLOBEX.tenantId, userId: erin } })).toBe(0);
  });
});
