// Enterprise connections and verified domains against the local tenant's Management API (in
// process), a real database and throw-away identity providers: what Auth0 receives, the
// undo on failure, and that another organization's connection or domain is never read or
// changed through any function, whatever id is passed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';
import { stateAfter } from '@/auth0-local/testing/management-api-harness';
import { startOidcIdp, startSamlIdp, type OidcIdp, type SamlIdp } from '@/auth0-local/testing/index';
import type { TenantContext } from '@/lib/core/context';

let w: World;
let saml: SamlIdp;
let oidc: OidcIdp;
let sso: typeof import('@/lib/sso/connections');
let domains: typeof import('@/lib/sso/domains');
let inputs: typeof import('@/lib/sso/inputs');
let owned: typeof import('@/lib/sso/owned');
let DomainError: typeof import('@/lib/core/errors').DomainError;

beforeAll(async () => {
  [saml, oidc] = await Promise.all([startSamlIdp(), startOidcIdp()]);
  w = await startWorld();
  sso = await import('@/lib/sso/connections');
  domains = await import('@/lib/sso/domains');
  inputs = await import('@/lib/sso/inputs');
  owned = await import('@/lib/sso/owned');
  ({ DomainError } = await import('@/lib/core/errors'));
});
afterAll(async () => {
  await w?.close();
  await saml?.close();
  await oidc?.close();
});
afterEach(async () => w.clearFaults());

const state = () => w.harness.store.state;
const auth0Conn = (name: string) => state().connections.find((c) => c.name === name);
const orgLinks = (connectionId: string) => state().enabledConnections.filter((e) => e.connection_id === connectionId);
const auditOf = (slug: string, action: string) => w.prisma.auditEvent.findMany({ where: { tenantId: w.org(slug).id, action }, orderBy: { createdAt: 'asc' } });
const samlSettings = (extra: Record<string, unknown> = {}) => inputs.samlInput('create').parse({ displayName: 'Acme Okta', autoMembership: 'on', defaultRole: 'org_member', metadataXml: saml.metadataXml, ...extra });
const oidcSettings = (extra: Record<string, unknown> = {}) =>
  inputs.oidcInput('create').parse({ displayName: 'Acme Entra', autoMembership: '', defaultRole: 'org_readonly', issuer: oidc.issuer, clientId: oidc.clientId, clientSecret: oidc.clientSecret, ...extra });

let acmeAdmin: TenantContext;
let globexAdmin: TenantContext;
let acmeSamlId: string;

describe('creating a SAML connection', () => {
  it('creates the samlp connection for the app, enables it on this organization only, records the row and an audit event', async () => {
    acmeAdmin = await w.ctx('acme', 'alice@acme.test');
    globexAdmin = await w.ctx('globex', 'carol@example.test');
    const row = await sso.createSamlConnection(acmeAdmin, samlSettings());
    acmeSamlId = row.id;
    expect(row).toMatchObject({ tenantId: w.org('acme').id, name: 'acme-saml', strategy: 'samlp', displayName: 'Acme Okta', autoMembership: true, defaultRole: 'org_member', enabled: true });
    const conn = auth0Conn('acme-saml')!;
    expect(conn).toMatchObject({ id: row.auth0ConnectionId, strategy: 'samlp', display_name: 'Acme Okta', enabled_clients: ['tenantry-local-app'] });
    expect(conn.options).toMatchObject({ signInEndpoint: saml.signInUrl, domain_aliases: [] });
    // Auth0 keeps the certificate as base64 of the PEM text.
    expect(Buffer.from(conn.options.signingCert as string, 'base64').toString('utf8')).toContain('-----BEGIN CERTIFICATE-----');
    expect(orgLinks(conn.id)).toEqual([expect.objectContaining({ org_id: w.org('acme').auth0OrgId, assign_membership_on_login: true, show_as_button: true })]);
    expect(await auditOf('acme', 'sso.connection_created')).toEqual([expect.objectContaining({ actor: acmeAdmin.principal.id, target: 'acme-saml', details: expect.objectContaining({ strategy: 'samlp' }) })]);
  });

  it('a second connection gets the next free name, also when Auth0 already has one we do not know', async () => {
    await w.harness.api('POST', '/api/v2/connections', { body: { name: 'acme-saml-2', strategy: 'samlp', options: {} } });
    const row = await sso.createSamlConnection(acmeAdmin, samlSettings({ metadataXml: '', signInUrl: saml.signInUrl, certificate: saml.certificatePem, displayName: 'Second' }));
    expect(row.name).toBe('acme-saml-3');
    await sso.deleteConnection(acmeAdmin, row.id);
    expect(auth0Conn('acme-saml-3')).toBeUndefined();
  });

  it('when enabling on the organization fails, the new Auth0 connection is deleted again and nothing is recorded', async () => {
    const before = state().connections.length;
    await w.fault({ path: '/\\/enabled_connections$/', method: 'POST', status: 500, times: 3 });
    const error = await sso.createSamlConnection(acmeAdmin, samlSettings({ displayName: 'Doomed' })).catch((e) => e);
    expect(error.message).toBe('Auth0 is not answering right now. Nothing was changed; please try again shortly.');
    expect(state().connections.length).toBe(before);
    expect(await w.prisma.ssoConnection.count({ where: { displayName: 'Doomed' } })).toBe(0);
  });
});

