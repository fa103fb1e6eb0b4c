// Token customization: what Auth0 puts in tokens beyond OpenID's claims. org_id and org_name,
// the custom claims of the post-login Actions (run again on refresh), RBAC permissions, Auth0's
// `aud` and `scope`, `typ: JWT`, and the subject of client-credentials tokens.
import { errors, type AccessToken, type ClientCredentials, type IdToken, type JWTStructured, type KoaContextWithOIDC, type Provider } from 'oidc-provider';
import { runPostLoginActions } from '../actions.js';
import { buildPostLoginEvent, MESSAGES } from '../login-flow.js';
import { loginContext, saveLoginContext, type LoginContext, type Runtime } from '../runtime.js';
import { tokenRequestState } from './request-state.js';
import { scopeList } from './scopes.js';

const refreshed = new WeakMap<object, Promise<LoginContext | undefined>>();

/** The acr of an MFA login on Auth0 (the PAPE multi-factor policy). */
export const MFA_ACR = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';

/** Auth0's answer when a token request needs MFA: 403 `mfa_required` (the MFA API's mfa_token is not emulated). */
function mfaRequired(): Error {
  const err = new errors.CustomOIDCProviderError('mfa_required', 'Multifactor authentication required');
  Object.assign(err, { status: 403, statusCode: 403 });
  return err;
}

/**
 * The login context behind the token being issued. On refresh, the Actions run again (as Auth0
 * runs post-login Actions on refresh-token exchange), so claims follow role changes.
 */
async function tokenLoginContext(rt: Runtime, ctx: KoaContextWithOIDC): Promise<LoginContext | undefined> {
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
      // A refresh is a new transaction: MFA asked for here cannot be met, and Auth0 fails the
      // exchange (Actions skip MFA when event.transaction.protocol is "oauth2-refresh-token").
      // https://auth0.com/docs/secure/tokens/refresh-tokens/use-refresh-tokens (Bypass MFA)
      const outcome = await runPostLoginActions(rt.actions, buildPostLoginEvent(rt, {
        user, client, org, protocol: 'oauth2-refresh-token', scopes: lc.requestedScopes, audience: lc.audience, methods: lc.methods ?? [],
      }), { mfaSatisfied: false });
      if (outcome.denied !== undefined) throw new errors.AccessDenied(outcome.denied);
      if (outcome.mfa) throw mfaRequired();
      const next: LoginContext = { ...lc, idClaims: outcome.idClaims, atClaims: outcome.atClaims };
      saveLoginContext(rt, grantId, next);
      return next;
    })();
    refreshed.set(ctx, p);
  }
  return p;
}

/** oidc-provider's `formats.customizers.jwt`: shapes every JWT access token as Auth0 does. */
export async function customizeAccessToken(rt: Runtime, ctx: KoaContextWithOIDC, token: AccessToken | ClientCredentials, jwt: JWTStructured): Promise<void> {
  const { store } = rt;
  const p = jwt.payload;
  const state = tokenRequestState(ctx);
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
    orgClaims(state.auth0LocalOrg?.id);
    if (rs?.token_dialect === 'access_token_authz') p.permissions = scopeList(p.scope);
    state.auth0LocalScope = (p.scope as string | undefined) ?? '';
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
  state.auth0LocalScope = scope;
}

/**
 * ID tokens: org_id / org_name, the Actions' custom claims of this login, and `amr`: ["mfa"]
 * only in the ID token of the login that passed MFA. Auth0 leaves amr out after a password or
 * federated login, and out of tokens from silent authentication or a refresh token
 * (https://auth0.com/docs/secure/multi-factor-authentication/step-up-authentication/configure-step-up-authentication-for-web-apps).
 */
export function patchIdTokenClaims(provider: Provider, rt: Runtime): void {
  const { store } = rt;
  const idToken: IdToken = provider.IdToken.prototype;
  const originalIssue = idToken.issue;
  idToken.issue = async function issue(this: IdToken, opts) {
    if (opts?.use === 'idtoken' && this.ctx) {
      const lc = await tokenLoginContext(rt, this.ctx);
      // oidc-provider copies the session's amr (pwd, fed) in; Auth0 does not.
      delete (this as unknown as { available: Record<string, unknown> }).available.amr;
      if (lc?.mfa && this.ctx.oidc.entities.AuthorizationCode) {
        this.set('amr', ['mfa']);
        // With it, the multi-factor acr Auth0 issues (and step-up requests name in acr_values).
        this.set('acr', MFA_ACR);
      }
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
}
