// Auth0's Organizations semantics at /authorize: parameter validation (organization,
// invitation, connection) and the decision taken once the user is known (membership,
// auto-membership, invitations, org prompts, post-login Actions, the MFA they ask for).
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { runPostLoginActions, type ActionOutcome, type AuthenticationMethodRef, type MfaRequest, type PostLoginEvent } from './actions.js';
import { hasEnrolledFactor } from './mfa.js';
import { saveLoginContext, type Runtime } from './runtime.js';
import { newId, type Client, type Connection, type Invitation, type Organization, type User } from './store.js';

type Ctx = KoaContextWithOIDC;

export const MESSAGES = {
  orgRequired: 'parameter organization is required for this client',
  orgNotAllowed: 'parameter organization is not allowed for this client',
  orgMustBeId: 'authorization request parameter organization must be an organization id',
  // Auth0's exact text for an unknown organization is not documented; this mirrors the Management API's.
  orgNotFound: 'no organization found by that id or name',
  invitationInvalid: 'invitation not found or already used',
  invitationNeedsOrg: 'parameter organization is required when invitation is used',
  invitationWrongAccount: 'the specified account is not allowed to accept the current invitation',
  connectionNotEnabled: 'the connection is not enabled',
  // Auth0 classifies this as access_denied; the exact text is not documented.
  connectionNotEnabledForOrg: 'the connection is not enabled for the organization',
  noOrgMembership: 'client requires organization membership, but user does not belong to any organization',
  notMember: (userId: string, orgId: string) => `user ${userId} is not part of the ${orgId} organization`,
  blocked: 'user is blocked',
  // The exact text is not documented; the stricter reading of challengeWith (a challenge needs an
  // enrolled factor; api.multifactor.enable is what enrols) is emulated.
  mfaNotEnrolled: 'a multifactor challenge was requested, but the user has not enrolled any of the requested factors',
  mfaNotCompleted: 'multifactor authentication was not completed',
  // Not documented either: "You must enable at least one factor on your tenant to use MFA".
  mfaFactorDisabled: 'multifactor authentication was requested, but the One-time Password factor is not enabled on the tenant',
};

/** A login stopped for MFA: what it had decided, so it goes on once the user passed MFA. */
export interface PendingMfa {
  accountId: string;
  clientId: string;
  orgId?: string;
  audience?: string;
  scopes: string[];
  request: MfaRequest;
  /** Claims set by the Actions that ran before the challenge. */
  idClaims: Record<string, unknown>;
  atClaims: Record<string, unknown>;
  /** Index of the first post-login Action still to run (after a challenge). */
  resumeAt?: number;
  methods: AuthenticationMethodRef[];
  acrValues?: string[];
  sessionUid?: string;
  /** Set by the MFA pages once the user passed the challenge or enrolled. */
  satisfiedAt?: string;
  /** The authenticator secret offered while enrolling (kept across page reloads and wrong codes). */
  enrolSecret?: string;
  /** Wrong codes so far in this login. */
  failures?: number;
  /** A recovery code just issued, until the user confirms they recorded it (then dropped). */
  recoveryCodeToShow?: string;
  /** It replaces one the user just signed in with. */
  recoveryCodeFresh?: boolean;
}
export const PENDING_MFA_MODEL = 'TenantryPendingMfa';
const PENDING_MFA_TTL = 3600;
/** Sessions that passed MFA (by session uid): `api.multifactor.enable` does not ask again within them. */
export const MFA_SESSION_MODEL = 'TenantryMfaSession';

export function pendingMfa(rt: Runtime, id: string | undefined): PendingMfa | undefined {
  return id ? rt.models.get(PENDING_MFA_MODEL, id) as unknown as PendingMfa | undefined : undefined;
}
export function savePendingMfa(rt: Runtime, id: string, p: PendingMfa): void {
  rt.models.set(PENDING_MFA_MODEL, id, p as unknown as Record<string, unknown>, PENDING_MFA_TTL);
}

/** What the login still needs: an organization choice, MFA, or nothing (false: tokens may be issued). */
export type AuthorizationStep = false | 'organization' | 'mfa';

