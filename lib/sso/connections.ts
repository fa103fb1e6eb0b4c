// An organization's enterprise connections (SAML or OIDC). Auth0 holds the connection and
// its settings; our SsoConnection row records which organization owns it, and every read or
// change starts from that row (ownedConnection). Multi-step changes run under allOrNothing
// so a failure half-way puts Auth0 back as it was.
import 'server-only';
import { config } from '@/lib/config';
import type { TenantContext } from '@/lib/core/context';
import { isRole, type Role } from '@/lib/core/permissions';
import { auditFor, type AuditValue } from '@/lib/data/audit';
import { connectionNamesTaken } from '@/lib/data/directory';
import { withTenant } from '@/lib/data/scope';
import { unrouteDomainsFrom, verifiedDomains } from '@/lib/data/domains';
import { allConnections, enabledConnectionChoices, forgetConnection, recordConnection, saveConnectionSettings, setConnectionEnabled } from '@/lib/data/sso-connections';
import {
  createConnection as createAuth0Connection, deleteConnection as deleteAuth0Connection, disableConnectionOnOrganization, enableConnectionForApp,
  enableConnectionOnOrganization, enabledConnectionsOf, findConnectionByName, readConnection, setAutoMembership, updateConnectionSettings,
  type Connection, type ConnectionOptions,
} from '@/lib/management/connections';
import { DomainError } from '@/lib/core/errors';
import { allOrNothing, type UndoStack } from '@/lib/core/undo';
import { fromAuth0SigningCert, toAuth0SigningCert, type SigningCertificate } from '@/lib/sso/certificate';
import type { OidcSettings, SamlSettings } from '@/lib/sso/inputs';
import { discoverOidcProvider } from '@/lib/sso/oidc-discovery';
import { NotFoundInOrganization, ownedConnection, type OwnedConnection } from '@/lib/sso/owned';

export type Strategy = 'samlp' | 'oidc';
export const STRATEGY_LABELS: Record<Strategy, string> = { samlp: 'SAML', oidc: 'OpenID Connect' };

/** Auth0's limit on connections enabled on one organization (database connection included). */
const MAX_ORG_CONNECTIONS = 10;

type Auth0Options = ConnectionOptions;

/** The role people who join just in time get (the column may hold an older default). */
export function defaultRoleOf(row: { defaultRole: string }): Role {
  return isRole(row.defaultRole) ? row.defaultRole : 'org_member';
}

export async function listConnections(ctx: TenantContext) {
  return withTenant(ctx, allConnections);
}

/** Verified domains of the organization: Auth0's home-realm discovery routes them (domain_aliases). */
function verifiedDomainsOf(tenantId: string): Promise<string[]> {
  return withTenant(tenantId, verifiedDomains);
}

/** The connection was deleted in Auth0 behind our back. */
class ConnectionGone extends DomainError {}

export const OPTIONS_SCOPE_MISSING =
  'Tenantry cannot read this connection’s settings in Auth0: its Management API application lacks the read:connections_options scope. Grant it (and update:connections_options), then try again. Nothing was changed.';

/**
 * The Auth0 connection with its options. Auth0 leaves `options` out unless our token has
 * read:connections_options; a change built from such an answer would replace the options
 * (certificate, client secret) with nearly nothing, so we refuse to go on without them.
 */
async function auth0Connection(row: OwnedConnection) {
  const connection = await readConnection(row.auth0ConnectionId);
  if (!connection) throw new ConnectionGone('This connection no longer exists in Auth0. Delete it here and create it again.');
  if (!connection.options || typeof connection.options !== 'object') throw new DomainError(OPTIONS_SCOPE_MISSING);
  return connection as Connection & { options: Auth0Options };
}

export interface ConnectionSettings {
  row: OwnedConnection;
  defaultRole: Role;
  saml?: { signInUrl: string; certificate: SigningCertificate | null };
  oidc?: { issuer: string; discoveryUrl: string; clientId: string; hasSecret: boolean };
  domainAliases: string[];
}

