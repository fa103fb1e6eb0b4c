// The tenant's applications as oidc-provider sees them: metadata derived from the store, and
// patches to oidc-provider's Client where Auth0's rules differ from OpenID's.
import { Provider, type AdapterPayload, type Client } from 'oidc-provider';
import { findOrganization } from '../login-flow.js';
import type { Runtime } from '../runtime.js';
import type { Client as StoreClient } from '../store.js';
import { sanitizePattern, urlAllowed } from '../urls.js';

export function clientMetadata(c: StoreClient): AdapterPayload {
  const grantTypes = c.grant_types.filter((g) => ['authorization_code', 'refresh_token', 'client_credentials'].includes(g));
  const interactive = grantTypes.includes('authorization_code');
  const sanitize = (list: string[]) => [...new Set(list.map(sanitizePattern).filter((u): u is string => !!u))];
  return {
    client_id: c.client_id,
    client_secret: c.client_secret,
    client_name: c.name,
    application_type: 'web',
    grant_types: grantTypes.length ? grantTypes : ['client_credentials'],
    response_types: interactive ? ['code'] : [],
    redirect_uris: interactive ? sanitize(c.callbacks) : [],
    post_logout_redirect_uris: interactive ? sanitize(c.allowed_logout_urls) : [],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
    // Back-channel logout: a logout token with sid (Auth0 always sends it) to the one URL.
    ...(interactive && c.oidc_logout?.backchannel_logout_urls[0]
      ? { backchannel_logout_uri: c.oidc_logout.backchannel_logout_urls[0], backchannel_logout_session_required: true }
      : {}),
  };
}

export function patchClients(provider: Provider, rt: Runtime): void {
  const { store } = rt;
  const client: Client = provider.Client.prototype;
  // Auth0 always puts `sid` in ID tokens.
  client.includeSid = () => true;
  // Callback and logout URLs may contain Auth0's one-level `*` wildcard, and callbacks the
  // `{organization_name}` placeholder, which stands for the organization this authorization
  // names (only for applications that use organizations): match against the store's lists.
  // https://auth0.com/docs/get-started/applications/wildcards-for-subdomains
  client.redirectUriAllowed = function redirectUriAllowed(this: Client, value: string) {
    const c = store.client(this.clientId);
    if (!c) return false;
    return urlAllowed(value, c.callbacks, 'callback', c.organization_usage === 'deny' ? undefined : requestedOrganizationName(rt));
  };
  client.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(this: Client, value: string) {
    const c = store.client(this.clientId);
    return !!c && urlAllowed(value, c.allowed_logout_urls, 'logout');
  };
}

/**
 * The name of the organization the current /authorize request names (`organization` by id, or
 * by name where the tenant allows names), read from oidc-provider's request context. The
 * redirect_uri is checked before the extra parameters are, so the raw value is resolved here.
 */
function requestedOrganizationName(rt: Runtime): string | undefined {
  const ctx = Provider.ctx;
  const value = ctx?.oidc?.params?.organization;
  if (typeof value !== 'string' || !value) return undefined;
  return findOrganization(rt, value).org?.name;
}