export function storeClient(rt: Runtime, clientId: string): Client {
  const c = rt.store.client(clientId);
  if (!c) throw new errors.InvalidClient('client not found');
  return c;
}

/** Finds the organization an `organization` value names: an id, or a name when the tenant allows names. */
export function findOrganization(rt: Runtime, value: string): { org?: Organization; error?: string } {
  if (value.startsWith('org_')) {
    const org = rt.store.orgById(value);
    return org ? { org } : { error: MESSAGES.orgNotFound };
  }
  if (!rt.store.state.settings.allow_organization_name_in_authentication_api) return { error: MESSAGES.orgMustBeId };
  const org = rt.store.orgByName(value.toLowerCase());
  return org ? { org } : { error: MESSAGES.orgNotFound };
}

export function invitationExpired(rt: Runtime, inv: Invitation): boolean {
  return Date.parse(inv.expires_at) / 1000 <= rt.now();
}

/** Why an invitation ticket cannot be used for this org and client, or undefined when it can. */
export function invitationProblem(rt: Runtime, ticket: string, orgId: string | undefined, clientId: string): { inv?: Invitation; problem?: string } {
  const inv = rt.store.invitationByTicket(ticket);
  if (!orgId) return { problem: MESSAGES.invitationNeedsOrg };
  if (!inv || inv.organization_id !== orgId || invitationExpired(rt, inv) || (inv.client_id && inv.client_id !== clientId)) {
    return { problem: MESSAGES.invitationInvalid };
  }
  return { inv };
}

// ---- extraParams validators (run at /authorize once the redirect_uri is trusted: errors go back to it) ----

export function validateOrganizationParam(rt: Runtime, ctx: Ctx, value: string | undefined, clientId: string): void {
  const client = storeClient(rt, clientId);
  if (!value) {
    if (client.organization_usage === 'require' && client.organization_require_behavior === 'no_prompt') {
      throw new errors.InvalidRequest(MESSAGES.orgRequired);
    }
    return;
  }
  if (client.organization_usage === 'deny') throw new errors.InvalidRequest(MESSAGES.orgNotAllowed);
  const { org, error } = findOrganization(rt, value);
  if (!org) throw new errors.InvalidRequest(error ?? MESSAGES.orgNotFound);
  // Normalise a name to the id: everything after this works with ids.
  ctx.oidc.params!.organization = org.id;
}

export function validateInvitationParam(rt: Runtime, ctx: Ctx, value: string | undefined, clientId: string): void {
  if (!value) return;
  const { problem } = invitationProblem(rt, value, ctx.oidc.params?.organization as string | undefined, clientId);
  if (problem) throw new errors.InvalidRequest(problem);
}

export function validateConnectionParam(rt: Runtime, ctx: Ctx, value: string | undefined, clientId: string): void {
  if (!value) return;
  const conn = rt.store.connectionByName(value);
  if (!conn || !conn.enabled_clients.includes(clientId)) throw new errors.InvalidRequest(MESSAGES.connectionNotEnabled);
  const orgId = ctx.oidc.params?.organization as string | undefined;
  if (orgId && !rt.store.enabledConnection(orgId, conn.id)) throw new errors.AccessDenied(MESSAGES.connectionNotEnabledForOrg);
}

/** Database connections a login form may check credentials against, in order of preference. */
export function loginConnections(rt: Runtime, clientId: string, opts: { connection?: string | undefined; orgId?: string | undefined }): Connection[] {
  let conns = rt.store.state.connections.filter((c) => c.strategy === 'auth0' && c.enabled_clients.includes(clientId));
  if (opts.connection) conns = conns.filter((c) => c.name === opts.connection);
  if (opts.orgId) {
    const onOrg = conns.filter((c) => rt.store.enabledConnection(opts.orgId!, c.id));
    if (onOrg.length) conns = [...onOrg, ...conns.filter((c) => !onOrg.includes(c))];
  }
  return conns;
}

export function publicUser(user: User): Record<string, unknown> & { user_id: string } {
  const { password_hash: _omit, ...rest } = user;
  return structuredClone(rest);
}

