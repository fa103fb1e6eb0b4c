// Ending Auth0 (SSO) sessions outside a browser's logout: DELETE /api/v2/users/{id}/sessions.
// https://auth0.com/docs/manage-users/sessions/manage-user-sessions-with-auth0-management-api
import { LOGIN_CONTEXT_MODEL, type LoginContext, type Runtime } from '../runtime.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The grants that end with a session: as oidc-provider's end_session and Auth0, those without
 * offline access; refresh tokens (offline_access) outlive the session until revoked.
 */
export function grantsEndingWith(rt: Runtime, session: { uid?: string; authorizations?: Record<string, { grantId?: string; persistsLogout?: boolean }> }): Set<string> {
  const grantIds = new Set<string>();
  for (const auth of Object.values(session.authorizations ?? {})) {
    if (auth.grantId && !auth.persistsLogout) grantIds.add(auth.grantId);
  }
  for (const [grantId, lc] of rt.models.entries(LOGIN_CONTEXT_MODEL) as Array<[string, unknown]>) {
    const c = lc as LoginContext;
    if (c.sessionUid && c.sessionUid === session.uid && !c.requestedScopes.includes('offline_access')) grantIds.add(grantId);
  }
  return grantIds;
}

/** Revokes the grants and every token, code and login context issued under them. */
export function revokeGrants(rt: Runtime, grantIds: Set<string>): void {
  if (!grantIds.size) return;
  for (const model of ['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']) {
    for (const [id, payload] of rt.models.entries(model)) if (grantIds.has(String(payload.grantId))) rt.models.delete(model, id);
  }
  for (const id of grantIds) {
    rt.models.delete('Grant', id);
    rt.models.delete(LOGIN_CONTEXT_MODEL, id);
  }
}

/**
 * An application hears of a session deleted through the Management API only when it subscribed
 * to the `session-revoked` initiator (or to all of them): "Session deletion events are connected
 * to OIDC Back-Channel Logout through the initiator" (manage-user-sessions page above),
 * https://auth0.com/docs/authenticate/login/logout/back-channel-logout/oidc-back-channel-logout-initiators
 */
export function subscribedToSessionRevoked(rt: Runtime, clientId: string): boolean {
  const initiators = rt.store.client(clientId)?.oidc_logout?.backchannel_logout_initiators;
  return !!initiators && (initiators.mode === 'all' || (initiators.selected_initiators ?? []).includes('session-revoked'));
}

/**
 * Ends every Auth0 session of the user (so their next /authorize asks for credentials again),
 * with the grants that end with a session, and posts a logout token (sub, sid) to each
 * application of those sessions subscribed to `session-revoked`. Returns how many ended.
 */
export async function endSessionsOfUser(rt: Runtime, userId: string): Promise<number> {
  const sessions = rt.models.entries('Session').filter(([, p]) => p.accountId === userId);
  const notices: Array<{ clientId: string; sid: string }> = [];
  for (const [id, payload] of sessions) {
    const session = payload as any;
    revokeGrants(rt, grantsEndingWith(rt, session));
    rt.models.delete('Session', id);
    for (const [clientId, auth] of Object.entries(session.authorizations ?? {}) as Array<[string, { sid?: string }]>) {
      if (auth.sid && subscribedToSessionRevoked(rt, clientId)) notices.push({ clientId, sid: auth.sid });
    }
  }
  // Delivery failures do not undo the deletion (Auth0 logs them as "fslo").
  await Promise.all(notices.map(async ({ clientId, sid }) => {
    const client: any = await rt.provider.Client.find(clientId);
    if (!client?.backchannelLogoutUri) return;
    await client.backchannelLogout(userId, sid).catch((err: Error) => rt.provider.emit('backchannel.error', undefined, err, client, userId, sid));
  }));
  return sessions.length;
}
