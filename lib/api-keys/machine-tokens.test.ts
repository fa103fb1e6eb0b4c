// How the app treats a machine (client-credentials) token: only through a live API key of the
// host's organization, with the permissions both the token and the key allow, its use recorded
// at most once a minute. Real route handlers, authorize() and database; tokens from a stand-in
// issuer (the whole path with the local tenant is in api-keys.integration.test.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACME, ALICE, GLOBEX, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';
import type { TestIssuer } from '@/lib/testing/issuer';

let issuer: TestIssuer;
let prisma: Awaited<ReturnType<typeof startWorld>>['prisma'];
let routes: typeof import('@/app/api/projects/route');
const noParams = { params: Promise.resolve({}) } as never;
const CLIENT = 'key-client-1';

function call(tenant: typeof ACME, token: string, method = 'GET') {
  const headers = new Headers({ authorization: `Bearer ${token}`, [TENANT_HEADERS.slug]: tenant.slug, [TENANT_HEADERS.auth0OrgId]: tenant.auth0OrgId, [TENANT_HEADERS.tenantId]: tenant.tenantId });
  if (method === 'POST') headers.set('content-type', 'application/json');
  const request = new Request(`http://${tenant.slug}.localhost:3000/api/projects`, { method, headers, body: method === 'POST' ? JSON.stringify({ name: 'From a key' }) : undefined });
  return method === 'POST' ? routes.POST(request, noParams) : routes.GET(request, noParams);
}

const machineToken = (org: typeof ACME, scope: string, client = CLIENT) =>
  issuer.sign({ sub: `${client}@clients`, azp: client, gty: 'client-credentials', org_id: org.auth0OrgId, scope });

const key = (data: { permissions?: string[]; revokedAt?: Date; expiresAt?: Date; tenantId?: string; lastUsedAt?: Date } = {}) =>
  prisma.apiKey.create({ data: { tenantId: ACME.tenantId, auth0ClientId: CLIENT, name: 'CI', permissions: ['projects:read', 'projects:write'], createdBy: ALICE, ...data } });

beforeAll(async () => {
  ({ issuer, prisma } = await startWorld({ auth0: 'stand-in-issuer' }));
  await seedAcmeAndGlobex(prisma);
  routes = await import('@/app/api/projects/route');
});
afterAll(stopWorld);
beforeEach(async () => {
  await prisma.apiKey.deleteMany();
});

describe('a machine token counts only through a live API key of the host organization', () => {
  it('no key for its client: 401 invalid_token, whatever its scopes', async () => {
    const response = await call(ACME, await machineToken(ACME, 'projects:read projects:write'));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_token', message: expect.stringContaining('not an API key of this organization') });
  });

  it('a key of another organization does not count here', async () => {
    await key({ tenantId: GLOBEX.tenantId });
    expect((await call(ACME, await machineToken(ACME, 'projects:read'))).status).toBe(401);
    // ...and its own organization's token is for another organization on this host.
    expect((await call(ACME, await machineToken(GLOBEX, 'projects:read'))).status).toBe(403);
    expect((await call(GLOBEX, await machineToken(GLOBEX, 'projects:read'))).status).toBe(200);
  });

  it('grants what both the token and the key allow', async () => {
    await key({ permissions: ['projects:read'] });
    const token = await machineToken(ACME, 'projects:read projects:write');
    expect((await call(ACME, token)).status).toBe(200);
    const write = await call(ACME, token, 'POST');
    expect(write.status).toBe(403);
    expect(await prisma.project.count({ where: { name: 'From a key' } })).toBe(0);
  });

  it('a key that allows the write lets the token write, audited as the key', async () => {
    const row = await key();
    const created = await call(ACME, await machineToken(ACME, 'projects:read projects:write'), 'POST');
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect(await prisma.auditEvent.findFirst({ where: { target: id, action: 'project.created' } })).toMatchObject({ actor: CLIENT, actorName: 'API key “CI”' });
    expect(row.id).toBeTruthy();
  });

  it('a revoked key: refused on the next request', async () => {
    const token = await machineToken(ACME, 'projects:read');
    const row = await key();
    expect((await call(ACME, token)).status).toBe(200);
    await prisma.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    const refused = await call(ACME, token);
    expect([refused.status, (await refused.json()).message]).toEqual([401, 'This API key was revoked.']);
  });

  it('an expired key: refused', async () => {
    await key({ expiresAt: new Date(Date.now() - 1000) });
    const refused = await call(ACME, await machineToken(ACME, 'projects:read'));
    expect([refused.status, (await refused.json()).message]).toEqual([401, 'This API key has expired.']);
  });

  it('records the last use, at most once a minute', async () => {
    const row = await key();
    const token = await machineToken(ACME, 'projects:read');
    const lastUsed = async () => (await prisma.apiKey.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await call(ACME, token);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await call(ACME, token);
    expect(await lastUsed()).toEqual(first);
    // A use recorded over a minute ago is recorded again.
    await prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date(Date.now() - 61_000) } });
    await call(ACME, token);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(Date.now() - 5_000);
  });
});