export function buildPostLoginEvent(rt: Runtime, o: {
  user: User; client: Client; org?: Organization | undefined; protocol: PostLoginEvent['transaction']['protocol']; scopes: string[]; audience?: string | undefined;
  methods: AuthenticationMethodRef[]; acrValues?: string[] | undefined;
}): PostLoginEvent {
  const conn = rt.store.connectionByName(o.user.connection);
  const event: PostLoginEvent = {
    // enrolledFactors: the user's confirmed MFA factors, `{ type }` as Actions name them
    // (`otp` for the authenticator app, `recovery-code` beside it), [] when none
    // (https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger/post-login-event-object).
    user: { ...publicUser(o.user), enrolledFactors: enrolledFactorsOf(rt, o.user.user_id) },
    authorization: { roles: o.org ? rt.store.memberRoleNames(o.org.id, o.user.user_id) : [] },
    client: { client_id: o.client.client_id, name: o.client.name, metadata: {} },
    connection: { id: conn?.id ?? '', name: o.user.connection, strategy: conn?.strategy ?? 'auth0' },
    transaction: { protocol: o.protocol, requested_scopes: o.scopes },
    stats: { logins_count: o.user.logins_count },
    tenant: { id: 'local' },
    authentication: { methods: o.methods.map((m) => ({ ...m })) },
  };
  if (o.org) {
    event.organization = { id: o.org.id, name: o.org.name, display_name: o.org.display_name, metadata: { ...o.org.metadata } };
    event.transaction.organization = { id: o.org.id, name: o.org.name };
  }
  if (o.audience) event.resource_server = { identifier: o.audience };
  if (o.acrValues?.length) event.transaction.acr_values = [...o.acrValues];
  return event;
}

/** event.user.enrolledFactors: the confirmed authenticator app and its recovery code. */
function enrolledFactorsOf(rt: Runtime, userId: string): { type: string }[] {
  return rt.store.state.authenticationMethods
    .filter((m) => m.user_id === userId && m.confirmed)
    .map((m) => ({ type: m.type === 'totp' ? 'otp' : m.type }));
}

/** event.authentication.methods for this session's first factor (`pwd`, or `federated` for enterprise SSO). */
function firstFactorMethods(ctx: Ctx): AuthenticationMethodRef[] {
  const session = ctx.oidc.session;
  const amr = (session?.amr ?? []) as string[];
  const timestamp = new Date((session?.loginTs ?? Math.floor(Date.now() / 1000)) * 1000).toISOString();
  return [{ name: amr.includes('fed') ? 'federated' : 'pwd', timestamp }];
}

/** Whether this session already passed MFA (for api.multifactor.enable, which SSO does not ask again). */
function sessionPassedMfa(rt: Runtime, ctx: Ctx, accountId: string): boolean {
  const uid = ctx.oidc.session?.uid;
  const record = uid ? rt.models.get(MFA_SESSION_MODEL, uid) as { accountId?: string } | undefined : undefined;
  return record?.accountId === accountId;
}

/** Per request: the MFA step completeAuthorization decided on, read by the `mfa` prompt's check. */
const mfaNeeded = new WeakMap<object, boolean>();
export const needsMfa = (ctx: Ctx) => mfaNeeded.get(ctx) === true;

/**
 * The last step of every authorization (fresh login or existing session): decide the
 * organization, apply membership rules and invitations, run the post-login Actions, and bind
 * the outcome to the Grant. Returns 'organization' when the user must pick an organization
 * first, 'mfa' when an Action asked for MFA the user has not passed in this transaction;
 * throws an OIDC error (sent back to the redirect_uri) to refuse the login.
 */
