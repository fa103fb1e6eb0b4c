// Auth0's Organizations semantics at /authorize: membership, auto-membership, unknown orgs,
// connections, the application's organization_usage / organization_require_behavior,
// invitations and post-login Actions. Every refusal uses Auth0's error and changes nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalTenant } from './server.js';
import { newId, randomAlnum, type Client } from './store.js';
import { Browser } from '../testing/browser.js';
import { API, APP, decode, PASSWORD, startTenant } from '../testing/local-tenant.js';
import { callbackParams, exchange, login, startLogin, submitLogin } from '../testing/sign-in.js';

let tenant: LocalTenant;
let acmeId: string;
let globexId: string;

beforeAll(async () => {
  tenant = await startTenant();
  acmeId = tenant.store.orgByName('acme')!.id;
  globexId = tenant.store.orgByName('globex')!.id;
});
afterAll(() => tenant?.close());

const state = () => JSON.stringify(tenant.store.state);
const userId = (email: string) => tenant.store.usersByEmail(email)[0]!.user_id;
function setApp(patch: Partial<Client>) {
  tenant.store.mutate((s) => { Object.assign(s.clients.find((c) => c.client_id === APP.clientId)!, patch); });
}
afterEach(() => setApp({ organization_usage: 'allow', organization_require_behavior: 'no_prompt' }));

function invite(orgId: string, email: string, roles: string[], ttlSeconds = 7 * 86400) {
  const ticket = randomAlnum(32);
  const now = Date.now() / 1000 + tenant.clock.offsetSeconds;
  tenant.store.mutate((s) => {
    s.invitations.push({
      id: newId.invitation(), organization_id: orgId, inviter: { name: 'Alice Admin' }, invitee: { email }, client_id: APP.clientId,
      roles: roles.map((n) => s.roles.find((r) => r.name === n)!.id), ticket_id: ticket,
      created_at: new Date(now * 1000).toISOString(), expires_at: new Date((now + ttlSeconds) * 1000).toISOString(),
    });
  });
  return ticket;
}

async function expectRefusedAtAuthorize(params: Record<string, string>, error: string, description: string | RegExp) {
  const before = state();
  const started = await startLogin(tenant, params);
  const cb = callbackParams(started.page);
  expect(cb.get('error')).toBe(error);
  if (typeof description === 'string') expect(cb.get('error_description')).toBe(description);
  else expect(cb.get('error_description')).toMatch(description);
  expect(cb.get('state')).toBe(started.state);
  expect(state()).toBe(before);
}

async function expectRefusedAfterLogin(params: Record<string, string>, email: string, error: string, description: string) {
  const before = state();
  const started = await startLogin(tenant, params);
  const cb = callbackParams(await submitLogin(started, email));
  expect(cb.get('error')).toBe(error);
  expect(cb.get('error_description')).toBe(description);
  expect(cb.get('state')).toBe(started.state);
  expect(state()).toBe(before);
}

