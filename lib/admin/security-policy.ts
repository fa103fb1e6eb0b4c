// The organization's security policy as its admins change it (/settings/security) and its
// members read it (/security). The policy lives in two places that must agree: our
// Organization row (what the app enforces on every request) and the Auth0 organization's
// metadata (what the post-login Action enforces at sign-in).
import 'server-only';
import type { TenantContext } from '@/lib/core/context';
import { DomainError } from '@/lib/core/errors';
import { allOrNothing } from '@/lib/core/undo';
import { auditFor } from '@/lib/data/audit';
import { withTenant } from '@/lib/data/scope';
import { activeAdmins, enabledSsoConnectionCount, readSecurityPolicy, saveSecurityPolicy } from '@/lib/data/security-policy';
import { mergeOrganizationMetadata } from '@/lib/management/organizations';
import { forgetTenantMemberships } from '@/lib/auth/membership';
import { ipAllowed } from '@/lib/security/cidr';
import { METADATA_VALUE_MAX, policyMetadata } from '@/lib/security/policy-metadata';
import type { SecurityPolicy } from '@/lib/security/policy';

export async function securityPolicySettings(ctx: TenantContext) {
  return withTenant(ctx, async (t) => ({
    policy: await readSecurityPolicy(t),
    admins: await activeAdmins(t),
    ssoConnections: await enabledSsoConnectionCount(t),
  }));
}

/** What a member may know of the policy (the members' page): not the ranges, not the admins. */
export async function securityPolicySummary(tenantId: string) {
  const policy = await withTenant(tenantId, readSecurityPolicy);
  return {
    mfa: policy.mfa,
    mfaSsoExempt: policy.mfa === 'required' && policy.mfaSsoExempt,
    signInMethods: policy.signInMethods,
    sessionMaxAgeMinutes: policy.sessionMaxAgeMinutes,
    sessionIdleMinutes: policy.sessionIdleMinutes,
    ipAllowlist: policy.ipAllowlist.length > 0,
  };
}

export const LOCKOUT_MESSAGE = 'Your current address is not in this list: saving it signs you out of this organization. Tick the box to confirm.';

/**
 * Replaces the policy. Checks what the form alone cannot (the organization's SSO connections,
 * its admins, the caller's address), then writes Auth0 first and our row second, with the
 * audit event in the row's transaction:
 *  - Auth0 fails: nothing was written here, the admin sees Auth0's error and nothing claims
 *    success (the Action keeps enforcing the old policy, the app too).
 *  - our database fails: the undo puts the Auth0 metadata back, so the two never disagree
 *    for longer than the rollback takes.
 * Auth0 first (not a database transaction around the Auth0 call) keeps the database
 * transaction short and free of network calls.
 */
export async function updateSecurityPolicy(
  ctx: TenantContext,
  policy: SecurityPolicy,
  caller: { ip: string | null; confirmedLockout: boolean },
): Promise<{ changed: string[] }> {
  const { admins, ssoConnections } = await securityPolicySettings(ctx);
  if (policy.signInMethods === 'sso_only' && ssoConnections === 0) {
    throw new DomainError('SSO only needs at least one enabled single sign-on connection (Settings → Single sign-on) first.', 'signInMethods');
  }
  const adminIds = new Set(admins.map((a) => a.userId));
  const notAdmin = policy.breakGlassUserIds.find((id) => !adminIds.has(id));
  if (notAdmin) throw new DomainError('Break-glass admins must be current admins of this organization.', 'breakGlassUserIds');
  const metadata = policyMetadata(policy);
  if (Object.values(metadata).some((v) => v !== null && v.length > METADATA_VALUE_MAX)) {
    throw new DomainError('These break-glass admins do not fit in the organization’s settings at Auth0: choose fewer.', 'breakGlassUserIds');
  }
  if (policy.ipAllowlist.length && !ipAllowed(policy.ipAllowlist, caller.ip) && !caller.confirmedLockout) {
    throw new DomainError(LOCKOUT_MESSAGE, 'ipAllowlist');
  }

  const result = await allOrNothing(async (undo) => {
    await mergeOrganizationMetadata(ctx.tenant.auth0OrgId, metadata, undo);
    return withTenant(ctx, async (t) => {
      const before = await saveSecurityPolicy(t, policy);
      const changed = (Object.keys(policy) as (keyof SecurityPolicy)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(policy[k]));
      if (changed.length) {
        await auditFor(ctx)(t, 'security_policy.updated', ctx.tenant.slug, {
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: Object.fromEntries(changed.map((k) => [k, policy[k]])),
        });
      }
      return { changed };
    });
  });
  // authorize() reads the MFA rule with the membership (cached per process): apply it here at once.
  forgetTenantMemberships(ctx.tenant.tenantId);
  return result;
}
