// A collector's path end to end: a client-credentials token from the local Auth0 tenant for one
// organization (Auth0 Organizations for M2M), with audit:read, pages that organization's audit
// stream; the same client without the scope, or with another organization's token, is refused.
// https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, API_CLIENT, postToken, startTenant } from '@/auth0-local/testing/local-tenant';
import { startWorld, stopWorld } from '@/lib/testing/world';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';

type Tenant = Awaited<ReturnType<typeof startTenant>>;
let tenant: Tenant;
let route: typeof import('@/app/api/audit/export/route');
const noParams = { params: Promise.resolve({}) } as never;

/** The seeded organization `slug` of the local tenant (its Tenantry id is in its metadata). */
function org(slug: string) {
  const o = tenant.store.state.organizations.find((x) => x.name === slug)!;
  return { slug, auth0OrgId: o.id, tenantId: o.metadata.tenantId! };
}

async function token(organization: string, scope?: string): Promise<string> {
  const r = await postToken(tenant, { grant_type: 'client_credentials', client_id: API_CLIENT.clientId, client_secret: API_CLIENT.clientSecret, audience: API, organization, ...(scope ? { scope } : {}) });
  if (typeof r.body.access_token !== 'string') throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.access_token;
}

function stream(slug: string, accessToken: string, query = '') {
  const o = org(slug);
  const headers = new Headers({ authorization: `Bearer ${accessToken}`, [TENANT_HEADERS.slug]: o.slug, [TENANT_HEADERS.auth0OrgId]: o.auth0OrgId, [TENANT_HEADERS.tenantId]: o.tenantId });
  return route.GET(new Request(`http://${slug}.localhost:3000/api/audit/export${query}`, { headers }), noParams);
}

beforeAll(async () => {
  tenant = await startTenant();
  // The app trusts the local tenant's tokens (AUTH0_DOMAIN), as it does when run locally.
  const { prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { AUTH0_DOMAIN: tenant.url } });
  route = await import('@/app/api/audit/export/route');
  // The seeded API client's grant, with audit:read added (as an organization's API key would carry it).
  tenant.store.mutate((s) => {
    s.clientGrants.find((g) => g.client_id === API_CLIENT.clientId && g.audience === API)!.scope.push('audit:read');
  });
  const createdAt = new Date(Date.now() - 3600_000);
  for (const slug of ['acme', 'globex']) {
    const o = org(slug);
    await prisma.organization.create({ data: { id: o.tenantId, slug, auth0OrgId: o.auth0OrgId, displayName: slug } });
    await prisma.auditEvent.create({ data: { tenantId: o.tenantId, actor: 'auth0|someone', action: 'project.created', target: `prj_${slug}`, createdAt } });
  }
  // The app honours a machine token only through an API key of the host's organization: the
  // client is Acme's key with audit:read (Globex has none, and its token is refused anyway).
  await prisma.apiKey.create({ data: { tenantId: org('acme').tenantId, auth0ClientId: API_CLIENT.clientId, name: 'SIEM', permissions: ['audit:read', 'projects:read'], createdBy: 'auth0|someone' } });
}, 240_000);

afterAll(async () => {
  await stopWorld();
  await tenant?.close();
});

describe('a machine token from the local tenant', () => {
  it('with audit:read for this organization pages its audit stream', async () => {
    const response = await stream('acme', await token(org('acme').auth0OrgId), '?limit=10');
    expect(response.status).toBe(200);
    const events = (await response.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => e.target.id)).toEqual(['prj_acme']);
    expect(response.headers.get('audit-next-cursor')).toBeTruthy();
  });

  it('without audit:read (asked for less) is refused (403)', async () => {
    const response = await stream('acme', await token(org('acme').auth0OrgId, 'projects:read'));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'forbidden' });
  });

  it('for another organization is refused on this host (403)', async () => {
    const response = await stream('acme', await token(org('globex').auth0OrgId));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'wrong_organization' });
  });
});
