// Changing the security policy against the local tenant's Management API and a real database:
// the Auth0 organization's metadata mirrors what the post-login Action enforces (keeping every
// other key), each change is audited with before and after, and what the form alone cannot
// check (SSO connections, admins, the caller's own address) is refused with a field error.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';
import { DEFAULT_SECURITY_POLICY, type SecurityPolicy } from '@/lib/security/policy';

let w: World;
let sp: typeof import('@/lib/admin/security-policy');
let ManagementApiError: typeof import('@/lib/management/client').ManagementApiError;

beforeAll(async () => {
  w = await startWorld();
  sp = await import('@/lib/admin/security-policy');
  ({ ManagementApiError } = await import('@/lib/management/client'));
});
afterAll(async () => w?.close());
afterEach(async () => w.clearFaults());

const metadataOf = (slug: string) => w.harness.store.state.organizations.find((o) => o.name === slug)!.metadata;
const policy = (p: Partial<SecurityPolicy>): SecurityPolicy => ({ ...DEFAULT_SECURITY_POLICY, ...p });
const here = { ip: '198.51.100.7', confirmedLockout: false };
const audits = (slug: string) => w.prisma.auditEvent.findMany({ where: { tenantId: w.org(slug).id, action: 'security_policy.updated' }, orderBy: { createdAt: 'asc' } });

describe('saving the security policy', () => {
  it('mirrors the MFA rule to the Auth0 organization, keeps its other metadata, and audits only what changed', async () => {
    w.harness.store.mutate((s) => { s.organizations.find((o) => o.name === 'acme')!.metadata.plan = 'pro'; });
    const admin = await w.ctx('acme', 'alice@acme.test');
    await sp.updateSecurityPolicy(admin, policy({ mfa: 'required', sessionIdleMinutes: 30 }), here);
    expect(metadataOf('acme')).toEqual({ tenantId: w.org('acme').id, plan: 'pro', mfa: 'required' });
    const [event] = await audits('acme');
    expect(event).toMatchObject({ actor: admin.principal.id, target: 'acme' });
    expect(event!.details).toEqual({ before: { mfa: 'off', sessionIdleMinutes: null }, after: { mfa: 'required', sessionIdleMinutes: 30 } });
    expect((await sp.securityPolicySettings(admin)).policy).toMatchObject({ mfa: 'required', sessionIdleMinutes: 30 });

    // Back to the default: the keys go, the others stay; saving the same again audits nothing.
    await sp.updateSecurityPolicy(admin, policy({ sessionIdleMinutes: 30 }), here);
    expect(metadataOf('acme')).toEqual({ tenantId: w.org('acme').id, plan: 'pro' });
    expect(await sp.updateSecurityPolicy(admin, policy({ sessionIdleMinutes: 30 }), here)).toEqual({ changed: [] });
    expect((await audits('acme')).map((e) => e.details)).toEqual([
      { before: { mfa: 'off', sessionIdleMinutes: null }, after: { mfa: 'required', sessionIdleMinutes: 30 } },
      { before: { mfa: 'required' }, after: { mfa: 'off' } },
    ]);
  });

  it('SSO only needs an enabled SSO connection and current admins as break-glass admins', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const ssoOnly = policy({ signInMethods: 'sso_only', breakGlassUserIds: [admin.principal.id] });
    await expect(sp.updateSecurityPolicy(admin, ssoOnly, here)).rejects.toMatchObject({ field: 'signInMethods', message: expect.stringMatching(/single sign-on connection/) });
    await w.prisma.ssoConnection.create({ data: { tenantId: w.org('acme').id, auth0ConnectionId: 'con_acme_sso_test', name: 'acme-sso-test', strategy: 'samlp', displayName: 'Acme SSO', createdBy: admin.principal.id } });
    const bob = w.userId('bob@acme.test');
    await expect(sp.updateSecurityPolicy(admin, { ...ssoOnly, breakGlassUserIds: [bob] }, here)).rejects.toMatchObject({ field: 'breakGlassUserIds' });
    await sp.updateSecurityPolicy(admin, policy({ ...ssoOnly, mfa: 'required', mfaSsoExempt: true }), here);
    expect(metadataOf('acme')).toMatchObject({ sign_in: 'sso_only', break_glass: admin.principal.id, mfa: 'required', mfa_sso_exempt: 'true' });
    await sp.updateSecurityPolicy(admin, policy({}), here);
    expect(metadataOf('acme')).toEqual({ tenantId: w.org('acme').id, plan: 'pro' });
  });

  it('an allowlist without the admin’s own address needs their confirmation', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const elsewhere = policy({ ipAllowlist: ['203.0.113.0/24'] });
    await expect(sp.updateSecurityPolicy(admin, elsewhere, here)).rejects.toMatchObject({ field: 'ipAllowlist', message: sp.LOCKOUT_MESSAGE });
    await expect(sp.updateSecurityPolicy(admin, elsewhere, { ip: null, confirmedLockout: false })).rejects.toMatchObject({ field: 'ipAllowlist' });
    expect((await sp.securityPolicySettings(admin)).policy.ipAllowlist).toEqual([]);
    await sp.updateSecurityPolicy(admin, policy({ ipAllowlist: ['198.51.100.0/24', '2001:db8::/32'] }), here); // includes it: no question
    await sp.updateSecurityPolicy(admin, elsewhere, { ...here, confirmedLockout: true });
    expect((await sp.securityPolicySettings(admin)).policy.ipAllowlist).toEqual(['203.0.113.0/24']);
    // The allowlist is the app's to enforce: nothing of it goes to Auth0.
    expect(Object.keys(metadataOf('acme')).sort()).toEqual(['plan', 'tenantId']);
    await sp.updateSecurityPolicy(admin, policy({}), here);
  });

  it('an Auth0 outage changes nothing, here or there', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const before = (await audits('acme')).length;
    await w.fault({ path: '/api/v2/organizations', method: 'PATCH', status: 502 });
    const error = await sp.updateSecurityPolicy(admin, policy({ mfa: 'required' }), here).catch((e) => e);
    expect(error).toBeInstanceOf(ManagementApiError);
    expect(metadataOf('acme').mfa).toBeUndefined();
    expect((await sp.securityPolicySettings(admin)).policy.mfa).toBe('off');
    expect(await audits('acme')).toHaveLength(before);
  });

  it('members read a summary without the ranges or the break-glass admins', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    await sp.updateSecurityPolicy(admin, policy({ mfa: 'required', ipAllowlist: ['198.51.100.0/24'] }), here);
    expect(await sp.securityPolicySummary(w.org('acme').id)).toEqual({
      mfa: 'required', mfaSsoExempt: false, signInMethods: 'any', sessionMaxAgeMinutes: null, sessionIdleMinutes: null, ipAllowlist: true,
    });
  });

  it('an organization registered from Auth0 brings the sign-in policy its metadata holds (the demo organization requiring MFA)', async () => {
    await w.prisma.organization.delete({ where: { id: w.org('wonka').id } });
    const { importTenantsFromAuth0 } = await import('@/lib/tenancy/provisioning');
    expect(await importTenantsFromAuth0()).toEqual(['wonka']);
    expect(await w.prisma.organization.findUnique({ where: { id: w.org('wonka').id } })).toMatchObject({ mfaPolicy: 'required', mfaSsoExempt: false, signInMethods: 'any', breakGlassUserIds: [] });
  });
});
