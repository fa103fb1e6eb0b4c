// Tenantry's post-login Action: the one source of truth. Auth0 runs Actions as CommonJS
// JavaScript (`exports.onExecutePostLogin = async (event, api) => {...}`), not TypeScript or
// ESM, so this file is never deployed as it is: `npm run auth0:build-action` builds it into
// post-login-action.cjs beside it (self-contained, no imports), and that built file is what
// `npm run auth0:provision` deploys to Auth0 and what the local tenant runs in its sandbox.
// post-login-action.test.ts fails when the built file is stale.
// Keep it self-contained: no imports (the build would inline them; Auth0 has none of the
// app's modules). Configuration, if ever needed, comes through `event.secrets`.
//
// It also enforces the organization's security policy at sign-in, read from the organization's
// metadata (written by the app's /settings/security, lib/security/policy-metadata.ts):
//   - MFA required: the authenticator app, unless the person came through an enterprise (SSO)
//     connection and the organization exempts those,
//   - SSO only: sign-in through the database (password) connection is refused, except for the
//     named break-glass admins.
// Event and API: https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/post-login-event-object
// and .../post-login-api-object.

/** Namespace of Tenantry's custom claims. Auth0 requires a URL namespace that is not Auth0's. */
export const CLAIM_NAMESPACE = 'https://tenantry.dev/';

/**
 * The organization-metadata keys of the security policy (string values, at most 255 characters
 * each: https://auth0.com/docs/manage-users/organizations/configure-organizations/metadata).
 * A key is absent when the policy is at its default.
 */
export const POLICY_METADATA_KEYS = {
  /** "required" */
  mfa: 'mfa',
  /** "true": people signing in through an enterprise connection are not asked for MFA here. */
  mfaSsoExempt: 'mfa_sso_exempt',
  /** "sso_only" */
  signIn: 'sign_in',
  /** Comma-separated Auth0 user ids who may still sign in with a password while SSO only is on. */
  breakGlass: 'break_glass',
} as const;

/**
 * The reason a password sign-in is refused under SSO only. Auth0 sends it as the callback's
 * error_description; app/auth-error/messages.ts recognises it by this prefix.
 */
export const SSO_ONLY_DENIAL = 'sso_required: this organization only allows sign-in through its single sign-on connection';

/**
 * Enterprise connection strategies: a sign-in through one of them happened at the
 * organization's identity provider (an organization login only offers the connections enabled
 * on the organization). https://auth0.com/docs/authenticate/identity-providers/enterprise-identity-providers
 */
export const ENTERPRISE_STRATEGIES = ['samlp', 'oidc', 'okta', 'waad', 'adfs', 'pingfederate', 'google-apps', 'ad', 'auth0-adldap', 'office365'];

export interface PostLoginEvent {
  user: { user_id: string; email?: string; name?: string; enrolledFactors?: { type: string }[] };
  organization?: { id: string; name: string; display_name?: string; metadata?: Record<string, string> };
  authorization?: { roles: string[] };
  client?: { client_id: string; name?: string };
  connection?: { id: string; name: string; strategy: string };
  transaction?: { protocol?: string };
  authentication?: { methods: { name: string }[] };
}

export interface PostLoginApi {
  idToken: { setCustomClaim(name: string, value: unknown): void };
  accessToken: { setCustomClaim(name: string, value: unknown): void };
  access: { deny(reason: string): void };
  multifactor?: { enable(provider: string, options?: { allowRememberBrowser?: boolean }): void };
  authentication?: { challengeWithAny(factors: { type: string }[]): void };
}

export async function onExecutePostLogin(event: PostLoginEvent, api: PostLoginApi): Promise<void> {
  const org = event.organization;
  if (!org) return; // personal (B2C) login: no tenant context, no tenant claims
  const metadata = org.metadata ?? {};
  const tenantId = metadata.tenantId;
  if (!tenantId) {
    // An org without our tenant id was not created by Tenantry: refuse rather than guess.
    api.access.deny(`organization ${org.name} is not provisioned for this application`);
    return;
  }
  const strategy = event.connection?.strategy ?? 'auth0';
  const viaSso = ENTERPRISE_STRATEGIES.includes(strategy);

  // SSO only: anything but an enterprise connection is refused, except for a break-glass admin.
  if (metadata[POLICY_METADATA_KEYS.signIn] === 'sso_only' && !viaSso) {
    const breakGlass = (metadata[POLICY_METADATA_KEYS.breakGlass] ?? '').split(',').filter(Boolean);
    if (!breakGlass.includes(event.user.user_id)) {
      api.access.deny(SSO_ONLY_DENIAL);
      return;
    }
  }

  const roles = event.authorization?.roles ?? [];
  for (const token of [api.idToken, api.accessToken]) {
    token.setCustomClaim(`${CLAIM_NAMESPACE}tenantId`, tenantId);
    token.setCustomClaim(`${CLAIM_NAMESPACE}org_name`, org.name);
    token.setCustomClaim(`${CLAIM_NAMESPACE}roles`, roles);
  }
  // The app's MFA check exempts an SSO sign-in only when it knows it was one: the connection's
  // name, in the ID token only (the session keeps it; access tokens need not carry it).
  if (viaSso && event.connection) api.idToken.setCustomClaim(`${CLAIM_NAMESPACE}sso_connection`, event.connection.name);

  // MFA. Not on a refresh-token exchange: Auth0 fails it when an Action asks for MFA there
  // (https://auth0.com/docs/secure/tokens/refresh-tokens/use-refresh-tokens); the sign-in that
  // started the session did it. Nor when done already in this transaction.
  const mfaRequired = metadata[POLICY_METADATA_KEYS.mfa] === 'required' && !(viaSso && metadata[POLICY_METADATA_KEYS.mfaSsoExempt] === 'true');
  const refreshing = event.transaction?.protocol === 'oauth2-refresh-token';
  const done = (event.authentication?.methods ?? []).some((m) => m.name === 'mfa');
  if (!mfaRequired || refreshing || done) return;
  const enrolled = (event.user.enrolledFactors ?? []).some((f) => f.type === 'otp');
  if (enrolled) {
    // A challenge in this very transaction, even inside an Auth0 session that passed MFA
    // before: the ID token then says `amr: ["mfa"]`, which the app checks.
    api.authentication?.challengeWithAny([{ type: 'otp' }]);
  } else {
    // No factor yet: enable() makes Auth0 enrol one (the authenticator app) before tokens.
    api.multifactor?.enable('any', { allowRememberBrowser: false });
  }
}
