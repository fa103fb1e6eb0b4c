// Enterprise SSO through a samlp connection: the local tenant as SAML service provider against
// the throw-away IdP of auth0-local/testing. Organization rules (enabled connection,
// auto-membership), and every kind of bad response refused with an error page and no change.
import type { ManagementClient } from 'auth0';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalTenant } from '../server.js';
import { startSamlIdp, type SamlIdp } from '../../testing/index.js';
import { Browser } from '../../testing/browser.js';
import { APP, decode, startTenant, managementClient } from '../../testing/local-tenant.js';
import { callbackParams, exchange, startLogin, type StartedLogin, signInAtIdp } from '../../testing/sign-in.js';

let tenant: LocalTenant;
let idp: SamlIdp;
let mc: ManagementClient;
let connId: string;
let autoOrg: string; // auto-membership on
let closedOrg: string; // auto-membership off
let otherOrg: string; // connection not enabled
const CONN = 'acme-saml';

beforeAll(async () => {
  [tenant, idp] = await Promise.all([startTenant(), startSamlIdp()]);
  mc = managementClient(tenant);
  const conn = await mc.connections.create({
    name: CONN, strategy: 'samlp', display_name: 'Acme SSO',
    options: { signInEndpoint: idp.signInUrl, signingCert: idp.certificateBase64, domain_aliases: ['acme-sso.test'] },
  });
  await mc.connections.clients.update(conn.id!, [{ client_id: APP.clientId, status: true }]);
  connId = conn.id!;
  const mk = async (name: string, assign: boolean | undefined) => {
    const org = await mc.organizations.create({ name, display_name: name.toUpperCase(), metadata: { tenantId: `ten_${name}` } });
    if (assign !== undefined) await mc.organizations.enabledConnections.add(org.id!, { connection_id: connId, assign_membership_on_login: assign, show_as_button: true });
    return org.id!;
  };
  autoOrg = await mk('saml-auto', true);
  closedOrg = await mk('saml-closed', false);
  otherOrg = await mk('saml-other', undefined);
});
afterAll(async () => { await tenant?.close(); await idp?.close(); });
afterEach(() => { tenant.clock.offsetSeconds = 0; });

const userIdOf = (email: string) => `samlp|${CONN}|${email}`;
const snapshot = () => JSON.stringify({ users: tenant.store.state.users, members: tenant.store.state.members });

async function startSaml(org: string, extra: Record<string, string> = {}) {
  const started = await startLogin(tenant, { organization: org, connection: CONN, ...extra });
  return started;
}

/** Starts a login and returns what the tenant asked of the IdP, without a browser at the IdP. */
async function samlRequest(org = autoOrg): Promise<{ started: StartedLogin; request: ReturnType<SamlIdp['parseRequest']> }> {
  const started = await startSaml(org);
  expect(started.page.location).toContain(idp.signInUrl);
  return { started, request: idp.parseRequest(started.page.location!) };
}

