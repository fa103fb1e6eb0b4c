// The OpenID Provider: oidc-provider configured with Auth0's paths, plus the shims that make
// it behave like Auth0 (audience, JSON token requests, org claims, Actions, scopes, typ JWT,
// client_credentials from client grants, wildcard callback URLs, no logout prompt).
import { Provider, errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type Koa from 'koa';
import * as querystring from 'node:querystring';
import { createAdapter } from './adapter.js';
import { runPostLoginActions } from './actions.js';
import { enterpriseStartUrl, isEnterprise, requiredConnection } from './enterprise/connections.js';
import type { TenantKeys } from './keys.js';
import {
  buildPostLoginEvent, completeAuthorization, findOrganization, MESSAGES,
  validateConnectionParam, validateInvitationParam, validateOrganizationParam,
} from './login-flow.js';
import { fromResource, loginContext, saveLoginContext, toResource, type LoginContext, type Runtime } from './runtime.js';
import type { Client as StoreClient } from './store.js';
import { errorPage, logoutAutoSubmitPage, messagePage } from './ui/pages.js';
import { sanitizePattern, urlAllowed } from './urls.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyCtx = any;

const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

function clientMetadata(c: StoreClient): Record<string, unknown> {
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

/** An OIDC error with an HTTP status of our choosing (Auth0 answers 403 access_denied at /oauth/token). */
function withStatus<T extends Error>(err: T, status: number): T {
  Object.assign(err, { status, statusCode: status, expose: true });
  return err;
}

function scopeList(s: unknown): string[] {
  return typeof s === 'string' ? s.split(' ').filter(Boolean) : [];
}

export function createProvider(rt: Omit<Runtime, 'provider'>, keys: TenantKeys): Provider {
  const { store } = rt;
  const Adapter = createAdapter(rt.models, (id) => {
    const c = store.client(id);
    return c ? clientMetadata(c) as never : undefined;
  });
  const runtime = rt as Runtime;

  // ---- interaction policy: Auth0-like login, an always-satisfied consent, and the org step ----
  const { Prompt, Check, base } = interactionPolicy;
  const policy = base();
  const login = policy.get('login')!;
  login.checks.push(new Check('invitation_account', 'the invitation is for another account', 'login_required', (ctx: AnyCtx) => {
    const ticket = ctx.oidc.params.invitation as string | undefined;
    const accountId = ctx.oidc.session.accountId as string | undefined;
    if (!ticket || !accountId || ctx.oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
    const inv = store.invitationByTicket(ticket);
    const user = store.userById(accountId);
    return inv && user && inv.invitee.email.toLowerCase() !== user.email ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  }));
  // /authorize?connection=X with a session of another connection's user: sign in through X (as Auth0 does).
  login.checks.push(new Check('connection_account', 'the session is for another connection', 'login_required', (ctx: AnyCtx) => {
    const connection = ctx.oidc.params.connection as string | undefined;
    const accountId = ctx.oidc.session.accountId as string | undefined;
    if (!connection || !accountId || ctx.oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
    const user = store.userById(accountId);
    return user && user.connection !== connection ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  }));
  policy.remove('consent');
  policy.add(new Prompt({ name: 'consent', requestable: true }));
  policy.add(new Prompt(
    { name: 'organization', requestable: false },
    new Check('organization_selection', 'the end-user must choose an organization', 'interaction_required',
      async (ctx: AnyCtx) => completeAuthorization(runtime, ctx)),
  ));

  const configuration: Configuration = {
    adapter: Adapter as never,
    clients: [],
    jwks: keys.privateJwks as never,
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
      audience: async (ctx: AnyCtx, value: unknown, client: AnyCtx) => {
        // No refresh token for an API that does not allow offline access: offline_access is ignored.
        // https://auth0.com/docs/secure/tokens/refresh-tokens/get-refresh-tokens
        const api = typeof value === 'string' && value ? store.resourceServer(value) : undefined;
        if (api && !api.allow_offline_access) {
          ctx.oidc.params.scope = scopeList(ctx.oidc.params.scope).filter((s) => s !== 'offline_access').join(' ');
          return;
        }
        // oidc-provider keeps offline_access only with prompt=consent (OIDC Core); Auth0 keeps it whenever
        // the application may use refresh tokens.
        const raw = String(ctx.query?.scope ?? ctx.oidc.params.scope ?? '').split(' ');
        if (raw.includes('offline_access') && client.grantTypeAllowed('refresh_token')) {
          const scopes = new Set(scopeList(ctx.oidc.params.scope));
          scopes.add('offline_access');
          ctx.oidc.params.scope = [...scopes].join(' ');
        }
      },
      organization: async (ctx: AnyCtx, value: unknown, client: AnyCtx) => validateOrganizationParam(runtime, ctx, value as string | undefined, client.clientId),
      invitation: async (ctx: AnyCtx, value: unknown, client: AnyCtx) => validateInvitationParam(runtime, ctx, value as string | undefined, client.clientId),
      connection: async (ctx: AnyCtx, value: unknown, client: AnyCtx) => validateConnectionParam(runtime, ctx, value as string | undefined, client.clientId),
      screen_hint: null,
      organization_name: null,
    } as never,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: AnyCtx, client: AnyCtx, token: AnyCtx) => !token.clientId || token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      introspection: { enabled: false },
      // https://auth0.com/docs/authenticate/login/logout/back-channel-logout: on logout, Auth0
      // posts a logout token to each application of the session that has a back-channel URL.
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: AnyCtx, form: string) => {
          ctx.type = 'html';
          ctx.body = logoutAutoSubmitPage(form);
        },
        postLogoutSuccessSource: async (ctx: AnyCtx) => {
          ctx.type = 'html';
          ctx.body = messagePage({ title: 'Signed out', message: 'You have been signed out.' });
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (ctx: AnyCtx, _client: unknown, oneOf?: string[]) => {
          if (oneOf) {
            // Token endpoint without `audience`: the API the login asked for (also after refresh).
            const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
            const lc = loginContext(runtime, source?.grantId);
            const primary = lc?.audience ? toResource(lc.audience) : undefined;
            if (primary && oneOf.includes(primary)) return primary;
            return oneOf.length === 1 ? oneOf[0] : undefined;
          }
          const audience = ctx.oidc.params.audience as string | undefined;
          if (!audience || ctx.oidc.route === 'token') return undefined;
          // MRRT: the refresh token may also mint tokens for the tenant's other APIs.
          const others = store.state.resourceServers
            .filter((r) => !r.is_system && r.identifier !== audience)
            .map((r) => toResource(r.identifier));
          return others.length ? [toResource(audience), ...others] : toResource(audience);
        },
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx: AnyCtx, resource: string, client: AnyCtx) => {
          const audience = fromResource(resource);
          const rs = store.resourceServer(audience);
          const isCC = ctx.oidc.route === 'token' && ctx.oidc.params.grant_type === 'client_credentials';
          if (!rs) {
            const err = new errors.AccessDenied(`Service not found: ${audience}`);
            throw isCC ? withStatus(err, 403) : err;
          }
          const info = {
            audience,
            accessTokenFormat: 'jwt' as const,
            accessTokenTTL: rs.token_lifetime || 86400,
            jwt: { sign: { alg: 'RS256' } },
          };
          if (!isCC) {
            // Users never get Management API scopes through a login (Auth0 only grants its *_current_user
            // scopes there, which this tenant does not emulate).
            if (rs.is_system) return { ...info, scope: '' } as never;
            return { ...info, scope: rs.scopes.map((s) => s.value).join(' ') } as never;
          }
          const grant = store.state.clientGrants.find((g) => g.client_id === client.clientId && g.audience === audience);
          if (!grant) {
            throw withStatus(new errors.AccessDenied(`Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`), 403);
          }
          // Organizations in the Client Credentials Flow are decided by the client grant: its
          // organization_usage (deny by default, allow, require), and which organizations it may
          // name (any with allow_any_organization, else those associated with it through
          // /organizations/{id}/client-grants).
          // https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications
          const orgParam = ctx.state.auth0LocalOrganization as string | undefined;
          const usage = grant.organization_usage ?? 'deny';
          if (orgParam) {
            if (usage === 'deny') throw new errors.InvalidRequest(MESSAGES.orgNotAllowed);
            if (rs.is_system) throw new errors.InvalidRequest('parameter organization is not allowed for the Management API');
            const { org, error } = findOrganization(runtime, orgParam);
            if (!org) throw new errors.InvalidRequest(error ?? MESSAGES.orgNotFound);
            const associated = store.state.organizationClientGrants.some((a) => a.org_id === org.id && a.grant_id === grant.id);
            if (!grant.allow_any_organization && !associated) {
              // Auth0 logs this as organization_access_denied; the exact response text is not
              // documented, so it follows the wording of the missing-grant error above.
              throw withStatus(new errors.AccessDenied(`Client is not authorized to access organization "${org.id}" for "${audience}". Associate the client grant with the organization. See: https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications/authorize-m2m-access`), 403);
            }
            ctx.state.auth0LocalOrg = org;
          } else if (usage === 'require') {
            throw new errors.InvalidRequest(MESSAGES.orgRequired);
          }
          return { ...info, scope: grant.scope.join(' ') } as never;
        },
      },
    } as never,
    interactions: {
      policy,
      url: async (ctx: AnyCtx, interaction: AnyCtx) => {
        const uid = encodeURIComponent(interaction.uid);
        const params = interaction.params as Record<string, string | undefined>;
        const client = store.client(params.client_id ?? '');
        if (interaction.prompt.name === 'organization') {
          return client?.organization_require_behavior === 'post_login_prompt'
            ? `/u/organization-picker?state=${uid}` : `/u/organization?state=${uid}`;
        }
        if (interaction.prompt.name === 'consent') return `/u/consent?state=${uid}`;
        if (!params.organization && client?.organization_usage === 'require' && client.organization_require_behavior === 'pre_login_prompt') {
          return `/u/organization?state=${uid}`;
        }
        // connection=<enterprise connection> (or an invitation naming one): straight to its
        // identity provider, no password page.
        const required = requiredConnection(runtime, params);
        if (required && isEnterprise(store.connectionByName(required))) return enterpriseStartUrl(interaction.uid, required);
        if (params.screen_hint === 'signup') return `/u/signup?state=${uid}`;
        if (params.invitation) {
          const inv = store.invitationByTicket(params.invitation);
          if (inv && store.usersByEmail(inv.invitee.email).length === 0) return `/u/signup?state=${uid}`;
        }
        return `/u/login?state=${uid}`;
      },
    },
    loadExistingGrant: async (ctx: AnyCtx) => {
      // One Grant per authorization, granting what was asked (Auth0 skips consent for first-party
      // applications). The Grant id then identifies this login's organization and Action claims.
      const { oidc } = ctx;
      const grant = new oidc.provider.Grant({ accountId: oidc.session.accountId, clientId: oidc.client.clientId });
      const oidcScopes = [...oidc.requestParamOIDCScopes];
      if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
      const claims = [...oidc.requestParamClaims];
      if (claims.length) grant.addOIDCClaims(claims);
      for (const [resource, rs] of Object.entries(oidc.resourceServers ?? {}) as Array<[string, AnyCtx]>) {
        const scopes = [...oidc.requestParamScopes].filter((s: string) => rs.scopes.has(s));
        if (scopes.length) grant.addResourceScope(resource, scopes.join(' '));
      }
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx: AnyCtx, sub: string) => {
      const user = store.userById(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          name: user.name,
          nickname: user.nickname,
          picture: user.picture,
          updated_at: user.updated_at,
          ...(user.given_name ? { given_name: user.given_name } : {}),
          ...(user.family_name ? { family_name: user.family_name } : {}),
          email: user.email,
          email_verified: user.email_verified,
        }),
      };
    },
    ttl: {
      AccessToken: (_ctx: AnyCtx, token: AnyCtx) => token.resourceServer?.accessTokenTTL ?? 86400,
      ClientCredentials: (_ctx: AnyCtx, token: AnyCtx) => token.resourceServer?.accessTokenTTL ?? 86400,
      AuthorizationCode: 60,
      IdToken: 36000,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 30 * 24 * 3600,
      RefreshToken: 30 * 24 * 3600,
    } as never,
    renderError: async (ctx: AnyCtx, out: AnyCtx) => {
      ctx.type = 'html';
      ctx.body = errorPage({
        title: 'Something went wrong',
        message: `${out.error}: ${out.error_description ?? ''}`,
        action: 'Go back to the application and try again. If it keeps happening, check the application settings of the local tenant (callback URLs, client id).',
      });
    },
    formats: {
      customizers: {
        jwt: async (ctx: AnyCtx, token: AnyCtx, jwt: AnyCtx) => customizeAccessToken(runtime, ctx, token, jwt),
      },
    },
    // oidc-provider refuses outgoing requests to loopback addresses (as Auth0 refuses internal
    // back-channel logout URLs); the app beside the local tenant runs on localhost, so that
    // host alone is let through.
    fetch: ((url: string | URL, options: RequestInit & { dispatcher?: unknown }) => {
      const host = new URL(url).hostname;
      if (host !== 'localhost' && !host.endsWith('.localhost')) return globalThis.fetch(url, options);
      const { dispatcher: _ssrfGuard, ...rest } = options;
      return globalThis.fetch(url, rest);
    }) as never,
    pkce: { required: () => false } as never,
    clientBasedCORS: () => true,
  };

  const provider = new Provider(rt.issuer, configuration);
  provider.proxy = false;

  // Auth0 always puts `sid` in ID tokens.
  (provider.Client.prototype as AnyCtx).includeSid = () => true;
  // Callback and logout URLs may contain Auth0's one-level `*` wildcard, and callbacks the
  // `{organization_name}` placeholder, which stands for the organization this authorization
  // names (only for applications that use organizations): match against the store's lists.
  // https://auth0.com/docs/get-started/applications/wildcards-for-subdomains
  (provider.Client.prototype as AnyCtx).redirectUriAllowed = function redirectUriAllowed(this: AnyCtx, value: string) {
    const c = store.client(this.clientId);
    if (!c) return false;
    return urlAllowed(value, c.callbacks, 'callback', c.organization_usage === 'deny' ? undefined : requestedOrganizationName(runtime));
  };
  (provider.Client.prototype as AnyCtx).postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(this: AnyCtx, value: string) {
    const c = store.client(this.clientId);
    return !!c && urlAllowed(value, c.allowed_logout_urls, 'logout');
  };
  // ID tokens: org_id / org_name and the Actions' custom claims of this login.
  const IdToken = provider.IdToken as AnyCtx;
  const originalIssue = IdToken.prototype.issue;
  IdToken.prototype.issue = async function issue(this: AnyCtx, opts: AnyCtx) {
    if (opts?.use === 'idtoken' && this.ctx) {
      const lc = await tokenLoginContext(runtime, this.ctx);
      if (lc) {
        for (const [k, v] of Object.entries(lc.idClaims)) this.set(k, v);
        if (lc.orgId) {
          this.set('org_id', lc.orgId);
          const org = store.orgById(lc.orgId);
          if (org && store.state.settings.allow_organization_name_in_authentication_api) this.set('org_name', org.name);
        }
      }
    }
    return originalIssue.call(this, opts);
  };

  return provider;
}

