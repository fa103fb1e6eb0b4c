// Builds the tenant's initial state from tenant.config.json: hashes the demo passwords,
// resolves names (roles, connections, organizations) to ids, and adds the system
// Management API resource server.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  emptyState, hashPassword, newId,
  type Branding, type Client, type ClientGrant, type Connection, type Member, type OrgEnabledConnection,
  type GuardianFactorName, type Organization, type ResourceServer, type Role, type TenantSettings, type TenantState, type User,
} from './store.js';
import { bindAction, deployAction, newAction } from './management/actions.js';

export const DEFAULT_CONFIG_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../tenant.config.json');
export const MANAGEMENT_API_PLACEHOLDER = '$MANAGEMENT_API';

export interface TenantConfig {
  settings?: Partial<TenantSettings>;
  /** MFA factors switched on (all are off otherwise, as on a new Auth0 tenant). */
  guardian_factors?: Partial<Record<GuardianFactorName, boolean>>;
  /** Action files the tenant deploys and binds to post-login at start (the built CommonJS file, as on Auth0). */
  actions?: { post_login?: Array<{ name: string; file: string }> };
  clients?: Array<Partial<Client> & { client_id: string }>;
  client_grants?: Array<{
    client_id: string; audience: string; scope: string[];
    organization_usage?: ClientGrant['organization_usage']; allow_any_organization?: boolean;
    /** Seed only: names of the organizations this grant is associated with (M2M access). */
    organizations?: string[];
  }>;
  resource_servers?: Array<Partial<ResourceServer> & { identifier: string; name: string }>;
  roles?: Array<{ name: string; description?: string; permissions?: string[] }>;
  connections?: Array<Partial<Connection> & { name: string }>;
  organizations?: Array<{
    name: string; display_name?: string; branding?: Branding; metadata?: Record<string, string>;
    enabled_connections?: Array<{ connection: string; assign_membership_on_login?: boolean; show_as_button?: boolean; is_signup_enabled?: boolean }>;
  }>;
  users?: Array<{
    email: string; name?: string; password?: string; connection?: string; email_verified?: boolean;
    given_name?: string; family_name?: string; nickname?: string; picture?: string;
    app_metadata?: Record<string, unknown>; user_metadata?: Record<string, unknown>;
    memberships?: Array<{ organization: string; roles?: string[] }>;
  }>;
}

export function readTenantConfig(configFile = DEFAULT_CONFIG_FILE): TenantConfig {
  return JSON.parse(readFileSync(configFile, 'utf8')) as TenantConfig;
}

/**
 * Deploys and binds the post-login Actions named in the config, so `npm run dev` runs the
 * app's built Action with no extra step. Idempotent: an Action whose deployed code is the
 * file's is left alone; one whose file changed (a rebuild) gets a new version. It goes
 * through the same deploy as the Management API, so a file Auth0 could not run stops the
 * tenant at start.
 */
export function seedActions(state: TenantState, configFile = DEFAULT_CONFIG_FILE, config = readTenantConfig(configFile), nowIso = new Date().toISOString()): void {
  for (const entry of config.actions?.post_login ?? []) {
    const code = readFileSync(resolve(dirname(configFile), entry.file), 'utf8');
    let action = state.actions.find((a) => a.name === entry.name);
    if (!action) {
      action = newAction({ name: entry.name, code, trigger: 'post-login' }, nowIso);
      state.actions.push(action);
    }
    if (action.code !== code || action.versions.at(-1)?.code !== code) {
      action.code = code;
      deployAction(action, nowIso);
    }
    bindAction(state, action, 'post-login', nowIso);
  }
}

/** The audience the `auth0` SDK requests for the Management API: it hard-codes https://${domain}/api/v2/. */
export function managementAudience(port: number): string {
  return `https://localhost:${port}/api/v2/`;
}

/** The gravatar-free default picture Auth0 uses is a CDN URL; locally, a data URI with the initials. */
export function defaultPicture(nameOrEmail: string): string {
  const initials = nameOrEmail.replace(/@.*/, '').split(/[\s._-]+/).filter(Boolean).slice(0, 2).map((s) => s[0]!.toUpperCase()).join('') || '?';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#64748b"/><text x="32" y="40" font-family="sans-serif" font-size="24" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export function nicknameOf(email: string): string {
  return email.split('@')[0] ?? email;
}

