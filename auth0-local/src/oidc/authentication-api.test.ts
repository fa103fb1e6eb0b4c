// Conformance of the Authentication API with openid-client: authorization code + PKCE with an
// organization, every claim, signatures against the JWKS, refresh, client credentials,
// userinfo, logout, and the token endpoint's refusals.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalTenant } from '../server.js';
import { newId } from '../store.js';
import { PROVISIONER } from '../../testing/management-api-harness.js';
import { Browser } from '../../testing/browser.js';
import { API, API_CLIENT, APP, decode, decodeHeader, M2M, managementClient, postToken, startTenant } from '../../testing/local-tenant.js';
import { appConfig, callbackParams, exchange, login, startLogin, submitLogin } from '../../testing/sign-in.js';

let tenant: LocalTenant;
let jwks: ReturnType<typeof createLocalJWKSet>;
let acmeId: string;

beforeAll(async () => {
  tenant = await startTenant();
  const set = await (await fetch(`${tenant.url}/.well-known/jwks.json`)).json();
  jwks = createLocalJWKSet(set);
  acmeId = tenant.store.orgByName('acme')!.id;
});
afterAll(() => tenant?.close());

describe('discovery and keys', () => {
  it('serves Auth0-shaped discovery with the trailing-slash issuer', async () => {
    const d = await (await fetch(`${tenant.issuer}.well-known/openid-configuration`)).json();
    expect(d.issuer).toBe(tenant.issuer);
    expect(d.issuer).toMatch(/^http:\/\/localhost:\d+\/$/);
    expect(d.authorization_endpoint).toBe(`${tenant.url}/authorize`);
    expect(d.token_endpoint).toBe(`${tenant.url}/oauth/token`);
    expect(d.userinfo_endpoint).toBe(`${tenant.url}/userinfo`);
    expect(d.jwks_uri).toBe(`${tenant.url}/.well-known/jwks.json`);
    expect(d.end_session_endpoint).toBe(`${tenant.url}/oidc/logout`);
    expect(d.revocation_endpoint).toBe(`${tenant.url}/oauth/revoke`);
    expect(d.id_token_signing_alg_values_supported).toContain('RS256');
    expect(d.token_endpoint_auth_methods_supported).toContain('client_secret_post');
  });

  it('publishes only public RSA keys', async () => {
    const set = await (await fetch(`${tenant.url}/.well-known/jwks.json`)).json();
    expect(set.keys).toHaveLength(1);
    expect(set.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(set.keys[0].kid).toBeTruthy();
    expect(set.keys[0].d).toBeUndefined();
  });
});

describe('authorization code + PKCE with an organization', () => {
  it('issues ID and access tokens with every Auth0 claim, signed with the JWKS key', async () => {
    const alice = tenant.store.usersByEmail('alice@acme.test')[0]!;
    const { started, tokens } = await login(tenant, 'alice@acme.test', {
      organization: acmeId, audience: API, scope: 'openid profile email offline_access projects:read projects:write audit:read',
    });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.refresh_token).toBeTruthy();

    // ID token
    const id = await jwtVerify(tokens.id_token!, jwks, { issuer: tenant.issuer, audience: APP.clientId, algorithms: ['RS256'] });
    expect(id.protectedHeader.alg).toBe('RS256');
    expect(id.protectedHeader.kid).toBeTruthy();
    expect(id.payload).toMatchObject({
      iss: tenant.issuer,
      sub: alice.user_id,
      aud: APP.clientId,
      nonce: started.nonce,
      org_id: acmeId,
      name: 'Alice Admin',
      nickname: 'alice',
      email: 'alice@acme.test',
      email_verified: true,
      'https://tenantry.dev/tenantId': 'ten_demo_acme',
      'https://tenantry.dev/org_name': 'acme',
      'https://tenantry.dev/roles': ['org_admin'],
    });
    expect(typeof id.payload.sid).toBe('string');
    expect(typeof id.payload.picture).toBe('string');
    expect(typeof id.payload.updated_at).toBe('string');
    expect(typeof id.payload.iat).toBe('number');
    expect(typeof id.payload.exp).toBe('number');
    expect(id.payload.org_name).toBeUndefined(); // tenant setting off
    expect(alice.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/);
    expect(acmeId).toMatch(/^org_[A-Za-z0-9]{16}$/);

    // Access token
    const at = await jwtVerify(tokens.access_token, jwks, { issuer: tenant.issuer, audience: API, algorithms: ['RS256'] });
    expect(at.protectedHeader.typ).toBe('JWT');
    expect(at.payload.aud).toEqual([API, `${tenant.issuer}userinfo`]);
    expect(at.payload).toMatchObject({ sub: alice.user_id, azp: APP.clientId, org_id: acmeId, 'https://tenantry.dev/tenantId': 'ten_demo_acme' });
    expect(at.payload.permissions).toEqual(['audit:read', 'members:manage', 'members:read', 'org:manage', 'projects:read', 'projects:write', 'sso:manage']);
    expect(String(at.payload.scope).split(' ').sort()).toEqual(['audit:read', 'email', 'offline_access', 'openid', 'profile', 'projects:read', 'projects:write']);
    expect(at.payload.client_id).toBeUndefined();
    expect(at.payload.org_name).toBeUndefined();
    expect(tokens.scope?.split(' ').sort()).toEqual(String(at.payload.scope).split(' ').sort());

    // last_login / logins_count were recorded
    const after = tenant.store.userById(alice.user_id)!;
    expect(after.logins_count).toBeGreaterThan(0);
    expect(after.last_login).toBeTruthy();
  });

  it('intersects requested scopes with the member\'s permissions (RBAC) and lists only org-role permissions', async () => {
    const { tokens } = await login(tenant, 'dave@globex.test', {
      organization: tenant.store.orgByName('globex')!.id, audience: API, scope: 'openid projects:read projects:write members:read',
    });
    const at = decode(tokens.access_token);
    expect(at.permissions).toEqual(['members:read', 'projects:read']);
    expect(String(at.scope).split(' ').sort()).toEqual(['members:read', 'openid', 'projects:read']);
    expect(tokens.refresh_token).toBeUndefined(); // no offline_access
  });

  it('keeps the organization, permissions and Action claims after a refresh', async () => {
    const { started, tokens } = await login(tenant, 'carol@example.test', { organization: acmeId, audience: API });
    const refreshed = await client.refreshTokenGrant(started.config, tokens.refresh_token!);
    const id = await jwtVerify(refreshed.id_token!, jwks, { issuer: tenant.issuer, audience: APP.clientId });
    expect(id.payload.org_id).toBe(acmeId);
    expect(id.payload['https://tenantry.dev/roles']).toEqual(['org_member']);
    const at = await jwtVerify(refreshed.access_token, jwks, { issuer: tenant.issuer, audience: API });
    expect(at.payload.org_id).toBe(acmeId);
    expect(at.payload.permissions).toEqual(['members:read', 'projects:read', 'projects:write']);
    expect(at.payload['https://tenantry.dev/tenantId']).toBe('ten_demo_acme');
  });

  // https://auth0.com/docs/secure/tokens/refresh-tokens/get-refresh-tokens
  it('no refresh token for an API whose allow_offline_access is false (offline_access ignored)', async () => {
    const setOffline = (allow: boolean) => tenant.store.mutate((s) => { s.resourceServers.find((r) => r.identifier === API)!.allow_offline_access = allow; });
    setOffline(false);
    try {
      const { tokens } = await login(tenant, 'bob@acme.test', { organization: acmeId, audience: API, scope: 'openid profile email offline_access' });
      expect(tokens.access_token).toBeTruthy();
      expect(tokens.refresh_token).toBeUndefined();
    } finally {
      setOffline(true);
    }
    const { tokens } = await login(tenant, 'bob@acme.test', { organization: acmeId, audience: API, scope: 'openid profile email offline_access' });
    expect(tokens.refresh_token).toBeTruthy();
  });

  it('refresh with a JSON body and with another audience (MRRT)', async () => {
    const { tokens } = await login(tenant, 'carol@example.test', { organization: acmeId, audience: API });
    const r = await postToken(tenant, {
      grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: APP.clientId, client_secret: APP.clientSecret,
    }, true);
    expect(r.status).toBe(200);
    expect(decode(r.body.access_token as string).aud).toEqual([API, `${tenant.issuer}userinfo`]);

    tenant.store.mutate((s) => {
      if (!s.resourceServers.some((x) => x.identifier === 'reports-api')) {
        s.resourceServers.push({ id: 'rs_reports', name: 'Reports', identifier: 'reports-api', scopes: [{ value: 'reports:read', description: '' }], enforce_policies: false, token_dialect: 'access_token', signing_alg: 'RS256', token_lifetime: 3600 });
      }
    });
    const again = await login(tenant, 'carol@example.test', { organization: acmeId, audience: API });
    const mrrt = await postToken(tenant, {
      grant_type: 'refresh_token', refresh_token: again.tokens.refresh_token!, client_id: APP.clientId, client_secret: APP.clientSecret, audience: 'reports-api',
    });
    expect(mrrt.status).toBe(200);
    const at = decode(mrrt.body.access_token as string);
    expect(at.aud).toEqual(['reports-api', `${tenant.issuer}userinfo`]);
    expect(at.org_id).toBe(acmeId);
    const unknown = await postToken(tenant, {
      grant_type: 'refresh_token', refresh_token: again.tokens.refresh_token!, client_id: APP.clientId, client_secret: APP.clientSecret, audience: 'https://nope.example',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('invalid_target');
  });

  it('a login never yields Management API scopes', async () => {
    const { tokens } = await login(tenant, 'alice@acme.test', { audience: tenant.managementAudience, scope: 'openid create:organizations read:users' });
    const at = decode(tokens.access_token);
    expect(at.aud).toEqual([tenant.managementAudience, `${tenant.issuer}userinfo`]);
    expect(at.scope).toBe('openid');
  });

  it('/userinfo accepts the JWT access token (aud includes /userinfo)', async () => {
    const { started, tokens } = await login(tenant, 'bob@acme.test', { organization: acmeId, audience: API });
    const info = await client.fetchUserInfo(started.config, tokens.access_token, decode(tokens.id_token!).sub as string);
    expect(info).toMatchObject({ email: 'bob@acme.test', name: 'Bob Builder', email_verified: true });
    const bad = await fetch(`${tenant.url}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token.slice(0, -4)}AAAA` } });
    expect(bad.status).toBe(401);
  });

  it('a personal login (no organization, no audience) has no org claims and an opaque token for /userinfo', async () => {
    const { started, tokens } = await login(tenant, 'pat@personal.test');
    const id = decode(tokens.id_token!);
    expect(id.org_id).toBeUndefined();
    expect(id['https://tenantry.dev/tenantId']).toBeUndefined();
    expect(tokens.access_token.split('.').length).not.toBe(3);
    const info = await client.fetchUserInfo(started.config, tokens.access_token, id.sub as string);
    expect(info.email).toBe('pat@personal.test');
  });

  it('carries org_name when the tenant allows organization names, and accepts the name at /authorize', async () => {
    tenant.store.mutate((s) => { s.settings.allow_organization_name_in_authentication_api = true; });
    try {
      const { tokens } = await login(tenant, 'alice@acme.test', { organization: 'acme', audience: API });
      expect(decode(tokens.id_token!)).toMatchObject({ org_id: acmeId, org_name: 'acme' });
      expect(decode(tokens.access_token)).toMatchObject({ org_id: acmeId, org_name: 'acme' });
    } finally {
      tenant.store.mutate((s) => { s.settings.allow_organization_name_in_authentication_api = false; });
    }
  });

  it('a second authorization in the same browser session skips the login form (SSO) and still checks the org', async () => {
    const browser = new Browser();
    const first = await startLogin(tenant, { organization: acmeId }, browser);
    const cb = await submitLogin(first, 'bob@acme.test');
    await exchange(first, cb);
    const second = await startLogin(tenant, { organization: acmeId, audience: API }, browser);
    expect(callbackParams(second.page).get('code')).toBeTruthy();
    const tokens = await exchange(second, second.page);
    expect(decode(tokens.access_token).org_id).toBe(acmeId);
    const globex = await startLogin(tenant, { organization: tenant.store.orgByName('globex')!.id }, browser);
    const refused = callbackParams(globex.page);
    expect(refused.get('error')).toBe('access_denied');
    const silent = await startLogin(tenant, { organization: acmeId, prompt: 'none' }, browser);
    expect(callbackParams(silent.page).get('code')).toBeTruthy();
  });
});

