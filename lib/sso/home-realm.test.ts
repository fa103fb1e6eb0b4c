// Home-realm discovery and just-in-time members, in trust mode (DOMAIN_VERIFICATION=trust,
// local development): which email goes to which organization's SSO, and what a person who
// arrives through an auto-membership connection becomes when admitted after sign-in.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';
import type { TenantContext } from '@/lib/core/context';

let w: World;
let sso: typeof import('@/lib/sso/connections');
let domains: typeof import('@/lib/sso/domains');
let homeRealm: typeof import('@/lib/sso/home-realm');
let admission: typeof import('@/lib/admission/admit');
let acme: TenantContext;
let globex: TenantContext;
let acmeSaml: { id: string; name: string };

beforeAll(async () => {
  vi.stubEnv('DOMAIN_VERIFICATION', 'trust');
  w = await startWorld();
  sso = await import('@/lib/sso/connections');
  domains = await import('@/lib/sso/domains');
  homeRealm = await import('@/lib/sso/home-realm');
  admission = await import('@/lib/admission/admit');
  acme = await w.ctx('acme', 'alice@acme.test');
  globex = await w.ctx('globex', 'carol@example.test');
  const { generate } = await import('selfsigned');
  const pem = (await generate([{ name: 'commonName', value: 'idp.test' }], { keySize: 2048 })).cert;
  const settings = { displayName: 'Acme SSO', autoMembership: true, defaultRole: 'org_billing' as const, signInUrl: 'https://idp.acme.test/sso', certificate: (await import('@/lib/sso/certificate')).parseCertificate(pem) };
  acmeSaml = await sso.createSamlConnection(acme, settings);
  const d = await domains.addDomain(acme, 'acme.test');
  await domains.markVerifiedLocally(acme, d.id);
  await domains.addDomain(acme, 'pending.test'); // never verified
  await sso.createSamlConnection(globex, { ...settings, displayName: 'Globex SSO', autoMembership: false });
  const g = await domains.addDomain(globex, 'globex.test');
  await domains.markVerifiedLocally(globex, g.id);
});
afterAll(async () => w?.close());

describe('home-realm discovery', () => {
  it('routes an address at a verified domain to its organization’s enabled connection', async () => {
    expect(await homeRealm.ssoRouteFor('New.Person@ACME.test')).toEqual({ slug: 'acme', connection: 'acme-saml' });
    expect(await homeRealm.ssoRouteFor('x@globex.test')).toEqual({ slug: 'globex', connection: 'globex-saml' });
  });

  it.each(['x@pending.test', 'x@sub.acme.test', 'x@example.test', 'not-an-email', 'x@'])('does not route %s', async (email) => {
    expect(await homeRealm.ssoRouteFor(email)).toBeNull();
  });

  it('on a tenant, only that organization’s domains count', async () => {
    expect(await homeRealm.ssoRouteFor('x@acme.test', { tenantId: w.org('globex').id })).toBeNull();
    expect(await homeRealm.ssoRouteFor('x@acme.test', { tenantId: w.org('acme').id })).toEqual({ slug: 'acme', connection: 'acme-saml' });
  });

  it('a disabled connection does not route; the domain’s chosen connection wins over the oldest', async () => {
    await sso.disableConnection(acme, acmeSaml.id);
    expect(await homeRealm.ssoRouteFor('x@acme.test')).toBeNull();
    await sso.enableConnection(acme, acmeSaml.id);
    const second = await sso.createSamlConnection(acme, { displayName: 'Second', autoMembership: false, defaultRole: 'org_member', signInUrl: 'https://idp2.acme.test/sso', certificate: null });
    expect((await homeRealm.ssoRouteFor('x@acme.test'))!.connection).toBe('acme-saml');
    await w.prisma.organizationDomain.updateMany({ where: { domain: 'acme.test' }, data: { connectionId: second.id } });
    expect((await homeRealm.ssoRouteFor('x@acme.test'))!.connection).toBe(second.name);
    await sso.deleteConnection(acme, second.id);
    expect((await homeRealm.ssoRouteFor('x@acme.test'))!.connection).toBe('acme-saml');
  });

  it('builds the sign-in addresses: SSO with connection and login_hint, otherwise the password login', () => {
    const route = { slug: 'acme', connection: 'acme-saml' };
    expect(homeRealm.ssoLoginUrl('a@acme.test', route)).toBe('http://acme.localhost:3000/auth/login?connection=acme-saml&login_hint=a%40acme.test&returnTo=%2Fprojects');
    expect(homeRealm.tenantLoginPath('b@other.test', null, '/settings')).toBe('/auth/login?login_hint=b%40other.test&returnTo=%2Fsettings');
    expect(homeRealm.tenantLoginPath('b@other.test', null, '//evil.example')).toBe('/auth/login?login_hint=b%40other.test&returnTo=%2Fprojects');
  });

  it('SSO only: every address on the organization’s sign-in goes to its SSO, the same for all; the password path is only the break-glass link', async () => {
    expect(await homeRealm.ssoOnlyRoute(w.org('globex').id)).toBeNull(); // passwords allowed
    await w.prisma.organization.update({ where: { id: w.org('globex').id }, data: { signInMethods: 'sso_only' } });
    const route = await homeRealm.ssoOnlyRoute(w.org('globex').id);
    expect(route).toMatchObject({ slug: 'globex', connection: expect.any(String) });
    expect(homeRealm.tenantLoginPath('nobody@gmail.test', route)).toContain(`connection=${route!.connection}`);
    expect(homeRealm.breakGlassLoginPath('/settings')).toBe('/auth/login?connection=Username-Password-Authentication&returnTo=%2Fsettings');
    await w.prisma.organization.update({ where: { id: w.org('globex').id }, data: { signInMethods: 'any' } });
  });

  it('trust mode marks a domain verified by hand, still refusing a domain another organization verified', async () => {
    const d = await domains.addDomain(globex, 'acme.test');
    await expect(domains.markVerifiedLocally(globex, d.id)).rejects.toThrow(domains.verifiedElsewhereMessage('acme.test'));
    const [event] = await w.prisma.auditEvent.findMany({ where: { tenantId: w.org('acme').id, action: 'sso.domain_verified' } });
    expect(event!.details).toEqual({ method: 'trust' });
  });
});

