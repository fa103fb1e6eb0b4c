// The OpenID Provider: oidc-provider configured with Auth0's paths, composed from one module
// per concern (see each file): interactions.ts (policy and Universal Login pages),
// resources.ts (audience and APIs), token-claims.ts (org claims, Actions, Auth0's token shape),
// clients.ts (client metadata and Auth0's URL rules), token-endpoint.ts (the /oauth/token shim).
import { Provider, type Configuration } from 'oidc-provider';
import { createAdapter } from '../adapter.js';
import type { TenantKeys } from '../keys.js';
import { validateConnectionParam, validateInvitationParam, validateOrganizationParam } from '../login-flow.js';
import type { Runtime } from '../runtime.js';
import { findAccount } from './accounts.js';
import { clientMetadata, patchClients } from './clients.js';
import { grantWhatWasAsked, interactionPolicyFor, interactionUrl } from './interactions.js';
import { logoutSource, postLogoutSuccessSource, renderError } from './pages.js';
import { accessTokenTTL, audienceParam, resourceIndicators } from './resources.js';
import { OIDC_SCOPES } from './scopes.js';
import { customizeAccessToken, patchIdTokenClaims } from './token-claims.js';

export function createProvider(rt: Omit<Runtime, 'provider'>, keys: TenantKeys): Provider {
  const { store } = rt;
  // The provider is set on the runtime as soon as it exists; the hooks below run later.
  const runtime = rt as Runtime;
  const Adapter = createAdapter(rt.models, (id) => {
    const c = store.client(id);
    return c ? clientMetadata(c) : undefined;
  });

  const configuration: Configuration = {
    adapter: Adapter,
    clients: [],
    jwks: keys.privateJwks,
    cookies: {
      keys: keys.cookieKeys,
      names: { session: '_session', interaction: '_interaction', resume: '_interaction_resume' },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    routes: {
      authorization: '/authorize',
      token: '/oauth/token',
      userinfo: '/userinfo',
      jwks: '/.well-known/jwks.json',
      end_session: '/oidc/logout',
      revocation: '/oauth/revoke',
      pushed_authorization_request: '/oauth/par',
    },
    scopes: OIDC_SCOPES,
    claims: {
      openid: ['sub'],
      profile: ['name', 'nickname', 'picture', 'updated_at', 'given_name', 'family_name'],
      email: ['email', 'email_verified'],
    },
    conformIdTokenClaims: false,
    allowOmittingSingleRegisteredRedirectUri: false,
    responseTypes: ['code'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: 'RS256',
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
    extraParams: {
      audience: audienceParam(runtime),
      organization: async (ctx, value, client) => validateOrganizationParam(runtime, ctx, value, client.clientId),
      invitation: async (ctx, value, client) => validateInvitationParam(runtime, ctx, value, client.clientId),
      connection: async (ctx, value, client) => validateConnectionParam(runtime, ctx, value, client.clientId),
      screen_hint: null,
      organization_name: null,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => !token.clientId || token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      introspection: { enabled: false },
      // https://auth0.com/docs/authenticate/login/logout/back-channel-logout: on logout, Auth0
      // posts a logout token to each application of the session that has a back-channel URL.
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: resourceIndicators(runtime),
    },
    interactions: {
      policy: interactionPolicyFor(runtime),
      url: interactionUrl(runtime),
    },
    loadExistingGrant: grantWhatWasAsked,
    findAccount: findAccount(runtime),
    ttl: {
      AccessToken: accessTokenTTL,
      ClientCredentials: accessTokenTTL,
      AuthorizationCode: 60,
      IdToken: 36000,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 30 * 24 * 3600,
      RefreshToken: 30 * 24 * 3600,
    },
    renderError,
    formats: {
      customizers: {
        jwt: async (ctx, token, jwt) => customizeAccessToken(runtime, ctx, token, jwt),
      },
    },
    fetch: loopbackAwareFetch,
    pkce: { required: () => false },
    clientBasedCORS: () => true,
  };

  const provider = new Provider(rt.issuer, configuration);
  provider.proxy = false;
  patchClients(provider, runtime);
  patchIdTokenClaims(provider, runtime);
  return provider;
}

/**
 * oidc-provider refuses outgoing requests to loopback addresses (as Auth0 refuses internal
 * back-channel logout URLs); the app beside the local tenant runs on localhost, so that
 * host alone is let through.
 */
function loopbackAwareFetch(input: string | URL | Request, init?: RequestInit & { dispatcher?: unknown }): Promise<Response> {
  const host = new URL(input instanceof Request ? input.url : input).hostname;
  if (host !== 'localhost' && !host.endsWith('.localhost')) return globalThis.fetch(input, init);
  const { dispatcher: _ssrfGuard, ...rest } = init ?? {};
  return globalThis.fetch(input, rest);
}
