// API keys end to end, against the whole local tenant in process (Management API and
// Authentication API) and a real database: an admin creates a key, the key's credentials get a
// token from the tenant's /oauth/token with the organization, /api/projects answers with exactly
// the key's permissions, and after revocation the same token is refused on its next request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWholeTenantWorld, type World } from '@/lib/testing/world';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';
import type { LocalTenant } from '@/auth0-local/src/server';
import type { TenantContext } from '@/lib/core/context';

let w: World & { tenant: LocalTenant };
let keys: typeof import('@/lib/api-keys/keys');
let routes: typeof import('@/app/api/projects/route');
let organization: typeof import('@/lib/admin/organization');
const noParams = { params: Promise.resolve({}) } as never;

beforeAll(async () => {
  w = await startWholeTenantWorld();
  keys = await import('@/lib/api-keys/keys');
  routes = await import('@/app/api/projects/route');
  organization = await import('@/lib/admin/organization');
}, 120_000);
afterAll(async () => w?.close());

const alice = () => w.ctx('acme', 'alice@acme.test');

/** The token request the key's curl makes. */
async function tokenFor(key: { tokenUrl: string; clientId: string; clientSecret: string; audience: string; organization: string }, organization = key.organization) {
  const response = await fetch(key.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: key.clientId, client_secret: key.clientSecret, audience: key.audience, organization }),
  });
  return { status: response.status, body: (await response.json()) as { access_token?: string; error?: string } };
}

/** A request to /api/projects on `slug`'s host, as middleware passes it on. */
function projects(slug: string, token: string, method: 'GET' | 'POST' = 'GET') {
  const org = w.org(slug);
  const headers = new Headers({ authorization: `Bearer ${token}`, [TENANT_HEADERS.slug]: org.slug, [TENANT_HEADERS.auth0OrgId]: org.auth0OrgId, [TENANT_HEADERS.tenantId]: org.id });
  if (method === 'POST') headers.set('content-type', 'application/json');
  const request = new Request(`http://${slug}.localhost:3000/api/projects`, { method, headers, body: method === 'POST' ? JSON.stringify({ name: 'Made by a key' }) : undefined });
  return method === 'POST' ? routes.POST(request, noParams) : routes.GET(request, noParams);
}

