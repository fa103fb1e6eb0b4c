// Brings an Auth0 tenant to what Tenantry needs, idempotently: the Tenantry API and its
// permissions, the four organization roles with their permissions, and the application's
// Organizations settings. `npm run auth0:provision` runs it; re-running changes nothing.
import 'server-only';
import { config } from '@/lib/config';
import { call, ManagementApiError } from '@/lib/management/client';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '@/lib/auth/permissions';

export interface ProvisionReport { created: string[]; updated: string[]; unchanged: string[]; skipped: string[] }

export async function provisionAuth0(options: { appOrigin: string; rootDomain: string; scheme: string }): Promise<ProvisionReport> {
  const report: ProvisionReport = { created: [], updated: [], unchanged: [], skipped: [] };
  const audience = config().auth0.apiAudience;

  // 1. The API.
  const apis = await call((api) => api.resourceServers.list({ per_page: 100 }));
  const existing = apis.data.find((r) => r.identifier === audience);
  if (!existing) {
    await call((api) =>
      api.resourceServers.create({
        name: 'Tenantry API', identifier: audience, signing_alg: 'RS256', enforce_policies: true, token_dialect: 'access_token_authz',
        scopes: PERMISSIONS.map((value) => ({ value, description: value })),
      }),
    );
    report.created.push(`API ${audience}`);
  } else {
    const have = new Set((existing.scopes ?? []).map((s) => s.value));
    const missing = PERMISSIONS.filter((p) => !have.has(p));
    if (missing.length) {
      await call((api) => api.resourceServers.update(existing.id!, { scopes: [...(existing.scopes ?? []), ...missing.map((value) => ({ value, description: value }))] }));
      report.updated.push(`API ${audience}: added ${missing.join(', ')}`);
    } else report.unchanged.push(`API ${audience}`);
  }

  // 2. Roles and their permissions.
  const roles = await call((api) => api.roles.list({ per_page: 100 }));
  for (const name of ROLES) {
    let role = roles.data.find((r) => r.name === name);
    if (!role) {
      role = await call((api) => api.roles.create({ name, description: `Tenantry ${name}` }));
      report.created.push(`role ${name}`);
    }
    const granted = await call((api) => api.roles.permissions.list(role!.id!, { per_page: 100 }));
    const have = new Set(granted.data.filter((p) => p.resource_server_identifier === audience).map((p) => p.permission_name));
    const missing = ROLE_PERMISSIONS[name].filter((p) => !have.has(p));
    if (missing.length) {
      await call((api) => api.roles.permissions.add(role!.id!, { permissions: missing.map((permission_name) => ({ resource_server_identifier: audience, permission_name })) }));
      report.updated.push(`role ${name}: granted ${missing.join(', ')}`);
    } else report.unchanged.push(`role ${name}`);
  }

  // 3. The application's Organizations behaviour and login URIs.
  const clientId = config().auth0.clientId;
  const client = await call((api) => api.clients.get(clientId));
  const callbacks = [`${options.scheme}://{organization_name}.${options.rootDomain}/auth/callback`, `${options.appOrigin}/auth/callback`];
  const logoutUrls = [options.appOrigin, `${options.scheme}://*.${options.rootDomain}`];
  const wanted = {
    organization_usage: 'allow' as const,
    organization_require_behavior: 'no_prompt' as const,
    initiate_login_uri: `${options.appOrigin}/invitations/accept`,
    callbacks: [...new Set([...(client.callbacks ?? []), ...callbacks])],
    allowed_logout_urls: [...new Set([...(client.allowed_logout_urls ?? []), ...logoutUrls])],
  };
  const differs =
    client.organization_usage !== wanted.organization_usage ||
    client.organization_require_behavior !== wanted.organization_require_behavior ||
    client.initiate_login_uri !== wanted.initiate_login_uri ||
    wanted.callbacks.length !== (client.callbacks ?? []).length ||
    wanted.allowed_logout_urls.length !== (client.allowed_logout_urls ?? []).length;
  if (differs) {
    await call((api) => api.clients.update(clientId, wanted));
    report.updated.push(`application ${clientId}`);
  } else report.unchanged.push(`application ${clientId}`);

  // 4. Back-channel logout (Auth0 Enterprise plans): a tenant that refuses it is reported, not fatal.
  try {
    report[await registerBackchannelLogout(options.appOrigin)].push(`back-channel logout to ${backchannelLogoutUrl(options.appOrigin)}`);
  } catch (error) {
    if (!(error instanceof ManagementApiError)) throw error;
    report.skipped.push(`back-channel logout: ${error.message}`);
  }
  return report;
}

const backchannelLogoutUrl = (appOrigin: string) => `${appOrigin}/auth/backchannel-logout`;

/**
 * Points the application's one back-channel logout URL at the apex (Auth0 allows a single
 * URL per application, so not per tenant host), for every session-ending event.
 */
export async function registerBackchannelLogout(appOrigin: string): Promise<'updated' | 'unchanged'> {
  const clientId = config().auth0.clientId;
  const url = backchannelLogoutUrl(appOrigin);
  const client = await call((api) => api.clients.get(clientId));
  const current = client.oidc_logout;
  if (current?.backchannel_logout_urls?.length === 1 && current.backchannel_logout_urls[0] === url) return 'unchanged';
  await call((api) => api.clients.update(clientId, { oidc_logout: { backchannel_logout_urls: [url], backchannel_logout_initiators: { mode: 'all' } } }));
  return 'updated';
}
