// Claims Tenantry reads from Auth0 tokens. The namespaced ones are added by the
// post-login Action (lib/auth/post-login-action.ts).
import { CLAIM_NAMESPACE } from '@/lib/auth/post-login-action';

export const CLAIMS = {
  tenantId: `${CLAIM_NAMESPACE}tenantId`,
  orgName: `${CLAIM_NAMESPACE}org_name`,
  roles: `${CLAIM_NAMESPACE}roles`,
} as const;

/**
 * ID-token claims kept in the session cookie: the ones the app reads (who, which organization,
 * the roles admission checks). The rest (picture, nickname...) would only make the cookie bigger.
 */
export const SESSION_USER_CLAIMS = ['sub', 'name', 'email', 'org_id', CLAIMS.tenantId, CLAIMS.roles] as const;
