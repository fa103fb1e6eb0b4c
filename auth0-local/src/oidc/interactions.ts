// Policy and interactions: when oidc-provider stops an authorization to ask the user something,
// and which Universal Login page asks it. Auth0-like login (plus two reasons to sign in again),
// a consent that is always satisfied, the organization step, and the MFA the Actions ask for.
import { interactionPolicy, type Grant, type Interaction, type KoaContextWithOIDC } from 'oidc-provider';
import { enterpriseStartUrl, isEnterprise, requiredConnection } from '../enterprise/connections.js';
import { completeAuthorization, needsMfa } from '../login-flow.js';
import type { Runtime } from '../runtime.js';

const { Prompt, Check, base } = interactionPolicy;

/** An /authorize parameter as oidc-provider validated it (extra parameters are strings). */
function authorizeParam(ctx: KoaContextWithOIDC, name: string): string | undefined {
  return ctx.oidc.params?.[name] as string | undefined;
}

export function interactionPolicyFor(rt: Runtime) {
  const { store } = rt;
  const policy = base();
  const login = policy.get('login')!;
  login.checks.push(new Check('invitation_account', 'the invitation is for another account', 'login_required', (ctx) => {
    const ticket = authorizeParam(ctx, 'invitation');
    const accountId = ctx.oidc.session?.accountId;
    if (!ticket || !accountId || ctx.oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
    const inv = store.invitationByTicket(ticket);
    const user = store.userById(accountId);
    return inv && user && inv.invitee.email.toLowerCase() !== user.email ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  }));
  // /authorize?connection=X with a session of another connection's user: sign in through X (as Auth0 does).
  login.checks.push(new Check('connection_account', 'the session is for another connection', 'login_required', (ctx) => {
    const connection = authorizeParam(ctx, 'connection');
    const accountId = ctx.oidc.session?.accountId;
    if (!connection || !accountId || ctx.oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
    const user = store.userById(accountId);
    return user && user.connection !== connection ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  }));
  policy.remove('consent');
  policy.add(new Prompt({ name: 'consent', requestable: true }));
  policy.add(new Prompt(
    { name: 'organization', requestable: false },
    new Check('organization_selection', 'the end-user must choose an organization', 'interaction_required',
      async (ctx) => (await completeAuthorization(rt, ctx)) === 'organization'),
  ));
  // After the Actions: the MFA they asked for (decided by completeAuthorization in the check above).
  policy.add(new Prompt(
    { name: 'mfa', requestable: false },
    new Check('mfa_required', 'multifactor authentication is required', 'interaction_required', (ctx) => needsMfa(ctx)),
  ));
  return policy;
}

/** The Universal Login page for an interaction. */
export function interactionUrl(rt: Runtime) {
  const { store } = rt;
  return async (_ctx: KoaContextWithOIDC, interaction: Interaction): Promise<string> => {
    const uid = encodeURIComponent(interaction.uid);
    const params = interaction.params as Record<string, string | undefined>;
    const client = store.client(params.client_id ?? '');
    if (interaction.prompt.name === 'organization') {
      return client?.organization_require_behavior === 'post_login_prompt'
        ? `/u/organization-picker?state=${uid}` : `/u/organization?state=${uid}`;
    }
    if (interaction.prompt.name === 'consent') return `/u/consent?state=${uid}`;
    if (interaction.prompt.name === 'mfa') return `/u/mfa?state=${uid}`;
    if (!params.organization && client?.organization_usage === 'require' && client.organization_require_behavior === 'pre_login_prompt') {
      return `/u/organization?state=${uid}`;
    }
    // connection=<enterprise connection> (or an invitation naming one): straight to its
    // identity provider, no password page.
    const required = requiredConnection(rt, params);
    if (required && isEnterprise(store.connectionByName(required))) return enterpriseStartUrl(interaction.uid, required);
    if (params.screen_hint === 'signup') return `/u/signup?state=${uid}`;
    if (params.invitation) {
      const inv = store.invitationByTicket(params.invitation);
      if (inv && store.usersByEmail(inv.invitee.email).length === 0) return `/u/signup?state=${uid}`;
    }
    return `/u/login?state=${uid}`;
  };
}

/**
 * One Grant per authorization, granting what was asked (Auth0 skips consent for first-party
 * applications). The Grant id then identifies this login's organization and Action claims.
 */
export async function grantWhatWasAsked(ctx: KoaContextWithOIDC): Promise<Grant> {
  const { oidc } = ctx;
  const grant = new oidc.provider.Grant({ accountId: oidc.session!.accountId, clientId: oidc.client!.clientId });
  const oidcScopes = [...oidc.requestParamOIDCScopes];
  if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
  const claims = [...oidc.requestParamClaims];
  if (claims.length) grant.addOIDCClaims(claims);
  for (const [resource, rs] of Object.entries(oidc.resourceServers ?? {})) {
    const scopes = [...oidc.requestParamScopes].filter((s) => rs.scopes.has(s));
    if (scopes.length) grant.addResourceScope(resource, scopes.join(' '));
  }
  await grant.save();
  return grant;
}
