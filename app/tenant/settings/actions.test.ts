// Every settings server action authorizes on its own: a non-admin member and a member of
// another organization are refused before anything happens, and bad input on every form
// comes back as field errors. Runs the real actions, authorize() and database; the caller's
// credential is a bearer token from a stand-in issuer, and the request headers are what
// middleware would set for the tenant host.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACME, ALICE, BOB, GINA, GLOBEX, as, form, request, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import type { AdminFormState } from '@/lib/handlers/authorized-action';

vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock('next/cache', () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn(), forbidden: vi.fn(), notFound: vi.fn() }));

let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let members: typeof import('@/app/tenant/settings/members/actions');
let invitations: typeof import('@/app/tenant/settings/invitations/actions');
let organization: typeof import('@/app/tenant/settings/organization/actions');

beforeAll(async () => {
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '0' } }));
  members = await import('@/app/tenant/settings/members/actions');
  invitations = await import('@/app/tenant/settings/invitations/actions');
  organization = await import('@/app/tenant/settings/organization/actions');
  await seedAcmeAndGlobex(prisma, { primaryColor: '#000000' });
});

afterAll(stopWorld);

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
    expect(await prisma.membership.findUnique({ where: { tenantId_userId: { tenantId: ACME.tenantId, userId: BOB } } })).toMatchObject({ roles: ['org_member'], removedAt: null });
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
    expect(await prisma.membership.count({ where: { tenantId: ACME.tenantId, userId: GINA } })).toBe(0);
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

  it('a save with Auth0 unreachable ends in a plain message and changes nothing', async () => {
    await as(ALICE, ACME);
    // Auth0 is unreachable here, so this stops before any write. That the slug, id and
    // metadata cannot be changed is proven where the write happens: organization/actions.test.ts.
    const state = await organization.updateOrganizationAction({}, form({ displayName: 'Acme', primaryColor: '#000000', pageBackgroundColor: '#ffffff', id: 'ten_globex', slug: 'evil', tenantId: 'x', metadata: '{"tenantId":"x"}' }));
    expect(state.ok).toBeUndefined();
    expect(state.message).toMatch(/Auth0/);
    expect(state.message).not.toMatch(/\bat\b.*\(|Error:/);
    expect(await prisma.organization.findUnique({ where: { id: ACME.tenantId } })).toMatchObject({ id: ACME.tenantId, slug: 'acme', displayName: 'acme' });
  });
});
