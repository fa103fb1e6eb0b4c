// Every single sign-on server action authorizes on its own and checks ownership: a member
// without sso:manage is refused, an admin of another organization is refused, an admin who
// passes another organization's connection or domain id gets "not found", and bad input
// comes back as field errors. Runs the real actions, authorize() and database; Auth0 is not
// reachable here, so every refusal below happens before any Management API call.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generate } from 'selfsigned';
import { ACME, ALICE, BOB, GINA, GLOBEX, as, form, request, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import type { AdminFormState } from '@/lib/handlers/authorized-action';

vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock('next/cache', () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn(), forbidden: vi.fn(), notFound: vi.fn() }));

const ACME_CONNECTION = 'sso_acme_1';
const ACME_DOMAIN = 'dom_acme_1';

let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let sso: typeof import('@/app/tenant/settings/sso/actions');
let domainActions: typeof import('@/app/tenant/settings/sso/domains/actions');
let invitations: typeof import('@/app/tenant/settings/invitations/actions');
let certificatePem: string;

beforeAll(async () => {
  certificatePem = (await generate([{ name: 'commonName', value: 'idp.acme.test' }], { keySize: 2048 })).cert;
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '0' } }));
  sso = await import('@/app/tenant/settings/sso/actions');
  domainActions = await import('@/app/tenant/settings/sso/domains/actions');
  invitations = await import('@/app/tenant/settings/invitations/actions');
  await seedAcmeAndGlobex(prisma);
  await prisma.ssoConnection.create({ data: { id: ACME_CONNECTION, tenantId: ACME.tenantId, auth0ConnectionId: 'con_acme0000000001', name: 'acme-saml', strategy: 'samlp', displayName: 'Acme Okta', createdBy: ALICE } });
  await prisma.organizationDomain.create({ data: { id: ACME_DOMAIN, tenantId: ACME.tenantId, domain: 'acme.test', verificationToken: 'tok' } });
});

afterAll(stopWorld);

type Action = (prev: AdminFormState, data: FormData) => Promise<AdminFormState>;
const saml = () => ({ strategy: 'samlp', displayName: 'Pwned', signInUrl: 'https://idp.evil.test/sso', certificate: certificatePem, autoMembership: 'on', defaultRole: 'org_admin' });
const oidc = () => ({ strategy: 'oidc', displayName: 'Pwned', issuer: 'https://idp.evil.test', clientId: 'c', clientSecret: 's', defaultRole: 'org_admin' });

// Valid submissions naming Acme's connection or domain, so a refusal can only come from authorization or ownership.
const byId: [string, () => Action, () => Record<string, string>][] = [
  ['edit connection (SAML)', () => sso.updateConnectionAction, () => ({ ...saml(), id: ACME_CONNECTION })],
  ['edit connection (OIDC)', () => sso.updateConnectionAction, () => ({ ...oidc(), id: ACME_CONNECTION })],
  ['disable connection', () => sso.setConnectionEnabledAction, () => ({ id: ACME_CONNECTION, enable: 'false' })],
  ['enable connection', () => sso.setConnectionEnabledAction, () => ({ id: ACME_CONNECTION, enable: 'true' })],
  ['delete connection', () => sso.deleteConnectionAction, () => ({ id: ACME_CONNECTION })],
  ['check domain', () => domainActions.checkDomainAction, () => ({ id: ACME_DOMAIN })],
  ['remove domain', () => domainActions.removeDomainAction, () => ({ id: ACME_DOMAIN })],
  ['route domain', () => domainActions.chooseDomainConnectionAction, () => ({ id: ACME_DOMAIN, connectionId: '' })],
];
const all: [string, () => Action, () => Record<string, string>][] = [
  ['create SAML connection', () => sso.createConnectionAction, saml],
  ['create OIDC connection', () => sso.createConnectionAction, oidc],
  ['add domain', () => domainActions.addDomainAction, () => ({ domain: 'evil.test' })],
  ['mark domain verified', () => domainActions.markDomainVerifiedAction, () => ({ id: ACME_DOMAIN })],
  ...byId,
];

async function unchanged() {
  expect(await prisma.ssoConnection.findUniqueOrThrow({ where: { id: ACME_CONNECTION } })).toMatchObject({ tenantId: ACME.tenantId, displayName: 'Acme Okta', enabled: true, autoMembership: false });
  expect(await prisma.organizationDomain.findUniqueOrThrow({ where: { id: ACME_DOMAIN } })).toMatchObject({ tenantId: ACME.tenantId, verifiedAt: null });
  expect(await prisma.ssoConnection.count()).toBe(1);
  expect(await prisma.organizationDomain.count()).toBe(1);
  expect(await prisma.auditEvent.count()).toBe(0);
}

describe('a member without sso:manage', () => {
  it.each(all)('is refused: %s', async (_name, action, fields) => {
    await as(BOB, ACME);
    const state = await action()({}, form(fields()));
    expect(state.message).toBe('This needs the sso:manage permission, which your role does not have.');
    await unchanged();
  });
});

