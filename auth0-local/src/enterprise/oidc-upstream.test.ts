// Enterprise SSO through an oidc connection: the local tenant as relying party of the
// throw-away upstream OIDC provider of auth0-local/testing (back_channel and front_channel),
// home-realm discovery, and refusals of answers that do not belong to a sign-in.
import type { ManagementClient } from 'auth0';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalTenant } from '../server.js';
import { startOidcIdp, type OidcIdp } from '../../testing/index.js';
import { Browser } from '../../testing/browser.js';
import { APP, decode, startTenant, managementClient } from '../../testing/local-tenant.js';
import { callbackParams, exchange, startLogin, signInAtIdp } from '../../testing/sign-in.js';

let tenant: LocalTenant;
let idp: OidcIdp;
let mc: ManagementClient;
let orgId: string;
let closedOrg: string;
const CONN = 'corp-oidc';
const FRONT = 'corp-oidc-front';

beforeAll(async () => {
  [tenant, idp] = await Promise.all([startTenant(), startOidcIdp()]);
  mc = managementClient(tenant);
  const back = await mc.connections.create({
    name: CONN, strategy: 'oidc', display_name: 'Corp Login',
    options: {
      type: 'back_channel', discovery_url: idp.discoveryUrl, client_id: idp.clientId, client_secret: idp.clientSecret,
      scope: 'openid profile email', domain_aliases: ['corp-oidc.test'],
    },
  });
  await mc.connections.clients.update(back.id!, [{ client_id: APP.clientId, status: true }]);
  const front = await mc.connections.create({
    name: FRONT, strategy: 'oidc',
    options: { type: 'front_channel', issuer: idp.issuer, client_id: idp.clientId, scope: 'openid profile email' },
  });
  await mc.connections.clients.update(front.id!, [{ client_id: APP.clientId, status: true }]);
  const org = await mc.organizations.create({ name: 'corp', display_name: 'Corp', metadata: { tenantId: 'ten_corp' } });
  orgId = org.id!;
  await mc.organizations.enabledConnections.add(orgId, { connection_id: back.id!, assign_membership_on_login: true, show_as_button: true });
  await mc.organizations.enabledConnections.add(orgId, { connection_id: front.id!, assign_membership_on_login: true, show_as_button: false });
  const closed = await mc.organizations.create({ name: 'corp-closed', display_name: 'Corp Closed', metadata: { tenantId: 'ten_corp_closed' } });
  closedOrg = closed.id!;
  await mc.organizations.enabledConnections.add(closedOrg, { connection_id: back.id!, assign_membership_on_login: false });
});
afterAll(async () => { await tenant?.close(); await idp?.close(); });

describe('OIDC sign-in through the local tenant', () => {
  it('back_channel: authorization code flow upstream, just-in-time user, membership and org_id', async () => {
    const started = await startLogin(tenant, { organization: orgId, connection: CONN });
    expect(started.page.location).toContain(`${idp.issuer}/auth?`);
    const upstream = new URL(started.page.location!);
    expect(upstream.searchParams.get('redirect_uri')).toBe(`${tenant.issuer}login/callback`);
    expect(upstream.searchParams.get('response_type')).toBe('code');
    expect(upstream.searchParams.get('code_challenge_method')).toBe('S256');

    const page = await signInAtIdp(started, started.page, 'Nora@Corp-OIDC.test', 'Nora North');
    const tokens = await exchange(started, page);
    const sub = `oidc|${CONN}|nora@corp-oidc.test`;
    expect(decode(tokens.id_token!)).toMatchObject({ sub, org_id: orgId, email: 'nora@corp-oidc.test', name: 'Nora North', given_name: 'Nora', family_name: 'North' });
    const user = tenant.store.userById(sub)!;
    expect(user).toMatchObject({ email_verified: true, connection: CONN });
    expect(user.identities).toEqual([{ provider: 'oidc', user_id: `${CONN}|nora@corp-oidc.test`, connection: CONN, isSocial: false }]);
    expect(tenant.store.member(orgId, sub)).toMatchObject({ roles: [] });
  });

  it('front_channel: id_token by form_post', async () => {
    const started = await startLogin(tenant, { organization: orgId, connection: FRONT });
    expect(new URL(started.page.location!).searchParams.get('response_type')).toBe('id_token');
    const page = await signInAtIdp(started, started.page, 'oscar@corp-oidc.test', 'Oscar');
    const tokens = await exchange(started, page);
    expect(decode(tokens.id_token!)).toMatchObject({ sub: `oidc|${FRONT}|oscar@corp-oidc.test`, org_id: orgId });
  });

  it('auto-membership off: a non-member is refused with Auth0\'s error', async () => {
    const started = await startLogin(tenant, { organization: closedOrg, connection: CONN });
    const page = await signInAtIdp(started, started.page, 'paul@corp-oidc.test', 'Paul');
    const cb = callbackParams(page);
    expect(cb.get('error')).toBe('access_denied');
    expect(cb.get('error_description')).toBe(`user oidc|${CONN}|paul@corp-oidc.test is not part of the ${closedOrg} organization`);
    expect(tenant.store.member(closedOrg, `oidc|${CONN}|paul@corp-oidc.test`)).toBeUndefined();
  });

  it('home-realm discovery and the "Continue with" button (only connections shown as buttons)', async () => {
    const started = await startLogin(tenant, { organization: orgId });
    expect(started.page.body).toContain('Continue with Corp Login');
    expect(started.page.body).not.toContain(`Continue with ${FRONT}`);
    const hrd = await started.browser.submit(started.page, { username: 'quinn@corp-oidc.test', password: '' }, APP.redirectUri, '/u/login');
    expect(hrd.location).toContain(`${idp.issuer}/auth?`);
    expect(new URL(hrd.location!).searchParams.get('login_hint')).toBe('quinn@corp-oidc.test');
    const page = await signInAtIdp(started, hrd, 'quinn@corp-oidc.test', 'Quinn');
    expect(decode((await exchange(started, page)).id_token!)).toMatchObject({ sub: `oidc|${CONN}|quinn@corp-oidc.test`, org_id: orgId });
  });

  it('an answer for no sign-in, a replayed one, or an IdP error: error pages, nothing created', async () => {
    const was = JSON.stringify(tenant.store.state.users);
    const b = new Browser();
    const unknown = await b.fetch(`${tenant.url}/login/callback?code=abc&state=never-issued`);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('does not match a sign-in of this tenant, or it was already used');

    const started = await startLogin(tenant, { organization: orgId, connection: CONN });
    const state = new URL(started.page.location!).searchParams.get('state')!;
    const denied = await started.browser.fetch(`${tenant.url}/login/callback?error=access_denied&error_description=no+thanks&state=${state}`);
    expect(denied.status).toBe(403);
    expect(denied.body).toContain('The identity provider did not sign you in (access_denied: no thanks).');
    const again = await started.browser.fetch(`${tenant.url}/login/callback?code=abc&state=${state}`);
    expect(again.status).toBe(400);
    expect(JSON.stringify(tenant.store.state.users)).toBe(was);
  });
});