async function postResponse(browser: Browser, samlResponse: string, relayState: string | undefined, connection = CONN) {
  const body = new URLSearchParams({ SAMLResponse: samlResponse, ...(relayState !== undefined ? { RelayState: relayState } : {}) });
  return browser.go(`${tenant.url}/login/callback?connection=${encodeURIComponent(connection)}`, APP.redirectUri, {
    method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

describe('SAML sign-in through the local tenant', () => {
  it('sends an AuthnRequest with Auth0\'s SP entity id and ACS, by HTTP-Redirect', async () => {
    const { request } = await samlRequest();
    expect(request.issuer).toBe(`urn:auth0:local:${CONN}`);
    expect(request.acsUrl).toBe(`${tenant.issuer}login/callback?connection=${CONN}`);
    expect(request.relayState).toBeTruthy();
    const meta = await fetch(`${tenant.url}/samlp/metadata?connection=${CONN}`);
    expect(meta.status).toBe(200);
    const xml = await meta.text();
    expect(xml).toContain(`entityID="urn:auth0:local:${CONN}"`);
    expect(xml).toContain(`Location="${tenant.issuer}login/callback?connection=${CONN}"`);
  });

  it('auto-membership on: a new employee signs in, becomes a member with no roles, gets org_id', async () => {
    const started = await startSaml(autoOrg);
    const page = await signInAtIdp(started, started.page, 'Erin@Acme-SSO.test', 'Erin Engineer');
    const cb = callbackParams(page);
    expect(cb.get('error_description')).toBeNull();
    const tokens = await exchange(started, page);
    const id = decode(tokens.id_token!);
    expect(id).toMatchObject({ sub: userIdOf('Erin@Acme-SSO.test'), org_id: autoOrg, email: 'erin@acme-sso.test', name: 'Erin Engineer' });
    const user = tenant.store.userById(userIdOf('Erin@Acme-SSO.test'))!;
    expect(user.identities).toEqual([{ provider: 'samlp', user_id: `${CONN}|Erin@Acme-SSO.test`, connection: CONN, isSocial: false }]);
    expect(user.logins_count).toBe(1);
    expect(tenant.store.member(autoOrg, user.user_id)).toMatchObject({ roles: [] });
    // The Management API shows the user as Auth0 does.
    const viaApi = await mc.users.get(user.user_id);
    expect(viaApi.identities).toEqual([expect.objectContaining({ provider: 'samlp', connection: CONN })]);
  });

  it('maps standard claim URIs and updates the profile on the next login (just in time)', async () => {
    const claims = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/';
    const { started, request } = await samlRequest();
    const res = idp.buildResponse({
      inResponseTo: request.id, acsUrl: request.acsUrl, audience: request.issuer, nameId: 'emp-42',
      attributes: { [`${claims}emailaddress`]: 'frank@acme-sso.test', [`${claims}givenname`]: 'Frank', [`${claims}surname`]: 'Fixer' },
    });
    const page = await postResponse(started.browser, res, request.relayState);
    expect(callbackParams(page).get('code')).toBeTruthy();
    const user = tenant.store.userById(`samlp|${CONN}|emp-42`)!;
    expect(user).toMatchObject({ email: 'frank@acme-sso.test', given_name: 'Frank', family_name: 'Fixer', name: 'Frank Fixer' });

    const again = await samlRequest();
    const res2 = idp.buildResponse({
      inResponseTo: again.request.id, acsUrl: again.request.acsUrl, audience: again.request.issuer, nameId: 'emp-42',
      attributes: { email: 'frank@acme-sso.test', name: 'Frank F. Fixer' },
    });
    expect(callbackParams(await postResponse(again.started.browser, res2, again.request.relayState)).get('code')).toBeTruthy();
    expect(tenant.store.userById(`samlp|${CONN}|emp-42`)).toMatchObject({ name: 'Frank F. Fixer', logins_count: 2 });
    expect(tenant.store.usersByEmail('frank@acme-sso.test')).toHaveLength(1);
  });

  it('auto-membership off: a non-member is refused with Auth0\'s error, and no membership is made', async () => {
    const started = await startSaml(closedOrg);
    const page = await signInAtIdp(started, started.page, 'gina@acme-sso.test', 'Gina');
    const cb = callbackParams(page);
    expect(cb.get('error')).toBe('access_denied');
    expect(cb.get('error_description')).toBe(`user ${userIdOf('gina@acme-sso.test')} is not part of the ${closedOrg} organization`);
    expect(tenant.store.member(closedOrg, userIdOf('gina@acme-sso.test'))).toBeUndefined();
  });

  it('auto-membership off: an existing member gets in', async () => {
    const uid = userIdOf('gina@acme-sso.test'); // created by the refused login above, as on Auth0
    await mc.organizations.members.create(closedOrg, { members: [uid] });
    const started = await startSaml(closedOrg);
    const page = await signInAtIdp(started, started.page, 'gina@acme-sso.test', 'Gina');
    const tokens = await exchange(started, page);
    expect(decode(tokens.id_token!)).toMatchObject({ sub: uid, org_id: closedOrg });
  });

  it('with a password session, connection= still signs in through the IdP', async () => {
    const started = await startLogin(tenant);
    const pw = await started.browser.submit(started.page, { username: 'bob@acme.test', password: 'Tenantry-demo-1' }, APP.redirectUri, '/u/login');
    expect(callbackParams(pw).get('code')).toBeTruthy();
    const again = await startLogin(tenant, { organization: autoOrg, connection: CONN }, started.browser);
    expect(again.page.location).toContain(idp.signInUrl);
    let page = await signInAtIdp(again, again.page, 'rita@acme-sso.test', 'Rita');
    // oidc-provider ends the old account's session first (an auto-submitted form), then resumes.
    if (page.body.includes('/oidc/logout/confirm')) page = await again.browser.submit(page, {}, APP.redirectUri);
    expect(decode((await exchange(again, page)).id_token!)).toMatchObject({ sub: userIdOf('rita@acme-sso.test') });
  });

  it('an invitation naming the connection sends the invitee to the IdP and makes them a member with the invited roles', async () => {
    const role = (await mc.roles.list({ name_filter: 'org_member' })).data[0]!;
    const inv = await mc.organizations.invitations.create(closedOrg, {
      inviter: { name: 'Admin' }, invitee: { email: 'uma@acme-sso.test' }, client_id: APP.clientId, connection_id: connId, roles: [role.id!], send_invitation_email: false,
    });
    const started = await startLogin(tenant, { organization: closedOrg, invitation: inv.ticket_id! });
    expect(started.page.location).toContain(idp.signInUrl);
    const page = await signInAtIdp(started, started.page, 'uma@acme-sso.test', 'Uma');
    expect(decode((await exchange(started, page)).id_token!)).toMatchObject({ sub: userIdOf('uma@acme-sso.test'), org_id: closedOrg });
    expect(tenant.store.member(closedOrg, userIdOf('uma@acme-sso.test'))!.roles).toEqual([role.id]);
    expect(tenant.store.invitationByTicket(inv.ticket_id!)).toBeUndefined();
  });

  it('a connection not enabled on the organization is refused at /authorize', async () => {
    const started = await startSaml(otherOrg);
    const cb = callbackParams(started.page);
    expect(cb.get('error')).toBe('access_denied');
    expect(cb.get('error_description')).toBe('the connection is not enabled for the organization');
  });
});

describe('bad SAML responses are refused with an error page and change nothing', () => {
  async function refused(make: (r: ReturnType<SamlIdp['parseRequest']>) => string, expected: RegExp, before?: () => void) {
    const { started, request } = await samlRequest();
    const samlResponse = make(request);
    before?.();
    const was = snapshot();
    const page = await postResponse(started.browser, samlResponse, request.relayState);
    expect(page.status).toBe(400);
    expect(page.body).toContain('<h1>Single sign-on failed</h1>');
    expect(page.body).toMatch(expected);
    expect(snapshot()).toBe(was);
    return { started, request };
  }
  const good = (r: ReturnType<SamlIdp['parseRequest']>, nameId = 'mallory@acme-sso.test') =>
    idp.buildResponse({ inResponseTo: r.id, acsUrl: r.acsUrl, audience: r.issuer, nameId, attributes: { email: nameId } });

  it('tampered: NameID edited after signing', async () => {
    await refused((r) => {
      const xml = Buffer.from(good(r, 'henry@acme-sso.test'), 'base64').toString('utf8').replace('>henry@acme-sso.test<', '>admin@acme-sso.test<');
      return Buffer.from(xml).toString('base64');
    }, /not signed with the certificate configured for the connection acme-saml/);
    expect(tenant.store.userById(userIdOf('admin@acme-sso.test'))).toBeUndefined();
  });

  it('expired: the tenant clock is past NotOnOrAfter', async () => {
    await refused((r) => good(r), /The SAML response has expired/, () => { tenant.clock.offsetSeconds = 10 * 60; });
  });

  it('replayed: the same response posted twice', async () => {
    const { started, request } = await samlRequest();
    const res = good(request, 'ivy@acme-sso.test');
    const first = await postResponse(started.browser, res, request.relayState);
    expect(callbackParams(first).get('code')).toBeTruthy();
    const was = snapshot();
    const second = await postResponse(new Browser(), res, request.relayState);
    expect(second.status).toBe(400);
    expect(second.body).toMatch(/does not answer a sign-in request of this tenant, or it was already used/);
    expect(snapshot()).toBe(was);
  });

  it('unsolicited: a response to a request the tenant never made', async () => {
    await refused((r) => good({ ...r, id: '_never-issued' }), /does not answer a sign-in request of this tenant/);
  });

  it('wrongly signed: another key than the configured certificate', async () => {
    await refused((r) => idp.buildResponse({ inResponseTo: r.id, acsUrl: r.acsUrl, audience: r.issuer, nameId: 'jack@acme-sso.test', signWith: 'other-key' }),
      /not signed with the certificate configured/);
  });

  it('wrong audience', async () => {
    await refused((r) => idp.buildResponse({ inResponseTo: r.id, acsUrl: r.acsUrl, audience: 'urn:auth0:local:someone-else', nameId: 'kim@acme-sso.test' }),
      /meant for another service provider \(the audience must be urn:auth0:local:acme-saml\)/);
  });

  it('addressed to another service provider (Recipient)', async () => {
    await refused((r) => idp.buildResponse({ inResponseTo: r.id, acsUrl: 'https://elsewhere.test/acs', audience: r.issuer, nameId: 'lou@acme-sso.test' }),
      /addressed to https:\/\/elsewhere.test\/acs/);
  });

  it('garbage, a missing response, an unknown connection: 4xx pages, never a 500', async () => {
    const b = new Browser();
    const garbage = await postResponse(b, 'bm90IHhtbA==', 'x');
    expect(garbage.status).toBe(400);
    expect(garbage.body).toContain('Single sign-on failed');
    const unknown = await postResponse(b, 'bm90IHhtbA==', 'x', 'nope');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('There is no SAML connection named nope.');
    const empty = await b.fetch(`${tenant.url}/login/callback`, { method: 'POST', body: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(empty.status).toBe(400);
    const start = await b.fetch(`${tenant.url}/login/enterprise?state=nope&connection=${CONN}`);
    expect(start.status).toBe(400);
    expect(start.body).toContain('This sign-in page has expired');
  });
});

describe('Universal Login with enterprise connections', () => {
  it('shows "Continue with <display name>" for the organization\'s connections shown as buttons', async () => {
    const started = await startLogin(tenant, { organization: autoOrg });
    expect(started.page.status).toBe(200);
    expect(started.page.body).toMatch(/<button type="submit">Continue with Acme SSO<\/button>/);
    // the button leads to the IdP, and the login completes as with connection=
    const btn = await started.browser.fetch(`${tenant.url}/login/enterprise?state=${new URL(started.page.url).searchParams.get('state')}&connection=${CONN}`);
    expect(btn.location).toContain(idp.signInUrl);
    const page = await signInAtIdp(started, btn, 'lena@acme-sso.test', 'Lena');
    expect(decode((await exchange(started, page)).id_token!)).toMatchObject({ sub: userIdOf('lena@acme-sso.test'), org_id: autoOrg });

    const noButtons = await startLogin(tenant, { organization: otherOrg });
    expect(noButtons.page.body).not.toContain('Continue with');
  });

  it('home-realm discovery: an email at a domain alias goes to the IdP instead of asking for a password', async () => {
    const started = await startLogin(tenant, { organization: autoOrg });
    const hrd = await started.browser.submit(started.page, { username: 'max@ACME-SSO.test', password: '' }, APP.redirectUri, '/u/login');
    expect(hrd.location).toContain(idp.signInUrl);
    const page = await signInAtIdp(started, hrd, 'max@acme-sso.test', 'Max');
    expect(decode((await exchange(started, page)).id_token!)).toMatchObject({ sub: userIdOf('max@acme-sso.test'), org_id: autoOrg });

    // other domains still get the password check
    const other = await startLogin(tenant, { organization: autoOrg });
    const pw = await other.browser.submit(other.page, { username: 'bob@acme.test', password: 'wrong-password-1' }, APP.redirectUri, '/u/login');
    expect(pw.status).toBe(400);
    expect(pw.body).toContain('Wrong email or password.');
  });
});

describe('Management API: samlp connections (auth0 SDK)', () => {
  const fail = <T>(p: Promise<T>) => p.then(() => { throw new Error('expected a failure'); }, (e: any) => e);

  it('create from metadata XML, get, update, delete', async () => {
    const created = await mc.connections.create({
      name: 'meta-saml', strategy: 'samlp', display_name: 'Meta SSO',
      options: { metadataXml: idp.metadataXml, domain_aliases: ['meta.test'], signatureAlgorithm: 'rsa-sha256', digestAlgorithm: 'sha256', fieldsMap: { email: 'mail' } },
    });
    await mc.connections.clients.update(created.id!, [{ client_id: APP.clientId, status: true }]);
    expect(created).toMatchObject({ name: 'meta-saml', strategy: 'samlp', display_name: 'Meta SSO', realms: ['meta-saml'] });
    // Auth0 fills the sign-in URL and the certificate from the metadata.
    expect(created.options).toMatchObject({ signInEndpoint: idp.signInUrl, domain_aliases: ['meta.test'], fieldsMap: { email: 'mail' } });
    expect(Buffer.from(String(created.options!.signingCert), 'base64').toString()).toContain('-----BEGIN CERTIFICATE-----');

    const got = await mc.connections.get(created.id!);
    expect(got.options).toEqual(created.options);
    const upd = await mc.connections.update(created.id!, {
      options: { signInEndpoint: idp.signInUrl, signingCert: idp.certificateBase64, signOutEndpoint: `${idp.url}/saml/slo`, domain_aliases: ['meta.test', 'meta2.test'] },
    });
    expect(upd.options).toEqual({ signInEndpoint: idp.signInUrl, signingCert: idp.certificateBase64, signOutEndpoint: `${idp.url}/saml/slo`, domain_aliases: ['meta.test', 'meta2.test'] });
    // a DER certificate, base64-encoded, is accepted too
    const der = idp.certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
    await mc.connections.update(created.id!, { options: { signInEndpoint: idp.signInUrl, signingCert: der } });

    await mc.connections.delete(created.id!);
    expect((await fail(mc.connections.get(created.id!))).statusCode).toBe(404);
  });

  it('refuses malformed options with 400 invalid_body and changes nothing', async () => {
    const base = { signInEndpoint: idp.signInUrl, signingCert: idp.certificateBase64 };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, signingCert: Buffer.from('not a certificate').toString('base64') }, /options\.signingCert/],
      [{ ...base, signInEndpoint: 'not a url' }, /absolute-uri: not a url' on property options\.signInEndpoint/],
      [{ ...base, signatureAlgorithm: 'rsa-md5' }, /No enum match for: "rsa-md5"' on property options\.signatureAlgorithm/],
      [{ ...base, digestAlgorithm: 'md5' }, /options\.digestAlgorithm/],
      [{ ...base, domain_aliases: ['not a domain'] }, /options\.domain_aliases\[0\]/],
      [{ ...base, fieldsMap: { email: 5 } }, /options\.fieldsMap/],
      [{ metadataXml: '<nope/>' }, /options\.metadataXml/],
    ];
    for (const [options, message] of cases) {
      const before = JSON.stringify(tenant.store.state.connections);
      const err = await fail(mc.connections.create({ name: 'bad-saml', strategy: 'samlp', options }));
      expect(err.statusCode).toBe(400);
      expect(err.body.errorCode).toBe('invalid_body');
      expect(err.body.message).toMatch(message);
      expect(JSON.stringify(tenant.store.state.connections)).toBe(before);
    }
    const err = await fail(mc.connections.update(connId, { options: { signInEndpoint: 'ftp://x' } }));
    expect(err.statusCode).toBe(400);
    expect(tenant.store.connectionById(connId)!.options.signInEndpoint).toBe(idp.signInUrl);
  });
});