describe('just-in-time members', () => {
  const signIn = (slug: string, userId: string, roles: string[] = []) =>
    admission.admit(w.org(slug).id, { userId, issuedAt: new Date(), proof: 'session', claimedRoles: roles, claimedTenantId: w.org(slug).id, email: 'jit@acme.test', name: 'Jit Person' });

  function auth0Member(slug: string, userId: string) {
    // What Auth0's auto-membership did at login: the person is a member, with no roles.
    const s = w.harness.store.state;
    s.users.push({ user_id: userId, email: 'jit@acme.test', email_verified: true, name: 'Jit Person', nickname: 'jit', picture: '', connection: userId.split('|')[1]!, app_metadata: {}, user_metadata: {}, identities: [], created_at: '', updated_at: '', logins_count: 1 });
    s.members.push({ org_id: w.org(slug).auth0OrgId, user_id: userId, roles: [], created_at: new Date().toISOString() });
  }

  it('a role-less first sign-in through an auto-membership connection gets its default role, here and in Auth0', async () => {
    const userId = 'samlp|acme-saml|jit@acme.test';
    auth0Member('acme', userId);
    const m = await signIn('acme', userId);
    expect(m!.roles).toEqual(['org_billing']);
    const row = await w.prisma.membership.findUniqueOrThrow({ where: { tenantId_userId: { tenantId: w.org('acme').id, userId } } });
    expect(row).toMatchObject({ roles: ['org_billing'], source: 'sso' });
    const ids = w.harness.store.state.members.find((x) => x.user_id === userId)!.roles;
    expect(ids.map((id) => w.harness.store.state.roles.find((r) => r.id === id)!.name)).toEqual(['org_billing']);
    const [event] = await w.prisma.auditEvent.findMany({ where: { tenantId: w.org('acme').id, action: 'member.joined', target: userId } });
    expect(event!.details).toEqual({ roles: ['org_billing'], connection: 'acme-saml', email: 'jit@acme.test' });
  });

  it('roles from the token (an invitation) are kept as they are', async () => {
    const m = await signIn('acme', 'samlp|acme-saml|invited@acme.test', ['org_admin']);
    expect(m!.roles).toEqual(['org_admin']);
  });

  it('a connection without auto-membership, or of another organization, gives no role', async () => {
    expect((await signIn('globex', 'samlp|globex-saml|someone@globex.test'))!.roles).toEqual([]);
    expect((await signIn('globex', 'samlp|acme-saml|sneaky@acme.test'))!.roles).toEqual([]);
    expect((await signIn('acme', 'auth0|0000000000000000000000ff'))!.roles).toEqual([]);
  });
});
