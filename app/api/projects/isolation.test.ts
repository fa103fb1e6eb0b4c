// Tries to cross tenants through the projects API every way we could think of. Each
// attempt must fail closed. Runs the real route handlers, authorize() and the database;
// tokens come from a stand-in issuer serving its JWKS over HTTP, as Auth0 does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
import { unsignedToken, type TestIssuer } from '@/lib/testing/issuer';
import { ACME, ALICE, ALL, GLOBEX, seedOrganizations, startWorld, stopWorld } from '@/lib/testing/world';
import { APP_CLIENT } from '@/lib/testing/seeded';
import { CLAIMS } from '@/lib/auth/claims';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';

let issuer: TestIssuer;
let routes: typeof import('@/app/api/projects/route');
let itemRoutes: typeof import('@/app/api/projects/[id]/route');
let forgetMembership: (tenantId: string, userId: string) => void;
let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;

const RITA = 'auth0|rita'; // acme read-only
const GARY = 'auth0|gary'; // globex member
let globexProjectId: string;
let acmeProjectId: string;

function request(tenant: typeof ACME | null, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string>; path?: string } = {}) {
  const headers = new Headers(init.headers);
  if (tenant) {
    headers.set(TENANT_HEADERS.slug, tenant.slug);
    headers.set(TENANT_HEADERS.auth0OrgId, tenant.auth0OrgId);
    headers.set(TENANT_HEADERS.tenantId, tenant.tenantId);
  }
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  return new Request(`http://${tenant?.slug ?? 'www'}.localhost:3000${init.path ?? '/api/projects'}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
}
const noParams = { params: Promise.resolve({}) } as never;
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

function userToken(sub: string, tenant: typeof ACME, permissions: string[], extra: Record<string, unknown> = {}) {
  return issuer.sign({ sub, org_id: tenant.auth0OrgId, azp: APP_CLIENT.id, permissions, scope: 'openid profile email', [CLAIMS.tenantId]: tenant.tenantId, ...extra });
}

beforeAll(async () => {
  ({ issuer, prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '60' } }));
  ({ forgetMembership } = await import('@/lib/auth/membership'));
  routes = await import('@/app/api/projects/route');
  itemRoutes = await import('@/app/api/projects/[id]/route');
  await seedOrganizations(prisma);
  await prisma.membership.createMany({
    data: [
      { tenantId: ACME.tenantId, userId: ALICE, roles: ['org_admin'], lastLoginAt: new Date(Date.now() + 3600_000) },
      { tenantId: ACME.tenantId, userId: RITA, roles: ['org_readonly'], lastLoginAt: new Date(Date.now() + 3600_000) },
      { tenantId: GLOBEX.tenantId, userId: GARY, roles: ['org_member'], lastLoginAt: new Date(Date.now() + 3600_000) },
    ],
  });
  acmeProjectId = (await prisma.project.create({ data: { tenantId: ACME.tenantId, name: 'Acme rocket', createdBy: ALICE } })).id;
  globexProjectId = (await prisma.project.create({ data: { tenantId: GLOBEX.tenantId, name: 'Globex secret plan', description: 'confidential', createdBy: GARY } })).id;
});

afterAll(stopWorld);

describe('the projects API with a valid token', () => {
  it('lists only the caller tenant’s projects', async () => {
    const response = await routes.GET(request(ACME, { token: await userToken(ALICE, ACME, ALL) }), noParams);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.projects.map((p: { name: string }) => p.name)).toEqual(['Acme rocket']);
  });

  it('creates, reads, renames and deletes within the tenant, with audit events', async () => {
    const token = await userToken(ALICE, ACME, ALL);
    const created = await routes.POST(request(ACME, { method: 'POST', token, body: { name: 'Launch pad', description: 'v1' } }), noParams);
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect((await itemRoutes.GET(request(ACME, { token }), idParams(id))).status).toBe(200);
    const patched = await itemRoutes.PATCH(request(ACME, { method: 'PATCH', token, body: { name: 'Launch pad 2' } }), idParams(id));
    expect(await patched.json()).toMatchObject({ id, name: 'Launch pad 2', description: 'v1' });
    expect((await itemRoutes.DELETE(request(ACME, { method: 'DELETE', token }), idParams(id))).status).toBe(204);
    const actions = await prisma.auditEvent.findMany({ where: { tenantId: ACME.tenantId, target: id }, orderBy: { createdAt: 'asc' } });
    expect(actions.map((a) => a.action)).toEqual(['project.created', 'project.updated', 'project.deleted']);
  });
});

describe('crossing tenants fails closed', () => {
  it('another tenant’s project id gives 404 on read, update and delete, and changes nothing', async () => {
    const token = await userToken(ALICE, ACME, ALL);
    expect((await itemRoutes.GET(request(ACME, { token }), idParams(globexProjectId))).status).toBe(404);
    expect((await itemRoutes.PATCH(request(ACME, { method: 'PATCH', token, body: { name: 'pwned' } }), idParams(globexProjectId))).status).toBe(404);
    expect((await itemRoutes.DELETE(request(ACME, { method: 'DELETE', token }), idParams(globexProjectId))).status).toBe(404);
    expect(await prisma.project.findUnique({ where: { id: globexProjectId } })).toMatchObject({ name: 'Globex secret plan' });
  });

  it('an access token of org A is refused on org B’s host (403)', async () => {
    const response = await routes.GET(request(GLOBEX, { token: await userToken(ALICE, ACME, ALL) }), noParams);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'wrong_organization' });
  });

  it('a token claiming B’s org for a user who is not B’s member is refused (403)', async () => {
    const response = await routes.GET(request(GLOBEX, { token: await userToken(ALICE, GLOBEX, ALL) }), noParams);
    expect(response.status).toBe(403);
  });

  it('a request without the tenant context from middleware is not served (404)', async () => {
    const response = await routes.GET(request(null, { token: await userToken(ALICE, ACME, ALL) }), noParams);
    expect(response.status).toBe(404);
  });

  it('a removed member is refused on their next request, although their token is still valid', async () => {
    const token = await userToken(RITA, ACME, ['projects:read']);
    expect((await routes.GET(request(ACME, { token }), noParams)).status).toBe(200);
    await prisma.membership.update({ where: { tenantId_userId: { tenantId: ACME.tenantId, userId: RITA } }, data: { removedAt: new Date() } });
    forgetMembership(ACME.tenantId, RITA);
    const response = await routes.GET(request(ACME, { token }), noParams);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'not_a_member' });
  });
});

describe('an organization deleted while middleware still has it cached', () => {
  it('refuses its former members (403), without a database error', async () => {
    const gone = { slug: 'initrode', auth0OrgId: 'org_initrode0000000001', tenantId: 'ten_initrode' };
    const token = await userToken('auth0|ivan', gone, ['projects:read'], { [CLAIMS.roles]: ['org_member'] });
    const response = await routes.GET(request(gone, { token }), noParams);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'not_a_member' });
  });
});

describe('bad tokens get 401 with WWW-Authenticate', () => {
  const cases: [string, () => Promise<string>][] = [
    ['wrong audience', () => issuer.sign({ sub: ALICE, org_id: ACME.auth0OrgId, permissions: ALL }, { audience: 'https://someone-else.example/api' })],
    ['wrong issuer', () => issuer.sign({ sub: ALICE, org_id: ACME.auth0OrgId, permissions: ALL }, { issuer: 'https://evil.example/' })],
    ['expired', () => issuer.sign({ sub: ALICE, org_id: ACME.auth0OrgId, permissions: ALL }, { expiresIn: Math.floor(Date.now() / 1000) - 120 })],
    ['alg none', async () => unsignedToken({ sub: ALICE, org_id: ACME.auth0OrgId, permissions: ALL, iss: issuer.issuer, aud: 'https://api.tenantry.local', exp: Math.floor(Date.now() / 1000) + 600 })],
    ['signed by another key', async () => issuer.sign({ sub: ALICE, org_id: ACME.auth0OrgId, permissions: ALL }, { key: (await generateKeyPair('RS256')).privateKey })],
    ['HS256 with the public key as secret', async () => {
      const jwks = await (await fetch(`${issuer.origin}/.well-known/jwks.json`)).json();
      const { SignJWT } = await import('jose');
      return new SignJWT({ sub: ALICE, org_id: ACME.auth0OrgId, permissions: ALL }).setProtectedHeader({ alg: 'HS256', kid: 'test-key-1' }).setIssuer(issuer.issuer).setAudience('https://api.tenantry.local').setExpirationTime('1h').sign(new TextEncoder().encode(JSON.stringify(jwks.keys[0])));
    }],
    ['garbage', async () => 'not.a.jwt'],
  ];
  it.each(cases)('%s', async (_name, makeToken) => {
    const response = await routes.GET(request(ACME, { token: await makeToken() }), noParams);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(JSON.stringify(await response.json())).not.toMatch(/stack|at \w+ \(/);
  });

  it('no credentials at all: 401 with a plain Bearer challenge', async () => {
    const response = await routes.GET(request(ACME), noParams);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('roles, permissions and input', () => {
  it('a read-only role may read but not write (403)', async () => {
    const dave = 'auth0|dave';
    await prisma.membership.create({ data: { tenantId: GLOBEX.tenantId, userId: dave, roles: ['org_readonly'], lastLoginAt: new Date(Date.now() + 3600_000) } });
    const token = await userToken(dave, GLOBEX, ['projects:read', 'projects:write']); // the token over-claims; the role decides
    expect((await routes.GET(request(GLOBEX, { token }), noParams)).status).toBe(200);
    const response = await routes.POST(request(GLOBEX, { method: 'POST', token, body: { name: 'nope' } }), noParams);
    expect(response.status).toBe(403);
    expect(await prisma.project.count({ where: { tenantId: GLOBEX.tenantId, name: 'nope' } })).toBe(0);
  });

  it('a machine token of the org acts within its granted scopes only', async () => {
    // An API key of Acme whose permissions allow more than this token's scope.
    await prisma.apiKey.create({ data: { tenantId: ACME.tenantId, auth0ClientId: 'api-client', name: 'bot', permissions: ['projects:read', 'projects:write'], createdBy: ALICE } });
    const token = await issuer.sign({ sub: 'api-client@clients', azp: 'api-client', gty: 'client-credentials', org_id: ACME.auth0OrgId, scope: 'projects:read' });
    expect((await routes.GET(request(ACME, { token }), noParams)).status).toBe(200);
    expect((await routes.POST(request(ACME, { method: 'POST', token, body: { name: 'bot' } }), noParams)).status).toBe(403);
  });

  it.each([
    ['not JSON', '{oops', 'invalid_json'],
    ['missing name', { description: 'x' }, 'invalid_body'],
    ['empty name', { name: '   ' }, 'invalid_body'],
    ['name too long', { name: 'x'.repeat(101) }, 'invalid_body'],
    ['wrong type', { name: 42 }, 'invalid_body'],
  ])('400 for an invalid body: %s', async (_name, body, code) => {
    const response = await routes.POST(request(ACME, { method: 'POST', token: await userToken(ALICE, ACME, ALL), body }), noParams);
    expect(response.status).toBe(400);
    const json = await response.json();
    expect(json.error).toBe(code);
    if (code === 'invalid_body') expect(Object.keys(json.fields).length).toBeGreaterThan(0);
  });

  it('a NUL character (which the database cannot store) is a 400 in a body and a 404 in an id, never a 500', async () => {
    const token = await userToken(ALICE, ACME, ALL);
    const created = await routes.POST(request(ACME, { method: 'POST', token, body: { name: 'nul\u0000name' } }), noParams);
    expect(created.status).toBe(400);
    expect(Object.keys((await created.json()).fields)).toEqual(['name']);
    const patched = await itemRoutes.PATCH(request(ACME, { method: 'PATCH', token, body: { description: 'a\u0000b' } }), idParams(acmeProjectId));
    expect(patched.status).toBe(400);
    for (const call of [
      () => itemRoutes.GET(request(ACME, { token }), idParams('x\u0000')),
      () => itemRoutes.PATCH(request(ACME, { method: 'PATCH', token, body: { name: 'n' } }), idParams('x\u0000')),
      () => itemRoutes.DELETE(request(ACME, { method: 'DELETE', token }), idParams('x\u0000')),
    ]) expect((await call()).status).toBe(404);
  });

  it('409 with a field error for a duplicate name', async () => {
    const response = await routes.POST(request(ACME, { method: 'POST', token: await userToken(ALICE, ACME, ALL), body: { name: 'Acme rocket' } }), noParams);
    expect(response.status).toBe(409);
    expect((await response.json()).fields.name).toBeDefined();
  });

  it('405 with Allow for a wrong method', async () => {
    const response = routes.PUT();
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });
});
