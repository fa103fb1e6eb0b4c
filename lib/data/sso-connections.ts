// SSO connections: the rows that record which organization owns which Auth0 connection.
// Every function takes a TenantData, so it reads and writes one tenant's rows only and
// composes with others (and the audit writer) in one transaction.
import 'server-only';
import type { TenantData } from '@/lib/data/scope';

/** The connection with this id, if this tenant owns it. */
export function connectionOwnedBy(t: TenantData, id: string) {
  return t.ssoConnections.findFirst({ where: { id } });
}

/** All of the tenant's connections, oldest first. */
export function allConnections(t: TenantData) {
  return t.ssoConnections.findMany({ orderBy: { createdAt: 'asc' } });
}

/** The tenant's enabled connections, oldest first, as the invitation form shows them. */
export function enabledConnectionChoices(t: TenantData) {
  return t.ssoConnections.findMany({ where: { enabled: true }, orderBy: { createdAt: 'asc' }, select: { id: true, name: true, displayName: true, strategy: true, auth0ConnectionId: true } });
}

/** The tenant's enabled connections, oldest first: where home-realm discovery may send someone. */
export function enabledConnectionNames(t: TenantData) {
  return t.ssoConnections.findMany({ where: { enabled: true }, orderBy: { createdAt: 'asc' }, select: { id: true, name: true } });
}

/** The Auth0 ids of all the tenant's connections (to delete them with the organization). */
export function connectionAuth0Ids(t: TenantData) {
  return t.ssoConnections.findMany({ select: { auth0ConnectionId: true } });
}

/** The auto-membership connection with this Auth0 name, with its organization's Auth0 id (just-in-time admission). */
export function autoMembershipConnectionNamed(t: TenantData, name: string) {
  return t.ssoConnections.findFirst({
    where: { name, autoMembership: true },
    select: { name: true, defaultRole: true, organization: { select: { auth0OrgId: true } } },
  });
}

export interface NewConnectionRow {
  auth0ConnectionId: string;
  name: string;
  strategy: string;
  displayName: string;
  autoMembership: boolean;
  defaultRole: string;
  createdBy: string;
}

/** Records a connection just created (and enabled) in Auth0 as this tenant's. */
export function recordConnection(t: TenantData, connection: NewConnectionRow) {
  return t.ssoConnections.create({ data: { tenantId: t.tenantId, ...connection, enabled: true } });
}

export function saveConnectionSettings(t: TenantData, id: string, settings: { displayName: string; autoMembership: boolean; defaultRole: string }) {
  return t.ssoConnections.update({ where: { id }, data: settings });
}

export function setConnectionEnabled(t: TenantData, id: string, enabled: boolean) {
  return t.ssoConnections.update({ where: { id }, data: { enabled } });
}

/** Forgets the connection (unroute its domains first: lib/data/domains.ts). */
export async function forgetConnection(t: TenantData, id: string) {
  await t.ssoConnections.delete({ where: { id } });
}