describe('creating an OIDC connection', () => {
  it('reads the discovery document and stores Auth0’s oidc options', async () => {
    const row = await sso.createOidcConnection(acmeAdmin, oidcSettings());
    expect(row).toMatchObject({ name: 'acme-oidc', strategy: 'oidc', autoMembership: false, defaultRole: 'org_readonly' });
    expect(auth0Conn('acme-oidc')!.options).toMatchObject({
      type: 'back_channel', discovery_url: oidc.discoveryUrl, issuer: oidc.issuer, client_id: oidc.clientId, client_secret: oidc.clientSecret, scope: 'openid profile email',
    });
    expect(orgLinks(row.auth0ConnectionId)).toEqual([expect.objectContaining({ assign_membership_on_login: false })]);
  });

  it('an issuer that is not an OpenID provider is a field error, and nothing is created', async () => {
    const before = state().connections.length;
    const error = await sso.createOidcConnection(acmeAdmin, oidcSettings({ issuer: `${saml.url}/nothing-here` })).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ field: 'issuer', message: expect.stringContaining('could not read the OpenID configuration') });
    expect(state().connections.length).toBe(before);
  });
});

describe('editing, disabling and enabling', () => {
  it('shows the settings, never the secret', async () => {
    const s = await sso.connectionSettings(acmeAdmin, acmeSamlId);
    expect(s.saml).toMatchObject({ signInUrl: saml.signInUrl, certificate: expect.objectContaining({ subject: expect.any(String) }) });
    const row = await w.prisma.ssoConnection.findFirstOrThrow({ where: { name: 'acme-oidc' } });
    const o = await sso.connectionSettings(acmeAdmin, row.id);
    expect(o.oidc).toEqual({ issuer: oidc.issuer, discoveryUrl: oidc.discoveryUrl, clientId: oidc.clientId, hasSecret: true });
    expect(JSON.stringify(o)).not.toContain(oidc.clientSecret);
  });

  it('an edit merges Auth0’s options, keeps the certificate when none is given, and switches auto-membership on the organization', async () => {
    const conn = auth0Conn('acme-saml')!;
    const cert = conn.options.signingCert;
    const settings = inputs.samlInput('edit').parse({ displayName: 'Acme Okta (new)', autoMembership: '', defaultRole: 'org_billing', signInUrl: `${saml.signInUrl}?v=2`, certificate: '' });
    await sso.updateSamlConnection(acmeAdmin, acmeSamlId, settings);
    expect(auth0Conn('acme-saml')!.options).toMatchObject({ signInEndpoint: `${saml.signInUrl}?v=2`, signingCert: cert, domain_aliases: [] });
    expect(auth0Conn('acme-saml')!.display_name).toBe('Acme Okta (new)');
    expect(orgLinks(conn.id)[0]!.assign_membership_on_login).toBe(false);
    const [event] = await auditOf('acme', 'sso.connection_updated');
    expect(event!.details).toMatchObject({ autoMembership: { from: true, to: false }, defaultRole: { from: 'org_member', to: 'org_billing' }, signInUrl: { to: `${saml.signInUrl}?v=2` } });
    await sso.updateSamlConnection(acmeAdmin, acmeSamlId, { ...settings, signInUrl: saml.signInUrl, autoMembership: true, defaultRole: 'org_member' });
  });

  it('a failed organization update puts the connection’s options back', async () => {
    const before = JSON.stringify(auth0Conn('acme-saml'));
    await w.fault({ path: '/\\/enabled_connections\\/.+$/', method: 'PATCH', status: 500, times: 3 });
    const settings = inputs.samlInput('edit').parse({ displayName: 'Never', autoMembership: '', signInUrl: 'https://idp.example.com/sso', certificate: '' });
    await expect(sso.updateSamlConnection(acmeAdmin, acmeSamlId, settings)).rejects.toThrow(/not answering/);
    expect(JSON.stringify(auth0Conn('acme-saml'))).toBe(before);
    expect((await w.prisma.ssoConnection.findUniqueOrThrow({ where: { id: acmeSamlId } })).displayName).toBe('Acme Okta (new)');
  });

  it('an OIDC edit through the SAML path is refused', async () => {
    const row = await w.prisma.ssoConnection.findFirstOrThrow({ where: { name: 'acme-oidc' } });
    await expect(sso.updateSamlConnection(acmeAdmin, row.id, samlSettings())).rejects.toThrow('This is not a SAML connection.');
  });

  it('disable takes it off the organization and keeps the settings; enable puts it back', async () => {
    const conn = auth0Conn('acme-saml')!;
    await sso.disableConnection(acmeAdmin, acmeSamlId);
    expect(orgLinks(conn.id)).toEqual([]);
    expect(auth0Conn('acme-saml')).toBeDefined();
    expect((await w.prisma.ssoConnection.findUniqueOrThrow({ where: { id: acmeSamlId } })).enabled).toBe(false);
    await sso.enableConnection(acmeAdmin, acmeSamlId);
    expect(orgLinks(conn.id)).toEqual([expect.objectContaining({ org_id: w.org('acme').auth0OrgId, assign_membership_on_login: true })]);
    expect((await auditOf('acme', 'sso.connection_disabled')).length).toBe(1);
    expect((await auditOf('acme', 'sso.connection_enabled')).length).toBe(1);
  });
});