/** The connection's settings as the edit page shows them (never the client secret). */
export async function connectionSettings(ctx: TenantContext, id: string): Promise<ConnectionSettings> {
  const row = await ownedConnection(ctx, id);
  const { options } = await auth0Connection(row);
  const str = (key: string) => (typeof options[key] === 'string' ? (options[key] as string) : '');
  const base = { row, defaultRole: defaultRoleOf(row), domainAliases: Array.isArray(options.domain_aliases) ? (options.domain_aliases as string[]) : [] };
  if (row.strategy === 'samlp') return { ...base, saml: { signInUrl: str('signInEndpoint'), certificate: fromAuth0SigningCert(options.signingCert) } };
  return { ...base, oidc: { issuer: str('issuer'), discoveryUrl: str('discovery_url'), clientId: str('client_id'), hasSecret: !!str('client_secret') } };
}

function samlOptions(settings: SamlSettings, domains: string[]): Auth0Options {
  return {
    signInEndpoint: settings.signInUrl,
    ...(settings.certificate ? { signingCert: toAuth0SigningCert(settings.certificate.pem) } : {}),
    domain_aliases: domains,
  };
}

async function oidcOptions(settings: OidcSettings, domains: string[]): Promise<Auth0Options> {
  const provider = await discoverOidcProvider(settings.issuer);
  return {
    type: 'back_channel',
    discovery_url: provider.discoveryUrl,
    issuer: provider.issuer,
    client_id: settings.clientId,
    ...(settings.clientSecret ? { client_secret: settings.clientSecret } : {}),
    scope: 'openid profile email',
    domain_aliases: domains,
  };
}

/** Connection names are unique in the whole Auth0 tenant: <slug>-saml, then <slug>-saml-2, ... */
function nameCandidates(slug: string, strategy: Strategy): string[] {
  const base = `${slug}-${strategy === 'samlp' ? 'saml' : 'oidc'}`;
  return [base, ...Array.from({ length: 19 }, (_, i) => `${base}-${i + 2}`)];
}

async function createInAuth0(ctx: TenantContext, strategy: Strategy, displayName: string, options: Auth0Options, undo: UndoStack) {
  const taken = await connectionNamesTaken(`${ctx.tenant.slug}-`);
  for (const name of nameCandidates(ctx.tenant.slug, strategy).filter((n) => !taken.has(n))) {
    const created = await createAuth0Connection({ name, strategy, displayName, options }, undo);
    if (created) return created;
    // Taken by a connection we do not know about (made in the Auth0 dashboard): try the next name.
  }
  throw new DomainError('Every name for a new connection of this organization is taken. Delete a connection first.');
}

interface NewConnection { displayName: string; autoMembership: boolean; defaultRole: Role }

async function createConnection(ctx: TenantContext, strategy: Strategy, settings: NewConnection, options: Auth0Options) {
  const auth0OrgId = ctx.tenant.auth0OrgId;
  const enabled = await enabledConnectionsOf(auth0OrgId);
  if (enabled.length >= MAX_ORG_CONNECTIONS) {
    throw new DomainError(`An organization can have at most ${MAX_ORG_CONNECTIONS} enabled connections. Disable or delete one first.`);
  }
  return allOrNothing(async (undo) => {
    const created = await createInAuth0(ctx, strategy, settings.displayName, options, undo);
    const connectionId = created.id;
    await enableConnectionForApp(connectionId);
    // Enabled on this organization only, with the admin's choice of auto-membership.
    await enableConnectionOnOrganization(auth0OrgId, connectionId, { autoMembership: settings.autoMembership }, undo);
    return withTenant(ctx, async (t) => {
      const row = await recordConnection(t, {
        auth0ConnectionId: connectionId, name: created.name!, strategy, displayName: settings.displayName,
        autoMembership: settings.autoMembership, defaultRole: settings.defaultRole, createdBy: ctx.principal.id,
      });
      await auditFor(ctx)(t, 'sso.connection_created', row.name, { strategy, displayName: row.displayName, autoMembership: row.autoMembership, defaultRole: row.defaultRole });
      return row;
    });
  });
}

