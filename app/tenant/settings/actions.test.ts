// Every settings server action authorizes on its own: a non-admin member and a member of
// another organization are refused before anything happens, and bad input on every form
// comes back as field errors. Runs the real actions, authorize() and database; the caller's
// credential is a bearer token from a stand-in issuer, and the request headers are what
// middleware would set for the tenant host.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMigratedTestDatabase, type TestDatabase } from '@/lib/testing/database';
import { startTestIssuer, type TestIssuer } from '@/lib/testing/issuer';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';
import type { AdminFormState } from '@/app/tenant/settings/action-state';

const request = { headers: new Headers() };
vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock('next/cache', () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn(), forbidden: vi.fn(), notFound: vi.fn() }));

const ACME = { slug: 'acme', auth0OrgId: 'org_acme0000000000001', tenantId: 'ten_acme' };
const GLOBEX = { slug: 'globex', auth0OrgId: 'org_globex000000000001', tenantId: 'ten_globex' };
const ALICE = 'auth0|alice'; // acme admin
const BOB = 'auth0|bob'; // acme member
const GINA = 'auth0|gina'; // globex admin
const NS = 'https://tenantry.dev/';
const ALL = ['projects:read', 'projects:write', 'members:read', 'members:manage', 'org:manage', 'sso:manage', 'billing:manage', 'audit:read'];

let database: TestDatabase;
let issuer: TestIssuer;
let closeDb: () => Promise<void>;
let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let members: typeof import('@/app/tenant/settings/members/actions');
let invitations: typeof import('@/app/tenant/settings/invitations/actions');
let organization: typeof import('@/app/tenant/settings/organization/actions');

async function as(user: string, claimsOrg: typeof ACME, host: typeof ACME = claimsOrg) {
  const token = await issuer.sign({ sub: user, org_id: claimsOrg.auth0OrgId, azp: 'tenantry-local-app', permissions: ALL, [`${NS}tenantId`]: claimsOrg.tenantId });
  request.headers = new Headers({
    authorization: `Bearer ${token}`,
    [TENANT_HEADERS.slug]: host.slug,
    [TENANT_HEADERS.auth0OrgId]: host.auth0OrgId,
    [TENANT_HEADERS.tenantId]: host.tenantId,
  });
}

function form(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) data.append(k, value);
  return data;
}

beforeAll(async () => {
  database = await createMigratedTestDatabase();
  issuer = await startTestIssuer();
  vi.resetModules();
  for (const [k, v] of Object.entries({ ...database.env, AUTH0_DOMAIN: issuer.origin, AUTH0_CLIENT_ID: 'tenantry-local-app', AUTH0_CLIENT_SECRET: 's', AUTH0_SECRET: 'x'.repeat(40), AUTH0_M2M_CLIENT_ID: 'm', AUTH0_M2M_CLIENT_SECRET: 'm', MEMBERSHIP_CACHE_SECONDS: '0' })) vi.stubEnv(k, v);
  const dbModule = await import('@/lib/db/client');
  prisma = await dbModule.db();
  closeDb = dbModule.closeDb;
  members = await import('@/app/tenant/settings/members/actions');
  invitations = await import('@/app/tenant/settings/invitations/actions');
  organization = await import('@/app/tenant/settings/organization/actions');
  for (const t of [ACME, GLOBEX]) await prisma.organization.create({ data: { id: t.tenantId, slug: t.slug, auth0OrgId: t.auth0OrgId, displayName: t.slug, primaryColor: '#000000' } });
  const later = new Date(Date.now() + 3600_000);
  await prisma.membership.createMany({
    data: [
      { orgId: ACME.tenantId, userId: ALICE, email: 'alice@acme.test', roles: ['org_admin'], lastLoginAt: later },
      { orgId: ACME.tenantId, userId: BOB, email: 'bob@acme.test', roles: ['org_member'], lastLoginAt: later },
      { orgId: GLOBEX.tenantId, userId: GINA, email: 'gina@globex.test', roles: ['org_admin'], lastLoginAt: later },
    ],
  });
});

afterAll(async () => {
  await closeDb?.();
  await issuer?.close();
  await database?.drop();
  vi.unstubAllEnvs();
});

// Nothing here may write an audit event (logins are not recorded: lastLoginAt is ahead).
afterEach(async () => {
  expect(await prisma.auditEvent.count()).toBe(0);
});

type Action = (prev: AdminFormState, data: FormData) => Promise<AdminFormState>;
// A valid submission for each action, so a refusal can only come from authorization.
const cases: [string, () => Action, Record<string, string | string[]>][] = [
  ['change roles', () => members.changeMemberRoles, { userId: BOB, roles: ['org_admin'] }],
  ['remove member', () => members.removeMemberAction, { userId: BOB }],
  ['sync members', () => members.syncMembersAction, {}],
  ['invite', () => invitations.inviteAction, { email: 'new@example.test', roles: ['org_member'] }],
  ['revoke invitation', () => invitations.revokeInvitationAction, { id: 'uinv_abcdefgh12345678' }],
  ['resend invitation', () => invitations.resendInvitationAction, { id: 'uinv_abcdefgh12345678' }],
  ['update organization', () => organization.updateOrganizationAction, { displayName: 'Pwned', logoUrl: '', primaryColor: '#ff0000', pageBackgroundColor: '#ffffff' }],
  ['delete organization', () => organization.deleteOrganizationAction, { confirmSlug: 'acme' }],
];