describe('Management API: oidc connections (auth0 SDK)', () => {
  const fail = <T>(p: Promise<T>) => p.then(() => { throw new Error('expected a failure'); }, (e: any) => e);

  it('create, get, update, delete', async () => {
    const created = await mc.connections.create({
      name: 'okta-like', strategy: 'oidc',
      options: { type: 'back_channel', issuer: idp.issuer, client_id: 'cid', client_secret: 'csecret', scope: 'openid email', domain_aliases: ['okta-like.test'] },
    });
    expect(created).toMatchObject({ name: 'okta-like', strategy: 'oidc' });
    const got = await mc.connections.get(created.id!);
    // Auth0 returns the options as stored to callers allowed to read connections, client_secret included.
    expect(got.options).toEqual({ type: 'back_channel', issuer: idp.issuer, client_id: 'cid', client_secret: 'csecret', scope: 'openid email', domain_aliases: ['okta-like.test'] });
    const upd = await mc.connections.update(created.id!, { options: { type: 'front_channel', discovery_url: idp.discoveryUrl, client_id: 'cid2' } });
    expect(upd).toMatchObject({ options: { type: 'front_channel', discovery_url: idp.discoveryUrl, client_id: 'cid2' } });
    await mc.connections.delete(created.id!);
    expect((await fail(mc.connections.get(created.id!))).statusCode).toBe(404);
  });

  it('refuses malformed options with 400 invalid_body and changes nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ type: 'back_channel', issuer: idp.issuer, client_secret: 's' }, /Missing required property: client_id' on property options/],
      [{ type: 'back_channel', client_id: 'c', client_secret: 's' }, /discovery_url or issuer/],
      [{ type: 'back_channel', issuer: idp.issuer, client_id: 'c' }, /client_secret/],
      [{ type: 'sideways', issuer: idp.issuer, client_id: 'c' }, /No enum match for: "sideways"' on property options\.type/],
      [{ issuer: 'nope', client_id: 'c' }, /options\.issuer/],
      [{ issuer: idp.issuer, client_id: 'c', domain_aliases: 'corp.test' }, /options\.domain_aliases/],
    ];
    for (const [options, message] of cases) {
      const before = JSON.stringify(tenant.store.state.connections);
      const err = await fail(mc.connections.create({ name: 'bad-oidc', strategy: 'oidc', options }));
      expect(err.statusCode).toBe(400);
      expect(err.body.errorCode).toBe('invalid_body');
      expect(err.body.message).toMatch(message);
      expect(JSON.stringify(tenant.store.state.connections)).toBe(before);
    }
  });

  it('an unreachable IdP gives an error page, not a 500', async () => {
    const gone = await mc.connections.create({
      name: 'gone-oidc', strategy: 'oidc',
      options: { type: 'back_channel', issuer: 'http://localhost:9/', client_id: 'c', client_secret: 's' },
    });
    await mc.connections.clients.update(gone.id!, [{ client_id: APP.clientId, status: true }]);
    const started = await startLogin(tenant, { connection: 'gone-oidc' });
    expect(started.page.status).toBe(502);
    expect(started.page.body).toContain('Could not read the OpenID configuration of the connection gone-oidc');
  });
});