/**
 * The name of the organization the current /authorize request names (`organization` by id, or
 * by name where the tenant allows names), read from oidc-provider's request context. The
 * redirect_uri is checked before the extra parameters are, so the raw value is resolved here.
 */
function requestedOrganizationName(rt: Runtime): string | undefined {
  const ctx = (Provider as unknown as { ctx?: AnyCtx }).ctx;
  const value = ctx?.oidc?.params?.organization;
  if (typeof value !== 'string' || !value) return undefined;
  return findOrganization(rt, value).org?.name;
}

const refreshed = new WeakMap<object, Promise<LoginContext | undefined>>();

/**
 * The login context behind the token being issued. On refresh, the Actions run again (as Auth0
 * runs post-login Actions on refresh-token exchange), so claims follow role changes.
 */
async function tokenLoginContext(rt: Runtime, ctx: AnyCtx): Promise<LoginContext | undefined> {
  const source = ctx.oidc?.entities?.AuthorizationCode ?? ctx.oidc?.entities?.RefreshToken;
  const grantId: string | undefined = source?.grantId;
  const lc = loginContext(rt, grantId);
  if (!lc || !grantId) return lc;
  if (ctx.oidc.entities.AuthorizationCode || ctx.oidc.params?.grant_type !== 'refresh_token') return lc;
  let p = refreshed.get(ctx);
  if (!p) {
    p = (async () => {
      const user = rt.store.userById(lc.accountId);
      const client = rt.store.client(lc.clientId);
      if (!user || !client) throw new errors.InvalidGrant('refresh token invalid (referenced account not found)');
      if (user.blocked) throw new errors.InvalidGrant(MESSAGES.blocked);
      const org = lc.orgId ? rt.store.orgById(lc.orgId) : undefined;
      const outcome = await runPostLoginActions(rt.actions, buildPostLoginEvent(rt, {
        user, client, org, protocol: 'oauth2-refresh-token', scopes: lc.requestedScopes, audience: lc.audience,
      }));
      if (outcome.denied !== undefined) throw new errors.AccessDenied(outcome.denied);
      const next: LoginContext = { ...lc, idClaims: outcome.idClaims, atClaims: outcome.atClaims };
      saveLoginContext(rt, grantId, next);
      return next;
    })();
    refreshed.set(ctx, p);
  }
  return p;
}