describe('membership', () => {
  it('refuses a non-member with Auth0\'s access_denied text', async () => {
    await expectRefusedAfterLogin({ organization: globexId }, 'bob@acme.test', 'access_denied',
      `user ${userId('bob@acme.test')} is not part of the ${globexId} organization`);
  });

  it('auto-membership on the org connection makes the user a member (no roles)', async () => {
    tenant.store.mutate((s) => { s.enabledConnections.find((e) => e.org_id === globexId)!.assign_membership_on_login = true; });
    try {
      const pat = userId('pat@personal.test');
      expect(tenant.store.member(globexId, pat)).toBeUndefined();
      const { tokens } = await login(tenant, 'pat@personal.test', { organization: globexId, audience: API });
      expect(tenant.store.member(globexId, pat)?.roles).toEqual([]);
      expect(decode(tokens.id_token!)).toMatchObject({ org_id: globexId, 'https://tenantry.dev/roles': [] });
      expect(decode(tokens.access_token).permissions).toEqual([]);
    } finally {
      tenant.store.mutate((s) => {
        s.enabledConnections.find((e) => e.org_id === globexId)!.assign_membership_on_login = false;
        s.members = s.members.filter((m) => !(m.org_id === globexId && m.user_id === userId('pat@personal.test')));
      });
    }
  });

  it('refuses an unknown organization id, and a name while names are not allowed', async () => {
    await expectRefusedAtAuthorize({ organization: 'org_0000000000000000' }, 'invalid_request', 'no organization found by that id or name');
    await expectRefusedAtAuthorize({ organization: 'acme' }, 'invalid_request', 'authorization request parameter organization must be an organization id');
  });

  it('refuses when the user\'s connection is not enabled on the organization', async () => {
    tenant.store.mutate((s) => {
      s.organizations.push({ id: 'org_initechNoConn00001', name: 'initech', display_name: 'Initech', metadata: { tenantId: 'ten_x' }, created_at: new Date().toISOString() });
      s.members.push({ org_id: 'org_initechNoConn00001', user_id: userId('bob@acme.test'), roles: [], created_at: new Date().toISOString() });
    });
    await expectRefusedAfterLogin({ organization: 'org_initechNoConn00001' }, 'bob@acme.test', 'access_denied', 'the connection is not enabled for the organization');
    await expectRefusedAtAuthorize({ organization: 'org_initechNoConn00001', connection: 'Username-Password-Authentication' }, 'access_denied', 'the connection is not enabled for the organization');
  });

  it('refuses a connection that is not enabled for the application', async () => {
    await expectRefusedAtAuthorize({ connection: 'google-oauth2' }, 'invalid_request', 'the connection is not enabled');
  });

  it('a post-login Action can deny the login', async () => {
    tenant.store.mutate((s) => {
      s.organizations.push({ id: 'org_unprovisioned0001', name: 'unprov', display_name: 'Unprovisioned', metadata: {}, created_at: new Date().toISOString() });
      s.enabledConnections.push({ org_id: 'org_unprovisioned0001', connection_id: s.connections[0]!.id, assign_membership_on_login: false, show_as_button: true, is_signup_enabled: false });
      s.members.push({ org_id: 'org_unprovisioned0001', user_id: userId('bob@acme.test'), roles: [], created_at: new Date().toISOString() });
    });
    await expectRefusedAfterLogin({ organization: 'org_unprovisioned0001' }, 'bob@acme.test', 'access_denied', 'organization unprov is not provisioned for this application');
  });
});

