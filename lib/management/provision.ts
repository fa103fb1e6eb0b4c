// Brings an Auth0 tenant to what Tenantry needs, idempotently: the Tenantry API (RBAC,
// permissions in the token, offline access), the four organization roles and their permissions,
// the Regular Web Application (callbacks, logout URLs, Organizations, login URI, refresh tokens),
// the app's M2M application with exactly the Management API scopes its calls need, and the
// post-login Action (the built CommonJS file), deployed and bound to the post-login trigger,
// and the MFA factors organization security policies use (one-time password, recovery codes).
// `npm run auth0:provision` runs it with a separate provisioning application (PROVISION_SCOPES);
// a second run finds everything in place and writes nothing.
import { ManagementClient } from 'auth0';
import { ConfigError } from '@/lib/config';
import { callWith, fetchForOrigin, ManagementApiError } from '@/lib/management/client';
import { APP_SCOPES, PROVISION_SCOPES } from '@/lib/management/scopes';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '@/lib/core/permissions';
import { POST_LOGIN_ACTION_NAME } from '@/lib/auth/post-login-action-build';

/** Names provisioning looks applications up by when no client id is configured. */
export const APP_NAME = 'Tenantry';
export const M2M_NAME = 'Tenantry back end (Management API)';
const API_NAME = 'Tenantry API';
/**
 * The factors the post-login Action challenges and enrols with when an organization requires MFA:
 * the authenticator app, and recovery codes for a lost device. Auth0 only offers enabled factors
 * ("You must enable at least one factor on your tenant to use MFA":
 * https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-factors).
 * https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-factors/configure-otp-notifications-for-mfa,
 * https://auth0.com/docs/secure/multi-factor-authentication/configure-recovery-codes-for-mfa
 */
const MFA_FACTORS = ['otp', 'recovery-code'] as const;

/** Refresh tokens as the app uses them: rotating, expiring (30 days, 15 days idle). */
const REFRESH_TOKEN = {
  rotation_type: 'rotating', expiration_type: 'expiring', leeway: 0,
  token_lifetime: 2_592_000, infinite_token_lifetime: false, idle_token_lifetime: 1_296_000, infinite_idle_token_lifetime: false,
} as const;

export interface ProvisionOptions {
  /** A client authenticated as the provisioning application. */
  api: ManagementClient;
  /** The provisioning application's client id: it must never become the app's M2M application. */
  provisionerClientId: string;
  /** The Management API's identifier, https://<tenant domain>/api/v2/. */
  managementAudience: string;
  /** TENANTRY_API_AUDIENCE. */
  apiAudience: string;
  appOrigin: string;
  rootDomain: string;
  scheme: 'http' | 'https';
  /** AUTH0_CLIENT_ID / AUTH0_M2M_CLIENT_ID when set: those applications are updated, not looked up by name. */
  appClientId?: string | undefined;
  m2mClientId?: string | undefined;
  /** The built post-login Action (lib/auth/post-login-action.cjs). */
  actionCode: string;
}

export interface ProvisionReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Settings the tenant refused (an Auth0 plan without the feature): reported, not fatal. */
  skipped: string[];
  /** Environment variables for the app (secrets only for applications created by this run). */
  env: Record<string, string>;
}

