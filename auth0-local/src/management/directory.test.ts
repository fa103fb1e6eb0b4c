// Conformance through the official `auth0` v7 ManagementClient: connections, users, roles
// and permissions, resource servers, clients and client grants (success and error cases).
import { ManagementClient } from 'auth0';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyPassword } from '../store';
import { API_IDENTIFIER, APP_CLIENT, M2M, PROVISIONER, startHarness, stateAfter, type Harness } from './test-harness';

let h: Harness;
let mc: ManagementClient;
/** Tenant set-up (roles, APIs, applications) is the provisioning client's job, not the app's. */
let pc: ManagementClient;
const fail = <T>(p: Promise<T>) => p.then(() => { throw new Error('expected a failure'); }, (e: any) => e);
const DB = 'Username-Password-Authentication';

beforeAll(async () => {
  h = await startHarness();
  mc = h.client();
  pc = h.client(PROVISIONER);
});
afterAll(async () => { await h.close(); });

describe('connections', () => {
  test('create, get, list with filters (checkpoint), update replaces options, delete', async () => {
    // The signing certificate must be a real one (base64 of its PEM, as Auth0 stores it).
    const signingCert = Buffer.from((await generate([{ name: 'commonName', value: 'idp.acme.test' }])).cert).toString('base64');
    const saml = await mc.connections.create({
      name: 'acme-saml', strategy: 'samlp', display_name: 'Acme SSO',
      options: { signInEndpoint: 'https://idp.acme.test/sso', signingCert, domain_aliases: ['acme.test'] },
      enabled_clients: [APP_CLIENT],
    });
    expect(saml.id).toMatch(/^con_/);
    expect(saml).toMatchObject({ name: 'acme-saml', strategy: 'samlp', display_name: 'Acme SSO', enabled_clients: [APP_CLIENT], realms: ['acme-saml'] });
    expect((await mc.connections.get(saml.id!)).options).toMatchObject({ signInEndpoint: 'https://idp.acme.test/sso' });

    const all = await mc.connections.list();
    expect(all.data.map((c) => c.name)).toEqual(['Username-Password-Authentication', 'acme-saml']);
    expect((await mc.connections.list({ strategy: ['samlp'] })).data.map((c) => c.name)).toEqual(['acme-saml']);
    expect((await mc.connections.list({ name: DB })).data).toHaveLength(1);
    const first = await mc.connections.list({ take: 1 });
    const names: string[] = [];
    for await (const c of first) names.push(c.name!);
    expect(names).toEqual(['Username-Password-Authentication', 'acme-saml']);

    const upd = await mc.connections.update(saml.id!, { options: { signInEndpoint: 'https://idp2.acme.test/sso' } });
    expect(upd.options).toEqual({ signInEndpoint: 'https://idp2.acme.test/sso' }); // replaced as a whole

    const acme = h.store.orgByName('acme')!;
    await mc.organizations.enabledConnections.add(acme.id, { connection_id: saml.id! });
    await mc.connections.delete(saml.id!);
    expect((await fail(mc.connections.get(saml.id!))).statusCode).toBe(404);
    expect(h.store.enabledConnection(acme.id, saml.id!)).toBeUndefined();
  });

  test('refusals change nothing', async () => {
    const cases: [() => Promise<unknown>, number, string][] = [
      [() => mc.connections.create({ name: DB, strategy: 'auth0' }), 409, 'connection_conflict'],
      [() => mc.connections.create({ name: 'no-strategy' } as any), 400, 'invalid_body'],
      [() => mc.connections.create({ name: 'bad name!', strategy: 'auth0' }), 400, 'invalid_body'],
      [() => mc.connections.create({ name: 'x', strategy: 'nope' as any }), 400, 'invalid_body'],
      [() => mc.connections.update(h.store.connectionByName(DB)!.id, { name: 'renamed' } as any), 400, 'invalid_body'],
      [() => mc.connections.update('con_nope', { display_name: 'x' }), 404, 'inexistent_connection'],
      [() => mc.connections.delete('con_nope'), 404, 'inexistent_connection'],
    ];
    for (const [call, status, code] of cases) {
      const r = await stateAfter(h.store, call);
      expect(r.changed).toBe(false);
      expect([(r.error as any).statusCode, (r.error as any).body.errorCode]).toEqual([status, code]);
    }
    const missing = await fail(mc.connections.create({ name: 'no-strategy' } as any));
    expect(missing.body.message).toBe("Payload validation error: 'Missing required property: strategy'.");
  });
});