describe('an API key, from creation to revocation', () => {
  it('works with exactly its permissions, for its organization only, until revoked', async () => {
    const ctx = await alice();
    const key = await keys.createApiKey(ctx, { name: 'Reporting', permissions: ['projects:read'], expiresInDays: '' });
    expect(key).toMatchObject({ name: 'Reporting', organization: w.org('acme').auth0OrgId, tokenUrl: `${w.tenant.url}/oauth/token`, apiUrl: expect.stringMatching(/^http:\/\/acme\..*\/api\/projects$/) });
    expect(key.curl).toContain(`--data 'client_secret=${key.clientSecret}'`);
    // In Auth0: a machine client whose grant requires an organization and is associated with Acme only.
    const state = w.tenant.store.state;
    const grant = state.clientGrants.find((g) => g.client_id === key.clientId)!;
    expect(grant).toMatchObject({ scope: ['projects:read'], organization_usage: 'require', allow_any_organization: false });
    expect(state.organizationClientGrants.filter((a) => a.grant_id === grant.id).map((a) => a.org_id)).toEqual([w.org('acme').auth0OrgId]);
    // In our database: the row, with no secret anywhere, and the audit event.
    const row = await w.prisma.apiKey.findFirstOrThrow({ where: { auth0ClientId: key.clientId } });
    expect(row).toMatchObject({ tenantId: w.org('acme').id, name: 'Reporting', permissions: ['projects:read'], createdBy: ctx.principal.id, revokedAt: null, expiresAt: null });
    expect(JSON.stringify(await w.prisma.auditEvent.findMany())).not.toContain(key.clientSecret);
    expect(await w.prisma.auditEvent.findFirst({ where: { action: 'api_key.created', target: row.id } })).toMatchObject({ actor: ctx.principal.id });

    const issued = await tokenFor(key);
    expect(issued.status).toBe(200);
    const token = issued.body.access_token!;
    expect((await projects('acme', token)).status).toBe(200);
    expect((await w.prisma.apiKey.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).not.toBeNull();
    const write = await projects('acme', token, 'POST');
    expect(write.status).toBe(403);

    // Another organization: Auth0 refuses to name it, and the token of Acme is refused on Globex's host.
    expect((await tokenFor(key, w.org('globex').auth0OrgId)).status).toBe(403);
    expect((await projects('globex', token)).status).toBe(403);

    await keys.revokeApiKey(ctx, row.id);
    // The token is still a valid JWT (Auth0 does not revoke JWTs): the app refuses it itself.
    const refused = await projects('acme', token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_token', message: 'This API key was revoked.' });
    expect(w.tenant.store.client(key.clientId)).toBeUndefined();
    expect((await tokenFor(key)).status).toBe(401);
    expect(await w.prisma.auditEvent.findFirst({ where: { action: 'api_key.revoked', target: row.id } })).toBeTruthy();
  });

  it('a key with projects:write writes; rotating the secret retires the old one', async () => {
    const ctx = await alice();
    const key = await keys.createApiKey(ctx, { name: 'CI', permissions: ['projects:read', 'projects:write'], expiresInDays: '30' });
    const row = await w.prisma.apiKey.findFirstOrThrow({ where: { auth0ClientId: key.clientId } });
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const token = (await tokenFor(key)).body.access_token!;
    const created = await projects('acme', token, 'POST');
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect(await w.prisma.auditEvent.findFirst({ where: { action: 'project.created', target: id } })).toMatchObject({ actor: key.clientId, actorName: 'API key “CI”' });

    const rotated = await keys.rotateApiKeySecret(ctx, row.id);
    expect(rotated.clientId).toBe(key.clientId);
    expect(rotated.clientSecret).not.toBe(key.clientSecret);
    expect((await tokenFor(key)).status).toBe(401);
    expect((await tokenFor(rotated)).status).toBe(200);
    expect(await w.prisma.auditEvent.findFirst({ where: { action: 'api_key.secret_rotated', target: row.id } })).toBeTruthy();
  });

  it('an expired key is refused even with a fresh token', async () => {
    const ctx = await alice();
    const key = await keys.createApiKey(ctx, { name: 'Short-lived', permissions: ['projects:read'], expiresInDays: '7' });
    const token = (await tokenFor(key)).body.access_token!;
    expect((await projects('acme', token)).status).toBe(200);
    await w.prisma.apiKey.updateMany({ where: { auth0ClientId: key.clientId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const refused = await projects('acme', token);
    expect([refused.status, (await refused.json()).message]).toEqual([401, 'This API key has expired.']);
  });

  it('an admin cannot mint a key with more than their own permissions: refused before anything is created', async () => {
    const full = await alice();
    // The admin's access here is only what this context allows (e.g. a narrowed token).
    const permissions = new Set(['org:manage', 'projects:read'] as const);
    const narrowed: TenantContext = { ...full, permissions, can: (p) => permissions.has(p as never) };
    const clientsBefore = w.tenant.store.state.clients.length;
    const rowsBefore = await w.prisma.apiKey.count();
    await expect(keys.createApiKey(narrowed, { name: 'Too much', permissions: ['projects:read', 'projects:write'], expiresInDays: '' }))
      .rejects.toMatchObject({ name: 'DomainError', field: 'permissions', message: expect.stringContaining('projects:write') });
    expect(w.tenant.store.state.clients.length).toBe(clientsBefore);
    expect(await w.prisma.apiKey.count()).toBe(rowsBefore);
  });

  it('when recording the key fails, the Auth0 application is deleted again', async () => {
    const ctx = await alice();
    const clientsBefore = w.tenant.store.state.clients.map((c) => c.client_id);
    // A name that is taken is checked first; make the database step fail instead: the organization row is gone.
    const ghost: TenantContext = { ...ctx, tenant: { ...ctx.tenant, tenantId: 'ten_nowhere' } };
    await expect(keys.createApiKey(ghost, { name: 'Orphan', permissions: ['projects:read'], expiresInDays: '' })).rejects.toThrow();
    expect(w.tenant.store.state.clients.map((c) => c.client_id)).toEqual(clientsBefore);
  });

  it("deleting the organization deletes its keys' applications in Auth0 and their rows", async () => {
    const ctx = await w.ctx('globex', 'carol@example.test');
    const globexId = w.org('globex').id;
    const key = await keys.createApiKey(ctx, { name: 'Globex sync', permissions: ['projects:read'], expiresInDays: '' });
    expect(w.tenant.store.client(key.clientId)).toBeTruthy();
    await organization.deleteOrganization(ctx, 'globex');
    expect(w.tenant.store.client(key.clientId)).toBeUndefined();
    expect(await w.prisma.apiKey.count({ where: { tenantId: globexId } })).toBe(0);
    expect(await w.prisma.auditEvent.findFirst({ where: { tenantId: globexId, action: 'organization.deleted' } })).toMatchObject({ details: expect.objectContaining({ apiKeys: 1 }) });
  });
});