describe('another organization’s connection, by id', () => {
  const notFound = () => expect.objectContaining({ message: 'This single sign-on connection does not exist (it may have been deleted).' });
  const attempts: [string, () => Promise<unknown>][] = [
    ['read its settings', () => sso.connectionSettings(globexAdmin, acmeSamlId)],
    ['edit it (SAML)', () => sso.updateSamlConnection(globexAdmin, acmeSamlId, samlSettings({ displayName: 'Pwned' }))],
    ['edit it (OIDC)', () => sso.updateOidcConnection(globexAdmin, acmeSamlId, oidcSettings({ displayName: 'Pwned' }))],
    ['disable it', () => sso.disableConnection(globexAdmin, acmeSamlId)],
    ['enable it', () => sso.enableConnection(globexAdmin, acmeSamlId)],
    ['delete it', () => sso.deleteConnection(globexAdmin, acmeSamlId)],
    ['the ownership check itself', () => owned.ownedConnection(globexAdmin, acmeSamlId)],
  ];
  it.each(attempts)('cannot %s', async (_name, attempt) => {
    const rowBefore = await w.prisma.ssoConnection.findUniqueOrThrow({ where: { id: acmeSamlId } });
    const { changed, error } = await stateAfter(w.harness.store, attempt);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toEqual(notFound());
    expect(changed).toBe(false);
    expect(await w.prisma.ssoConnection.findUniqueOrThrow({ where: { id: acmeSamlId } })).toEqual(rowBefore);
  });

  it('cannot name it in an invitation', async () => {
    await expect(sso.invitationConnection(globexAdmin, acmeSamlId)).rejects.toMatchObject({ field: 'connection', message: 'Choose one of your organization’s connections.' });
    expect(await sso.invitationConnection(acmeAdmin, acmeSamlId)).toMatchObject({ kind: 'sso', name: 'acme-saml' });
    expect(await sso.invitationConnection(acmeAdmin, 'database')).toMatchObject({ kind: 'database', name: 'Username-Password-Authentication' });
  });

  it('an invitation naming a connection carries its Auth0 id; another organization’s is refused before Auth0 is asked', async () => {
    const invitations = await import('@/lib/admin/invitations');
    await invitations.invite(acmeAdmin, { email: 'sso-invitee@acme.com', roles: ['org_member'], mode: 'auto', connection: acmeSamlId });
    const created = state().invitations.find((i) => i.invitee.email === 'sso-invitee@acme.com')!;
    expect(created.connection_id).toBe(auth0Conn('acme-saml')!.id);
    const [event] = await auditOf('acme', 'invitation.created');
    expect(event!.details).toMatchObject({ connection: 'acme-saml' });
    const { changed, error } = await stateAfter(w.harness.store, () => invitations.invite(globexAdmin, { email: 'x@globex.test', roles: ['org_member'], mode: 'invite', connection: acmeSamlId }));
    expect(error).toMatchObject({ field: 'connection' });
    expect(changed).toBe(false);
  });

  it('is not listed', async () => {
    expect((await sso.listConnections(globexAdmin)).map((c) => c.name)).toEqual([]);
    expect((await sso.enabledConnections(globexAdmin)).map((c) => c.name)).toEqual([]);
  });
});