export async function createSamlConnection(ctx: TenantContext, settings: SamlSettings) {
  return createConnection(ctx, 'samlp', settings, samlOptions(settings, await verifiedDomainsOf(ctx.tenant.tenantId)));
}

export async function createOidcConnection(ctx: TenantContext, settings: OidcSettings) {
  return createConnection(ctx, 'oidc', settings, await oidcOptions(settings, await verifiedDomainsOf(ctx.tenant.tenantId)));
}

type AuditDetails = Record<string, AuditValue>;

/** The connection's new options, and what changed in them for the audit log (never secrets). */
type OptionsChange = (current: Auth0Options) => Promise<{ options: Auth0Options; changed: AuditDetails }>;

async function updateConnection(ctx: TenantContext, id: string, strategy: Strategy, settings: NewConnection, changeOptions: OptionsChange) {
  const row = await ownedConnection(ctx, id);
  if (row.strategy !== strategy) throw new DomainError(`This is not ${strategy === 'oidc' ? 'an OpenID Connect' : 'a SAML'} connection.`);
  const auth0OrgId = ctx.tenant.auth0OrgId;
  const current = await auth0Connection(row);
  const { options, changed } = await changeOptions(current.options);
  return allOrNothing(async (undo) => {
    await updateConnectionSettings(row.auth0ConnectionId, current, { displayName: settings.displayName, options }, undo);
    if (row.enabled && row.autoMembership !== settings.autoMembership) {
      await setAutoMembership(auth0OrgId, row.auth0ConnectionId, { from: row.autoMembership, to: settings.autoMembership }, undo);
    }
    return withTenant(ctx, async (t) => {
      const saved = await saveConnectionSettings(t, row.id, { displayName: settings.displayName, autoMembership: settings.autoMembership, defaultRole: settings.defaultRole });
      const settingChanges: AuditDetails = {};
      for (const key of ['displayName', 'autoMembership', 'defaultRole'] as const) {
        if (row[key] !== saved[key]) settingChanges[key] = { from: row[key], to: saved[key] };
      }
      await auditFor(ctx)(t, 'sso.connection_updated', row.name, { ...settingChanges, ...changed });
      return saved;
    });
  });
}

export async function updateSamlConnection(ctx: TenantContext, id: string, settings: SamlSettings) {
  return updateConnection(ctx, id, 'samlp', settings, async (current) => {
    const changed: AuditDetails = {};
    if (current.signInEndpoint !== settings.signInUrl) changed.signInUrl = { from: (current.signInEndpoint as string | undefined) ?? null, to: settings.signInUrl };
    if (settings.certificate) changed.certificate = { fingerprint256: settings.certificate.fingerprint256, validTo: settings.certificate.validTo.toISOString() };
    return { options: { ...current, ...samlOptions(settings, (current.domain_aliases as string[] | undefined) ?? []) }, changed };
  });
}

export async function updateOidcConnection(ctx: TenantContext, id: string, settings: OidcSettings) {
  return updateConnection(ctx, id, 'oidc', settings, async (current) => {
    const options = { ...current, ...(await oidcOptions(settings, (current.domain_aliases as string[] | undefined) ?? [])) };
    const changed: AuditDetails = {};
    if (current.issuer !== options.issuer) changed.issuer = { from: (current.issuer as string | undefined) ?? null, to: options.issuer as string };
    if (current.client_id !== options.client_id) changed.clientId = { from: (current.client_id as string | undefined) ?? null, to: options.client_id as string };
    if (settings.clientSecret) changed.clientSecret = 'replaced';
    return { options, changed };
  });
}

