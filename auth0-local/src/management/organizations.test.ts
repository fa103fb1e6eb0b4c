// Conformance through the official `auth0` v7 ManagementClient: organizations, members,
// member roles, invitations and enabled connections (success and error cases).
import { ManagementClient } from 'auth0';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APP_CLIENT, M2M, PROVISIONER, startHarness, stateAfter, type Harness } from '../../testing/management-api-harness';

let h: Harness;
let mc: ManagementClient;
/** Tenant set-up (roles, APIs, applications) is the provisioning client's job, not the app's. */
let pc: ManagementClient;
const fail = <T>(p: Promise<T>) => p.then(() => { throw new Error('expected a failure'); }, (e: any) => e);
const dbConnId = () => h.store.connectionByName('Username-Password-Authentication')!.id;
const roleId = (name: string) => h.store.state.roles.find((r) => r.name === name)!.id;
const userId = (email: string) => h.store.usersByEmail(email)[0]!.user_id;

beforeAll(async () => {
  h = await startHarness();
  mc = h.client();
  pc = h.client(PROVISIONER);
});
afterAll(async () => { await h.close(); });

describe('organizations', () => {
  test('create, get, get by name, update (metadata replaced), delete', async () => {
    const created = await mc.organizations.create({
      name: 'initech',
      display_name: 'Initech',
      branding: { logo_url: 'https://initech.test/logo.png', colors: { primary: '#112233', page_background: '#fff' } },
      metadata: { tenantId: 'ten_1', plan: 'free' },
      enabled_connections: [{ connection_id: dbConnId(), assign_membership_on_login: true }],
    });
    expect(created.id).toMatch(/^org_[A-Za-z0-9]{16}$/);
    expect(created).toMatchObject({ name: 'initech', display_name: 'Initech', metadata: { tenantId: 'ten_1', plan: 'free' } });
    expect((created as any).enabled_connections).toEqual([
      { connection_id: dbConnId(), assign_membership_on_login: true, show_as_button: true, is_signup_enabled: false },
    ]);

    expect(await mc.organizations.get(created.id!)).toMatchObject({ id: created.id, branding: { colors: { primary: '#112233' } } });
    expect((await mc.organizations.getByName('initech')).id).toBe(created.id);

    const updated = await mc.organizations.update(created.id!, { display_name: 'Initech Inc', metadata: { plan: 'pro' } });
    expect(updated.display_name).toBe('Initech Inc');
    expect(updated.metadata).toEqual({ plan: 'pro' }); // tenantId is gone: PATCH replaces metadata as a whole

    // members, invitations and enabled connections go with the org
    await mc.organizations.members.create(created.id!, { members: [userId('pat@personal.test')] });
    await mc.organizations.delete(created.id!);
    const err = await fail(mc.organizations.get(created.id!));
    expect(err.statusCode).toBe(404);
    expect(err.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'No organization found by that id or name', errorCode: 'inexistent_organization' });
    expect(h.store.state.members.some((m) => m.org_id === created.id)).toBe(false);
    expect(h.store.state.enabledConnections.some((e) => e.org_id === created.id)).toBe(false);
    expect(h.store.userById(userId('pat@personal.test'))).toBeTruthy(); // users are disassociated, not deleted
  });

  test('validation errors, 409 on duplicate name, nothing changed', async () => {
    const cases: [unknown, string][] = [
      [{}, "Payload validation error: 'Missing required property: name'."],
      [{ name: 'Bad Name' }, "Payload validation error: 'String does not match pattern ^[a-z0-9\\-_]+$: Bad Name' on property name."],
      [{ name: 'x'.repeat(51) }, "Payload validation error: 'String is too long (51 chars), maximum 50' on property name."],
      [{ name: 'org_abc' }, "Payload validation error: 'Organization names cannot begin with 'org_'' on property name."],
      [{ name: 'ok', foo: 1 }, "Payload validation error: 'Additional properties not allowed: foo'."],
      [{ name: 'ok', branding: { colors: { primary: 'red', page_background: '#fff' } } }, "Payload validation error: 'String does not match pattern ^#([0-9a-fA-F]{3}){1,2}$: red' on property branding.colors.primary."],
      [{ name: 'ok', branding: { logo_url: 'ftp://x' } }, "Payload validation error: 'Object didn't pass validation for format absolute-uri: ftp://x' on property branding.logo_url."],
      [{ name: 'ok', metadata: { a: 1 } }, "Payload validation error: 'Expected type string but found type integer' on property metadata.a."],
      [{ name: 'ok', metadata: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`k${i}`, 'v'])) }, "Payload validation error: 'Too many properties defined (26), maximum 25' on property metadata."],
      [{ name: 'ok', metadata: { a: 'x'.repeat(256) } }, "Payload validation error: 'String is too long (256 chars), maximum 255' on property metadata.a."],
    ];
    for (const [body, message] of cases) {
      const r = await stateAfter(h.store, () => mc.organizations.create(body as any));
      expect(r.changed).toBe(false);
      expect((r.error as any).statusCode).toBe(400);
      expect((r.error as any).body).toEqual({ statusCode: 400, error: 'Bad Request', message, errorCode: 'invalid_body' });
    }
    const dup = await stateAfter(h.store, () => mc.organizations.create({ name: 'acme' }));
    expect(dup.changed).toBe(false);
    expect((dup.error as any).statusCode).toBe(409);
    expect((dup.error as any).body).toEqual({ statusCode: 409, error: 'Conflict', message: 'An organization with the same name already exists.', errorCode: 'organization_conflict' });

    const acme = h.store.orgByName('acme')!;
    const rename = await fail(mc.organizations.update(acme.id, { name: 'globex' }));
    expect(rename.statusCode).toBe(409);
    expect((await fail(mc.organizations.getByName('nope'))).statusCode).toBe(404);
    expect((await fail(mc.organizations.update('org_nope', { display_name: 'x' }))).statusCode).toBe(404);
    expect((await fail(mc.organizations.delete('org_nope'))).statusCode).toBe(404);
  });

  test('list: checkpoint (SDK default) and offset, iterating past one page', async () => {
    const page = await mc.organizations.list();
    expect(page.data.map((o) => o.name)).toEqual(['acme', 'globex', 'wonka']);
    expect(page.hasNextPage()).toBe(false);

    for (let i = 0; i < 5; i++) await mc.organizations.create({ name: `list-${i}` });
    const small = await mc.organizations.list({ take: 2 });
    expect(small.data).toHaveLength(2);
    expect(small.response.next).toBeTruthy();
    const names: string[] = [];
    for await (const o of small) names.push(o.name!);
    expect(names).toEqual(['acme', 'globex', 'wonka', 'list-0', 'list-1', 'list-2', 'list-3', 'list-4']);

    const offset = await h.api('GET', '/api/v2/organizations?page=1&per_page=3&include_totals=true');
    expect(offset.body).toMatchObject({ start: 3, limit: 3, total: 8 });
    expect(offset.body.organizations.map((o: any) => o.name)).toEqual(['list-0', 'list-1', 'list-2']);
    const bare = await h.api('GET', '/api/v2/organizations?page=0&per_page=2&include_totals=false');
    expect(Array.isArray(bare.body)).toBe(true);
    const past = await h.api('GET', '/api/v2/organizations?page=5&per_page=50&include_totals=true');
    expect(past.status).toBe(200);
    expect(past.body.organizations).toEqual([]);
  });
});

