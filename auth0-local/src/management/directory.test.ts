// Conformance through the official `auth0` v7 ManagementClient: connections, users, roles
// and permissions, resource servers, clients and client grants (success and error cases).
import { ManagementClient } from 'auth0';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyPassword } from '../store';
import { API_IDENTIFIER, APP_CLIENT, M2M, PROVISIONER, startHarness, stateAfter, type Harness } from '../../testing/management-api-harness';

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
    });
    expect(saml.id).toMatch(/^con_/);
    expect(saml).toMatchObject({ name: 'acme-saml', strategy: 'samlp', display_name: 'Acme SSO', realms: ['acme-saml'] });
    await mc.connections.clients.update(saml.id!, [{ client_id: APP_CLIENT, status: true }]);
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

  // https://auth0.com/docs/troubleshoot/product-lifecycle/deprecations-and-migrations/migrate-connection-options-scope
  test('options need read:connections_options to be seen and update:connections_options to be changed', async () => {
    const id = h.store.connectionByName(DB)!.id;
    const noOptions = await h.token('read:connections update:connections');
    const got = await h.api('GET', `/api/v2/connections/${id}`, { token: noOptions });
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('options');
    expect((await h.api('GET', `/api/v2/connections/${id}?fields=options`, { token: noOptions })).body).not.toHaveProperty('options');
    const listed = await h.api('GET', '/api/v2/connections?include_totals=true&take=50', { token: noOptions });
    expect(listed.body.connections.every((c: object) => !('options' in c))).toBe(true);
    const withRead = await h.token('read:connections read:connections_options');
    expect((await h.api('GET', `/api/v2/connections/${id}`, { token: withRead })).body.options).toMatchObject({ brute_force_protection: true });

    const r = await stateAfter(h.store, async () => {
      const patched = await h.api('PATCH', `/api/v2/connections/${id}`, { token: noOptions, body: { options: {} } });
      expect(patched.status).toBe(403);
      expect(patched.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'Insufficient scope; expected any of: update:connections_options.', errorCode: 'insufficient_scope' });
    });
    expect(r.changed).toBe(false);
    // Without options in the body, update:connections is enough; the answer hides options.
    const renamed = await h.api('PATCH', `/api/v2/connections/${id}`, { token: noOptions, body: { display_name: 'Passwords' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).not.toHaveProperty('options');
    const withUpdate = await h.token('update:connections update:connections_options read:connections_options');
    const changed = await h.api('PATCH', `/api/v2/connections/${id}`, { token: withUpdate, body: { options: { ...h.store.connectionById(id)!.options, passwordPolicy: 'good' } } });
    expect(changed.status).toBe(200);
    expect(changed.body.options).toMatchObject({ passwordPolicy: 'good' });
  });

  // https://auth0.com/docs/troubleshoot/product-lifecycle/deprecations-and-migrations/migrate-dedicated-connection-endpoints
  test('enabled clients live at /connections/{id}/clients only: not in responses, refused in POST and PATCH', async () => {
    const db = h.store.connectionByName(DB)!;
    expect(await mc.connections.get(db.id)).not.toHaveProperty('enabled_clients');
    for (const call of [
      () => mc.connections.create({ name: 'with-clients', strategy: 'auth0', enabled_clients: [APP_CLIENT] }),
      () => mc.connections.update(db.id, { enabled_clients: [] }),
    ]) {
      const r = await stateAfter(h.store, call);
      expect(r.changed).toBe(false);
      expect((r.error as any).statusCode).toBe(400);
      expect((r.error as any).body).toMatchObject({ errorCode: 'invalid_body', message: "Payload validation error: 'Additional properties not allowed: enabled_clients'." });
    }

    const listClients = async (id: string) => { const out: string[] = []; for await (const c of await mc.connections.clients.get(id)) out.push(c.client_id); return out; };
    expect(await listClients(db.id)).toEqual([APP_CLIENT]);
    await mc.connections.clients.update(db.id, [{ client_id: M2M.id, status: true }, { client_id: APP_CLIENT, status: false }]);
    expect(await listClients(db.id)).toEqual([M2M.id]);
    const page = await h.api('GET', `/api/v2/connections/${db.id}/clients?take=1`);
    expect(page.body).toEqual({ clients: [{ client_id: M2M.id }] });
    const res = await h.api('PATCH', `/api/v2/connections/${db.id}/clients`, { body: [{ client_id: APP_CLIENT, status: true }, { client_id: M2M.id, status: false }] });
    expect(res.status).toBe(204);
    expect(h.store.connectionById(db.id)!.enabled_clients).toEqual([APP_CLIENT]);

    const refusals: [unknown, number, string][] = [
      [[], 400, 'invalid_body'],
      [[{ client_id: APP_CLIENT }], 400, 'invalid_body'],
      [Array.from({ length: 51 }, () => ({ client_id: APP_CLIENT, status: true })), 400, 'invalid_body'],
      [[{ client_id: 'no-such-client', status: true }], 404, 'inexistent_client'],
    ];
    for (const [body, status, code] of refusals) {
      const r = await stateAfter(h.store, () => h.api('PATCH', `/api/v2/connections/${db.id}/clients`, { body }).then((x) => { expect([x.status, x.body.errorCode]).toEqual([status, code]); }));
      expect(r.error).toBeUndefined();
      expect(r.changed).toBe(false);
    }
    expect((await h.api('GET', '/api/v2/connections/con_nope/clients')).status).toBe(404);
    expect((await h.api('PATCH', `/api/v2/connections/${db.id}/clients`, { token: await h.token('read:connections'), body: [{ client_id: APP_CLIENT, status: false }] })).status).toBe(403);
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
    // Case-sensitive: the address is stored lower-cased, so the typed case finds nobody.
    // https://auth0.com/docs/manage-users/user-search/retrieve-users-with-get-users-by-email-endpoint
    expect(await mc.users.listUsersByEmail({ email: 'New.User@Example.test' })).toEqual([]);

    const search = await mc.users.list({ q: 'email:"new.user@example.test"', search_engine: 'v3' });
    expect(search.data.map((u) => u.user_id)).toEqual([created.user_id]);
    expect(search.response).toMatchObject({ start: 0, limit: 50, length: 1, total: 1 });
    const all = await mc.users.list({ per_page: 2 });
    const ids: string[] = [];
    for await (const u of all) ids.push(u.user_id!);
    expect(ids).toHaveLength(7);

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

  // https://auth0.com/docs/get-started/apis/api-settings#access-settings
  test('allow_offline_access is accepted on create and update (false unless set) and shown as stored', async () => {
    const rs = await pc.resourceServers.create({ identifier: 'https://offline.tenantry.local', name: 'Offline', allow_offline_access: true });
    expect(rs.allow_offline_access).toBe(true);
    expect(h.store.resourceServer('https://offline.tenantry.local')!.allow_offline_access).toBe(true);
    const off = await pc.resourceServers.update(rs.id!, { allow_offline_access: false });
    expect(off.allow_offline_access).toBe(false);
    expect((await pc.resourceServers.create({ identifier: 'https://default.tenantry.local' })).allow_offline_access).toBe(false);
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

  // https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications/configure-your-application-for-m2m-access
  test('client grants carry organization_usage and allow_any_organization (create, update, list)', async () => {
    const apiGrant = (await pc.clientGrants.list({ client_id: 'tenantry-local-api-client' })).data[0]!;
    expect(apiGrant).toMatchObject({ audience: API_IDENTIFIER, organization_usage: 'allow', allow_any_organization: false });
    expect((await pc.clientGrants.list({ client_id: M2M.id })).data[0]).toMatchObject({ organization_usage: 'deny', allow_any_organization: false });

    const token = await h.token('create:client_grants update:client_grants read:client_grants');
    const created = await h.api('POST', '/api/v2/client-grants', { token, body: { client_id: APP_CLIENT, audience: API_IDENTIFIER, scope: ['projects:read'], organization_usage: 'require' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ client_id: APP_CLIENT, audience: API_IDENTIFIER, scope: ['projects:read'], organization_usage: 'require', allow_any_organization: false });
    const patched = await h.api('PATCH', `/api/v2/client-grants/${created.body.id}`, { token, body: { allow_any_organization: true, organization_usage: 'allow' } });
    expect(patched.body).toMatchObject({ organization_usage: 'allow', allow_any_organization: true, scope: ['projects:read'] });
    for (const [method, path, body, status] of [
      ['POST', '/api/v2/client-grants', { client_id: APP_CLIENT, audience: API_IDENTIFIER, scope: [] }, 409],
      ['POST', '/api/v2/client-grants', { client_id: APP_CLIENT, audience: 'https://nope', scope: [] }, 404],
      ['POST', '/api/v2/client-grants', { client_id: APP_CLIENT, audience: API_IDENTIFIER, scope: [], organization_usage: 'sometimes' }, 400],
      ['PATCH', '/api/v2/client-grants/cgr_nope', { scope: [] }, 404],
    ] as const) {
      const r = await stateAfter(h.store, () => h.api(method, path, { token, body }).then((x) => { expect(x.status).toBe(status); }));
      expect([r.error, r.changed]).toEqual([undefined, false]);
    }
  });

  // https://auth0.com/docs/api/management/v2/clients/post-rotate-secret (update:client_keys),
  // https://auth0.com/docs/api/management/v2/clients/delete-clients-by-id (delete:clients),
  // https://auth0.com/docs/api/management/v2/client-grants/delete-client-grants-by-id (delete:client_grants)
  test('rotate-secret, delete client, delete client grant: scopes, shapes, what goes with a client', async () => {
    const token = await h.token('create:clients create:client_grants create:organization_client_grants');
    const angled = await stateAfter(h.store, () => h.api('POST', '/api/v2/clients', { token, body: { name: 'Key <b>', app_type: 'non_interactive' } }).then((x) => { expect(x.status).toBe(400); }));
    expect([angled.error, angled.changed]).toEqual([undefined, false]); // names do not allow < or >
    const created = await h.api('POST', '/api/v2/clients', { token, body: { name: 'Key', app_type: 'non_interactive' } });
    expect(created.body).toMatchObject({ app_type: 'non_interactive', grant_types: ['client_credentials'] });
    const clientId = created.body.client_id as string;
    const grant = await h.api('POST', '/api/v2/client-grants', { token, body: { client_id: clientId, audience: API_IDENTIFIER, scope: ['projects:read'], organization_usage: 'require' } });
    const acme = h.store.orgByName('acme')!;
    expect((await h.api('POST', `/api/v2/organizations/${acme.id}/client-grants`, { token, body: { grant_id: grant.body.id } })).status).toBe(201);

    const weak = await h.token('read:clients update:clients create:clients');
    for (const [method, path, needs] of [
      ['POST', `/api/v2/clients/${clientId}/rotate-secret`, 'update:client_keys'],
      ['DELETE', `/api/v2/clients/${clientId}`, 'delete:clients'],
      ['DELETE', `/api/v2/client-grants/${grant.body.id}`, 'delete:client_grants'],
    ] as const) {
      const r = await stateAfter(h.store, () => h.api(method, path, { token: weak }).then((x) => { expect([x.status, x.body.errorCode]).toEqual([403, 'insufficient_scope']); }));
      expect([r.error, r.changed, needs]).toEqual([undefined, false, needs]);
    }

    const before = h.store.client(clientId)!.client_secret;
    const rotated = await h.api('POST', `/api/v2/clients/${clientId}/rotate-secret`, { token: await h.token('update:client_keys') });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ client_id: clientId, name: 'Key' });
    expect(rotated.body.client_secret).toBe(h.store.client(clientId)!.client_secret);
    expect(rotated.body.client_secret).not.toBe(before);
    expect((await h.api('POST', '/api/v2/clients/nope/rotate-secret', { token: await h.token('update:client_keys') })).status).toBe(404);

    const del = await h.token('delete:clients delete:client_grants');
    expect((await h.api('DELETE', `/api/v2/clients/${clientId}`, { token: del })).status).toBe(204);
    expect(h.store.client(clientId)).toBeUndefined();
    expect(h.store.state.clientGrants.some((g) => g.client_id === clientId)).toBe(false);
    expect(h.store.state.organizationClientGrants.some((a) => a.grant_id === grant.body.id)).toBe(false);
    expect((await h.api('DELETE', `/api/v2/clients/${clientId}`, { token: del })).status).toBe(404);
    expect((await h.api('DELETE', `/api/v2/client-grants/${grant.body.id}`, { token: del })).status).toBe(404);

    const second = await h.api('POST', '/api/v2/clients', { token, body: { name: 'Key 2', app_type: 'non_interactive' } });
    const other = await h.api('POST', '/api/v2/client-grants', { token, body: { client_id: second.body.client_id, audience: API_IDENTIFIER, scope: [], organization_usage: 'allow' } });
    await h.api('POST', `/api/v2/organizations/${acme.id}/client-grants`, { token, body: { grant_id: other.body.id } });
    expect((await h.api('DELETE', `/api/v2/client-grants/${other.body.id}`, { token: del })).status).toBe(204);
    expect(h.store.state.organizationClientGrants.some((a) => a.grant_id === other.body.id)).toBe(false);
  });

  // https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications/authorize-m2m-access
  test('organization client grants: list, associate, remove; only grants that allow organizations', async () => {
    const token = await h.token('read:organization_client_grants create:organization_client_grants delete:organization_client_grants');
    const acme = h.store.orgByName('acme')!;
    const apiGrant = h.store.state.clientGrants.find((g) => g.client_id === 'tenantry-local-api-client')!;
    const m2mGrant = h.store.state.clientGrants.find((g) => g.client_id === M2M.id)!;
    const listed = await h.api('GET', `/api/v2/organizations/${acme.id}/client-grants?include_totals=true`, { token });
    expect(listed.body).toMatchObject({ start: 0, total: 1, client_grants: [{ id: apiGrant.id, client_id: 'tenantry-local-api-client', organization_usage: 'allow' }] });

    const other = await mc.organizations.create({ name: 'm2m-org' });
    expect((await h.api('GET', `/api/v2/organizations/${other.id}/client-grants`, { token })).body).toEqual([]);
    const added = await h.api('POST', `/api/v2/organizations/${other.id}/client-grants`, { token, body: { grant_id: apiGrant.id } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: apiGrant.id, audience: API_IDENTIFIER });
    expect((await h.api('GET', `/api/v2/organizations/${other.id}/client-grants?grant_ids=${apiGrant.id}`, { token })).body).toHaveLength(1);

    const refusals: [string, string, unknown, number, string][] = [
      ['POST', `/api/v2/organizations/${other.id}/client-grants`, { grant_id: m2mGrant.id }, 400, 'invalid_body'], // organization_usage deny
      ['POST', `/api/v2/organizations/${other.id}/client-grants`, { grant_id: apiGrant.id }, 409, 'conflict'],
      ['POST', `/api/v2/organizations/${other.id}/client-grants`, { grant_id: 'cgr_nope' }, 404, 'inexistent_client_grant'],
      ['POST', `/api/v2/organizations/org_nope/client-grants`, { grant_id: apiGrant.id }, 404, 'inexistent_organization'],
      ['POST', `/api/v2/organizations/${other.id}/client-grants`, {}, 400, 'invalid_body'],
    ];
    for (const [method, path, body, status, code] of refusals) {
      const r = await stateAfter(h.store, () => h.api(method, path, { token, body }).then((x) => { expect([x.status, x.body.errorCode]).toEqual([status, code]); }));
      expect([r.error, r.changed]).toEqual([undefined, false]);
    }
    expect((await h.api('GET', `/api/v2/organizations/${other.id}/client-grants`, { token: await h.token('read:organizations') })).status).toBe(403);

    expect((await h.api('DELETE', `/api/v2/organizations/${other.id}/client-grants/${apiGrant.id}`, { token })).status).toBe(204);
    expect(h.store.state.organizationClientGrants.some((a) => a.org_id === other.id)).toBe(false);
    await mc.organizations.delete(other.id!);
  });
});