describe('prompt=login', () => {
  it('asks again even with a session, and can switch to another account', async () => {
    const browser = new Browser();
    const first = await startLogin(tenant, { organization: acmeId }, browser);
    await exchange(first, await submitLogin(first, 'alice@acme.test'));
    const second = await startLogin(tenant, { organization: acmeId, prompt: 'login' }, browser);
    expect(second.page.url).toContain('/u/login?state=');
    let page = await submitLogin(second, 'bob@acme.test');
    // oidc-provider ends the previous account's session through an auto-submitted form first.
    for (let i = 0; i < 3 && !page.location; i++) page = await browser.submit(page, {}, APP.redirectUri);
    const tokens = await exchange(second, page);
    expect(decode(tokens.id_token!).email).toBe('bob@acme.test');
    expect(decode(tokens.id_token!).org_id).toBe(acmeId);
  });
});

describe('client credentials', () => {
  it('for the Management API audience: the grant\'s scopes, sub <client>@clients, gty', async () => {
    const r = await postToken(tenant, { grant_type: 'client_credentials', client_id: M2M.clientId, client_secret: M2M.clientSecret, audience: tenant.managementAudience });
    expect(r.status).toBe(200);
    expect(tenant.managementAudience).toMatch(/^https:\/\/localhost:\d+\/api\/v2\/$/);
    const at = await jwtVerify(r.body.access_token as string, jwks, { issuer: tenant.issuer, audience: tenant.managementAudience });
    expect(at.protectedHeader.typ).toBe('JWT');
    expect(at.payload).toMatchObject({ sub: `${M2M.clientId}@clients`, azp: M2M.clientId, gty: 'client-credentials' });
    expect(String(at.payload.scope).split(' ')).toContain('create:organizations');
    expect(r.body.scope).toBe(at.payload.scope);
    expect(r.body.token_type).toBe('Bearer');
    expect(r.body.expires_in).toBe(86400);
  });

  it('intersects a requested scope with the grant (JSON body, through openid-client too)', async () => {
    const r = await postToken(tenant, { grant_type: 'client_credentials', client_id: M2M.clientId, client_secret: M2M.clientSecret, audience: tenant.managementAudience, scope: 'read:users delete:everything' }, true);
    expect(r.status).toBe(200);
    expect(decode(r.body.access_token as string).scope).toBe('read:users');
    const config = await appConfig(tenant, { ...M2M, redirectUri: '' });
    const t = await client.clientCredentialsGrant(config, { audience: API, organization: acmeId }, undefined).catch((e) => e);
    expect(t.error ?? t.cause?.error).toBe('access_denied'); // the M2M client has no grant for the Tenantry API
  });

  it('for the Tenantry API with an organization: org_id in the token', async () => {
    const config = await appConfig(tenant, { ...API_CLIENT, redirectUri: '' });
    const t = await client.clientCredentialsGrant(config, { audience: API, organization: acmeId });
    const at = await jwtVerify(t.access_token, jwks, { issuer: tenant.issuer, audience: API });
    expect(at.payload).toMatchObject({ sub: `${API_CLIENT.clientId}@clients`, org_id: acmeId, gty: 'client-credentials', scope: 'projects:read projects:write' });
  });

  it('refuses organization for a client whose organization_usage is deny, and unknown organizations', async () => {
    const deny = await postToken(tenant, { grant_type: 'client_credentials', client_id: M2M.clientId, client_secret: M2M.clientSecret, audience: tenant.managementAudience, organization: acmeId });
    expect(deny.status).toBe(400);
    expect(deny.body).toMatchObject({ error: 'invalid_request', error_description: 'parameter organization is not allowed for this client' });
    const unknown = await postToken(tenant, { grant_type: 'client_credentials', client_id: API_CLIENT.clientId, client_secret: API_CLIENT.clientSecret, audience: API, organization: 'org_DoesNotExist0000' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('invalid_request');
  });

  // https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications
  it('names only an organization the client grant is associated with (or any, with allow_any_organization); require needs one', async () => {
    const cc = (organization?: string) => postToken(tenant, {
      grant_type: 'client_credentials', client_id: API_CLIENT.clientId, client_secret: API_CLIENT.clientSecret, audience: API, ...(organization ? { organization } : {}),
    });
    const grant = () => tenant.store.state.clientGrants.find((g) => g.client_id === API_CLIENT.clientId)!;
    const setGrant = (patch: Partial<ReturnType<typeof grant>>) => tenant.store.mutate((s) => { Object.assign(s.clientGrants.find((g) => g.client_id === API_CLIENT.clientId)!, patch); });
    const lone = newId.org();
    tenant.store.mutate((s) => { s.organizations.push({ id: lone, name: 'lone-org', display_name: 'Lone', metadata: {}, created_at: new Date().toISOString() }); });
    try {
      expect((await cc(acmeId)).status).toBe(200); // associated in the seed
      expect(decode((await cc()).body.access_token as string).org_id).toBeUndefined(); // allow: none is fine too

      const refused = await cc(lone);
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('access_denied');
      expect(refused.body.error_description).toContain(`organization "${lone}"`);

      setGrant({ allow_any_organization: true });
      expect(decode((await cc(lone)).body.access_token as string).org_id).toBe(lone);
      setGrant({ allow_any_organization: false });
      tenant.store.mutate((s) => { s.organizationClientGrants.push({ org_id: lone, grant_id: grant().id }); });
      expect(decode((await cc(lone)).body.access_token as string).org_id).toBe(lone);

      setGrant({ organization_usage: 'require' });
      const none = await cc();
      expect([none.status, none.body.error, none.body.error_description]).toEqual([400, 'invalid_request', 'parameter organization is required for this client']);
      setGrant({ organization_usage: 'deny' });
      const denied = await cc(acmeId);
      expect([denied.status, denied.body.error_description]).toEqual([400, 'parameter organization is not allowed for this client']);
    } finally {
      setGrant({ organization_usage: 'allow', allow_any_organization: false });
      tenant.store.mutate((s) => {
        s.organizations = s.organizations.filter((o) => o.id !== lone);
        s.organizationClientGrants = s.organizationClientGrants.filter((a) => a.org_id !== lone);
      });
    }
  });

  // An API key as Tenantry makes one: an application, a grant that requires an organization,
  // the grant associated with one organization; then rotation and deletion.
  // https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications/configure-your-application-for-m2m-access
  // https://auth0.com/docs/api/management/v2/clients/post-rotate-secret, https://auth0.com/docs/api/management/v2/clients/delete-clients-by-id
  it('an organization-only machine client: org_id only for its organization, rotate-secret, delete', async () => {
    const mc = managementClient(tenant);
    const created = await mc.clients.create({ name: 'Acme CI', app_type: 'non_interactive', grant_types: ['client_credentials'] });
    const clientId = created.client_id!;
    const grant = await mc.clientGrants.create({ client_id: clientId, audience: API, scope: ['projects:read'], organization_usage: 'require', allow_any_organization: false });
    expect(grant).toMatchObject({ client_id: clientId, organization_usage: 'require', allow_any_organization: false });
    await mc.organizations.clientGrants.create(acmeId, { grant_id: grant.id! });
    const globexId = tenant.store.orgByName('globex')!.id;
    const cc = (secret: string, organization?: string) => postToken(tenant, {
      grant_type: 'client_credentials', client_id: clientId, client_secret: secret, audience: API, ...(organization ? { organization } : {}),
    });

    const ok = await cc(created.client_secret!, acmeId);
    expect(ok.status).toBe(200);
    expect(decode(ok.body.access_token as string)).toMatchObject({ org_id: acmeId, gty: 'client-credentials', azp: clientId, scope: 'projects:read', sub: `${clientId}@clients` });
    expect((await cc(created.client_secret!)).body.error_description).toBe('parameter organization is required for this client');
    expect((await cc(created.client_secret!, globexId)).status).toBe(403);

    const rotated = await mc.clients.rotateSecret(clientId);
    expect(rotated.client_secret).toBeTruthy();
    expect(rotated.client_secret).not.toBe(created.client_secret);
    expect((await cc(created.client_secret!, acmeId)).status).toBe(401);
    expect((await cc(rotated.client_secret!, acmeId)).status).toBe(200);

    await mc.clients.delete(clientId);
    const gone = await cc(rotated.client_secret!, acmeId);
    expect([gone.status, gone.body.error]).toEqual([401, 'invalid_client']);
    expect(tenant.store.state.clientGrants.some((g) => g.id === grant.id)).toBe(false);
    expect(tenant.store.state.organizationClientGrants.some((a) => a.grant_id === grant.id)).toBe(false);
  });

  it('refuses without audience, for an API without a grant, and with a wrong secret (401 invalid_client)', async () => {
    const noAud = await postToken(tenant, { grant_type: 'client_credentials', client_id: M2M.clientId, client_secret: M2M.clientSecret });
    expect(noAud.status).toBe(403);
    expect(noAud.body.error).toBe('access_denied');
    const noGrant = await postToken(tenant, { grant_type: 'client_credentials', client_id: M2M.clientId, client_secret: M2M.clientSecret, audience: API });
    expect(noGrant.status).toBe(403);
    expect(noGrant.body.error).toBe('access_denied');
    const wrong = await postToken(tenant, { grant_type: 'client_credentials', client_id: M2M.clientId, client_secret: 'wrong', audience: tenant.managementAudience });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    const wrongJson = await postToken(tenant, { grant_type: 'client_credentials', client_id: M2M.clientId, client_secret: 'wrong', audience: tenant.managementAudience }, true);
    expect(wrongJson.status).toBe(401);
    const malformed = await postToken(tenant, '{"grant_type": "client_credentials",', true);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('invalid_request');
  });
});

describe('code exchange refusals', () => {
  it('bad PKCE verifier -> invalid_grant; reused code -> invalid_grant; wrong secret -> 401 invalid_client', async () => {
    const before = JSON.stringify(tenant.store.state);
    const started = await startLogin(tenant, { organization: acmeId });
    const page = await submitLogin(started, 'bob@acme.test');
    const code = callbackParams(page).get('code')!;
    const base = { grant_type: 'authorization_code', code, redirect_uri: APP.redirectUri, client_id: APP.clientId };

    const wrongSecret = await postToken(tenant, { ...base, client_secret: 'nope', code_verifier: started.verifier });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe('invalid_client');

    const badPkce = await postToken(tenant, { ...base, client_secret: APP.clientSecret, code_verifier: 'x'.repeat(43) });
    expect(badPkce.status).toBe(400);
    expect(badPkce.body.error).toBe('invalid_grant');

    // The code was not consumed by the failed attempts above? oidc-provider checks PKCE before consuming.
    const ok = await postToken(tenant, { ...base, client_secret: APP.clientSecret, code_verifier: started.verifier });
    expect(ok.status).toBe(200);
    const reused = await postToken(tenant, { ...base, client_secret: APP.clientSecret, code_verifier: started.verifier });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    // Only login statistics changed.
    const strip = (json: string) => JSON.parse(json, (k, v) => (['last_login', 'logins_count', 'updated_at'].includes(k) ? undefined : v));
    expect(strip(JSON.stringify(tenant.store.state))).toEqual(strip(before));
  });
});

/** Headers for the Management API, with a token of the tenant's M2M application. */
/** The seeded provisioning application: application settings are tenant set-up, not the app's business. */
const PROVISIONING = { clientId: PROVISIONER.id, clientSecret: PROVISIONER.secret };

async function managementToken(t: LocalTenant, client: { clientId: string; clientSecret: string } = M2M): Promise<Record<string, string>> {
  const r = await postToken(t, { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, audience: t.managementAudience }, true);
  expect(r.status).toBe(200);
  return { authorization: `Bearer ${r.body.access_token}`, 'content-type': 'application/json' };
}

describe('logout', () => {
  it('/v2/logout redirects to an allowed returnTo (wildcard subdomain) and ends the session', async () => {
    const browser = new Browser();
    const started = await startLogin(tenant, { organization: acmeId }, browser);
    await exchange(started, await submitLogin(started, 'bob@acme.test'));
    const out = await browser.fetch(`${tenant.url}/v2/logout?client_id=${APP.clientId}&returnTo=${encodeURIComponent('http://acme.localhost:3000/')}`);
    expect(out.status).toBe(302);
    expect(out.location).toBe('http://acme.localhost:3000/');
    const silent = await startLogin(tenant, { organization: acmeId, prompt: 'none' }, browser);
    expect(callbackParams(silent.page).get('error')).toBe('login_required');
  });

  // https://auth0.com/docs/authenticate/login/logout/redirect-users-after-logout
  it('/v2/logout matches returnTo without its query and fragment, and keeps them in the redirect', async () => {
    const returnTo = 'http://acme.localhost:3000/?signed_out=1#bye';
    const res = await fetch(`${tenant.url}/v2/logout?client_id=${APP.clientId}&returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(returnTo);
  });

  it('/v2/logout refuses a returnTo that is not allowed, with a clear page', async () => {
    for (const returnTo of ['https://evil.example.com/', 'http://a.b.localhost:3000/', 'http://localhost:3999/']) {
      const res = await fetch(`${tenant.url}/v2/logout?client_id=${APP.clientId}&returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toContain('<h1>Logout failed</h1>');
      expect(body).toContain('Allowed Logout URLs');
    }
  });

  it('/oidc/logout (RP-initiated, as nextjs-auth0 does it) signs out without a question', async () => {
    const browser = new Browser();
    const started = await startLogin(tenant, { organization: acmeId }, browser);
    const tokens = await exchange(started, await submitLogin(started, 'bob@acme.test'));
    const url = client.buildEndSessionUrl(started.config, {
      post_logout_redirect_uri: 'http://acme.localhost:3000', id_token_hint: tokens.id_token!, logout_hint: String(decode(tokens.id_token!).sid),
    });
    const page = await browser.go(url.href, 'http://acme.localhost:3000');
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="logout" value="yes"');
    const done = await browser.submit(page, {}, 'http://acme.localhost:3000');
    expect(done.location).toMatch(/^http:\/\/acme\.localhost:3000/);
    const silent = await startLogin(tenant, { organization: acmeId, prompt: 'none' }, browser);
    expect(callbackParams(silent.page).get('error')).toBe('login_required');
    // As on Auth0, a refresh token (offline access) outlives the session: the SDK revokes it itself.
    const r = await postToken(tenant, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(r.status).toBe(200);
  });

  it('/oidc/logout sends a back-channel logout token (sid of the ID token) to the application’s one URL', async () => {
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        if (req.method === 'POST' && req.headers['content-type'] === 'application/x-www-form-urlencoded') received.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, 'localhost', resolve));
    const url = `http://localhost:${(receiver.address() as AddressInfo).port}/auth/backchannel-logout`;
    const admin = await managementToken(tenant, PROVISIONING);
    try {
      // Auth0 takes one URL per application; two are refused.
      const two = await fetch(`${tenant.url}/api/v2/clients/${APP.clientId}`, { method: 'PATCH', headers: admin, body: JSON.stringify({ oidc_logout: { backchannel_logout_urls: [url, `${url}2`] } }) });
      expect(two.status).toBe(400);
      const set = await fetch(`${tenant.url}/api/v2/clients/${APP.clientId}`, { method: 'PATCH', headers: admin, body: JSON.stringify({ oidc_logout: { backchannel_logout_urls: [url], backchannel_logout_initiators: { mode: 'all' } } }) });
      expect(set.status).toBe(200);
      expect((await set.json()).oidc_logout).toEqual({ backchannel_logout_urls: [url], backchannel_logout_initiators: { mode: 'all' } });
      const discovery = await (await fetch(`${tenant.issuer}.well-known/openid-configuration`)).json();
      expect(discovery).toMatchObject({ backchannel_logout_supported: true, backchannel_logout_session_supported: true });

      const browser = new Browser();
      const started = await startLogin(tenant, { organization: acmeId }, browser);
      const tokens = await exchange(started, await submitLogin(started, 'bob@acme.test'));
      const idToken = decode(tokens.id_token!);
      const out = client.buildEndSessionUrl(started.config, { post_logout_redirect_uri: 'http://acme.localhost:3000', id_token_hint: tokens.id_token!, logout_hint: String(idToken.sid) });
      await browser.submit(await browser.go(out.href, 'http://acme.localhost:3000'), {}, 'http://acme.localhost:3000');
      expect(received).toHaveLength(1);
      const logout = await jwtVerify(received[0]!, jwks, { issuer: tenant.issuer, audience: APP.clientId, algorithms: ['RS256'] });
      expect(logout.payload).toMatchObject({ sub: idToken.sub, sid: idToken.sid, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } });
      expect(typeof logout.payload.jti).toBe('string');
      expect(typeof logout.payload.iat).toBe('number');
      expect(logout.payload.nonce).toBeUndefined();
    } finally {
      await fetch(`${tenant.url}/api/v2/clients/${APP.clientId}`, { method: 'PATCH', headers: admin, body: JSON.stringify({ oidc_logout: { backchannel_logout_urls: [] } }) });
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('revokes refresh tokens at /oauth/revoke', async () => {
    const { started, tokens } = await login(tenant, 'bob@acme.test', { organization: acmeId, audience: API });
    await client.tokenRevocation(started.config, tokens.refresh_token!);
    const r = await postToken(tenant, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_grant');
  });
});

void decodeHeader;