async function customizeAccessToken(rt: Runtime, ctx: AnyCtx, token: AnyCtx, jwt: { header?: Record<string, unknown>; payload: Record<string, unknown> }) {
  const { store } = rt;
  const p = jwt.payload;
  jwt.header = { ...jwt.header, typ: 'JWT' };
  const clientId = (p.client_id as string | undefined) ?? token.clientId;
  delete p.client_id;
  delete p.jti;
  const audience = typeof p.aud === 'string' ? p.aud : String(p.aud);
  const rs = store.resourceServer(audience);
  const orgClaims = (orgId: string | undefined) => {
    if (!orgId) return;
    p.org_id = orgId;
    const org = store.orgById(orgId);
    if (org && store.state.settings.allow_organization_name_in_authentication_api) p.org_name = org.name;
  };

  if (token.kind === 'ClientCredentials') {
    p.sub = `${clientId}@clients`;
    p.azp = clientId;
    p.gty = 'client-credentials';
    const org = ctx.state?.auth0LocalOrg as { id: string } | undefined;
    orgClaims(org?.id);
    if (rs?.token_dialect === 'access_token_authz') p.permissions = scopeList(p.scope);
    ctx.state.auth0LocalScope = (p.scope as string | undefined) ?? '';
    return;
  }

  const lc = await tokenLoginContext(rt, ctx);
  const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
  const grant = ctx.oidc.entities.Grant;
  const openid: boolean = !!source?.scopes?.has?.('openid');
  p.azp = clientId;
  if (openid) p.aud = [audience, `${rt.issuer}userinfo`];
  const permissions = lc?.orgId && rs ? store.memberPermissions(lc.orgId, String(p.sub), audience) : [];
  let apiScopes = scopeList(p.scope);
  if (rs?.enforce_policies) apiScopes = apiScopes.filter((s) => permissions.includes(s));
  const oidcScopes = grant ? scopeList(grant.getOIDCScopeFiltered(source?.scopes ?? new Set())) : [];
  const scope = [...new Set([...oidcScopes, ...apiScopes])].join(' ');
  p.scope = scope || undefined;
  orgClaims(lc?.orgId);
  if (rs?.token_dialect === 'access_token_authz' && rs.enforce_policies) p.permissions = permissions;
  for (const [k, v] of Object.entries(lc?.atClaims ?? {})) if (!(k in p)) p[k] = v;
  ctx.state.auth0LocalScope = scope;
}

