// Organization settings and deletion against the local tenant's Management API and a real database.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';
import { organizationInput } from '@/lib/admin/inputs';

let w: World;
let org: typeof import('@/lib/admin/organization');
let ManagementApiError: typeof import('@/lib/management/client').ManagementApiError;

beforeAll(async () => {
  w = await startWorld();
  org = await import('@/lib/admin/organization');
  ({ ManagementApiError } = await import('@/lib/management/client'));
});
afterAll(async () => w?.close());
afterEach(async () => w.clearFaults());

const auth0Org = (slug: string) => w.harness.store.state.organizations.find((o) => o.name === slug);
const settings = { displayName: 'Acme Rockets', logoUrl: 'https://cdn.example.test/acme.png', primaryColor: '#112233', pageBackgroundColor: '#fafafa' };

describe('organization settings', () => {
  it('saves name and branding to our row and to the Auth0 organization, keeps metadata, and audits', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    await org.updateOrganization(admin, organizationInput.parse(settings));
    expect(await w.prisma.organization.findUnique({ where: { id: w.org('acme').id } })).toMatchObject(settings);
    expect(auth0Org('acme')).toMatchObject({
      display_name: 'Acme Rockets',
      branding: { logo_url: 'https://cdn.example.test/acme.png', colors: { primary: '#112233', page_background: '#fafafa' } },
      metadata: { tenantId: w.org('acme').id },
    });
    const [event] = await w.prisma.auditEvent.findMany({ where: { tenantId: w.org('acme').id, action: 'organization.updated' } });
    expect(event!.details).toMatchObject({ changed: { displayName: { from: 'Acme Corp', to: 'Acme Rockets' }, primaryColor: { from: '#4f46e5', to: '#112233' } } });
  });

  it('removing the logo removes it in Auth0 too', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    await org.updateOrganization(admin, organizationInput.parse({ ...settings, logoUrl: '' }));
    expect(auth0Org('acme')!.branding).toEqual({ colors: { primary: '#112233', page_background: '#fafafa' } });
    expect((await org.organizationSettings(admin)).logoUrl).toBeNull();
  });

  it('an Auth0 outage changes nothing, here or there', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const before = JSON.stringify(auth0Org('acme'));
    await w.fault({ path: '/api/v2/organizations', method: 'PATCH', status: 502 });
    const error = await org.updateOrganization(admin, organizationInput.parse({ ...settings, displayName: 'Never saved' })).catch((e) => e);
    expect(error).toBeInstanceOf(ManagementApiError);
    expect(error.message).toBe('Auth0 is not answering right now. Nothing was changed; please try again shortly.');
    expect(JSON.stringify(auth0Org('acme'))).toBe(before);
    expect((await org.organizationSettings(admin)).displayName).toBe('Acme Rockets');
  });

  it('a slow Auth0 still saves (within the client timeout)', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    await w.fault({ path: '/api/v2/organizations', method: 'PATCH', latency_ms: 1500, times: 1 });
    await org.updateOrganization(admin, organizationInput.parse({ ...settings, displayName: 'Acme Slow' }));
    expect(auth0Org('acme')!.display_name).toBe('Acme Slow');
    expect((await org.organizationSettings(admin)).displayName).toBe('Acme Slow');
  });

  it('puts the Auth0 organization back when our database refuses the change', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const before = JSON.stringify({ name: auth0Org('acme')!.display_name, branding: auth0Org('acme')!.branding });
    // A display name the database cannot store (NUL byte) fails after Auth0 accepted it.
    const error = await org.updateOrganization(admin, { ...organizationInput.parse(settings), displayName: 'Bad\u0000name' }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ManagementApiError); // Auth0 took it; the database did not
    expect(JSON.stringify({ name: auth0Org('acme')!.display_name, branding: auth0Org('acme')!.branding })).toBe(before);
  });
});

describe('deleting the organization', () => {
  it('needs the slug typed exactly, and changes nothing otherwise', async () => {
    const admin = await w.ctx('globex', 'carol@example.test');
    await expect(org.deleteOrganization(admin, 'acme')).rejects.toMatchObject({ field: 'confirmSlug' });
    expect(auth0Org('globex')).toBeDefined();
  });

  it('an Auth0 failure leaves everything in place', async () => {
    const admin = await w.ctx('globex', 'carol@example.test');
    await w.fault({ path: '/api/v2/organizations', method: 'DELETE', status: 429, retry_after: 1 });
    await expect(org.deleteOrganization(admin, 'globex')).rejects.toThrow(ManagementApiError);
    expect(auth0Org('globex')).toBeDefined();
    expect(await w.prisma.organization.count({ where: { id: w.org('globex').id } })).toBe(1);
  });

  it('removes the organization’s enterprise connections from Auth0 too', async () => {
    const admin = await w.ctx('globex', 'carol@example.test');
    const token = await w.harness.token('create:connections');
    const created = await w.harness.api('POST', '/api/v2/connections', { token, body: { name: 'globex-oidc', strategy: 'oidc', options: { type: 'back_channel', issuer: 'https://idp.globex.test', client_id: 'c', client_secret: 's' } } });
    expect(created.status).toBe(201);
    await w.prisma.ssoConnection.create({ data: { tenantId: w.org('globex').id, auth0ConnectionId: created.body.id, name: 'globex-oidc', strategy: 'oidc', displayName: 'Globex SSO', createdBy: admin.principal.id } });
    await w.fault({ path: '/api/v2/connections', method: 'DELETE', status: 503, times: 10 });
    await expect(org.deleteOrganization(admin, 'globex')).rejects.toThrow(ManagementApiError);
    // Nothing else was touched when the connection could not be removed.
    expect(auth0Org('globex')).toBeDefined();
    await w.clearFaults();
    expect(w.harness.store.state.connections.some((c) => c.name === 'globex-oidc')).toBe(true);
  });

  it('deletes the Auth0 organization and the tenant’s data, leaving an audit record', async () => {
    const admin = await w.ctx('globex', 'carol@example.test');
    const { id, auth0OrgId } = w.org('globex');
    await w.prisma.project.create({ data: { tenantId: id, name: 'Plan', createdBy: admin.principal.id } });
    const { tenantBySlug } = await import('@/lib/tenancy/tenant-directory');
    expect(await tenantBySlug('globex')).toMatchObject({ auth0OrgId }); // now in the lookup's cache
    await org.deleteOrganization(admin, ' Globex ');
    expect(await tenantBySlug('globex')).toBeNull();
    expect(w.harness.store.state.organizations.find((o) => o.id === auth0OrgId)).toBeUndefined();
    expect(await w.prisma.organization.count({ where: { id } })).toBe(0);
    expect(await w.prisma.membership.count({ where: { tenantId: id } })).toBe(0);
    expect(await w.prisma.project.count({ where: { tenantId: id } })).toBe(0);
    expect(w.harness.store.state.connections.some((c) => c.name === 'globex-oidc')).toBe(false);
    const events = await w.prisma.auditEvent.findMany({ where: { tenantId: id, action: 'organization.deleted' } });
    expect(events).toEqual([expect.objectContaining({ actor: admin.principal.id, target: 'globex', details: expect.objectContaining({ auth0OrgId, members: 2, projects: 1 }) })]);
    // The people still exist, and other organizations are untouched.
    expect(w.harness.store.state.users.some((u) => u.email === 'dave@globex.test')).toBe(true);
    expect(await w.prisma.membership.count({ where: { tenantId: w.org('acme').id } })).toBe(3);
  });
});
