// Resource indicators: Auth0's `audience` as an RFC 8707 resource. Which API a token is for,
// its scopes and lifetime, whether it allows offline access, and the client grant (with its
// organization rules) behind a client-credentials token.
import { errors, type Client, type Configuration, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import { findOrganization, MESSAGES } from '../login-flow.js';
import { fromResource, loginContext, toResource, type Runtime } from '../runtime.js';
import { tokenRequestState } from './request-state.js';
import { scopeList } from './scopes.js';

type ResourceIndicators = NonNullable<NonNullable<Configuration['features']>['resourceIndicators']>;

/** An OIDC error with an HTTP status of our choosing (Auth0 answers 403 access_denied at /oauth/token). */
function withStatus<T extends Error>(err: T, status: number): T {
  Object.assign(err, { status, statusCode: status, expose: true });
  return err;
}

/** The `audience` parameter of /authorize: decides whether `offline_access` stays. */
export function audienceParam(rt: Runtime) {
  return async (ctx: KoaContextWithOIDC, value: string | undefined, client: Client): Promise<void> => {
    const params = ctx.oidc.params!;
    // No refresh token for an API that does not allow offline access: offline_access is ignored.
    // https://auth0.com/docs/secure/tokens/refresh-tokens/get-refresh-tokens
    const api = typeof value === 'string' && value ? rt.store.resourceServer(value) : undefined;
    if (api && !api.allow_offline_access) {
      params.scope = scopeList(params.scope).filter((s) => s !== 'offline_access').join(' ');
      return;
    }
    // oidc-provider keeps offline_access only with prompt=consent (OIDC Core); Auth0 keeps it whenever
    // the application may use refresh tokens.
    const raw = String(ctx.query?.scope ?? params.scope ?? '').split(' ');
    if (raw.includes('offline_access') && client.grantTypeAllowed('refresh_token')) {
      const scopes = new Set(scopeList(params.scope));
      scopes.add('offline_access');
      params.scope = [...scopes].join(' ');
    }
  };
}

export function resourceIndicators(rt: Runtime): ResourceIndicators {
  const { store } = rt;
  return {
    enabled: true,
    defaultResource: async (ctx, _client, oneOf) => {
      if (oneOf) {
        // Token endpoint without `audience`: the API the login asked for (also after refresh).
        const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
        const lc = loginContext(rt, source?.grantId);
        const primary = lc?.audience ? toResource(lc.audience) : undefined;
        if (primary && oneOf.includes(primary)) return primary;
        return oneOf.length === 1 ? oneOf[0] : undefined;
      }
      const audience = ctx.oidc.params?.audience as string | undefined;
      if (!audience || ctx.oidc.route === 'token') return undefined;
      // MRRT: the refresh token may also mint tokens for the tenant's other APIs.
      const others = store.state.resourceServers
        .filter((r) => !r.is_system && r.identifier !== audience)
        .map((r) => toResource(r.identifier));
      return others.length ? [toResource(audience), ...others] : toResource(audience);
    },
    useGrantedResource: async () => true,
    getResourceServerInfo: async (ctx, resource, client): Promise<ResourceServer> => {
      const audience = fromResource(resource);
      const rs = store.resourceServer(audience);
      const isCC = ctx.oidc.route === 'token' && ctx.oidc.params?.grant_type === 'client_credentials';
      if (!rs) {
        const err = new errors.AccessDenied(`Service not found: ${audience}`);
        throw isCC ? withStatus(err, 403) : err;
      }
      const info = {
        audience,
        accessTokenFormat: 'jwt' as const,
        accessTokenTTL: rs.token_lifetime || 86400,
        jwt: { sign: { alg: 'RS256' as const } },
      };
      if (!isCC) {
        // Users never get Management API scopes through a login (Auth0 only grants its *_current_user
        // scopes there, which this tenant does not emulate).
        if (rs.is_system) return { ...info, scope: '' };
        return { ...info, scope: rs.scopes.map((s) => s.value).join(' ') };
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
      const state = tokenRequestState(ctx);
      const orgParam = state.auth0LocalOrganization;
      const usage = grant.organization_usage ?? 'deny';
      if (orgParam) {
        if (usage === 'deny') throw new errors.InvalidRequest(MESSAGES.orgNotAllowed);
        if (rs.is_system) throw new errors.InvalidRequest('parameter organization is not allowed for the Management API');
        const { org, error } = findOrganization(rt, orgParam);
        if (!org) throw new errors.InvalidRequest(error ?? MESSAGES.orgNotFound);
        const associated = store.state.organizationClientGrants.some((a) => a.org_id === org.id && a.grant_id === grant.id);
        if (!grant.allow_any_organization && !associated) {
          // Auth0 logs this as organization_access_denied; the exact response text is not
          // documented, so it follows the wording of the missing-grant error above.
          throw withStatus(new errors.AccessDenied(`Client is not authorized to access organization "${org.id}" for "${audience}". Associate the client grant with the organization. See: https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications/authorize-m2m-access`), 403);
        }
        state.auth0LocalOrg = org;
      } else if (usage === 'require') {
        throw new errors.InvalidRequest(MESSAGES.orgRequired);
      }
      return { ...info, scope: grant.scope.join(' ') };
    },
  };
}

/** Access tokens live as long as their API says (Auth0's token_lifetime). */
export const accessTokenTTL = (_ctx: KoaContextWithOIDC, token: { resourceServer?: ResourceServer | undefined }): number =>
  token.resourceServer?.accessTokenTTL ?? 86400;