/**
 * Middleware in front of /oauth/token: accepts JSON as well as form bodies, maps Auth0's
 * `audience` to a resource indicator, gives client_credentials the client grant's scopes, and
 * puts Auth0's `scope` into the response.
 */
export function tokenEndpointShim(rt: Runtime): Koa.Middleware {
  return async (ctx, next) => {
    if (ctx.path !== '/oauth/token' || ctx.method !== 'POST') return next();
    const type = ctx.get('content-type');
    let raw: string;
    try {
      raw = await readRaw(ctx.req);
    } catch {
      return tokenError(ctx, 400, 'invalid_request', 'failed to read the request body');
    }
    let body: Record<string, unknown>;
    if (/^application\/json/i.test(type)) {
      try {
        const parsed: unknown = raw.trim() ? JSON.parse(raw) : {};
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return tokenError(ctx, 400, 'invalid_request', 'Invalid JSON body');
      }
    } else if (!type || /^application\/x-www-form-urlencoded/i.test(type)) {
      body = querystring.parse(raw) as Record<string, unknown>;
    } else {
      return tokenError(ctx, 400, 'invalid_request', `only application/x-www-form-urlencoded or application/json bodies are supported on POST /oauth/token`);
    }
    // Normalise values to what a form would have carried.
    for (const [k, v] of Object.entries(body)) {
      if (v === null || v === undefined) delete body[k];
      else if (Array.isArray(v)) body[k] = k === 'scope' ? v.join(' ') : v.map(String);
      else if (typeof v === 'object') body[k] = JSON.stringify(v);
      else body[k] = String(v);
    }
    const audience = typeof body.audience === 'string' ? body.audience : undefined;
    if (audience && body.resource === undefined) body.resource = toResource(audience);
    if (body.grant_type === 'client_credentials') {
      if (!audience) {
        return tokenError(ctx, 403, 'access_denied', 'No audience parameter was provided, and no default audience has been configured');
      }
      const grant = rt.store.state.clientGrants.find((g) => g.client_id === body.client_id && g.audience === audience);
      if (grant) {
        const requested = typeof body.scope === 'string' ? scopeList(body.scope) : undefined;
        body.scope = (requested ? grant.scope.filter((s) => requested.includes(s)) : grant.scope).join(' ');
        if (!body.scope) delete body.scope;
      }
      if (typeof body.organization === 'string' && body.organization) ctx.state.auth0LocalOrganization = body.organization;
    }
    delete body.organization;
    delete body.audience;
    ctx.request.headers['content-type'] = 'application/x-www-form-urlencoded';
    (ctx.request as unknown as { body: unknown }).body = body;
    await next();
    if (ctx.status === 200 && ctx.body && typeof ctx.body === 'object' && 'access_token' in (ctx.body as object)) {
      const out = ctx.body as Record<string, unknown>;
      if (typeof ctx.state.auth0LocalScope === 'string') {
        if (ctx.state.auth0LocalScope) out.scope = ctx.state.auth0LocalScope;
        else delete out.scope;
      }
    }
  };
}

function tokenError(ctx: Koa.Context, status: number, error: string, description: string) {
  ctx.status = status;
  ctx.set('cache-control', 'no-store');
  ctx.body = { error, error_description: description };
}

export async function readRaw(req: NodeJS.ReadableStream & { readable?: boolean }, limit = 256 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) throw new Error('request entity too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type { KoaContextWithOIDC };