describe('users', () => {
  test('create, get, by email, list with q, organizations, update, delete', async () => {
    const created = await mc.users.create({
      connection: DB, email: 'New.User@Example.test', password: 'correct-horse-battery', name: 'New User',
      app_metadata: { plan: 'pro' }, user_metadata: { theme: 'dark', lang: 'en' },
    });
    expect(created.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/);
    expect(created).toMatchObject({ email: 'new.user@example.test', email_verified: false, name: 'New User', nickname: 'new.user', identities: [{ provider: 'auth0', connection: DB, isSocial: false }] });
    expect(created).not.toHaveProperty('password_hash');
    expect(await verifyPassword('correct-horse-battery', h.store.userById(created.user_id!)!.password_hash)).toBe(true);

    expect((await mc.users.get(created.user_id!)).email).toBe('new.user@example.test');
    const byEmail = await mc.users.listUsersByEmail({ email: 'new.user@example.test' });
    expect(byEmail.map((u) => u.user_id)).toEqual([created.user_id]);

    const search = await mc.users.list({ q: 'email:"new.user@example.test"', search_engine: 'v3' });
    expect(search.data.map((u) => u.user_id)).toEqual([created.user_id]);
    expect(search.response).toMatchObject({ start: 0, limit: 50, length: 1, total: 1 });
    const all = await mc.users.list({ per_page: 2 });
    const ids: string[] = [];
    for await (const u of all) ids.push(u.user_id!);
    expect(ids).toHaveLength(6);

    const carol = h.store.usersByEmail('carol@example.test')[0]!;
    const orgs = await mc.users.organizations.list(carol.user_id);
    expect(orgs.data.map((o) => o.name).sort()).toEqual(['acme', 'globex']);
    expect(orgs.response).toMatchObject({ start: 0, limit: 50, total: 2 });

    const upd = await mc.users.update(created.user_id!, {
      name: 'Renamed', blocked: true, email_verified: true,
      app_metadata: { role: 'x' }, user_metadata: { theme: null as any, prefs: { a: 1 } },
    });
    expect(upd).toMatchObject({ name: 'Renamed', blocked: true, email_verified: true, app_metadata: { plan: 'pro', role: 'x' }, user_metadata: { lang: 'en', prefs: { a: 1 } } });
    await mc.users.update(created.user_id!, { password: 'another-long-password' });
    expect(await verifyPassword('another-long-password', h.store.userById(created.user_id!)!.password_hash)).toBe(true);

    const acme = h.store.orgByName('acme')!;
    await mc.organizations.members.create(acme.id, { members: [created.user_id!] });
    await mc.users.delete(created.user_id!);
    const gone = await fail(mc.users.get(created.user_id!));
    expect(gone.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user' });
    expect(h.store.member(acme.id, created.user_id!)).toBeUndefined();
  });

  test('refusals change nothing', async () => {
    const alice = h.store.usersByEmail('alice@acme.test')[0]!;
    const cases: [() => Promise<unknown>, number, string][] = [
      [() => mc.users.create({ connection: DB, email: 'ALICE@acme.test', password: 'long-enough-pw' }), 409, 'The user already exists.'],
      [() => mc.users.create({ connection: DB, email: 'short@example.test', password: 'short' }), 400, 'PasswordStrengthError: Password is too weak'],
      [() => mc.users.create({ connection: DB, password: 'long-enough-pw' }), 400, "Payload validation error: 'Missing required property: email'."],
      [() => mc.users.create({ connection: DB, email: 'np@example.test' }), 400, "Payload validation error: 'Missing required property: password'."],
      [() => mc.users.create({ connection: 'nope', email: 'a@example.test', password: 'long-enough-pw' }), 400, 'The connection does not exist.'],
      [() => mc.users.create({ email: 'a@example.test' } as any), 400, "Payload validation error: 'Missing required property: connection'."],
      [() => mc.users.create({ connection: DB, email: 'a@example.test', password: 'long-enough-pw', foo: 1 } as any), 400, "Payload validation error: 'Additional properties not allowed: foo'."],
      [() => mc.users.update(alice.user_id, { email: 'bob@acme.test' }), 400, 'The specified new email already exists'],
      [() => mc.users.update(alice.user_id, { password: 'short' }), 400, 'PasswordStrengthError: Password is too weak'],
      [() => mc.users.update('auth0|nope', { name: 'x' }), 404, 'The user does not exist.'],
      [() => mc.users.delete('auth0|nope'), 404, 'The user does not exist.'],
    ];
    for (const [call, status, message] of cases) {
      const r = await stateAfter(h.store, call);
      expect(r.changed).toBe(false);
      expect([(r.error as any).statusCode, (r.error as any).body.message]).toEqual([status, message]);
    }
    const noEmail = await h.api('GET', '/api/v2/users-by-email');
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.errorCode).toBe('invalid_query_string');
  });
});