/** Takes the connection off the organization (people can no longer sign in with it); its settings stay. */
export async function disableConnection(ctx: TenantContext, id: string) {
  const row = await ownedConnection(ctx, id);
  if (!row.enabled) return row;
  const auth0OrgId = ctx.tenant.auth0OrgId;
  return allOrNothing(async (undo) => {
    await disableConnectionOnOrganization(auth0OrgId, row.auth0ConnectionId, { autoMembership: row.autoMembership }, undo);
    return setEnabled(ctx, row, false);
  });
}

export async function enableConnection(ctx: TenantContext, id: string) {
  const row = await ownedConnection(ctx, id);
  if (row.enabled) return row;
  const auth0OrgId = ctx.tenant.auth0OrgId;
  return allOrNothing(async (undo) => {
    await enableConnectionOnOrganization(auth0OrgId, row.auth0ConnectionId, { autoMembership: row.autoMembership }, undo);
    return setEnabled(ctx, row, true);
  });
}

async function setEnabled(ctx: TenantContext, row: OwnedConnection, enabled: boolean) {
  return withTenant(ctx, async (t) => {
    const saved = await setConnectionEnabled(t, row.id, enabled);
    await auditFor(ctx)(t, enabled ? 'sso.connection_enabled' : 'sso.connection_disabled', row.name, { strategy: row.strategy });
    return saved;
  });
}

/**
 * Deletes the connection in Auth0 (which also removes it from the organization, and the
 * people who signed in with it) and here. Not undoable; a retry after a failed database
 * step finishes the job, because a connection already gone in Auth0 counts as deleted.
 */
export async function deleteConnection(ctx: TenantContext, id: string) {
  const row = await ownedConnection(ctx, id);
  await deleteAuth0Connection(row.auth0ConnectionId);
  await withTenant(ctx, async (t) => {
    await unrouteDomainsFrom(t, row.id);
    await forgetConnection(t, row.id);
    await auditFor(ctx)(t, 'sso.connection_deleted', row.name, { strategy: row.strategy, displayName: row.displayName });
  });
}

/** Writes the organization's verified domains to each of its connections (Auth0's home-realm discovery). */
export async function syncDomainAliases(ctx: TenantContext, undo: UndoStack, domains: string[]) {
  for (const row of await listConnections(ctx)) {
    const current = await auth0Connection(row).catch((error) => {
      if (error instanceof ConnectionGone) return null; // gone in Auth0: nothing to route
      throw error;
    });
    if (!current) continue;
    const { options } = current;
    if (JSON.stringify(options.domain_aliases ?? []) === JSON.stringify(domains)) continue;
    await updateConnectionSettings(row.auth0ConnectionId, current, { options: { ...options, domain_aliases: domains } }, undo);
  }
}

/** This organization's enabled connections, for the invitation form. */
export async function enabledConnections(ctx: TenantContext) {
  return withTenant(ctx, enabledConnectionChoices);
}

export type InvitationConnection = { kind: 'sso' | 'database'; auth0ConnectionId: string; name: string };

/**
 * The connection an invitation names: "" for any, "database" for the password connection, or
 * the id of one of THIS organization's enabled SSO connections (ownership checked).
 */
export async function invitationConnection(ctx: TenantContext, choice: string): Promise<InvitationConnection | null> {
  if (!choice) return null;
  if (choice === 'database') {
    const name = config().auth0.dbConnection;
    const found = await findConnectionByName(name);
    if (!found) throw new DomainError(`The password connection ${name} is missing in Auth0.`, 'connection');
    return { kind: 'database', auth0ConnectionId: found.id, name };
  }
  let row: OwnedConnection;
  try {
    row = await ownedConnection(ctx, choice);
  } catch (error) {
    if (error instanceof NotFoundInOrganization) throw new DomainError('Choose one of your organization’s connections.', 'connection');
    throw error;
  }
  if (!row.enabled) throw new DomainError(`${row.displayName} is disabled. Enable it first, or choose another connection.`, 'connection');
  return { kind: 'sso', auth0ConnectionId: row.auth0ConnectionId, name: row.name };
}