describe('an admin of another organization', () => {
  it.each(all)('is refused with their own org’s credentials on this host: %s', async (_name, action, fields) => {
    await as(GINA, GLOBEX, ACME);
    expect((await action()({}, form(fields()))).message).toBe('This token is for another organization.');
    await unchanged();
  });

  it.each(byId)('on their own host, naming this organization’s id, finds nothing: %s', async (_name, action, fields) => {
    await as(GINA, GLOBEX);
    const state = await action()({}, form(fields()));
    expect(state.ok).toBeUndefined();
    expect(state.message).toMatch(/^(This single sign-on connection does not exist \(it may have been deleted\)|This domain is not on your organization’s list \(it may have been removed\))\.$/);
    await unchanged();
  });

  it('cannot name this organization’s connection in an invitation', async () => {
    await as(GINA, GLOBEX);
    const state = await invitations.inviteAction({}, form({ email: 'new@globex.test', roles: ['org_member'], connection: ACME_CONNECTION }));
    expect(state.fields?.connection).toBe('Choose one of your organization’s connections.');
    await unchanged();
  });
});

describe('bad input gives field errors, before anything is changed', () => {
  const bad: [string, () => Action, Record<string, string | Blob>, Record<string, RegExp>][] = [
    ['SAML: nothing', () => sso.createConnectionAction, { strategy: 'samlp' }, { displayName: /required/, signInUrl: /required/, certificate: /required/ }],
    ['SAML: bad URL', () => sso.createConnectionAction, { ...saml(), signInUrl: 'idp.acme.test/sso' }, { signInUrl: /full address/ }],
    ['SAML: http on the internet', () => sso.createConnectionAction, { ...saml(), signInUrl: 'http://idp.acme.test/sso' }, { signInUrl: /must start with https/ }],
    ['SAML: javascript: URL', () => sso.createConnectionAction, { ...saml(), signInUrl: 'javascript:alert(1)' }, { signInUrl: /https/ }],
    ['SAML: a key, not a certificate', () => sso.createConnectionAction, { ...saml(), certificate: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----' }, { certificate: /not a PEM certificate/ }],
    ['SAML: garbage certificate', () => sso.createConnectionAction, { ...saml(), certificate: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----' }, { certificate: /not a PEM certificate/ }],
    ['SAML: uploaded file that is not a certificate', () => sso.createConnectionAction, { ...saml(), certificate: '', certificateFile: new Blob(['hello'], { type: 'text/plain' }) }, { certificate: /not a PEM certificate/ }],
    ['SAML: uploaded certificate too large', () => sso.createConnectionAction, { ...saml(), certificate: '', certificateFile: new Blob(['x'.repeat(200_001)]) }, { certificate: /too large/ }],
    ['SAML: metadata that is not XML', () => sso.createConnectionAction, { ...saml(), signInUrl: '', certificate: '', metadataXml: '<EntityDescriptor' }, { metadataXml: /not valid XML/ }],
    ['SAML: metadata of no IdP', () => sso.createConnectionAction, { ...saml(), signInUrl: '', certificate: '', metadataXml: '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:SPSSODescriptor/></md:EntityDescriptor>' }, { metadataXml: /no identity provider/ }],
    ['SAML: unknown default role', () => sso.createConnectionAction, { ...saml(), defaultRole: 'superuser' }, { defaultRole: /Choose one of the roles/ }],
    ['OIDC: nothing', () => sso.createConnectionAction, { strategy: 'oidc' }, { displayName: /required/, issuer: /required/, clientId: /required/, clientSecret: /required/ }],
    ['OIDC: bad issuer', () => sso.createConnectionAction, { ...oidc(), issuer: 'not a url' }, { issuer: /full address/ }],
    ['edit: no id', () => sso.updateConnectionAction, { ...saml() }, { id: /Missing id/ }],
    ['disable: no id', () => sso.setConnectionEnabledAction, { enable: 'false' }, { id: /Missing id/ }],
    ['delete: no id', () => sso.deleteConnectionAction, {}, { id: /Missing id/ }],
    ['domain: URL instead of a domain', () => domainActions.addDomainAction, { domain: 'https://acme.test/' }, { domain: /just the domain/ }],
    ['domain: empty', () => domainActions.addDomainAction, { domain: '' }, { domain: /required/ }],
    ['domain: single label', () => domainActions.addDomainAction, { domain: 'localhost' }, { domain: /like acme.com/ }],
    ['domain check: no id', () => domainActions.checkDomainAction, {}, { id: /Missing id/ }],
  ];
  it.each(bad)('%s', async (_name, action, fields, expected) => {
    await as(ALICE, ACME);
    const state = await action()({}, form(fields));
    expect(state.ok).toBeUndefined();
    for (const [field, pattern] of Object.entries(expected)) expect(state.fields?.[field]).toMatch(pattern);
    await unchanged();
  });

  it('a client secret is never echoed back into the form', async () => {
    await as(ALICE, ACME);
    const state = await sso.createConnectionAction({}, form({ ...oidc(), issuer: 'nope', clientSecret: 'very-secret' }));
    expect(JSON.stringify(state)).not.toContain('very-secret');
  });
});

describe('verified domains in dns mode (a real Auth0 tenant is configured)', () => {
  it('the local-development shortcut is refused by the server, even for the domain’s own admin', async () => {
    await as(ALICE, ACME);
    const state = await domainActions.markDomainVerifiedAction({}, form({ id: ACME_DOMAIN }));
    expect(state.message).toBe('Marking a domain verified by hand is only for local development. Publish the TXT record and use Check now.');
    await unchanged();
  });
});