describe('roles and permissions', () => {
  test('list with name_filter, create, get, permissions add/list/delete', async () => {
    const list = await pc.roles.list();
    expect(list.data.map((r) => r.name)).toEqual(['org_admin', 'org_member', 'org_billing', 'org_readonly']);
    expect(list.response).toMatchObject({ start: 0, limit: 50, total: 4 });
    expect((await pc.roles.list({ name_filter: 'BILL' })).data.map((r) => r.name)).toEqual(['org_billing']);

    const role = await pc.roles.create({ name: 'org_auditor', description: 'Reads the audit log' });
    expect(role).toEqual({ id: expect.stringMatching(/^rol_/), name: 'org_auditor', description: 'Reads the audit log' });
    expect((await pc.roles.get(role.id!)).name).toBe('org_auditor');

    await pc.roles.permissions.add(role.id!, { permissions: [{ resource_server_identifier: API_IDENTIFIER, permission_name: 'audit:read' }, { resource_server_identifier: API_IDENTIFIER, permission_name: 'projects:read' }] });
    const perms = await pc.roles.permissions.list(role.id!);
    expect(perms.data).toEqual([
      { permission_name: 'audit:read', description: 'Read the audit log', resource_server_name: 'Tenantry API', resource_server_identifier: API_IDENTIFIER },
      { permission_name: 'projects:read', description: 'Read projects', resource_server_name: 'Tenantry API', resource_server_identifier: API_IDENTIFIER },
    ]);
    await pc.roles.permissions.delete(role.id!, { permissions: [{ resource_server_identifier: API_IDENTIFIER, permission_name: 'projects:read' }] });
    expect((await pc.roles.permissions.list(role.id!)).data.map((p) => p.permission_name)).toEqual(['audit:read']);
  });

  test('refusals change nothing', async () => {
    const admin = h.store.state.roles.find((r) => r.name === 'org_admin')!;
    const cases: [() => Promise<unknown>, number][] = [
      [() => pc.roles.create({ name: 'org_admin' }), 409],
      [() => pc.roles.create({} as any), 400],
      [() => pc.roles.get('rol_nope'), 404],
      [() => pc.roles.permissions.add(admin.id, { permissions: [{ resource_server_identifier: API_IDENTIFIER, permission_name: 'nope:nope' }] }), 400],
      [() => pc.roles.permissions.add(admin.id, { permissions: [{ resource_server_identifier: 'https://nope', permission_name: 'x' }] }), 404],
      [() => pc.roles.permissions.add('rol_nope', { permissions: [{ resource_server_identifier: API_IDENTIFIER, permission_name: 'audit:read' }] }), 404],
    ];
    for (const [call, status] of cases) {
      const r = await stateAfter(h.store, call);
      expect(r.changed).toBe(false);
      expect((r.error as any).statusCode).toBe(status);
    }
  });
});