describe('organization_usage and organization_require_behavior', () => {
  it('deny: the organization parameter is refused', async () => {
    setApp({ organization_usage: 'deny' });
    await expectRefusedAtAuthorize({ organization: acmeId }, 'invalid_request', 'parameter organization is not allowed for this client');
  });

  it('require + no_prompt: a request without organization is refused', async () => {
    setApp({ organization_usage: 'require', organization_require_behavior: 'no_prompt' });
    await expectRefusedAtAuthorize({}, 'invalid_request', 'parameter organization is required for this client');
  });

  it('require + pre_login_prompt: asks for the organization name first, then shows its branding', async () => {
    setApp({ organization_usage: 'require', organization_require_behavior: 'pre_login_prompt' });
    const started = await startLogin(tenant, {});
    expect(started.page.url).toContain('/u/organization?state=');
    expect(started.page.body).toContain('<label for="organization">');
    const unknown = await started.browser.submit(started.page, { organization: 'nope-corp' }, APP.redirectUri);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatch(/role="alert"[^>]*>We can&#39;t find an organization named &quot;nope-corp&quot;/);
    const loginPage = await started.browser.submit(started.page, { organization: 'Acme' }, APP.redirectUri);
    expect(loginPage.url).toContain('/u/login?state=');
    expect(loginPage.body).toContain('Acme Corp');
    expect(loginPage.body).toContain('--primary: #4f46e5');
    const cb = await started.browser.submit(loginPage, { username: 'alice@acme.test', password: PASSWORD }, APP.redirectUri, '/u/login');
    const tokens = await exchange(started, cb);
    expect(decode(tokens.id_token!).org_id).toBe(acmeId);
  });

  it('require + post_login_prompt: the picker lists only the user\'s organizations', async () => {
    setApp({ organization_usage: 'require', organization_require_behavior: 'post_login_prompt' });
    const started = await startLogin(tenant, {});
    const picker = await submitLogin(started, 'carol@example.test');
    expect(picker.location ?? picker.url).toBeTruthy();
    expect(picker.body).toContain('<h1>Select your organization</h1>');
    expect(picker.body).toContain('Acme Corp');
    expect(picker.body).toContain('Globex');
    expect(picker.body).not.toContain('Initech');
    const forged = await started.browser.submit(picker, { organization: 'org_initechNoConn00001' }, APP.redirectUri, '/u/organization-picker');
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('role="alert"');
    const cb = await started.browser.submit(picker, { organization: globexId }, APP.redirectUri, '/u/organization-picker');
    const tokens = await exchange(started, cb);
    expect(decode(tokens.id_token!)).toMatchObject({ org_id: globexId, 'https://tenantry.dev/roles': ['org_admin'] });
  });

  it('require + post_login_prompt: a user in no organization is refused', async () => {
    setApp({ organization_usage: 'require', organization_require_behavior: 'post_login_prompt' });
    await expectRefusedAfterLogin({}, 'pat@personal.test', 'invalid_request', 'client requires organization membership, but user does not belong to any organization');
  });
});

describe('invitations', () => {
  it('a new user signs up from an invitation: member with the invited roles, email verified, ticket consumed', async () => {
    const ticket = invite(acmeId, 'newbie@example.test', ['org_billing']);
    const started = await startLogin(tenant, { organization: acmeId, invitation: ticket, audience: API });
    expect(started.page.url).toContain('/u/signup?state=');
    expect(started.page.body).toContain('Alice Admin invited you to join Acme Corp');
    expect(started.page.body).toContain('value="newbie@example.test"');
    const cb = await started.browser.submit(started.page, { password: 'Correct-horse-42', name: 'New Bie' }, APP.redirectUri, '/u/signup');
    const tokens = await exchange(started, cb);
    const newbie = tenant.store.usersByEmail('newbie@example.test')[0]!;
    expect(newbie.email_verified).toBe(true);
    expect(tenant.store.memberRoleNames(acmeId, newbie.user_id)).toEqual(['org_billing']);
    expect(tenant.store.invitationByTicket(ticket)).toBeUndefined();
    expect(decode(tokens.access_token).permissions).toEqual(['projects:read']);

    // Reused
    await expectRefusedAtAuthorize({ organization: acmeId, invitation: ticket }, 'invalid_request', 'invitation not found or already used');
  });

  it('an existing user accepts with the invited email; another account is refused and the invitation kept', async () => {
    const ticket = invite(globexId, 'bob@acme.test', ['org_member']);
    const started = await startLogin(tenant, { organization: globexId, invitation: ticket });
    expect(started.page.url).toContain('/u/login?state=');
    expect(started.page.body).toContain('Alice Admin invited you to join Globex');
    const before = state();
    const wrong = await submitLogin(started, 'carol@example.test');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatch(/role="alert"[^>]*>This invitation was sent to bob@acme.test/);
    expect(state()).toBe(before);
    const cb = await started.browser.submit(wrong, { username: 'bob@acme.test', password: PASSWORD }, APP.redirectUri, '/u/login');
    const tokens = await exchange(started, cb);
    expect(decode(tokens.id_token!)).toMatchObject({ org_id: globexId, 'https://tenantry.dev/roles': ['org_member'] });
    expect(tenant.store.invitationByTicket(ticket)).toBeUndefined();
  });

  it('an expired invitation is refused (tenant clock moved past expiry)', async () => {
    const ticket = invite(acmeId, 'late@example.test', ['org_member'], 3600);
    const res = await fetch(`${tenant.url}/__local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offset_seconds: 7200 }) });
    expect(res.status).toBe(200);
    try {
      await expectRefusedAtAuthorize({ organization: acmeId, invitation: ticket }, 'invalid_request', 'invitation not found or already used');
    } finally {
      await fetch(`${tenant.url}/__local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offset_seconds: 0 }) });
    }
    expect(tenant.store.invitationByTicket(ticket)).toBeDefined();
  });

  it('a foreign invitation (another organization\'s, or none) is refused', async () => {
    const ticket = invite(acmeId, 'someone@example.test', []);
    await expectRefusedAtAuthorize({ organization: globexId, invitation: ticket }, 'invalid_request', 'invitation not found or already used');
    await expectRefusedAtAuthorize({ organization: acmeId, invitation: 'x'.repeat(32) }, 'invalid_request', 'invitation not found or already used');
  });

  it('an SSO session of another account must sign in again for an invitation', async () => {
    const browser = new Browser();
    const first = await startLogin(tenant, { organization: acmeId }, browser);
    await exchange(first, await submitLogin(first, 'alice@acme.test'));
    const ticket = invite(globexId, 'dave@globex.test', ['org_admin']);
    const second = await startLogin(tenant, { organization: globexId, invitation: ticket }, browser);
    expect(second.page.url).toContain('/u/login?state=');
    expect(second.page.body).toContain('value="dave@globex.test"');
  });
});

