// The local tenant as an OpenID Connect relying party for `oidc` connections (openid-client).
// back_channel: authorization code flow with PKCE and the client secret; front_channel:
// response_type=id_token by form_post. Either way the IdP answers at /login/callback (Auth0's
// path), bound to the sign-in by `state`, which is used once.
import * as client from 'openid-client';
import type { Runtime } from '../runtime.js';
import type { Connection } from '../store.js';
import { SsoError } from './errors.js';
import { oidcChannel, type OidcOptions } from './options.js';
import type { UpstreamProfile } from './users.js';

const STATE_MODEL = 'TenantryOidcUpstream';
const STATE_TTL = 3600;
const DISCOVERY_TTL_MS = 5 * 60_000;

interface PendingLogin { uid: string; connection: string; nonce: string; verifier: string; created: number }

/** Discovery results per connection id, for a few minutes (dropped when an answer fails). */
const discovered = new Map<string, { fingerprint: string; config: client.Configuration; at: number }>();

export const oidcCallbackUrl = (rt: Runtime) => `${rt.issuer}login/callback`;

async function configFor(conn: Connection): Promise<client.Configuration> {
  const o = conn.options as OidcOptions;
  const where = o.discovery_url ?? o.issuer;
  if (!where || !o.client_id) throw new SsoError(`The connection ${conn.name} is not fully configured: it needs the identity provider's issuer or discovery URL and a client id.`);
  const fingerprint = JSON.stringify([where, o.issuer, o.type, o.client_id, o.client_secret, o.token_endpoint_auth_method]);
  const hit = discovered.get(conn.id);
  if (hit && hit.fingerprint === fingerprint && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
  const url = new URL(where);
  const auth = oidcChannel(o) === 'front_channel' || !o.client_secret
    ? client.None()
    : o.token_endpoint_auth_method === 'client_secret_basic' ? client.ClientSecretBasic(o.client_secret) : client.ClientSecretPost(o.client_secret);
  let config: client.Configuration;
  try {
    const execute = [
      ...(url.protocol === 'http:' ? [client.allowInsecureRequests] : []),
      ...(oidcChannel(o) === 'front_channel' ? [client.useIdTokenResponseType] : []),
    ];
    config = await client.discovery(url, o.client_id, o.client_secret, auth, { execute, timeout: 10 });
  } catch (e) {
    throw new SsoError(`Could not read the OpenID configuration of the connection ${conn.name} at ${url.href} (${(e as Error).message}).`, 502);
  }
  const issuer = config.serverMetadata().issuer;
  if (o.issuer && o.discovery_url && o.issuer.replace(/\/$/, '') !== issuer.replace(/\/$/, '')) {
    throw new SsoError(`The identity provider of the connection ${conn.name} says its issuer is ${issuer}, not ${o.issuer}.`, 502);
  }
  discovered.set(conn.id, { fingerprint, config, at: Date.now() });
  return config;
}

/** The URL to send the browser to: the upstream authorization endpoint. */
export async function oidcLoginUrl(rt: Runtime, conn: Connection, interactionUid: string, loginHint?: string): Promise<string> {
  const o = conn.options as OidcOptions;
  const config = await configFor(conn);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const verifier = client.randomPKCECodeVerifier();
  const scopes = new Set(['openid', ...(o.scope ?? 'openid profile email').split(/[\s,]+/).filter(Boolean)]);
  const params: Record<string, string> = {
    redirect_uri: oidcCallbackUrl(rt),
    scope: [...scopes].join(' '),
    state,
    nonce,
    ...(loginHint ? { login_hint: loginHint } : {}),
  };
  if (oidcChannel(o) === 'front_channel') {
    Object.assign(params, { response_type: 'id_token', response_mode: 'form_post' });
  } else {
    Object.assign(params, { response_type: 'code', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
  }
  const pending: PendingLogin = { uid: interactionUid, connection: conn.name, nonce, verifier, created: rt.now() };
  rt.models.set(STATE_MODEL, state, pending as never, STATE_TTL);
  return client.buildAuthorizationUrl(config, params).href;
}

/** Takes (and so uses up) the sign-in a callback's `state` names. */
export function takeOidcLogin(rt: Runtime, state: string | undefined): PendingLogin | undefined {
  if (!state) return undefined;
  const p = rt.models.get(STATE_MODEL, state) as PendingLogin | undefined;
  rt.models.delete(STATE_MODEL, state);
  if (!p || rt.now() - p.created > STATE_TTL) return undefined;
  return p;
}

export interface OidcCallback {
  /** The callback parameters (query for back_channel, form body for front_channel). */
  params: URLSearchParams;
  method: 'GET' | 'POST';
}

/** Completes the upstream sign-in `pending` started; returns the person's profile. */
export async function acceptOidcCallback(rt: Runtime, conn: Connection, pending: PendingLogin, cb: OidcCallback): Promise<UpstreamProfile> {
  const o = conn.options as OidcOptions;
  const error = cb.params.get('error');
  if (error) {
    const description = cb.params.get('error_description');
    throw new SsoError(`The identity provider did not sign you in (${error}${description ? `: ${description}` : ''}).`, 403);
  }
  const config = await configFor(conn);
  const url = new URL(oidcCallbackUrl(rt));
  let claims: Record<string, unknown> | undefined;
  try {
    if (oidcChannel(o) === 'front_channel') {
      const request = new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: cb.params.toString(),
      });
      claims = (await client.implicitAuthentication(config, request, pending.nonce, { expectedState: cb.params.get('state') ?? undefined })) as Record<string, unknown>;
    } else {
      for (const [k, v] of cb.params) url.searchParams.set(k, v);
      const tokens = await client.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: pending.verifier,
        expectedState: cb.params.get('state') ?? undefined,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims() as Record<string, unknown> | undefined;
      if (claims && !claims.email && config.serverMetadata().userinfo_endpoint) {
        const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
        claims = { ...info, ...claims };
      }
    }
  } catch (e) {
    discovered.delete(conn.id); // the IdP may have changed (keys, endpoints): discover again next time
    throw new SsoError(`The answer of the identity provider of the connection ${conn.name} was refused: ${(e as Error).message}`);
  }
  if (!claims || typeof claims.sub !== 'string' || !claims.sub) throw new SsoError('The identity provider did not name the user (no sub claim).');
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  return {
    id: claims.sub,
    email: str(claims.email),
    email_verified: typeof claims.email_verified === 'boolean' ? claims.email_verified : claims.email_verified === 'true' ? true : undefined,
    name: str(claims.name),
    given_name: str(claims.given_name),
    family_name: str(claims.family_name),
    nickname: str(claims.nickname) ?? str(claims.preferred_username),
    picture: str(claims.picture),
  };
}