describe('verified domains', () => {
  let acmeDomainId: string;
  const txt = (token: string) => async () => [[`tenantry-verification=${token}`], ['v=spf1 -all']];

  it('adds a domain with a TXT record to publish', async () => {
    const row = await domains.addDomain(acmeAdmin, inputs.domainInput.parse({ domain: ' ACME.com. ' }).domain);
    acmeDomainId = row.id;
    expect(row.domain).toBe('acme.com');
    expect(domains.verificationRecord(row)).toEqual({ name: '_tenantry-verification.acme.com', type: 'TXT', value: `tenantry-verification=${row.verificationToken}` });
    await expect(domains.addDomain(acmeAdmin, 'acme.com')).rejects.toMatchObject({ field: 'domain' });
  });

  it.each([
    ['https://acme.com', /just the domain/], ['acme', /like acme.com/], ['-acme.com', /like acme.com/], ['a..com', /like acme.com/], ['', /required/], ['bob@acme.com', /just the domain/], ['10.0.0.1', /like acme.com/],
  ])('refuses %j', (domain, message) => {
    const result = inputs.domainInput.safeParse({ domain });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(message);
  });

  it('Check now explains a missing, wrong or unreachable record in plain words', async () => {
    const missing = Object.assign(new Error('queryTxt ENOTFOUND'), { code: 'ENOTFOUND' });
    await expect(domains.checkDomain(acmeAdmin, acmeDomainId, async () => { throw missing; })).rejects.toThrow('There is no TXT record at _tenantry-verification.acme.com yet.');
    const slow = Object.assign(new Error('queryTxt ETIMEOUT'), { code: 'ETIMEOUT' });
    await expect(domains.checkDomain(acmeAdmin, acmeDomainId, async () => { throw slow; })).rejects.toThrow('The DNS lookup timed out.');
    await expect(domains.checkDomain(acmeAdmin, acmeDomainId, txt('wrong'))).rejects.toThrow(/We found no TXT record "tenantry-verification=/);
    expect((await w.prisma.organizationDomain.findUniqueOrThrow({ where: { id: acmeDomainId } })).verifiedAt).toBeNull();
  });

  it('the local-development shortcut is refused in dns mode', async () => {
    await expect(domains.markVerifiedLocally(acmeAdmin, acmeDomainId)).rejects.toThrow(domains.LOCAL_ONLY);
    expect((await w.prisma.organizationDomain.findUniqueOrThrow({ where: { id: acmeDomainId } })).verifiedAt).toBeNull();
  });

  it('a matching TXT record verifies it and writes it to every connection’s domain_aliases', async () => {
    const row = await w.prisma.organizationDomain.findUniqueOrThrow({ where: { id: acmeDomainId } });
    // Long TXT values can arrive split into several strings.
    const value = `tenantry-verification=${row.verificationToken}`;
    await domains.checkDomain(acmeAdmin, acmeDomainId, async () => [[value.slice(0, 10), value.slice(10)]]);
    expect((await w.prisma.organizationDomain.findUniqueOrThrow({ where: { id: acmeDomainId } })).verifiedAt).toBeInstanceOf(Date);
    expect(auth0Conn('acme-saml')!.options.domain_aliases).toEqual(['acme.com']);
    expect(auth0Conn('acme-oidc')!.options.domain_aliases).toEqual(['acme.com']);
    expect(await auditOf('acme', 'sso.domain_verified')).toEqual([expect.objectContaining({ target: 'acme.com', details: { method: 'dns' } })]);
  });

  it('a domain verified by another organization cannot be verified again', async () => {
    const theirs = await domains.addDomain(globexAdmin, 'acme.com');
    await expect(domains.checkDomain(globexAdmin, theirs.id, txt(theirs.verificationToken))).rejects.toThrow(domains.verifiedElsewhereMessage('acme.com'));
    expect((await w.prisma.organizationDomain.findUniqueOrThrow({ where: { id: theirs.id } })).verifiedAt).toBeNull();
  });

  it('another organization’s domain cannot be checked, marked or removed by id', async () => {
    for (const attempt of [
      () => domains.checkDomain(globexAdmin, acmeDomainId, txt('x')),
      () => domains.markVerifiedLocally(globexAdmin, acmeDomainId),
      () => domains.removeDomain(globexAdmin, acmeDomainId),
      () => domains.chooseDomainConnection(globexAdmin, acmeDomainId, ''),
      () => owned.ownedDomain(globexAdmin, acmeDomainId),
    ]) {
      const { error } = await stateAfter(w.harness.store, attempt);
      // markVerifiedLocally stops at the mode check (dns here) before even looking.
      expect((error as Error).message).toMatch(/not on your organization’s list|only for local development/);
    }
    expect(await w.prisma.organizationDomain.count({ where: { id: acmeDomainId } })).toBe(1);
  });

  it('a domain can be sent to one of the organization’s own connections only', async () => {
    const theirs = await w.prisma.organizationDomain.findFirstOrThrow({ where: { domain: 'acme.com', tenantId: w.org('globex').id } });
    await expect(domains.chooseDomainConnection(globexAdmin, theirs.id, acmeSamlId)).rejects.toThrow('This single sign-on connection does not exist');
    expect((await w.prisma.organizationDomain.findUniqueOrThrow({ where: { id: theirs.id } })).connectionId).toBeNull();
    await domains.chooseDomainConnection(acmeAdmin, acmeDomainId, acmeSamlId);
    expect((await w.prisma.organizationDomain.findUniqueOrThrow({ where: { id: acmeDomainId } })).connectionId).toBe(acmeSamlId);
    await domains.chooseDomainConnection(acmeAdmin, acmeDomainId, '');
  });

  it('a connection created after verification gets the domain too; removing the domain takes it off', async () => {
    const extra = await sso.createSamlConnection(acmeAdmin, samlSettings({ displayName: 'Third' }));
    expect(auth0Conn(extra.name)!.options.domain_aliases).toEqual(['acme.com']);
    await sso.deleteConnection(acmeAdmin, extra.id);
    const keep = await domains.addDomain(acmeAdmin, 'acme.org');
    await domains.removeDomain(acmeAdmin, keep.id);
    expect(auth0Conn('acme-saml')!.options.domain_aliases).toEqual(['acme.com']);
  });
});

describe('deleting', () => {
  it('removes the connection from Auth0 and the row, and forgets it on domains', async () => {
    const row = await w.prisma.ssoConnection.findFirstOrThrow({ where: { name: 'acme-oidc' } });
    await w.prisma.organizationDomain.updateMany({ where: { domain: 'acme.com', tenantId: w.org('acme').id }, data: { connectionId: row.id } });
    await sso.deleteConnection(acmeAdmin, row.id);
    expect(auth0Conn('acme-oidc')).toBeUndefined();
    expect(await w.prisma.ssoConnection.count({ where: { id: row.id } })).toBe(0);
    expect((await w.prisma.organizationDomain.findFirstOrThrow({ where: { domain: 'acme.com', tenantId: w.org('acme').id } })).connectionId).toBeNull();
    expect(await auditOf('acme', 'sso.connection_deleted')).toEqual(expect.arrayContaining([expect.objectContaining({ target: 'acme-oidc' })]));
  });
});
