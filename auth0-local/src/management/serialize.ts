// Store entities -> the JSON Auth0's Management API returns for them.
import { createHash } from 'node:crypto';
import type {
  Client, ClientGrant, Connection, Invitation, OrgEnabledConnection, Organization, ResourceServer, Role, TenantStore, User,
} from '../store';

export function orgJson(o: Organization) {
  return {
    id: o.id,
    name: o.name,
    ...(o.display_name ? { display_name: o.display_name } : {}),
    ...(o.branding ? { branding: o.branding } : {}),
    metadata: o.metadata ?? {},
  };
}

export function userJson(u: User) {
  const { password_hash: _hash, connection: _connection, ...rest } = u;
  const out: Record<string, unknown> = { ...rest };
  if (!u.app_metadata || Object.keys(u.app_metadata).length === 0) delete out.app_metadata;
  if (!u.user_metadata || Object.keys(u.user_metadata).length === 0) delete out.user_metadata;
  if (u.blocked === undefined) delete out.blocked;
  return out;
}

export function gravatar(email: string): string {
  const hash = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  const initials = encodeURIComponent(`https://cdn.auth0.com/avatars/${email.slice(0, 2).toLowerCase()}.png`);
  return `https://s.gravatar.com/avatar/${hash}?s=480&r=pg&d=${initials}`;
}

export function connectionJson(c: Connection) {
  return {
    id: c.id,
    name: c.name,
    ...(c.display_name !== undefined ? { display_name: c.display_name } : {}),
    strategy: c.strategy,
    options: c.options ?? {},
    // No enabled_clients: Auth0 serves them at /connections/{id}/clients only.
    // https://auth0.com/docs/troubleshoot/product-lifecycle/deprecations-and-migrations/migrate-dedicated-connection-endpoints
    realms: c.realms?.length ? c.realms : [c.name],
    is_domain_connection: c.is_domain_connection ?? false,
    ...(c.show_as_button !== undefined ? { show_as_button: c.show_as_button } : {}),
    ...(c.metadata ? { metadata: c.metadata } : {}),
  };
}

export function enabledConnectionJson(store: TenantStore, e: OrgEnabledConnection) {
  const c = store.connectionById(e.connection_id);
  return {
    connection_id: e.connection_id,
    assign_membership_on_login: e.assign_membership_on_login,
    show_as_button: e.show_as_button,
    is_signup_enabled: e.is_signup_enabled,
    connection: { name: c?.name ?? '', strategy: c?.strategy ?? '' },
  };
}

/** `${initiate_login_uri}?invitation=<ticket>&organization=<org id>&organization_name=<org name>`, keeping any query. */
export function invitationUrl(initiateLoginUri: string, inv: Invitation, orgName: string): string {
  const url = new URL(initiateLoginUri);
  url.searchParams.set('invitation', inv.ticket_id);
  url.searchParams.set('organization', inv.organization_id);
  url.searchParams.set('organization_name', orgName);
  return url.toString();
}

export function invitationJson(store: TenantStore, inv: Invitation) {
  const client = store.client(inv.client_id);
  const org = store.orgById(inv.organization_id);
  return {
    id: inv.id,
    organization_id: inv.organization_id,
    inviter: inv.inviter,
    invitee: inv.invitee,
    invitation_url: client?.initiate_login_uri && org ? invitationUrl(client.initiate_login_uri, inv, org.name) : '',
    created_at: inv.created_at,
    expires_at: inv.expires_at,
    client_id: inv.client_id,
    ...(inv.connection_id ? { connection_id: inv.connection_id } : {}),
    ...(inv.app_metadata ? { app_metadata: inv.app_metadata } : {}),
    ...(inv.user_metadata ? { user_metadata: inv.user_metadata } : {}),
    roles: inv.roles ?? [],
    ticket_id: inv.ticket_id,
  };
}

export const roleJson = (r: Role) => ({ id: r.id, name: r.name, description: r.description ?? '' });

export function resourceServerJson(r: ResourceServer) {
  return {
    id: r.id,
    name: r.name,
    identifier: r.identifier,
    scopes: r.scopes ?? [],
    enforce_policies: r.enforce_policies ?? false,
    token_dialect: r.token_dialect ?? 'access_token',
    signing_alg: r.signing_alg ?? 'RS256',
    token_lifetime: r.token_lifetime ?? 86400,
    allow_offline_access: r.allow_offline_access ?? false,
    skip_consent_for_verifiable_first_party_clients: true,
    ...(r.is_system ? { is_system: true } : {}),
  };
}

/** Auth0 only returns `client_secret` to callers with read:client_keys; this tenant never does. */
export function clientJson(c: Client) {
  const { client_secret: _secret, ...rest } = c;
  return { ...rest, is_first_party: true, oidc_conformant: true };
}

export const clientGrantJson = (g: ClientGrant) => ({
  id: g.id, client_id: g.client_id, audience: g.audience, scope: g.scope,
  organization_usage: g.organization_usage ?? 'deny', allow_any_organization: g.allow_any_organization ?? false,
});
