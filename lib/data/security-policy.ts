// The organization's security policy, stored on its Organization row (lib/security/policy.ts
// has the shape and the rules). Read and written inside the tenant's transaction, so a change
// and its audit event commit together.
import 'server-only';
import type { TenantData } from '@/lib/data/scope';
import { DEFAULT_SECURITY_POLICY, type MfaRequirement, type SecurityPolicy, type SignInMethods } from '@/lib/security/policy';

const POLICY_COLUMNS = {
  mfaPolicy: true,
  mfaSsoExempt: true,
  signInMethods: true,
  breakGlassUserIds: true,
  sessionMaxAgeMinutes: true,
  sessionIdleMinutes: true,
  ipAllowlist: true,
  ipAllowlistAppliesToScim: true,
} as const;

/** The tenant's policy (the defaults if its row is gone). */
export async function readSecurityPolicy(t: TenantData): Promise<SecurityPolicy> {
  const row = await t.organization.findFirst({ select: POLICY_COLUMNS });
  if (!row) return { ...DEFAULT_SECURITY_POLICY };
  return {
    mfa: row.mfaPolicy === 'required' ? 'required' : 'off',
    mfaSsoExempt: row.mfaSsoExempt,
    signInMethods: row.signInMethods === 'sso_only' ? 'sso_only' : 'any',
    breakGlassUserIds: row.breakGlassUserIds ?? [],
    sessionMaxAgeMinutes: row.sessionMaxAgeMinutes,
    sessionIdleMinutes: row.sessionIdleMinutes,
    ipAllowlist: row.ipAllowlist ?? [],
    ipAllowlistAppliesToScim: row.ipAllowlistAppliesToScim,
  };
}

/** Replaces the tenant's policy; returns the one it replaced (for the audit's before/after). */
export async function saveSecurityPolicy(t: TenantData, policy: SecurityPolicy): Promise<SecurityPolicy> {
  const before = await readSecurityPolicy(t);
  await t.organization.update({
    where: { id: t.tenantId },
    data: {
      mfaPolicy: policy.mfa satisfies MfaRequirement,
      mfaSsoExempt: policy.mfaSsoExempt,
      signInMethods: policy.signInMethods satisfies SignInMethods,
      breakGlassUserIds: policy.breakGlassUserIds,
      sessionMaxAgeMinutes: policy.sessionMaxAgeMinutes,
      sessionIdleMinutes: policy.sessionIdleMinutes,
      ipAllowlist: policy.ipAllowlist,
      ipAllowlistAppliesToScim: policy.ipAllowlistAppliesToScim,
    },
  });
  return before;
}

/** The organization's active admins (break-glass candidates), by name. */
export function activeAdmins(t: TenantData) {
  return t.memberships.findMany({
    where: { removedAt: null, roles: { has: 'org_admin' } },
    select: { userId: true, email: true, name: true },
    orderBy: [{ name: 'asc' }, { email: 'asc' }],
  });
}

/** How many SSO connections the organization has enabled. */
export function enabledSsoConnectionCount(t: TenantData) {
  return t.ssoConnections.count({ where: { enabled: true } });
}
