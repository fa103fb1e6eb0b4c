// The organization settings form cannot change the tenant's slug (nor its id or metadata):
// a valid submission carrying extra fields runs all the way through the write, against the
// local tenant's Management API (in process) and a real database, and only the four settings
// change. (app/tenant/settings/actions.test.ts covers who may submit; Auth0 is unreachable there.)
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALL, form, request, startWorld, type World } from '@/lib/testing/world';
import { APP_CLIENT } from '@/lib/testing/seeded';
import { CLAIMS } from '@/lib/auth/claims';
import { startTestIssuer, type TestIssuer } from '@/lib/testing/issuer';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';

vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock('next/cache', () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn(), forbidden: vi.fn(), notFound: vi.fn() }));
// Access tokens come from a stand-in issuer (the Management API harness serves no JWKS);
// everything after the signature check is the real code.
const jwks = vi.hoisted(() => ({ url: '' }));
vi.mock('@/lib/auth/bearer', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/auth/bearer')>();
  const { createRemoteJWKSet } = await import('jose');
  return { ...original, verifyAccessToken: (token: string) => original.verifyAccessToken(token, createRemoteJWKSet(new URL(jwks.url))) };
});

let w: World;
let issuer: TestIssuer;
let organization: typeof import('@/app/tenant/settings/organization/actions');

beforeAll(async () => {
  w = await startWorld();
  issuer = await startTestIssuer();
  jwks.url = `${issuer.origin}/.well-known/jwks.json`;
  organization = await import('@/app/tenant/settings/organization/actions');
});
afterAll(async () => {
  await issuer?.close();
  await w?.close();
});

async function asAdminOf(slug: string, email: string) {
  const org = w.org(slug);
  const token = await issuer.sign(
    { sub: w.userId(email), org_id: org.auth0OrgId, azp: APP_CLIENT.id, permissions: ALL, [CLAIMS.tenantId]: org.id },
    { issuer: w.harness.issuer },
  );
  request.headers = new Headers({
    authorization: `Bearer ${token}`,
    [TENANT_HEADERS.slug]: org.slug,
    [TENANT_HEADERS.auth0OrgId]: org.auth0OrgId,
    [TENANT_HEADERS.tenantId]: org.id,
  });
}

describe('the organization settings form', () => {
  it('saves name and colours but never the slug, id or metadata sent alongside', async () => {
    await asAdminOf('acme', 'alice@acme.test');
    const acme = w.org('acme');
    const globex = await w.prisma.organization.findUniqueOrThrow({ where: { id: w.org('globex').id } });
    const state = await organization.updateOrganizationAction({}, form({
      displayName: 'Acme Renamed', logoUrl: '', primaryColor: '#123456', pageBackgroundColor: '#fafafa',
      slug: 'evil', id: globex.id, tenantId: 'ten_evil', auth0OrgId: 'org_evil', name: 'evil', metadata: '{"tenantId":"ten_evil"}',
    }));
    // It reached the write: the settings changed, in our row and in Auth0.
    expect(state).toMatchObject({ ok: true });
    const row = await w.prisma.organization.findUniqueOrThrow({ where: { id: acme.id } });
    expect(row).toMatchObject({ id: acme.id, slug: 'acme', auth0OrgId: acme.auth0OrgId, displayName: 'Acme Renamed', primaryColor: '#123456' });
    const auth0Org = w.harness.store.state.organizations.find((o) => o.id === acme.auth0OrgId)!;
    expect(auth0Org).toMatchObject({ name: 'acme', display_name: 'Acme Renamed', metadata: { tenantId: acme.id } });
    // Nothing else moved.
    expect(await w.prisma.organization.count({ where: { slug: 'evil' } })).toBe(0);
    expect(w.harness.store.state.organizations.some((o) => o.name === 'evil')).toBe(false);
    expect(await w.prisma.organization.findUniqueOrThrow({ where: { id: globex.id } })).toEqual(globex);
    const [event] = await w.prisma.auditEvent.findMany({ where: { tenantId: acme.id, action: 'organization.updated' } });
    expect(Object.keys((event!.details as { changed: object }).changed).sort()).toEqual(['displayName', 'pageBackgroundColor', 'primaryColor']);
  });
});
