// `npm run auth0:provision` against a fresh local tenant that has only what a new Auth0 tenant
// has (the database connection, every MFA factor off) plus the provisioning M2M application: it sets up everything,
// a second run writes nothing, and the app's new credentials then run a real organization
// login whose tokens carry the provisioned Action's claims and the provisioned permissions.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagementClient } from 'auth0';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { httpFetch } from '@/auth0-local/testing/management-api-harness';
import type { LocalTenant } from '@/auth0-local/src/server';
import { startTenant } from '@/auth0-local/testing/local-tenant';
import { exchange, startLogin, submitLogin } from '@/auth0-local/testing/sign-in';
import { readPostLoginActionArtifact } from '@/lib/auth/post-login-action-build';
import { PERMISSIONS } from '@/lib/core/permissions';
import { callWith } from '@/lib/management/client';
import { provisionAuth0, type ProvisionOptions } from '@/lib/management/provision';
import { APP_SCOPES, PROVISION_SCOPES } from '@/lib/management/scopes';

const PROVISIONER = { id: 'bootstrap-m2m', secret: 'bootstrap-secret-0000000000000000000000' };
const AUDIENCE = 'https://api.tenantry.local';
const DB = 'Username-Password-Authentication';

let tenant: LocalTenant;
let writes: string[] = [];
let options: ProvisionOptions;

/** A tenant as Auth0 creates one, plus the M2M application the README asks for, with PROVISION_SCOPES. */
function freshTenantConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenantry-provision-'));
  const file = join(dir, 'tenant.config.json');
  writeFileSync(file, JSON.stringify({
    clients: [{ client_id: PROVISIONER.id, client_secret: PROVISIONER.secret, name: 'Bootstrap', app_type: 'non_interactive', grant_types: ['client_credentials'] }],
    client_grants: [{ client_id: PROVISIONER.id, audience: '$MANAGEMENT_API', scope: PROVISION_SCOPES }],
    connections: [{ name: DB, strategy: 'auth0', options: {} }],
  }));
  return file;
}

beforeAll(async () => {
  tenant = await startTenant({ configFile: freshTenantConfig() });
  const http = httpFetch(tenant.port);
  // Counts the changes provisioning asks for (token requests are not changes).
  const counting: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    if (method !== 'GET' && url.includes('/api/v2/')) writes.push(`${method} ${new URL(url).pathname}`);
    return http(input, init);
  };
  options = {
    api: new ManagementClient({ domain: `localhost:${tenant.port}`, clientId: PROVISIONER.id, clientSecret: PROVISIONER.secret, fetch: counting, maxRetries: 0 }),
    provisionerClientId: PROVISIONER.id, managementAudience: tenant.managementAudience, apiAudience: AUDIENCE,
    appOrigin: 'http://localhost:3000', rootDomain: 'localhost:3000', scheme: 'http', actionCode: readPostLoginActionArtifact(),
  };
});
afterAll(async () => { await tenant?.close(); });