export async function provisionAuth0(o: ProvisionOptions): Promise<ProvisionReport> {
  const report: ProvisionReport = { created: [], updated: [], unchanged: [], skipped: [], env: {} };
  // The same retry policy as the app's calls: provisioning a tenant on a small plan drains
  // Auth0's shared endpoint bucket, and waiting a second beats failing half-way.
  // A scope the provisioning application lacks (a grant made before a new step) is named with the full list.
  const run = <T>(fn: (api: ManagementClient) => Promise<T>): Promise<T> => callWith(o.api, fn).catch((error: unknown) => {
    if (error instanceof ManagementApiError && error.status === 403 && error.code === 'insufficient_scope') {
      throw new Error(`The provisioning application lacks a Management API scope (${error.message}) Grant it exactly: ${PROVISION_SCOPES.join(' ')} (README, "A real Auth0 tenant").`);
    }
    throw error;
  });
  /** Every item of a paginated list (the tenant may hold more than one page). */
  const all = <T>(fn: (api: ManagementClient) => Promise<AsyncIterable<T>>): Promise<T[]> => run(async (api) => {
    const out: T[] = [];
    for await (const item of await fn(api)) out.push(item);
    return out;
  });
  const outcome = (what: string, changes: string[], apply: () => Promise<unknown>) => (changes.length
    ? apply().then(() => { report.updated.push(`${what}: ${changes.join('; ')}`); })
    : Promise.resolve(report.unchanged.push(what)));

  // 1. The API: RBAC on, permissions in the access token, refresh tokens allowed, every permission.
  const apis = await all((api) => api.resourceServers.list({ per_page: 100 }));
  const existingApi = apis.find((r) => r.identifier === o.apiAudience);
  const rbac = { enforce_policies: true, token_dialect: 'access_token_authz', allow_offline_access: true } as const;
  if (!existingApi) {
    await run((api) => api.resourceServers.create({
      name: API_NAME, identifier: o.apiAudience, signing_alg: 'RS256', ...rbac,
      scopes: PERMISSIONS.map((value) => ({ value, description: value })),
    }));
    report.created.push(`API ${o.apiAudience}`);
  } else {
    const have = new Set((existingApi.scopes ?? []).map((s) => s.value));
    const missing = PERMISSIONS.filter((p) => !have.has(p));
    const changes: string[] = [];
    const patch: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rbac)) {
      if ((existingApi as Record<string, unknown>)[key] !== value) { patch[key] = value; changes.push(`${key} ${String(value)}`); }
    }
    if (missing.length) {
      patch.scopes = [...(existingApi.scopes ?? []), ...missing.map((value) => ({ value, description: value }))];
      changes.push(`added ${missing.join(', ')}`);
    }
    await outcome(`API ${o.apiAudience}`, changes, () => run((api) => api.resourceServers.update(existingApi.id!, patch)));
  }

  // 2. Roles and their permissions.
  const roles = await all((api) => api.roles.list({ per_page: 100 }));
  for (const name of ROLES) {
    let role = roles.find((r) => r.name === name);
    if (!role) {
      role = await run((api) => api.roles.create({ name, description: `Tenantry ${name}` }));
      report.created.push(`role ${name}`);
    }
    const roleId = role.id!;
    const granted = await all((api) => api.roles.permissions.list(roleId, { per_page: 100 }));
    const have = new Set(granted.filter((p) => p.resource_server_identifier === o.apiAudience).map((p) => p.permission_name));
    const missing = ROLE_PERMISSIONS[name].filter((p) => !have.has(p));
    if (missing.length) {
      await run((api) => api.roles.permissions.add(roleId, { permissions: missing.map((permission_name) => ({ resource_server_identifier: o.apiAudience, permission_name })) }));
      if (!report.created.includes(`role ${name}`)) report.updated.push(`role ${name}: granted ${missing.join(', ')}`);
    } else report.unchanged.push(`role ${name}`);
  }

  // 3. The Regular Web Application.
  const clients = await all((api) => api.clients.list({ per_page: 100 }));
  const findClient = async (id: string | undefined, name: string, appType: string, envName: string) => {
    if (!id) return clients.find((c) => c.name === name && c.app_type === appType);
    const found = clients.find((c) => c.client_id === id);
    if (!found) throw new Error(`${envName}=${id} is not an application of this tenant. Unset it to let provisioning create one.`);
    return found;
  };
  const app = await findClient(o.appClientId, APP_NAME, 'regular_web', 'AUTH0_CLIENT_ID');
  const callbacks = [`${o.scheme}://{organization_name}.${o.rootDomain}/auth/callback`, `${o.appOrigin}/auth/callback`];
  const logoutUrls = [o.appOrigin, `${o.scheme}://*.${o.rootDomain}`];
  const appSettings = {
    organization_usage: 'allow', organization_require_behavior: 'no_prompt',
    initiate_login_uri: `${o.appOrigin}/invitations/accept`,
  } as const;
  if (!app) {
    const created = await run((api) => api.clients.create({
      name: APP_NAME, app_type: 'regular_web', callbacks, allowed_logout_urls: logoutUrls, ...appSettings,
      grant_types: ['authorization_code', 'refresh_token'], refresh_token: REFRESH_TOKEN, oidc_conformant: true,
    }));
    report.created.push(`application ${APP_NAME} (${created.client_id})`);
    report.env.AUTH0_CLIENT_ID = created.client_id!;
    report.env.AUTH0_CLIENT_SECRET = created.client_secret!;
  } else {
    // Adds what is missing and keeps what an operator added (more callbacks, grant types).
    const changes: string[] = [];
    const patch: Record<string, unknown> = {};
    const ensureAll = (key: 'callbacks' | 'allowed_logout_urls' | 'grant_types', wanted: string[]) => {
      const have = app[key] ?? [];
      const missing = wanted.filter((u) => !have.includes(u));
      if (missing.length) { patch[key] = [...have, ...missing]; changes.push(`${key} + ${missing.join(', ')}`); }
    };
    ensureAll('callbacks', callbacks);
    ensureAll('allowed_logout_urls', logoutUrls);
    ensureAll('grant_types', ['authorization_code', 'refresh_token']);
    for (const [key, value] of Object.entries(appSettings)) {
      if ((app as Record<string, unknown>)[key] !== value) { patch[key] = value; changes.push(`${key} ${value}`); }
    }
    const rt = (app.refresh_token ?? {}) as Record<string, unknown>;
    if (Object.entries(REFRESH_TOKEN).some(([k, v]) => rt[k] !== v)) { patch.refresh_token = REFRESH_TOKEN; changes.push('refresh token rotation'); }
    await outcome(`application ${app.name} (${app.client_id})`, changes, () => run((api) => api.clients.update(app.client_id!, patch)));
    report.env.AUTH0_CLIENT_ID = app.client_id!;
  }

  // 3b. Back-channel logout (Auth0 Enterprise plans): a tenant that refuses it is reported, not fatal.
  const appId = report.env.AUTH0_CLIENT_ID!;
  try {
    report[await registerBackchannelLogout(o.api, appId, o.appOrigin)].push(`back-channel logout to ${backchannelLogoutUrl(o.appOrigin)}`);
  } catch (error) {
    if (!(error instanceof ManagementApiError)) throw error;
    report.skipped.push(`back-channel logout: ${error.message}`);
  }

  // 4. The app's M2M application and its Management API grant: exactly APP_SCOPES.
  let m2m = await findClient(o.m2mClientId, M2M_NAME, 'non_interactive', 'AUTH0_M2M_CLIENT_ID');
  if (m2m?.client_id === o.provisionerClientId) {
    throw new Error('AUTH0_M2M_CLIENT_ID is the provisioning application: give the app its own M2M application (unset AUTH0_M2M_CLIENT_ID to create one).');
  }
  if (!m2m) {
    m2m = await run((api) => api.clients.create({ name: M2M_NAME, app_type: 'non_interactive', grant_types: ['client_credentials'] }));
    report.created.push(`application ${M2M_NAME} (${m2m.client_id})`);
    report.env.AUTH0_M2M_CLIENT_ID = m2m.client_id!;
    report.env.AUTH0_M2M_CLIENT_SECRET = m2m.client_secret!;
  } else report.env.AUTH0_M2M_CLIENT_ID = m2m.client_id!;
  const m2mId = m2m.client_id!;
  const grants = await all((api) => api.clientGrants.list({ client_id: m2mId, audience: o.managementAudience }));
  const grant = grants[0];
  if (!grant) {
    await run((api) => api.clientGrants.create({ client_id: m2mId, audience: o.managementAudience, scope: [...APP_SCOPES] }));
    report.created.push(`Management API grant for ${m2mId}: ${APP_SCOPES.length} scopes`);
  } else {
    const have = new Set(grant.scope ?? []);
    const added = APP_SCOPES.filter((s) => !have.has(s));
    const removed = [...have].filter((s) => !APP_SCOPES.includes(s));
    const changes = [...(added.length ? [`added ${added.join(', ')}`] : []), ...(removed.length ? [`removed ${removed.join(', ')}`] : [])];
    await outcome(`Management API grant for ${m2mId}`, changes, () => run((api) => api.clientGrants.update(grant.id!, { scope: [...APP_SCOPES] })));
  }

  // 5. The post-login Action: the built file, deployed, bound to post-login.
  const actions = await all((api) => api.actions.list({ actionName: POST_LOGIN_ACTION_NAME, per_page: 100 }));
  let action = actions.find((a) => a.name === POST_LOGIN_ACTION_NAME);
  const actionWhat = `post-login Action ${POST_LOGIN_ACTION_NAME}`;
  if (!action) {
    action = await run((api) => api.actions.create({
      name: POST_LOGIN_ACTION_NAME, supported_triggers: [{ id: 'post-login', version: 'v3' }], code: o.actionCode, runtime: 'node22',
    }));
    const id = action.id!;
    await run((api) => api.actions.deploy(id));
    report.created.push(`${actionWhat} (deployed)`);
  } else {
    const id = action.id!;
    const changes: string[] = [];
    if (action.code !== o.actionCode || action.runtime !== 'node22') {
      await run((api) => api.actions.update(id, { code: o.actionCode, runtime: 'node22' }));
      changes.push('code updated');
    }
    if (changes.length || !action.all_changes_deployed || action.deployed_version?.code !== o.actionCode) {
      await run((api) => api.actions.deploy(id));
      changes.push('deployed');
    }
    if (changes.length) report.updated.push(`${actionWhat}: ${changes.join(', ')}`);
    else report.unchanged.push(actionWhat);
  }
  const actionId = action.id!;
  const bindings = await all((api) => api.actions.triggers.bindings.list('post-login', { per_page: 100 }));
  if (bindings.some((b) => b.action?.id === actionId)) report.unchanged.push(`${actionWhat} bound to post-login`);
  else {
    // Keeps the Actions already bound, in their order, and runs ours after them.
    await run((api) => api.actions.triggers.bindings.updateMany('post-login', {
      bindings: [
        ...bindings.map((b) => ({ ref: { type: 'binding_id' as const, value: b.id! }, display_name: b.display_name! })),
        { ref: { type: 'action_id', value: actionId }, display_name: POST_LOGIN_ACTION_NAME },
      ],
    }));
    report.created.push(`${actionWhat} bound to post-login`);
  }

  // 6. The MFA factors, switched on only (never off). The tenant's MFA policy is left alone: it
  // stays "Never" on a new tenant, and the post-login Action decides per organization.
  const factors = await run((api) => api.guardian.factors.list());
  for (const name of MFA_FACTORS) {
    const what = `MFA factor ${name}`;
    if (factors.some((f) => f.name === name && f.enabled)) report.unchanged.push(what);
    else {
      await run((api) => api.guardian.factors.set(name, { enabled: true }));
      report.updated.push(`${what}: enabled`);
    }
  }
  return report;
}

