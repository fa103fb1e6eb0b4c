// Which enterprise connections a sign-in may use, home-realm discovery by email domain, and the
// URL that leaves Universal Login for a connection's IdP (shared by /authorize and the pages).
import type { Runtime } from '../runtime.js';
import type { Connection, Organization } from '../store.js';
import { domainAliasesOf, isEnterpriseStrategy } from './options.js';

export const isEnterprise = (c: Connection | undefined): c is Connection => !!c && isEnterpriseStrategy(c.strategy);

/** A connection's name on buttons: its display name, else its name. */
export const buttonName = (c: Connection) => c.display_name || c.name;

/**
 * Enterprise connections a sign-in may use: enabled for the application and, with an
 * organization, enabled on it (`shownOnly`: only those the organization shows as buttons).
 */
export function enterpriseConnectionsFor(rt: Runtime, clientId: string, org: Organization | undefined, shownOnly = false): Connection[] {
  return rt.store.state.connections.filter((c) => {
    if (!isEnterprise(c) || !c.enabled_clients.includes(clientId)) return false;
    if (!org) return !shownOnly;
    const e = rt.store.enabledConnection(org.id, c.id);
    return !!e && (!shownOnly || e.show_as_button);
  });
}

/** Home-realm discovery: the enterprise connection whose domain_aliases hold the email's domain. */
export function connectionForEmail(rt: Runtime, clientId: string, org: Organization | undefined, email: string): Connection | undefined {
  const at = email.lastIndexOf('@');
  if (at < 1) return undefined;
  const domain = email.slice(at + 1).toLowerCase();
  return enterpriseConnectionsFor(rt, clientId, org).find((c) => domainAliasesOf(c.options).includes(domain));
}

export function enterpriseStartUrl(uid: string, connection: string, extra: { loginHint?: string | undefined; organization?: string | undefined } = {}): string {
  const q = new URLSearchParams({ state: uid, connection });
  if (extra.loginHint) q.set('login_hint', extra.loginHint);
  if (extra.organization) q.set('organization', extra.organization);
  return `/login/enterprise?${q.toString()}`;
}

/**
 * The connection a sign-in must use: the `connection` parameter, else the connection an
 * invitation names (Auth0 sends the invitee to it).
 */
export function requiredConnection(rt: Runtime, params: Record<string, string | undefined>): string | undefined {
  if (params.connection) return params.connection;
  if (!params.invitation) return undefined;
  const inv = rt.store.invitationByTicket(params.invitation);
  return inv?.connection_id ? rt.store.connectionById(inv.connection_id)?.name : undefined;
}