describe('provisioning a fresh tenant', () => {
  let env: Record<string, string>;

  test('creates the API, roles, both applications, the grant and the bound Action, and enables the MFA factors', async () => {
    expect(tenant.store.state.guardianFactors).toMatchObject({ otp: false, 'recovery-code': false });
    const report = await provisionAuth0(options);
    env = report.env;
    expect(report.updated).toEqual(['MFA factor otp: enabled', 'MFA factor recovery-code: enabled']);
    // Only those two: no other factor is switched on.
    expect(Object.entries(tenant.store.state.guardianFactors).filter(([, on]) => on).map(([name]) => name).sort()).toEqual(['otp', 'recovery-code']);
    expect(report.created).toEqual(expect.arrayContaining([
      `API ${AUDIENCE}`, 'role org_admin', 'role org_readonly', expect.stringMatching(/^application Tenantry \(/),
      expect.stringMatching(/^application Tenantry back end/), expect.stringMatching(/^Management API grant/),
      'post-login Action tenantry-post-login (deployed)', 'post-login Action tenantry-post-login bound to post-login',
      'back-channel logout to http://localhost:3000/auth/backchannel-logout',
    ]));
    // Secrets are printed only for the applications this run created.
    expect(Object.keys(env).sort()).toEqual(['AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'AUTH0_M2M_CLIENT_ID', 'AUTH0_M2M_CLIENT_SECRET']);

    const { store } = tenant;
    expect(store.resourceServer(AUDIENCE)).toMatchObject({ enforce_policies: true, token_dialect: 'access_token_authz', allow_offline_access: true });
    expect(store.resourceServer(AUDIENCE)!.scopes.map((s) => s.value)).toEqual([...PERMISSIONS]);
    expect(store.client(env.AUTH0_CLIENT_ID!)).toMatchObject({
      app_type: 'regular_web', organization_usage: 'allow', organization_require_behavior: 'no_prompt',
      initiate_login_uri: 'http://localhost:3000/invitations/accept', grant_types: ['authorization_code', 'refresh_token'],
      callbacks: ['http://{organization_name}.localhost:3000/auth/callback', 'http://localhost:3000/auth/callback'],
      allowed_logout_urls: ['http://localhost:3000', 'http://*.localhost:3000'],
      refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring' },
    });
    const grant = store.state.clientGrants.find((g) => g.client_id === env.AUTH0_M2M_CLIENT_ID);
    expect(grant).toMatchObject({ audience: tenant.managementAudience });
    expect([...grant!.scope].sort()).toEqual([...APP_SCOPES]);
    expect(APP_SCOPES).toEqual(expect.arrayContaining(['read:connections_options', 'update:connections_options']));
  });

  test('a second run changes nothing and sends no write', async () => {
    writes = [];
    const report = await provisionAuth0(options);
    expect(report.created).toEqual([]);
    expect(report.updated).toEqual([]);
    expect(report.unchanged.length).toBeGreaterThanOrEqual(9);
    expect(report.unchanged).toEqual(expect.arrayContaining(['MFA factor otp', 'MFA factor recovery-code']));
    expect(writes).toEqual([]);
  });

  test('repairs drift: an extra scope on the grant is removed, a missing permission and the Action code come back', async () => {
    const { store } = tenant;
    store.mutate((s) => {
      const g = s.clientGrants.find((x) => x.client_id === env.AUTH0_M2M_CLIENT_ID)!;
      g.scope.push('delete:resource_servers');
      const rs = s.resourceServers.find((r) => r.identifier === AUDIENCE)!;
      rs.scopes = rs.scopes.filter((x) => x.value !== 'audit:read');
      rs.allow_offline_access = false;
    });
    const action = store.state.actions.find((a) => a.name === 'tenantry-post-login')!;
    // Straight SDK calls, not provisioning's: ride out the tenant's Essentials rate limits like it does.
    await callWith(options.api, (api) => api.actions.update(action.id, { code: 'exports.onExecutePostLogin = async () => {};' }));
    await callWith(options.api, (api) => api.actions.deploy(action.id));
    writes = [];
    const report = await provisionAuth0(options);
    expect(report.updated).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Management API grant .*removed delete:resource_servers/),
      expect.stringMatching(/^API .*allow_offline_access true; added audit:read/),
      'post-login Action tenantry-post-login: code updated, deployed',
    ]));
    expect([...store.state.clientGrants.find((x) => x.client_id === env.AUTH0_M2M_CLIENT_ID)!.scope].sort()).toEqual([...APP_SCOPES]);
    expect(store.state.actions.find((a) => a.name === 'tenantry-post-login')!.versions.at(-1)!.code).toBe(readPostLoginActionArtifact());
    expect(writes.length).toBeGreaterThan(0);
  });

  test('a factor switched off is switched on again; a provisioner without update:guardian_factors fails naming the scopes', async () => {
    const { store } = tenant;
    store.mutate((s) => { s.guardianFactors.otp = false; });
    writes = [];
    expect((await provisionAuth0(options)).updated).toEqual(['MFA factor otp: enabled']);
    expect(writes).toEqual(['PUT /api/v2/guardian/factors/otp']);
    expect(store.state.guardianFactors.otp).toBe(true);

    // A grant made before this step existed: the new token lacks update:guardian_factors.
    const grant = () => store.state.clientGrants.find((g) => g.client_id === PROVISIONER.id)!;
    store.mutate((s) => {
      s.guardianFactors['recovery-code'] = false;
      const g = s.clientGrants.find((x) => x.client_id === PROVISIONER.id)!;
      g.scope = g.scope.filter((x) => x !== 'update:guardian_factors');
    });
    try {
      const stale = new ManagementClient({ domain: `localhost:${tenant.port}`, clientId: PROVISIONER.id, clientSecret: PROVISIONER.secret, fetch: httpFetch(tenant.port), maxRetries: 0 });
      await expect(provisionAuth0({ ...options, api: stale })).rejects.toThrow(/lacks a Management API scope .*update:guardian_factors.*Grant it exactly: .*read:guardian_factors.*update:guardian_factors/);
      expect(store.state.guardianFactors['recovery-code']).toBe(false);
    } finally {
      store.mutate((s) => {
        s.clientGrants.find((x) => x.client_id === PROVISIONER.id)!.scope = [...PROVISION_SCOPES];
        s.guardianFactors['recovery-code'] = true;
      });
    }
    expect(grant().scope).toContain('update:guardian_factors');
  });

  test('refuses to make the provisioning application the app\'s M2M application', async () => {
    writes = [];
    await expect(provisionAuth0({ ...options, m2mClientId: PROVISIONER.id })).rejects.toThrow(/is the provisioning application/);
    expect(writes).toEqual([]);
  });

  test('the app\'s new credentials run an organization login carrying the Action\'s claims and the role\'s permissions', async () => {
    // The app's M2M application does what the app does: an organization, a member, a role.
    const app = new ManagementClient({ domain: `localhost:${tenant.port}`, clientId: env.AUTH0_M2M_CLIENT_ID!, clientSecret: env.AUTH0_M2M_CLIENT_SECRET!, fetch: httpFetch(tenant.port), maxRetries: 5 });
    const org = await app.organizations.create({ name: 'initech', display_name: 'Initech', metadata: { tenantId: 'ten_initech' } });
    const db = (await app.connections.list({ name: DB })).data[0]!;
    await app.organizations.enabledConnections.add(org.id!, { connection_id: db.id!, assign_membership_on_login: false });
    const user = await app.users.create({ connection: DB, email: 'peter@initech.test', password: 'Tenantry-demo-1', email_verified: true });
    await app.organizations.members.create(org.id!, { members: [user.user_id!] });
    const admin = (await app.roles.list({ name_filter: 'org_admin' })).data[0]!;
    await app.organizations.members.roles.assign(org.id!, user.user_id!, { roles: [admin.id!] });

    const creds = { clientId: env.AUTH0_CLIENT_ID!, clientSecret: env.AUTH0_CLIENT_SECRET!, redirectUri: 'http://localhost:3000/auth/callback' };
    const started = await startLogin(tenant, { organization: org.id!, audience: AUDIENCE }, undefined, creds);
    const tokens = await exchange(started, await submitLogin(started, 'peter@initech.test'));
    expect(tokens.claims()).toMatchObject({
      org_id: org.id, 'https://tenantry.dev/tenantId': 'ten_initech', 'https://tenantry.dev/org_name': 'initech', 'https://tenantry.dev/roles': ['org_admin'],
    });
    const access = decodeJwt(tokens.access_token);
    expect(access).toMatchObject({ 'https://tenantry.dev/tenantId': 'ten_initech' });
    expect([...(access.permissions as string[])].sort()).toEqual([...PERMISSIONS].sort());
    expect(tokens.refresh_token).toBeTruthy();
  });
});
