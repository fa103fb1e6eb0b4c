// What every part of the Authentication API side shares: the store, oidc-provider's model
// storage, the tenant clock, Actions, throttling, and the per-login context (organization and
// Action claims) that oidc-provider does not know about.
import type { Provider } from 'oidc-provider';
import type { ModelStore } from './adapter.js';
import type { PostLoginAction } from './actions.js';
import type { TenantStore } from './store.js';
import type { LoginThrottle, SuspiciousIpThrottle } from './throttle.js';

export interface Runtime {
  store: TenantStore;
  models: ModelStore;
  /** http://localhost:PORT */
  url: string;
  /** http://localhost:PORT/ */
  issuer: string;
  managementAudience: string;
  /** The deployed versions of the Actions bound to post-login, read at each login. */
  readonly actions: PostLoginAction[];
  throttle: LoginThrottle;
  /** Failed logins per IP address, across accounts (Auth0's suspicious IP throttling). */
  ipThrottle: SuspiciousIpThrottle;
  clock: { offsetSeconds: number };
  /** The tenant's notion of now, in epoch seconds (moved by POST /__local/clock). */
  now(): number;
  provider: Provider;
}

/** What a login decided, bound to the oidc-provider Grant it produced (one Grant per authorization). */
export interface LoginContext {
  accountId: string;
  clientId: string;
  orgId?: string;
  /** The `audience` requested at /authorize (the default audience of the refresh token). */
  audience?: string;
  idClaims: Record<string, unknown>;
  atClaims: Record<string, unknown>;
  sessionUid?: string;
  requestedScopes: string[];
  /** event.authentication.methods of the login (refresh-token Actions see them again). */
  methods?: { name: string; timestamp: string }[];
  /** MFA was passed in this login: its ID token carries amr ["mfa"] (refreshed ones do not, as on Auth0). */
  mfa?: boolean;
}

export const LOGIN_CONTEXT_MODEL = 'TenantryLoginContext';
export const LOGIN_CONTEXT_TTL = 30 * 24 * 3600;

export function saveLoginContext(rt: Runtime, grantId: string, lc: LoginContext): void {
  rt.models.set(LOGIN_CONTEXT_MODEL, grantId, lc as unknown as Record<string, unknown>, LOGIN_CONTEXT_TTL);
}
export function loginContext(rt: Runtime, grantId: string | undefined): LoginContext | undefined {
  if (!grantId) return undefined;
  return rt.models.get(LOGIN_CONTEXT_MODEL, grantId) as unknown as LoginContext | undefined;
}

// RFC 8707 resource indicators must be absolute URIs; Auth0 audiences need not be.
const URN_PREFIX = 'urn:auth0-local:api:';
export function toResource(audience: string): string {
  return URL.canParse(audience) && /^[a-z][a-z0-9+.-]*:/i.test(audience) ? audience : `${URN_PREFIX}${encodeURIComponent(audience)}`;
}
export function fromResource(resource: string): string {
  return resource.startsWith(URN_PREFIX) ? decodeURIComponent(resource.slice(URN_PREFIX.length)) : resource;
}