describe('a member without the admin permissions', () => {
  it.each(cases)('is refused: %s', async (_name, action, fields) => {
    await as(BOB, ACME);
    const state = await action()({}, form(fields));
    expect(state.message).toMatch(/^This needs the (members:manage|org:manage) permission, which your role does not have\.$/);
    expect(state.ok).toBeUndefined();
    expect(await prisma.membership.findUnique({ where: { orgId_userId: { orgId: ACME.tenantId, userId: BOB } } })).toMatchObject({ roles: ['org_member'], removedAt: null });
    expect(await prisma.organization.findUnique({ where: { id: ACME.tenantId } })).toMatchObject({ displayName: 'acme', primaryColor: '#000000' });
  });
});

describe('an admin of another organization', () => {
  it.each(cases)('is refused with their own org’s credentials on this host: %s', async (_name, action, fields) => {
    await as(GINA, GLOBEX, ACME);
    const state = await action()({}, form(fields));
    expect(state.message).toBe('This token is for another organization.');
  });

  it.each(cases)('is refused when claiming this org without being its member: %s', async (_name, action, fields) => {
    await as(GINA, ACME);
    const state = await action()({}, form(fields));
    expect(state.message).toBe('You are no longer a member of this organization.');
    expect(await prisma.membership.count({ where: { orgId: ACME.tenantId, userId: GINA } })).toBe(0);
  });
});

describe('bad input gives field errors, before anything is changed', () => {
  const bad: [string, () => Action, Record<string, string | string[]>, Record<string, RegExp>][] = [
    ['roles: none chosen', () => members.changeMemberRoles, { userId: BOB }, { roles: /Choose at least one role/ }],
    ['roles: unknown role', () => members.changeMemberRoles, { userId: BOB, roles: ['superuser'] }, { roles: /Unknown role/ }],
    ['roles: no member', () => members.changeMemberRoles, { roles: ['org_member'] }, { userId: /Member is required/ }],
    ['remove: no member', () => members.removeMemberAction, {}, { userId: /Member is required/ }],
    ['invite: empty', () => invitations.inviteAction, {}, { email: /Email is required/, roles: /Choose at least one role/ }],
    ['invite: bad email', () => invitations.inviteAction, { email: 'not-an-email', roles: ['org_member'] }, { email: /valid email/ }],
    ['invite: already a member', () => invitations.inviteAction, { email: 'BOB@acme.test', roles: ['org_member'] }, { email: /already a member/ }],
    ['revoke: no id', () => invitations.revokeInvitationAction, {}, { id: /Invitation is required/ }],
    ['resend: no id', () => invitations.resendInvitationAction, {}, { id: /Invitation is required/ }],
    ['organization: everything wrong', () => organization.updateOrganizationAction,
      { displayName: '  ', logoUrl: 'http://evil.example/logo.png', primaryColor: 'red', pageBackgroundColor: '#12345' },
      { displayName: /required/, logoUrl: /https/, primaryColor: /#4f46e5/, pageBackgroundColor: /#4f46e5/ }],
    ['organization: javascript: logo', () => organization.updateOrganizationAction,
      { displayName: 'Acme', logoUrl: 'javascript:alert(1)', primaryColor: '#000000', pageBackgroundColor: '#ffffff' }, { logoUrl: /https/ }],
    ['organization: missing colours', () => organization.updateOrganizationAction, { displayName: 'Acme' }, { primaryColor: /required/, pageBackgroundColor: /required/ }],
    ['delete: empty confirmation', () => organization.deleteOrganizationAction, { confirmSlug: '' }, { confirmSlug: /Type the organization address/ }],
    ['delete: wrong slug', () => organization.deleteOrganizationAction, { confirmSlug: 'globex' }, { confirmSlug: /Type acme exactly/ }],
  ];
  it.each(bad)('%s', async (_name, action, fields, expected) => {
    await as(ALICE, ACME);
    const state = await action()({}, form(fields));
    expect(state.ok).toBeUndefined();
    for (const [field, pattern] of Object.entries(expected)) expect(state.fields?.[field]).toMatch(pattern);
    expect(await prisma.organization.findUnique({ where: { id: ACME.tenantId } })).toMatchObject({ displayName: 'acme' });
  });

  it('tenant id and address cannot be changed through the settings form', async () => {
    await as(ALICE, ACME);
    // Extra fields are ignored: only the four settings are read. With valid settings the
    // action goes on to Auth0 (unreachable here), so it stops with a plain message.
    const state = await organization.updateOrganizationAction({}, form({ displayName: 'Acme', primaryColor: '#000000', pageBackgroundColor: '#ffffff', id: 'ten_globex', slug: 'evil', tenantId: 'x', metadata: '{"tenantId":"x"}' }));
    expect(state.ok).toBeUndefined();
    expect(state.message).toMatch(/Auth0/);
    expect(state.message).not.toMatch(/\bat\b.*\(|Error:/);
    expect(await prisma.organization.findUnique({ where: { id: ACME.tenantId } })).toMatchObject({ id: ACME.tenantId, slug: 'acme', displayName: 'acme' });
  });
});
