// The part of the security policy the post-login Action enforces at Auth0, as organization
// metadata (string values only, at most 255 characters each, 25 keys in all:
// https://auth0.com/docs/manage-users/organizations/configure-organizations/metadata).
// A key at its default is removed (null), so an organization without a policy carries none.
// Session lifetime and the IP allowlist are enforced by the app alone and are not mirrored.
import { POLICY_METADATA_KEYS as K } from '@/lib/auth/post-login-action';
import type { SecurityPolicy } from '@/lib/security/policy';

export const METADATA_VALUE_MAX = 255;

/** The metadata keys to set (string) or remove (null) for this policy. */
export function policyMetadata(policy: SecurityPolicy): Record<string, string | null> {
  return {
    [K.mfa]: policy.mfa === 'required' ? 'required' : null,
    [K.mfaSsoExempt]: policy.mfa === 'required' && policy.mfaSsoExempt ? 'true' : null,
    [K.signIn]: policy.signInMethods === 'sso_only' ? 'sso_only' : null,
    [K.breakGlass]: policy.signInMethods === 'sso_only' && policy.breakGlassUserIds.length ? policy.breakGlassUserIds.join(',') : null,
  };
}

/**
 * The Action-enforced part of a policy as the organization's metadata holds it: for an
 * organization registered from Auth0 (the local tenant's demo organizations, or a database
 * restored without its rows), so the app enforces what Auth0 already does.
 */
export function policyFromMetadata(metadata: Record<string, string>): Pick<SecurityPolicy, 'mfa' | 'mfaSsoExempt' | 'signInMethods' | 'breakGlassUserIds'> {
  const mfa = metadata[K.mfa] === 'required' ? 'required' : 'off';
  const ssoOnly = metadata[K.signIn] === 'sso_only';
  return {
    mfa,
    mfaSsoExempt: mfa === 'required' && metadata[K.mfaSsoExempt] === 'true',
    signInMethods: ssoOnly ? 'sso_only' : 'any',
    breakGlassUserIds: ssoOnly ? (metadata[K.breakGlass] ?? '').split(',').filter(Boolean) : [],
  };
}
