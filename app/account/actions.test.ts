// The account page's actions against the local tenant's Management API (in process) and a real
// database, run as the browser would call them: the session cookie is the only credential.
// Each guard is here: signed out, bad input (field errors), the last-admin rule for leaving
// and deleting, a factor that is not one's own; and what each action changes and audits.
// The whole local tenant runs (not only its Management API): its Auth0 sessions are real, so
// "sign out everywhere" and "delete my account" are seen ending them.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { form, sessionCookie, startWholeTenantWorld, type World } from '@/lib/testing/world';
import { enrolTotp, newTotpSecret } from '@/auth0-local/src/mfa';
import type { LocalTenant } from '@/auth0-local/src/server';
import { exchange, startLogin, submitLogin } from '@/auth0-local/testing/sign-in';
import type { AccountFormState } from '@/app/account/actions';

const jar = { cookie: '' };
// The request's headers carry the session cookie (currentPerson reads it from them).
vi.mock('next/headers', () => ({ headers: async () => new Headers(jar.cookie ? { cookie: jar.cookie } : {}) }));
vi.mock('next/cache', () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
const redirect = vi.fn();
vi.mock('next/navigation', () => ({ redirect: (url: string) => redirect(url), forbidden: vi.fn(), notFound: vi.fn() }));

let w: World & { tenant: LocalTenant };
let actions: typeof import('@/app/account/actions');
let guard: typeof import('@/lib/admin/guard');

beforeAll(async () => {
  w = await startWholeTenantWorld();
  actions = await import('@/app/account/actions');
  guard = await import('@/lib/admin/guard');
}, 180_000); // a migrated database and the local tenant: slow on a busy machine
afterAll(async () => w?.close());
afterEach(async () => {
  jar.cookie = '';
  redirect.mockReset();
  await w.clearFaults();
});

/** The next action runs with `email`'s session (on the apex). */
async function signedInAs(email: string) {
  jar.cookie = await sessionCookie(w.userId(email), null);
}

const row = (slug: string, userId: string) => w.prisma.membership.findUnique({ where: { tenantId_userId: { tenantId: w.org(slug).id, userId } } });
const auditOf = (slug: string, action: string) => w.prisma.auditEvent.findMany({ where: { tenantId: w.org(slug).id, action }, orderBy: { createdAt: 'asc' } });
const auth0User = (id: string) => w.harness.store.state.users.find((u) => u.user_id === id);
const auth0Member = (slug: string, id: string) => w.harness.store.state.members.some((m) => m.org_id === w.org(slug).auth0OrgId && m.user_id === id);

/** Signs `email` in at the local tenant in a browser of their own: one more Auth0 (SSO) session. */
async function auth0SessionOf(email: string) {
  const started = await startLogin(w.tenant);
  await exchange(started, await submitLogin(started, email));
}

type Action = (prev: AccountFormState, data: FormData) => Promise<AccountFormState>;

describe('signed out', () => {
  const cases: [string, () => Action, Record<string, string>][] = [
    ['rename', () => actions.renameAction, { name: 'Mallory' }],
    ['leave', () => actions.leaveOrganizationAction, { tenantId: 'ten_demo_acme' }],
    ['change password', () => actions.changePasswordAction, {}],
    ['enrol authenticator', () => actions.enrolAuthenticatorAction, {}],
    ['remove factor', () => actions.removeFactorAction, { factorId: 'totp|dev_x' }],
    ['sign out everywhere', () => actions.signOutEverywhereAction, {}],
    ['delete account', () => actions.deleteAccountAction, { confirmEmail: 'alice@acme.test' }],
  ];
  it.each(cases)('is refused, and nothing happens: %s', async (_name, action, fields) => {
    const state = await action()({}, form(fields));
    expect(state).toMatchObject({ message: 'Please sign in.' });
    expect(redirect).not.toHaveBeenCalled();
    expect(await w.prisma.auditEvent.count()).toBe(0);
    expect(await w.prisma.sessionRevocation.count()).toBe(0);
  });

  it('a session ended on the server is signed out too', async () => {
    await signedInAs('dave@globex.test');
    await w.prisma.sessionRevocation.create({ data: { key: `user:${w.userId('dave@globex.test')}`, before: new Date(Date.now() + 1000), expiresAt: new Date(Date.now() + 3600_000) } });
    expect(await actions.renameAction({}, form({ name: 'Mallory' }))).toMatchObject({ message: 'Please sign in.' });
    expect(auth0User(w.userId('dave@globex.test'))!.name).not.toBe('Mallory');
    await w.prisma.sessionRevocation.deleteMany();
  });
});

describe('bad input gives field errors, before anything is changed', () => {
  const bad: [string, () => Action, Record<string, string>, Record<string, RegExp>][] = [
    ['rename: empty', () => actions.renameAction, { name: '  ' }, { name: /Name is required/ }],
    ['rename: too long', () => actions.renameAction, { name: 'x'.repeat(101) }, { name: /at most 100/ }],
    ['leave: no organization', () => actions.leaveOrganizationAction, {}, { tenantId: /Organization is required/ }],
    ['leave: not an id', () => actions.leaveOrganizationAction, { tenantId: "ten'; drop" }, { tenantId: /Not an organization/ }],
    ['leave: not a member there', () => actions.leaveOrganizationAction, { tenantId: 'ten_demo_globex' }, { tenantId: /not a member of this organization/ }],
    ['remove factor: none', () => actions.removeFactorAction, {}, { factorId: /Factor is required/ }],
    ['remove factor: not theirs', () => actions.removeFactorAction, { factorId: 'totp|dev_nothere' }, { factorId: /not enrolled on your account/ }],
    ['delete: nothing typed', () => actions.deleteAccountAction, {}, { confirmEmail: /Type your email address to confirm/ }],
    ['delete: another address', () => actions.deleteAccountAction, { confirmEmail: 'alice@acme.test' }, { confirmEmail: /Type your email address \(bob@acme.test\) exactly/ }],
  ];
  it.each(bad)('%s', async (_name, action, fields, errors) => {
    await signedInAs('bob@acme.test');
    const state = await action()({}, form(fields));
    expect(Object.keys(state.fields ?? {}).sort()).toEqual(Object.keys(errors).sort());
    for (const [field, pattern] of Object.entries(errors)) expect(state.fields![field]).toMatch(pattern);
    expect(auth0User(w.userId('bob@acme.test'))).toMatchObject({ name: expect.not.stringMatching(/^x+$/) });
    expect(await row('acme', w.userId('bob@acme.test'))).toMatchObject({ removedAt: null });
    expect(await w.prisma.auditEvent.count()).toBe(0);
  });

  it('a NUL character is refused before the action runs', async () => {
    await signedInAs('bob@acme.test');
    expect(await actions.renameAction({}, form({ name: 'Bo\u0000b' }))).toMatchObject({ fields: { name: expect.stringMatching(/not allowed/) } });
  });
});

describe('the last-admin rule', () => {
  it('the last admin cannot leave their organization; nothing changes in Auth0 or here', async () => {
    const alice = w.userId('alice@acme.test');
    await signedInAs('alice@acme.test');
    const state = await actions.leaveOrganizationAction({}, form({ tenantId: w.org('acme').id }));
    expect(state.message).toBe(guard.LAST_ADMIN_MESSAGE);
    expect(await row('acme', alice)).toMatchObject({ removedAt: null, roles: ['org_admin'] });
    expect(auth0Member('acme', alice)).toBe(true);
    expect(await auditOf('acme', 'member.left')).toEqual([]);
  });

  it('the last admin of an organization cannot delete their account: the message names it, nothing changes', async () => {
    const carol = w.userId('carol@example.test');
    await signedInAs('carol@example.test');
    const state = await actions.deleteAccountAction({}, form({ confirmEmail: 'carol@example.test' }));
    expect(state.message).toBe('You are the last admin of Globex. Make someone else an admin there first.');
    expect(auth0User(carol)).toBeTruthy();
    expect(await row('acme', carol)).toMatchObject({ removedAt: null });
    expect(await row('globex', carol)).toMatchObject({ removedAt: null });
    expect(await w.prisma.sessionRevocation.count()).toBe(0);
  });

  it('a break-glass admin of an SSO-only organization cannot delete their account or leave it', async () => {
    const carol = w.userId('carol@example.test');
    const dave = w.userId('dave@globex.test');
    const globex = w.org('globex').id;
    const daveBefore = await row('globex', dave);
    // Carol is not the last admin here (Dave is one too), but she is Globex's break-glass admin.
    await w.prisma.membership.update({ where: { tenantId_userId: { tenantId: globex, userId: dave } }, data: { roles: ['org_admin'] } });
    await w.prisma.organization.update({ where: { id: globex }, data: { signInMethods: 'sso_only', breakGlassUserIds: [carol] } });
    try {
      await signedInAs('carol@example.test');
      const deleted = await actions.deleteAccountAction({}, form({ confirmEmail: 'carol@example.test' }));
      expect(deleted.message).toMatch(/break-glass admin of Globex/);
      const left = await actions.leaveOrganizationAction({}, form({ tenantId: globex }));
      expect(left.message).toBe(guard.BREAK_GLASS_MESSAGE);
      expect(auth0User(carol)).toBeTruthy();
      expect(await row('globex', carol)).toMatchObject({ removedAt: null, roles: ['org_admin'] });
      expect(auth0Member('globex', carol)).toBe(true);
    } finally {
      await w.prisma.organization.update({ where: { id: globex }, data: { signInMethods: 'any', breakGlassUserIds: [] } });
      await w.prisma.membership.update({ where: { tenantId_userId: { tenantId: globex, userId: dave } }, data: { roles: daveBefore!.roles } });
    }
  });
});

describe('what each action does', () => {
  it('rename: the name in Auth0 and on each organization’s members page', async () => {
    const dave = w.userId('dave@globex.test');
    await signedInAs('dave@globex.test');
    expect(await actions.renameAction({}, form({ name: '  David Renamed ' }))).toMatchObject({ ok: true, message: 'Name saved.' });
    expect(auth0User(dave)!.name).toBe('David Renamed');
    expect(await row('globex', dave)).toMatchObject({ name: 'David Renamed' });
  });

  it('leave: out of the organization in Auth0 and here, audited in that organization', async () => {
    const carol = w.userId('carol@example.test');
    await signedInAs('carol@example.test');
    expect(await actions.leaveOrganizationAction({}, form({ tenantId: w.org('acme').id }))).toMatchObject({ ok: true, message: 'You left Acme Corp.' });
    expect((await row('acme', carol))!.removedAt).toBeInstanceOf(Date);
    expect(auth0Member('acme', carol)).toBe(false);
    expect(auth0Member('globex', carol)).toBe(true);
    expect(await auditOf('acme', 'member.left')).toEqual([expect.objectContaining({ actor: carol, target: carol })]);
  });

  it('password: a ticket for a database user, back to the account page; refused for an SSO user', async () => {
    await signedInAs('dave@globex.test');
    await actions.changePasswordAction({}, form({}));
    const url = redirect.mock.calls[0]![0] as string;
    expect(url.startsWith(`${w.harness.url}/`)).toBe(true);
    const ticket = w.harness.store.state.tickets.find((t) => url.includes(t.id))!;
    expect(ticket).toMatchObject({ kind: 'password_change', user_id: w.userId('dave@globex.test') });
    expect(ticket.result_url).toMatch(/\/account\?password=changed$/);

    redirect.mockReset();
    const sso = w.addUser('sam@corp.test', { name: 'Sam', emailVerified: true, sso: 'corp-saml' });
    jar.cookie = await sessionCookie(sso, null);
    expect(await actions.changePasswordAction({}, form({}))).toMatchObject({ message: expect.stringMatching(/company’s identity provider/) });
    expect(redirect).not.toHaveBeenCalled();
  });

  it('authenticator: an enrolment ticket for the person; refused while they have one; their factor removed', async () => {
    const dave = w.userId('dave@globex.test');
    await signedInAs('dave@globex.test');
    await actions.enrolAuthenticatorAction({}, form({}));
    const url = new URL(redirect.mock.calls[0]![0] as string);
    expect(url.pathname).toBe('/guardian/enroll');
    expect(w.harness.store.state.tickets.find((t) => t.id === url.searchParams.get('ticket'))).toMatchObject({ kind: 'guardian_enrollment', user_id: dave });

    redirect.mockReset();
    await enrolTotp(w.harness.store, dave, newTotpSecret(), 1, new Date().toISOString());
    expect(await actions.enrolAuthenticatorAction({}, form({}))).toMatchObject({ message: expect.stringMatching(/already have an authenticator app/) });
    expect(redirect).not.toHaveBeenCalled();

    // Someone else's factor id is not theirs to remove, even when it exists.
    const app = w.harness.store.state.authenticationMethods.find((m) => m.user_id === dave && m.type === 'totp')!;
    await signedInAs('bob@acme.test');
    expect(await actions.removeFactorAction({}, form({ factorId: app.id }))).toMatchObject({ fields: { factorId: expect.any(String) } });
    await signedInAs('dave@globex.test');
    expect(await actions.removeFactorAction({}, form({ factorId: app.id }))).toMatchObject({ ok: true });
    expect(w.harness.store.state.authenticationMethods.filter((m) => m.user_id === dave)).toEqual([]);
  });

  it('sign out everywhere: every session of the person ends, their Auth0 sessions on every device too, then the browser signs out', async () => {
    const dave = w.userId('dave@globex.test');
    await auth0SessionOf('dave@globex.test');
    await auth0SessionOf('dave@globex.test');
    await auth0SessionOf('alice@acme.test');
    expect(w.tenant.sessionsOf(dave)).toHaveLength(2);
    await signedInAs('dave@globex.test');
    await actions.signOutEverywhereAction({}, form({}));
    expect(w.tenant.sessionsOf(dave)).toEqual([]);
    expect(w.tenant.sessionsOf(w.userId('alice@acme.test'))).toHaveLength(1);
    expect(redirect).toHaveBeenCalledWith(expect.stringMatching(/^\/auth\/logout\?returnTo=/));
    expect(await w.prisma.sessionRevocation.findUnique({ where: { key: `user:${dave}` } })).toBeTruthy();
    // The session that asked is one of them.
    expect(await actions.renameAction({}, form({ name: 'After' }))).toMatchObject({ message: 'Please sign in.' });
  });

  it('delete: when Auth0 fails, the memberships are put back (and the attempt is in the log)', async () => {
    const bob = w.userId('bob@acme.test');
    await signedInAs('bob@acme.test');
    await w.fault({ path: '/^\\/api\\/v2\\/users\\//', method: 'DELETE', status: 500 });
    const state = await actions.deleteAccountAction({}, form({ confirmEmail: 'bob@acme.test' }));
    expect(state.message).toMatch(/Auth0 is not answering/);
    expect(auth0User(bob)).toBeTruthy();
    expect(await row('acme', bob)).toMatchObject({ removedAt: null });
    expect((await auditOf('acme', 'member.account_deletion_failed')).length).toBe(1);
    expect(await w.prisma.sessionRevocation.findUnique({ where: { key: `user:${bob}` } })).toBeNull();
  });

  it('delete: the Auth0 user, the memberships (audited in each organization) and the sessions (Auth0’s too) are gone', async () => {
    const bob = w.userId('bob@acme.test');
    await auth0SessionOf('bob@acme.test');
    expect(w.tenant.sessionsOf(bob)).toHaveLength(1);
    await signedInAs('bob@acme.test');
    const state = await actions.deleteAccountAction({}, form({ confirmEmail: ' BOB@acme.test ' }));
    expect(state).toMatchObject({ ok: true });
    expect(redirect).toHaveBeenCalledWith(expect.stringMatching(/^\/auth\/logout\?returnTo=.*%2F%3Faccount%3Ddeleted$/));
    expect(auth0User(bob)).toBeUndefined();
    expect(w.tenant.sessionsOf(bob)).toEqual([]);
    expect((await row('acme', bob))!.removedAt).toBeInstanceOf(Date);
    // The attempt that failed above is in the log too, followed by its undoing.
    const deleted = await auditOf('acme', 'member.account_deleted');
    expect(deleted).toHaveLength(2);
    expect(deleted.at(-1)).toMatchObject({ actor: bob, target: bob, details: { email: 'bob@acme.test', roles: ['org_member'] } });
    expect(await w.prisma.sessionRevocation.findUnique({ where: { key: `user:${bob}` } })).toBeTruthy();
  });

  it('sign out everywhere, Auth0 refusing (a grant without delete:sessions; last: the app keeps the narrower token): the app sessions end all the same, the message says other devices may stay signed in at Auth0', async () => {
    const carol = w.userId('carol@example.test');
    await auth0SessionOf('carol@example.test');
    const appGrant = (s: typeof w.harness.store.state) => s.clientGrants.find((g) => g.client_id === 'tenantry-local-m2m' && g.audience === w.harness.managementAudience)!;
    w.harness.store.mutate((s) => { appGrant(s).scope = appGrant(s).scope.filter((x) => x !== 'delete:sessions'); });
    // The app holds a token issued with the scope: one 401 makes it fetch a new one, which lacks it.
    await w.fault({ path: '/^\\/api\\/v2\\/users\\/[^/]+\\/sessions$/', method: 'DELETE', status: 401, times: 1 });
    try {
      await signedInAs('carol@example.test');
      const state = await actions.signOutEverywhereAction({}, form({}));
      expect(state).toMatchObject({ message: expect.stringMatching(/signed out of Tenantry on every device.*not allowed to end Auth0 sessions.*other devices may stay signed in at Auth0 until they sign out/) });
      expect(state.ok).toBeFalsy();
      expect(redirect).not.toHaveBeenCalled();
      expect(await w.prisma.sessionRevocation.findUnique({ where: { key: `user:${carol}` } })).toBeTruthy();
      expect(w.tenant.sessionsOf(carol)).toHaveLength(1);
    } finally {
      w.harness.store.mutate((s) => { appGrant(s).scope.push('delete:sessions'); });
    }
  });
});
