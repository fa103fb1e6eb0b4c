// The organization's MFA requirement, as authorize() enforces it on every request with a
// session (real sealed session cookies, real database): a sign-in without MFA is refused with
// mfa_required, one with `amr: ["mfa"]` passes, the SSO exemption admits an SSO sign-in only
// when the organization grants it; bearer tokens are not held to it. Pages send the refusal to
// /mfa-required, and the members' policy page stays readable.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestIssuer } from '@/lib/testing/issuer';
import { ACME, ALICE, ALL, BOB, seedAcmeAndGlobex, sessionCookie, startWorld, stopWorld } from '@/lib/testing/world';
import { APP_CLIENT } from '@/lib/testing/seeded';
import { CLAIMS } from '@/lib/auth/claims';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';

vi.mock('next/navigation', () => ({
  redirect: (to: string) => { throw new Error(`redirect ${to}`); },
  forbidden: () => { throw new Error('forbidden'); },
  notFound: () => { throw new Error('not found'); },
}));

let issuer: TestIssuer;
let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let authorize: typeof import('@/lib/auth/authorize').authorize;
let pageGuard: typeof import('@/lib/auth/page-guard');
let forgetTenantMemberships: typeof import('@/lib/auth/membership').forgetTenantMemberships;

const tenantHeaders = (extra: Record<string, string>) => new Headers({
  host: 'acme.localhost:3000', 'x-forwarded-host': 'acme.localhost:3000', 'x-forwarded-proto': 'http',
  [TENANT_HEADERS.slug]: ACME.slug, [TENANT_HEADERS.auth0OrgId]: ACME.auth0OrgId, [TENANT_HEADERS.tenantId]: ACME.tenantId, ...extra,
});
// The request a page, action or route handler is authorized for.
let request: Request;
const tenantRequest = (extra: Record<string, string>) => { request = new Request('http://acme.localhost:3000/projects', { headers: tenantHeaders(extra) }); };
const asSession = async (claims: Record<string, unknown> = {}, user = BOB) => tenantRequest({ cookie: await sessionCookie(user, ACME, { claims }) });
const reasonOf = (promise: Promise<unknown>) => promise.then(() => 'authorized', (error: { reason?: string }) => error.reason ?? String(error));

async function setPolicy(mfaPolicy: 'off' | 'required', mfaSsoExempt = false) {
  await prisma.organization.update({ where: { id: ACME.tenantId }, data: { mfaPolicy, mfaSsoExempt } });
  forgetTenantMemberships(ACME.tenantId); // what saving the policy does in this process
}

beforeAll(async () => {
  ({ issuer, prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '60' } }));
  ({ authorize } = await import('@/lib/auth/authorize'));
  pageGuard = await import('@/lib/auth/page-guard');
  ({ forgetTenantMemberships } = await import('@/lib/auth/membership'));
  await seedAcmeAndGlobex(prisma);
});
afterAll(stopWorld);

describe('authorize() and the MFA requirement', () => {
  it('with MFA off, any sign-in passes', async () => {
    await setPolicy('off');
    await asSession();
    expect(await reasonOf(authorize({ request }))).toBe('authorized');
  });

  it('with MFA required, a sign-in without amr "mfa" is refused; with it, it passes', async () => {
    await asSession();
    expect(await reasonOf(authorize({ request }))).toBe('authorized'); // cached as "off" ...
    await setPolicy('required'); // ... and the change applies on the next request here
    expect(await reasonOf(authorize({ request }))).toBe('mfa_required');
    await asSession({ amr: ['pwd'] });
    expect(await reasonOf(authorize({ request }))).toBe('mfa_required');
    await asSession({ amr: ['mfa'] });
    expect(await reasonOf(authorize({ request }))).toBe('authorized');
  });

  it('an SSO sign-in passes without amr only when the organization exempts SSO', async () => {
    await setPolicy('required', false);
    await asSession({ [CLAIMS.ssoConnection]: 'acme-saml' });
    expect(await reasonOf(authorize({ request }))).toBe('mfa_required');
    await setPolicy('required', true);
    expect(await reasonOf(authorize({ request }))).toBe('authorized');
    await asSession(); // a password sign-in is never exempt
    expect(await reasonOf(authorize({ request }))).toBe('mfa_required');
  });

  it('a bearer token is not held to it (access tokens carry no amr; the Action enforced MFA at sign-in)', async () => {
    await setPolicy('required');
    const token = await issuer.sign({ sub: ALICE, org_id: ACME.auth0OrgId, azp: APP_CLIENT.id, permissions: ALL, [CLAIMS.tenantId]: ACME.tenantId });
    tenantRequest({ authorization: `Bearer ${token}` });
    expect(await reasonOf(authorize({ permission: 'projects:read', request }))).toBe('authorized');
  });
});

describe('pages', () => {
  it('send a sign-in without the required MFA to /mfa-required, with where it was going', async () => {
    await setPolicy('required');
    await asSession();
    await expect(pageGuard.authorizePage({ returnTo: '/projects', request })).rejects.toThrow('redirect /mfa-required?returnTo=%2Fprojects');
    await asSession({ amr: ['mfa'] });
    expect((await pageGuard.authorizePage({ returnTo: '/projects', request })).principal.id).toBe(BOB);
  });

  it('the policy page stays readable for that member, and says MFA is missing', async () => {
    await setPolicy('required');
    await asSession();
    expect(await pageGuard.authorizePolicyReader('/security', request)).toEqual({ tenantId: ACME.tenantId, mfaMissing: true });
    tenantRequest({});
    await expect(pageGuard.authorizePolicyReader('/security', request)).rejects.toThrow('redirect /auth/login?returnTo=%2Fsecurity');
  });
});