export async function completeAuthorization(rt: Runtime, ctx: Ctx): Promise<AuthorizationStep> {
  const { oidc } = ctx;
  const accountId = oidc.session?.accountId;
  if (!accountId) return false; // the login prompt takes care of it
  const user = rt.store.userById(accountId);
  if (!user) throw new errors.AccessDenied('user not found');
  if (user.blocked) throw new errors.AccessDenied(MESSAGES.blocked);
  const client = storeClient(rt, oidc.client!.clientId);
  const params = oidc.params as Record<string, string | undefined>;
  const result = (oidc.result ?? {}) as { tenantry?: { orgId?: string; mfaPending?: string } };

  // Back from the MFA pages: the login goes on from where the MFA step stopped it (membership
  // and invitations were settled then, and are not settled twice).
  const pendingId = result.tenantry?.mfaPending;
  if (pendingId) {
    const pending = pendingMfa(rt, pendingId);
    if (!pending || !pending.satisfiedAt || pending.accountId !== user.user_id || pending.clientId !== client.client_id) {
      throw new errors.AccessDenied(MESSAGES.mfaNotCompleted);
    }
    rt.models.delete(PENDING_MFA_MODEL, pendingId);
    const methods = [...pending.methods, { name: 'mfa', timestamp: pending.satisfiedAt }];
    const org = pending.orgId ? rt.store.orgById(pending.orgId) : undefined;
    const outcome = pending.resumeAt === undefined
      ? { idClaims: pending.idClaims, atClaims: pending.atClaims }
      : await runPostLoginActions(rt.actions, buildPostLoginEvent(rt, {
        user, client, org, protocol: 'oidc-basic-profile', scopes: pending.scopes, audience: pending.audience, methods, acrValues: pending.acrValues,
      }), { from: pending.resumeAt, prior: pending });
    if ('denied' in outcome && outcome.denied !== undefined) throw new errors.AccessDenied(outcome.denied);
    finishLogin(rt, ctx, { user, client, org, audience: pending.audience, scopes: pending.scopes, outcome, methods, mfa: true });
    return false;
  }
  const conn = rt.store.connectionByName(user.connection);
  if (!conn || !conn.enabled_clients.includes(client.client_id)) throw new errors.InvalidRequest(MESSAGES.connectionNotEnabled);

  let orgId = params.organization ?? (client.organization_usage !== 'deny' ? result.tenantry?.orgId : undefined);
  if (!orgId && client.organization_usage === 'require') {
    if (client.organization_require_behavior === 'post_login_prompt') {
      if (rt.store.orgsOfUser(user.user_id).length === 0) {
        // Auth0 grants membership when exactly one organization auto-assigns this connection.
        const auto = rt.store.state.enabledConnections.filter((e) => e.connection_id === conn.id && e.assign_membership_on_login);
        if (auto.length !== 1) throw new errors.InvalidRequest(MESSAGES.noOrgMembership);
        orgId = auto[0]!.org_id;
      } else {
        return 'organization';
      }
    } else if (client.organization_require_behavior === 'pre_login_prompt') {
      return 'organization';
    } else {
      throw new errors.InvalidRequest(MESSAGES.orgRequired);
    }
  }

  // Validate everything before changing anything.
  let org: Organization | undefined;
  let invitation: Invitation | undefined;
  let addMembership: string[] | undefined; // role ids
  if (orgId) {
    org = rt.store.orgById(orgId);
    if (!org) throw new errors.InvalidRequest(MESSAGES.orgNotFound);
    const enabled = rt.store.enabledConnection(org.id, conn.id);
    if (!enabled) throw new errors.AccessDenied(MESSAGES.connectionNotEnabledForOrg);
    if (params.invitation) {
      const { inv, problem } = invitationProblem(rt, params.invitation, org.id, client.client_id);
      if (!inv) throw new errors.InvalidRequest(problem ?? MESSAGES.invitationInvalid);
      if (inv.invitee.email.toLowerCase() !== user.email.toLowerCase()) throw new errors.AccessDenied(MESSAGES.invitationWrongAccount);
      invitation = inv;
      const existing = rt.store.member(org.id, user.user_id);
      addMembership = [...new Set([...(existing?.roles ?? []), ...inv.roles])];
    } else if (!rt.store.member(org.id, user.user_id)) {
      if (!enabled.assign_membership_on_login) throw new errors.AccessDenied(MESSAGES.notMember(user.user_id, org.id));
      addMembership = [];
    }
  }

  // Membership and invitations are settled before Actions run (as on Auth0: a deny keeps them).
  if (org && (addMembership || invitation)) {
    const orgIdFinal = org.id;
    rt.store.mutate((s) => {
      if (addMembership) {
        const m = s.members.find((x) => x.org_id === orgIdFinal && x.user_id === user.user_id);
        if (m) m.roles = addMembership;
        else s.members.push({ org_id: orgIdFinal, user_id: user.user_id, roles: addMembership, created_at: new Date(rt.now() * 1000).toISOString() });
      }
      if (invitation) {
        s.invitations = s.invitations.filter((i) => i.id !== invitation!.id);
        const u = s.users.find((x) => x.user_id === user.user_id);
        if (u && !u.email_verified) { u.email_verified = true; u.updated_at = new Date(rt.now() * 1000).toISOString(); }
      }
    });
  }

  const scopes = [...oidc.requestParamScopes];
  const audience = params.audience;
  const freshUser = rt.store.userById(user.user_id)!;
  const methods = firstFactorMethods(ctx);
  const acrValues = params.acr_values?.split(' ').filter(Boolean);
  const outcome = await runPostLoginActions(rt.actions, buildPostLoginEvent(rt, {
    user: freshUser, client, org, protocol: 'oidc-basic-profile', scopes, audience, methods, acrValues,
  }));
  if (outcome.denied !== undefined) throw new errors.AccessDenied(outcome.denied);

  // MFA the Actions asked for. enable() is met by a session that passed MFA earlier (no
  // challenge on SSO); a challenge only by MFA "in this transaction" (post-login API object).
  const request = outcome.mfa;
  if (request && !(request.kind === 'enable' && sessionPassedMfa(rt, ctx, user.user_id))) {
    // Only the One-time Password factor is emulated, and Auth0 offers only the factors enabled on the
    // tenant (PUT /api/v2/guardian/factors/otp): https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-factors
    if (!rt.store.state.guardianFactors.otp) throw new errors.AccessDenied(MESSAGES.mfaFactorDisabled);
    if (request.kind === 'challenge' && !hasEnrolledFactor(rt.store, user.user_id)) throw new errors.AccessDenied(MESSAGES.mfaNotEnrolled);
    const id = newId.ticket();
    savePendingMfa(rt, id, {
      accountId: user.user_id, clientId: client.client_id, ...(org ? { orgId: org.id } : {}), ...(audience ? { audience } : {}),
      scopes, request, idClaims: outcome.idClaims, atClaims: outcome.atClaims,
      ...(outcome.resumeAt !== undefined ? { resumeAt: outcome.resumeAt } : {}),
      methods, ...(acrValues?.length ? { acrValues } : {}), ...(oidc.session?.uid ? { sessionUid: oidc.session.uid } : {}),
    });
    // oidc-provider keeps the current result as the MFA interaction's lastSubmission: the pages find the pending login there.
    (oidc as { result?: unknown }).result = { ...result, tenantry: { ...result.tenantry, mfaPending: id } };
    mfaNeeded.set(ctx, true);
    return 'mfa';
  }

  finishLogin(rt, ctx, { user, client, org, audience, scopes, outcome, methods, mfa: false });
  return false;
}