export async function seedState(opts: { port: number; configFile?: string; config?: TenantConfig; now?: () => number }): Promise<TenantState> {
  const configFile = opts.configFile ?? DEFAULT_CONFIG_FILE;
  const config = opts.config ?? readTenantConfig(configFile);
  const nowIso = new Date((opts.now?.() ?? Date.now() / 1000) * 1000).toISOString();
  const state = emptyState();
  state.settings = { ...state.settings, ...config.settings };
  state.guardianFactors = { ...state.guardianFactors, ...config.guardian_factors };
  const mgmtAudience = managementAudience(opts.port);
  const resolveAudience = (a: string) => (a === MANAGEMENT_API_PLACEHOLDER ? mgmtAudience : a);

  // Resource servers: the configured APIs plus the system Management API.
  for (const rs of config.resource_servers ?? []) {
    state.resourceServers.push({
      id: newId.resourceServer(),
      name: rs.name,
      identifier: rs.identifier,
      scopes: rs.scopes ?? [],
      enforce_policies: rs.enforce_policies ?? false,
      token_dialect: rs.token_dialect ?? 'access_token',
      signing_alg: 'RS256',
      token_lifetime: rs.token_lifetime ?? 86400,
      allow_offline_access: rs.allow_offline_access ?? false,
    });
  }
  const mgmtScopes = new Set<string>();
  for (const g of config.client_grants ?? []) if (g.audience === MANAGEMENT_API_PLACEHOLDER) g.scope.forEach((s) => mgmtScopes.add(s));
  state.resourceServers.push({
    id: newId.resourceServer(),
    name: 'Auth0 Management API',
    identifier: mgmtAudience,
    scopes: [...mgmtScopes].sort().map((value) => ({ value, description: value.replace(':', ' ').replace(/_/g, ' ') })),
    enforce_policies: false,
    token_dialect: 'access_token',
    signing_alg: 'RS256',
    token_lifetime: 86400,
    is_system: true,
  });

  for (const c of config.clients ?? []) {
    const client: Client = {
      client_id: c.client_id,
      client_secret: c.client_secret ?? newId.ticket(),
      name: c.name ?? c.client_id,
      app_type: c.app_type ?? 'regular_web',
      grant_types: c.grant_types ?? ['authorization_code', 'refresh_token'],
      callbacks: c.callbacks ?? [],
      allowed_logout_urls: c.allowed_logout_urls ?? [],
      organization_usage: c.organization_usage ?? 'deny',
      organization_require_behavior: c.organization_require_behavior ?? 'no_prompt',
    };
    if (c.initiate_login_uri) client.initiate_login_uri = c.initiate_login_uri;
    if (c.refresh_token) client.refresh_token = c.refresh_token;
    if (c.oidc_logout) client.oidc_logout = c.oidc_logout;
    state.clients.push(client);
  }

  const grantOrganizations: Array<{ grant: ClientGrant; names: string[] }> = [];
  for (const g of config.client_grants ?? []) {
    const grant: ClientGrant = { id: newId.clientGrant(), client_id: g.client_id, audience: resolveAudience(g.audience), scope: [...g.scope] };
    if (g.organization_usage) grant.organization_usage = g.organization_usage;
    if (g.allow_any_organization !== undefined) grant.allow_any_organization = g.allow_any_organization;
    state.clientGrants.push(grant);
    if (g.organizations?.length) grantOrganizations.push({ grant, names: g.organizations });
  }

  const apis = state.resourceServers.filter((r) => !r.is_system);
  for (const r of config.roles ?? []) {
    const role: Role = { id: newId.role(), name: r.name, description: r.description ?? '', permissions: [] };
    for (const name of r.permissions ?? []) {
      const api = apis.find((a) => a.scopes.some((s) => s.value === name));
      if (!api) throw new Error(`tenant config: role ${r.name} has permission ${name}, which no API defines`);
      role.permissions.push({ resource_server_identifier: api.identifier, permission_name: name });
    }
    state.roles.push(role);
  }

  for (const c of config.connections ?? []) {
    const conn: Connection = {
      id: newId.connection(),
      name: c.name,
      strategy: c.strategy ?? 'auth0',
      options: c.options ?? {},
      enabled_clients: c.enabled_clients ?? [],
      realms: c.realms ?? [c.name],
    };
    if (c.display_name) conn.display_name = c.display_name;
    if (c.is_domain_connection !== undefined) conn.is_domain_connection = c.is_domain_connection;
    if (c.show_as_button !== undefined) conn.show_as_button = c.show_as_button;
    if (c.metadata) conn.metadata = c.metadata;
    state.connections.push(conn);
  }
  const connectionId = (name: string) => {
    const c = state.connections.find((x) => x.name === name);
    if (!c) throw new Error(`tenant config: unknown connection ${name}`);
    return c.id;
  };

  for (const o of config.organizations ?? []) {
    const org: Organization = {
      id: newId.org(),
      name: o.name,
      display_name: o.display_name ?? o.name,
      metadata: { ...o.metadata },
      created_at: nowIso,
    };
    if (o.branding) org.branding = o.branding;
    state.organizations.push(org);
    for (const ec of o.enabled_connections ?? []) {
      const enabled: OrgEnabledConnection = {
        org_id: org.id,
        connection_id: connectionId(ec.connection),
        assign_membership_on_login: ec.assign_membership_on_login ?? false,
        show_as_button: ec.show_as_button ?? true,
        is_signup_enabled: ec.is_signup_enabled ?? false,
      };
      state.enabledConnections.push(enabled);
    }
  }

  for (const { grant, names } of grantOrganizations) {
    for (const name of names) {
      const org = state.organizations.find((o) => o.name === name);
      if (!org) throw new Error(`tenant config: client grant of ${grant.client_id} names unknown organization ${name}`);
      state.organizationClientGrants.push({ org_id: org.id, grant_id: grant.id });
    }
  }

  const defaultConnection = state.connections.find((c) => c.strategy === 'auth0')?.name;
  const users = await Promise.all((config.users ?? []).map(async (u): Promise<{ user: User; memberships: NonNullable<typeof u.memberships> }> => {
    const email = u.email.toLowerCase();
    const connection = u.connection ?? defaultConnection;
    if (!connection) throw new Error(`tenant config: user ${email} has no connection`);
    connectionId(connection);
    const id = newId.dbUser();
    const user: User = {
      user_id: id,
      email,
      email_verified: u.email_verified ?? true,
      name: u.name ?? email,
      nickname: u.nickname ?? nicknameOf(email),
      picture: u.picture ?? defaultPicture(u.name ?? email),
      connection,
      app_metadata: u.app_metadata ?? {},
      user_metadata: u.user_metadata ?? {},
      identities: [{ provider: 'auth0', user_id: id.slice('auth0|'.length), connection, isSocial: false }],
      created_at: nowIso,
      updated_at: nowIso,
      logins_count: 0,
    };
    if (u.given_name) user.given_name = u.given_name;
    if (u.family_name) user.family_name = u.family_name;
    if (u.password) user.password_hash = await hashPassword(u.password);
    return { user, memberships: u.memberships ?? [] };
  }));
  for (const { user, memberships } of users) {
    state.users.push(user);
    for (const m of memberships) {
      const org = state.organizations.find((o) => o.name === m.organization);
      if (!org) throw new Error(`tenant config: user ${user.email} is a member of unknown organization ${m.organization}`);
      const roles = (m.roles ?? []).map((name) => {
        const role = state.roles.find((r) => r.name === name);
        if (!role) throw new Error(`tenant config: unknown role ${name}`);
        return role.id;
      });
      const member: Member = { org_id: org.id, user_id: user.user_id, roles, created_at: nowIso };
      state.members.push(member);
    }
  }
  return state;
}

/**
 * A state saved while the tenant ran on another port names the Management API by that port:
 * move it (and its client grants) to the current one.
 */
export function retargetManagementApi(state: TenantState, port: number): boolean {
  const expected = managementAudience(port);
  const system = state.resourceServers.find((r) => r.is_system);
  if (!system || system.identifier === expected) return false;
  const old = system.identifier;
  system.identifier = expected;
  for (const g of state.clientGrants) if (g.audience === old) g.audience = expected;
  for (const r of state.roles) for (const p of r.permissions) if (p.resource_server_identifier === old) p.resource_server_identifier = expected;
  return true;
}