const backchannelLogoutUrl = (appOrigin: string) => `${appOrigin}/auth/backchannel-logout`;

/**
 * Points the application's one back-channel logout URL at the apex (Auth0 allows a single
 * URL per application, so not per tenant host), for every session-ending event.
 * https://auth0.com/docs/authenticate/login/logout/back-channel-logout/configure-back-channel-logout
 */
export async function registerBackchannelLogout(management: ManagementClient, clientId: string, appOrigin: string): Promise<'created' | 'updated' | 'unchanged'> {
  const url = backchannelLogoutUrl(appOrigin);
  const client = await callWith(management, (api) => api.clients.get(clientId));
  const current = client.oidc_logout?.backchannel_logout_urls ?? [];
  if (current.length === 1 && current[0] === url) return 'unchanged';
  await callWith(management, (api) => api.clients.update(clientId, { oidc_logout: { backchannel_logout_urls: [url], backchannel_logout_initiators: { mode: 'all' } } }));
  return current.length ? 'updated' : 'created';
}

/** The local tenant's seeded provisioning application (auth0-local/tenant.config.json). */
const LOCAL_PROVISIONER = { id: 'tenantry-local-provisioner', secret: 'local-provisioner-secret-not-for-production-000' };

/**
 * A Management API client authenticated as the provisioning M2M application
 * (AUTH0_PROVISION_CLIENT_ID / _SECRET; the local tenant's own by default), never as the app's.
 */
export function provisioningClient(auth0Origin: string, env: Record<string, string | undefined>): { api: ManagementClient; provisioner: { id: string; secret: string } } {
  const local = ['localhost', '127.0.0.1'].includes(new URL(auth0Origin).hostname);
  const id = env.AUTH0_PROVISION_CLIENT_ID || (local ? LOCAL_PROVISIONER.id : undefined);
  const secret = env.AUTH0_PROVISION_CLIENT_ID ? env.AUTH0_PROVISION_CLIENT_SECRET : local ? LOCAL_PROVISIONER.secret : undefined;
  if (!id || !secret) {
    throw new ConfigError(['AUTH0_PROVISION_CLIENT_ID and AUTH0_PROVISION_CLIENT_SECRET: the M2M application provisioning runs as (README, "A real Auth0 tenant")']);
  }
  const api = new ManagementClient({ domain: new URL(auth0Origin).host, clientId: id, clientSecret: secret, fetch: fetchForOrigin(auth0Origin), maxRetries: 0 });
  return { api, provisioner: { id, secret } };
}