describe('resource servers', () => {
  test('list, create, get by id and by identifier, 409 on duplicate identifier', async () => {
    const list = await pc.resourceServers.list();
    expect(list.data.map((r) => r.identifier)).toContain(API_IDENTIFIER);
    const rs = await pc.resourceServers.create({ identifier: 'https://billing.tenantry.local', name: 'Billing', scopes: [{ value: 'invoices:read', description: 'Read invoices' }], enforce_policies: true, token_dialect: 'access_token_authz' });
    expect(rs).toMatchObject({ identifier: 'https://billing.tenantry.local', name: 'Billing', enforce_policies: true, token_dialect: 'access_token_authz', signing_alg: 'RS256' });
    expect((await pc.resourceServers.get(rs.id!)).name).toBe('Billing');
    expect((await pc.resourceServers.get('https://billing.tenantry.local')).id).toBe(rs.id);
    const dup = await stateAfter(h.store, () => pc.resourceServers.create({ identifier: API_IDENTIFIER, name: 'again' }));
    expect([dup.changed, (dup.error as any).statusCode]).toEqual([false, 409]);
    expect((await fail(pc.resourceServers.get('nope'))).statusCode).toBe(404);
    const bad = await stateAfter(h.store, () => pc.resourceServers.create({ name: 'no identifier' } as any));
    expect([bad.changed, (bad.error as any).statusCode]).toEqual([false, 400]);
  });
});

describe('clients and client grants', () => {
  test('list and get never return client_secret; update login settings', async () => {
    const list = await pc.clients.list();
    expect(list.data.map((c) => c.client_id)).toContain(APP_CLIENT);
    expect(list.data.every((c) => !('client_secret' in c))).toBe(true);
    const app = await pc.clients.get(APP_CLIENT);
    expect(app).toMatchObject({ client_id: APP_CLIENT, organization_usage: 'allow', initiate_login_uri: 'http://localhost:3000/invitations/accept' });
    expect(app).not.toHaveProperty('client_secret');

    const upd = await pc.clients.update(APP_CLIENT, {
      callbacks: ['http://localhost:3000/auth/callback', 'http://*.localhost:3000/auth/callback'],
      allowed_logout_urls: ['http://localhost:3000'],
      organization_usage: 'require', organization_require_behavior: 'post_login_prompt',
    });
    expect(upd).toMatchObject({ organization_usage: 'require', organization_require_behavior: 'post_login_prompt', allowed_logout_urls: ['http://localhost:3000'] });
    expect(upd).not.toHaveProperty('client_secret');
    await pc.clients.update(APP_CLIENT, { organization_usage: 'allow', organization_require_behavior: 'no_prompt' });

    const cases: [() => Promise<unknown>, number][] = [
      [() => pc.clients.update(APP_CLIENT, { organization_usage: 'sometimes' as any }), 400],
      [() => pc.clients.update(APP_CLIENT, { initiate_login_uri: 'http://app.example/login' }), 400],
      [() => pc.clients.update(APP_CLIENT, { callbacks: ['not a url'] }), 400],
      [() => pc.clients.update(APP_CLIENT, { client_secret: 'x' } as any), 400],
      [() => pc.clients.update('nope', { name: 'x' }), 404],
    ];
    for (const [call, status] of cases) {
      const r = await stateAfter(h.store, call);
      expect(r.changed).toBe(false);
      expect((r.error as any).statusCode).toBe(status);
    }
  });

  test('client grants filtered by client_id and audience', async () => {
    const all = await pc.clientGrants.list();
    expect(all.data).toHaveLength(4);
    const m2m = await pc.clientGrants.list({ client_id: M2M.id, audience: h.managementAudience });
    expect(m2m.data).toHaveLength(1);
    expect(m2m.data[0]!.scope).toContain('read:organizations');
    expect((await pc.clientGrants.list({ audience: 'https://nope' })).data).toEqual([]);
  });
});