/** Binds the login's outcome to the Grant (what tokens carry) and counts the login. */
function finishLogin(rt: Runtime, ctx: Ctx, o: {
  user: User; client: Client; org?: Organization | undefined; audience?: string | undefined; scopes: string[];
  outcome: Pick<ActionOutcome, 'idClaims' | 'atClaims'>; methods: AuthenticationMethodRef[]; mfa: boolean;
}): void {
  const { oidc } = ctx;
  const grant = oidc.entities.Grant;
  if (grant?.jti) {
    saveLoginContext(rt, grant.jti, {
      accountId: o.user.user_id,
      clientId: o.client.client_id,
      ...(o.org ? { orgId: o.org.id } : {}),
      ...(o.audience ? { audience: o.audience } : {}),
      idClaims: o.outcome.idClaims,
      atClaims: o.outcome.atClaims,
      ...(oidc.session?.uid ? { sessionUid: oidc.session.uid } : {}),
      requestedScopes: o.scopes,
      methods: o.methods,
      ...(o.mfa ? { mfa: true } : {}),
    });
  }

  const nowIso = new Date(rt.now() * 1000).toISOString();
  rt.store.mutate((s) => {
    const u = s.users.find((x) => x.user_id === o.user.user_id);
    if (u) { u.last_login = nowIso; u.updated_at = nowIso; u.logins_count += 1; }
  });
}