describe('members and member roles', () => {
  test('add (idempotent), list with roles, remove with a JSON body on DELETE', async () => {
    const org = await mc.organizations.create({ name: 'members-org' });
    const bob = userId('bob@acme.test');
    const pat = userId('pat@personal.test');
    await mc.organizations.members.create(org.id!, { members: [bob, pat] });
    await mc.organizations.members.create(org.id!, { members: [bob] }); // already a member: accepted, no duplicate
    expect(h.store.state.members.filter((m) => m.org_id === org.id)).toHaveLength(2);

    await mc.organizations.members.roles.assign(org.id!, bob, { roles: [roleId('org_admin'), roleId('org_billing')] });
    const list = await mc.organizations.members.list(org.id!, { fields: 'roles' });
    const bobItem = list.data.find((m) => m.user_id === bob)!;
    expect(bobItem).toMatchObject({ user_id: bob, email: 'bob@acme.test', name: 'Bob Builder' });
    expect(bobItem.picture).toMatch(/^https:\/\//);
    expect(bobItem.roles?.map((r) => r.name).sort()).toEqual(['org_admin', 'org_billing']);
    const plain = await mc.organizations.members.list(org.id!);
    expect(plain.data[0]).not.toHaveProperty('roles');

    const roles = await mc.organizations.members.roles.list(org.id!, bob);
    expect(roles.data.map((r) => r.name).sort()).toEqual(['org_admin', 'org_billing']);
    expect(roles.response).toMatchObject({ start: 0, limit: 50, total: 2 });
    await mc.organizations.members.roles.delete(org.id!, bob, { roles: [roleId('org_billing')] });
    expect((await mc.organizations.members.roles.list(org.id!, bob)).data.map((r) => r.name)).toEqual(['org_admin']);

    await mc.organizations.members.delete(org.id!, { members: [pat] });
    expect((await mc.organizations.members.list(org.id!)).data.map((m) => m.user_id)).toEqual([bob]);
  });

  test('refusals change nothing', async () => {
    const acme = h.store.orgByName('acme')!;
    const bob = userId('bob@acme.test');
    const checks: [() => Promise<unknown>, number, string][] = [
      [() => mc.organizations.members.create(acme.id, { members: ['auth0|nope'] }), 404, 'inexistent_user'],
      [() => mc.organizations.members.create(acme.id, { members: Array.from({ length: 11 }, (_, i) => `auth0|${i}`) }), 400, 'invalid_body'],
      [() => mc.organizations.members.create(acme.id, { members: [] }), 400, 'invalid_body'],
      [() => mc.organizations.members.create('org_nope', { members: [bob] }), 404, 'inexistent_organization'],
      [() => mc.organizations.members.roles.assign(acme.id, bob, { roles: ['rol_nope'] }), 404, 'inexistent_role'],
      [() => mc.organizations.members.roles.assign(acme.id, userId('dave@globex.test'), { roles: [roleId('org_admin')] }), 404, 'inexistent_member'],
      [() => mc.organizations.members.roles.list(acme.id, userId('pat@personal.test')), 404, 'inexistent_member'],
      [() => mc.organizations.members.roles.assign(acme.id, bob, { roles: Array.from({ length: 51 }, () => roleId('org_admin')) }), 400, 'invalid_body'],
    ];
    for (const [call, status, code] of checks) {
      const r = await stateAfter(h.store, call);
      expect(r.changed).toBe(false);
      expect((r.error as any).statusCode).toBe(status);
      expect((r.error as any).body.errorCode).toBe(code);
    }
    const msg = await fail(mc.organizations.members.roles.list(acme.id, userId('pat@personal.test')));
    expect(msg.body.message).toBe('The user is not a member of the organization.');
  });
});

describe('invitations', () => {
  test('create with roles, ttl and connection; email in the outbox; list, get, delete', async () => {
    const acme = h.store.orgByName('acme')!;
    const before = h.store.state.outbox.length;
    const inv = await mc.organizations.invitations.create(acme.id, {
      inviter: { name: 'Alice Admin' },
      invitee: { email: 'New.Person@Example.test' },
      client_id: APP_CLIENT,
      connection_id: dbConnId(),
      ttl_sec: 3600,
      roles: [roleId('org_member')],
    });
    expect(inv.id).toMatch(/^uinv_[A-Za-z0-9]{16}$/);
    expect(inv.ticket_id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(inv.invitation_url).toBe(
      `http://localhost:3000/invitations/accept?invitation=${inv.ticket_id}&organization=${acme.id}&organization_name=acme`,
    );
    expect(inv).toMatchObject({ organization_id: acme.id, inviter: { name: 'Alice Admin' }, invitee: { email: 'new.person@example.test' }, client_id: APP_CLIENT, connection_id: dbConnId(), roles: [roleId('org_member')] });
    expect(Date.parse(inv.expires_at!) - Date.parse(inv.created_at!)).toBe(3600 * 1000);
    const mail = h.store.state.outbox.at(-1)!;
    expect(h.store.state.outbox.length).toBe(before + 1);
    expect(mail).toMatchObject({ kind: 'invitation', to: 'new.person@example.test', subject: 'Alice Admin invited you to join Acme Corp', link: inv.invitation_url });

    const quiet = await mc.organizations.invitations.create(acme.id, {
      inviter: { name: 'A' }, invitee: { email: 'q@example.test' }, client_id: APP_CLIENT, ttl_sec: 0, send_invitation_email: false,
    });
    expect(Date.parse(quiet.expires_at!) - Date.parse(quiet.created_at!)).toBe(604800 * 1000);
    expect(h.store.state.outbox.length).toBe(before + 1);

    const list = await mc.organizations.invitations.list(acme.id);
    expect(list.data.map((i) => i.id)).toEqual([inv.id, quiet.id]);
    expect(list.response).toMatchObject({ start: 0, limit: 50 });
    expect(list.response).not.toHaveProperty('total');
    expect((await mc.organizations.invitations.get(acme.id, inv.id!)).ticket_id).toBe(inv.ticket_id);
    await mc.organizations.invitations.delete(acme.id, inv.id!);
    expect((await fail(mc.organizations.invitations.get(acme.id, inv.id!))).statusCode).toBe(404);
  });

  test('keeps the query of initiate_login_uri', async () => {
    const acme = h.store.orgByName('acme')!;
    await pc.clients.update(APP_CLIENT, { initiate_login_uri: 'https://app.example/login?x=1' });
    const inv = await mc.organizations.invitations.create(acme.id, { inviter: { name: 'A' }, invitee: { email: 'k@example.test' }, client_id: APP_CLIENT, send_invitation_email: false });
    expect(inv.invitation_url).toBe(`https://app.example/login?x=1&invitation=${inv.ticket_id}&organization=${acme.id}&organization_name=acme`);
    await pc.clients.update(APP_CLIENT, { initiate_login_uri: 'http://localhost:3000/invitations/accept' });
  });

  test('refusals change nothing', async () => {
    const acme = h.store.orgByName('acme')!;
    const base = { inviter: { name: 'A' }, invitee: { email: 'x@example.test' }, client_id: APP_CLIENT };
    const otherConn = await mc.connections.create({ name: 'not-on-acme', strategy: 'auth0' });
    const cases: [object, number, string][] = [
      [{ ...base, client_id: M2M.id }, 400, `The specified client_id (${M2M.id}) does not allow organizations.`],
      // Unknown ids in the body are 400 invalid_body on Auth0 (not 404).
      [{ ...base, client_id: 'nope' }, 400, 'The specified client_id (nope) does not exist.'],
      [{ ...base, connection_id: 'con_nope' }, 400, 'The specified connection_id (con_nope) does not exist.'],
      [{ ...base, inviter: {} }, 400, "Payload validation error: 'Missing required property: name' on property inviter."],
      [{ ...base, inviter: { name: 'x'.repeat(301) } }, 400, "Payload validation error: 'String is too long (301 chars), maximum 300' on property inviter.name."],
      [{ ...base, invitee: { email: 'not-an-email' } }, 400, "Payload validation error: 'Object didn't pass validation for format email: not-an-email' on property invitee.email."],
      [{ ...base, ttl_sec: 2592001 }, 400, "Payload validation error: 'Value 2592001 is greater than maximum 2592000' on property ttl_sec."],
      [{ ...base, roles: ['rol_nope'] }, 400, 'The specified role (rol_nope) does not exist.'],
      [{ ...base, roles: Array.from({ length: 51 }, () => 'rol_x') }, 400, "Payload validation error: 'Array is too long (51), maximum 50' on property roles."],
      [{ ...base, connection_id: otherConn.id }, 400, `The specified connection_id (${otherConn.id}) is not enabled for the organization.`],
    ];
    for (const [body, status, message] of cases) {
      const r = await stateAfter(h.store, () => mc.organizations.invitations.create(acme.id, body as any));
      expect(r.changed).toBe(false);
      expect((r.error as any).statusCode).toBe(status);
      expect((r.error as any).body.message).toBe(message);
      expect((r.error as any).body.errorCode).toBe('invalid_body');
    }
    await pc.clients.update(APP_CLIENT, { initiate_login_uri: '' });
    const noRoute = await stateAfter(h.store, () => mc.organizations.invitations.create(acme.id, base));
    expect(noRoute.changed).toBe(false);
    expect((noRoute.error as any).body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'A default login route is required to generate the invitation url.', errorCode: 'invalid_body' });
    await pc.clients.update(APP_CLIENT, { initiate_login_uri: 'http://localhost:3000/invitations/accept' });
    expect((await fail(mc.organizations.invitations.get(acme.id, 'uinv_nope'))).statusCode).toBe(404);
  });
});

describe('enabled connections', () => {
  test('add, list, get, update, remove', async () => {
    const org = await mc.organizations.create({ name: 'conn-org' });
    const conn = await mc.connections.create({ name: 'conn-org-db', strategy: 'auth0' });
    const added = await mc.organizations.enabledConnections.add(org.id!, { connection_id: conn.id!, assign_membership_on_login: true, is_signup_enabled: true });
    expect(added).toEqual({ connection_id: conn.id, assign_membership_on_login: true, show_as_button: true, is_signup_enabled: true, connection: { name: 'conn-org-db', strategy: 'auth0' } });
    const list = await mc.organizations.enabledConnections.list(org.id!);
    expect(list.response).toMatchObject({ start: 0, limit: 50, total: 1 });
    expect(list.data[0]!.connection_id).toBe(conn.id);
    expect((await mc.organizations.enabledConnections.get(org.id!, conn.id!)).connection).toEqual({ name: 'conn-org-db', strategy: 'auth0' });
    const upd = await mc.organizations.enabledConnections.update(org.id!, conn.id!, { is_signup_enabled: false, show_as_button: false });
    expect(upd).toMatchObject({ assign_membership_on_login: true, is_signup_enabled: false, show_as_button: false });

    // refusals
    const dup = await stateAfter(h.store, () => mc.organizations.enabledConnections.add(org.id!, { connection_id: conn.id! }));
    expect([dup.changed, (dup.error as any).statusCode]).toEqual([false, 409]);
    const rule = await stateAfter(h.store, () => mc.organizations.enabledConnections.update(org.id!, conn.id!, { assign_membership_on_login: false, is_signup_enabled: true }));
    expect([rule.changed, (rule.error as any).statusCode]).toEqual([false, 400]);
    const missing = await stateAfter(h.store, () => mc.organizations.enabledConnections.add(org.id!, { connection_id: 'con_nope' }));
    expect([missing.changed, (missing.error as any).statusCode]).toEqual([false, 404]);

    await mc.organizations.enabledConnections.delete(org.id!, conn.id!);
    expect((await fail(mc.organizations.enabledConnections.get(org.id!, conn.id!))).statusCode).toBe(404);
  });

  test('at most 10 per organization', async () => {
    const org = await mc.organizations.create({ name: 'ten-conns' });
    for (let i = 0; i < 10; i++) {
      const c = await mc.connections.create({ name: `ten-${i}`, strategy: 'auth0' });
      await mc.organizations.enabledConnections.add(org.id!, { connection_id: c.id! });
    }
    const extra = await mc.connections.create({ name: 'ten-extra', strategy: 'auth0' });
    const r = await stateAfter(h.store, () => mc.organizations.enabledConnections.add(org.id!, { connection_id: extra.id! }));
    expect(r.changed).toBe(false);
    expect((r.error as any).statusCode).toBe(400);
  });
});
