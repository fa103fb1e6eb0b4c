// Claims Tenantry reads from Auth0 tokens. The namespaced ones are added by the
// post-login Action (lib/auth/post-login-action.ts).
import { CLAIM_NAMESPACE } from '@/lib/auth/post-login-action';

export const CLAIMS = {
  tenantId: `${CLAIM_NAMESPACE}tenantId`,
  orgName: `${CLAIM_NAMESPACE}org_name`,
  roles: `${CLAIM_NAMESPACE}roles`,
  /** The enterprise (SSO) connection of the sign-in, when it was one (ID token only). */
  ssoConnection: `${CLAIM_NAMESPACE}sso_connection`,
} as const;

/**
 * ID-token claims kept in the session cookie: the ones the app reads (who, which organization,
 * the roles admission checks, how they signed in for the MFA policy: a few bytes). The rest (picture, nickname...) would only make the cookie bigger.
 */
export const SESSION_USER_CLAIMS = ['sub', 'name', 'email', 'org_id', CLAIMS.tenantId, CLAIMS.roles, 'amr', CLAIMS.ssoConnection] as const;

/**
 * Whether the sign-in behind these claims meets an organization's MFA requirement: Auth0 puts
 * `amr: ["mfa"]` in the ID token of a login that passed MFA
 * (https://auth0.com/docs/secure/multi-factor-authentication/step-up-authentication/configure-step-up-authentication-for-web-apps);
 * with the SSO exemption, a sign-in through the organization's SSO connection also does.
 */
export function signInMeetsMfa(user: Record<string, unknown>, rule: { ssoExempt: boolean }): boolean {
  if (Array.isArray(user.amr) && user.amr.includes('mfa')) return true;
  return rule.ssoExempt && typeof user[CLAIMS.ssoConnection] === 'string';
}
