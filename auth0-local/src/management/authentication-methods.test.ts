// A user's MFA factors and tickets through the official `auth0` v7 ManagementClient: listing and
// removing authentication methods, Guardian enrollments, enrollment and password-change tickets,
// recovery code regeneration; each refused without the scope Auth0 requires, changing nothing.
import { ManagementClient } from 'auth0';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { enrolTotp, newTotpSecret } from '../mfa';
import { verifyPassword } from '../store';
import { liveTicket } from '../tickets';
import { httpFetch, startHarness, stateAfter, type Harness } from '../../testing/management-api-harness';

let h: Harness;
const fail = <T>(p: Promise<T>) => p.then(() => { throw new Error('expected a failure'); }, (e: any) => e);
const BOB = 'auth0|000000000000000000000001';

/** The SDK with a token carrying exactly these scopes. */
async function sdk(scope: string): Promise<ManagementClient> {
  return new ManagementClient({ domain: h.domain, token: await h.token(scope), fetch: httpFetch(h.port), maxRetries: 0 });
}

async function enrolBob(): Promise<string> {
  return enrolTotp(h.store, BOB, newTotpSecret(), 1, new Date().toISOString());
}

beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });
beforeEach(() => {
  h.store.mutate((s) => { s.authenticationMethods = []; s.tickets = []; s.outbox = []; });
  expect(h.store.userById(BOB)?.email).toBe('bob@acme.test');
});

describe('authentication methods', () => {
  test('list (authenticators page), get, delete one, delete all: secrets never leave the tenant', async () => {
    await enrolBob();
    const mc = await sdk('read:authentication_methods delete:authentication_methods read:users');
    const page = await mc.users.authenticationMethods.list(BOB);
    const methods = page.data;
    expect(methods.map((m) => m.type).sort()).toEqual(['recovery-code', 'totp']);
    const totp = methods.find((m) => m.type === 'totp')!;
    expect(totp).toMatchObject({ id: expect.stringMatching(/^totp\|dev_[A-Za-z0-9]{16}$/), confirmed: true, created_at: expect.any(String) });
    expect(JSON.stringify(methods)).not.toMatch(/secret|code_hash|last_step/);
    expect(await mc.users.authenticationMethods.get(BOB, totp.id)).toMatchObject({ id: totp.id, type: 'totp' });

    // Guardian's view of the same factor.
    const enrollments = await mc.users.enrollments.get(BOB);
    expect(enrollments).toEqual([expect.objectContaining({ id: totp.id.slice('totp|'.length), status: 'confirmed', type: 'authenticator', auth_method: 'authenticator' })]);

    // Removing the only factor removes the recovery code too.
    await mc.users.authenticationMethods.delete(BOB, totp.id);
    expect((await mc.users.authenticationMethods.list(BOB)).data).toEqual([]);
    expect((await fail(mc.users.authenticationMethods.delete(BOB, totp.id))).statusCode).toBe(404);

    await enrolBob();
    await mc.users.authenticationMethods.deleteAll(BOB);
    expect(h.store.authenticationMethodsOf(BOB)).toEqual([]);
    expect((await fail(mc.users.authenticationMethods.list('auth0|nobody'))).statusCode).toBe(404);
  });

  test('each endpoint needs its scope (403 insufficient_scope, nothing changed)', async () => {
    await enrolBob();
    const totpId = h.store.authenticationMethodsOf(BOB).find((m) => m.type === 'totp')!.id;
    const none = await sdk('read:users');
    const calls: [string, () => Promise<unknown>][] = [
      ['read:authentication_methods', () => none.users.authenticationMethods.list(BOB)],
      ['delete:authentication_methods', () => none.users.authenticationMethods.delete(BOB, totpId)],
      ['delete:authentication_methods', () => none.users.authenticationMethods.deleteAll(BOB)],
      ['delete:guardian_enrollments', () => none.guardian.enrollments.delete(totpId.slice('totp|'.length))],
      ['create:guardian_enrollment_tickets', () => none.guardian.enrollments.createTicket({ user_id: BOB })],
      ['update:users', () => none.users.regenerateRecoveryCode(BOB)],
      ['create:user_tickets', () => none.tickets.changePassword({ user_id: BOB })],
    ];
    for (const [scope, call] of calls) {
      const { changed, error } = await stateAfter(h.store, call);
      expect(changed, scope).toBe(false);
      expect((error as any)?.statusCode, scope).toBe(403);
      expect((error as any).body, scope).toMatchObject({ errorCode: 'insufficient_scope', message: expect.stringContaining(scope) });
    }
    const noRead = await sdk('read:authentication_methods');
    expect((await fail(noRead.users.enrollments.get(BOB))).statusCode).toBe(403);
  });
});

describe('Guardian enrollments and recovery codes', () => {
  test('delete an enrollment by id; regenerate the recovery code (only with an enrollment)', async () => {
    const mc = await sdk('delete:guardian_enrollments read:guardian_enrollments update:users');
    expect((await fail(mc.users.regenerateRecoveryCode(BOB))).statusCode).toBe(400);
    const first = await enrolBob();
    const { recovery_code } = await mc.users.regenerateRecoveryCode(BOB);
    expect(recovery_code).toMatch(/^[A-Z0-9]{24}$/);
    expect(recovery_code).not.toBe(first);
    const stored = h.store.authenticationMethodsOf(BOB).find((m) => m.type === 'recovery-code')!;
    expect(await verifyPassword(recovery_code!, stored.code_hash)).toBe(true);
    expect(await verifyPassword(first, stored.code_hash)).toBe(false);

    const enrollmentId = h.store.authenticationMethodsOf(BOB).find((m) => m.type === 'totp')!.id.slice('totp|'.length);
    expect(await mc.guardian.enrollments.get(enrollmentId)).toMatchObject({ id: enrollmentId, status: 'confirmed' });
    await mc.guardian.enrollments.delete(enrollmentId);
    expect(h.store.authenticationMethodsOf(BOB)).toEqual([]);
    expect((await fail(mc.guardian.enrollments.delete(enrollmentId))).statusCode).toBe(404);
  });

  test('enrollment ticket: { ticket_id, ticket_url }, mailed only when asked; unknown user 404; other factors 400', async () => {
    const mc = await sdk('create:guardian_enrollment_tickets');
    const t = await mc.guardian.enrollments.createTicket({ user_id: BOB });
    expect(t.ticket_url).toBe(`${h.url}/guardian/enroll?ticket=${t.ticket_id}`);
    expect(liveTicket(h.store, t.ticket_id!, 'guardian_enrollment', Date.now() / 1000)?.user_id).toBe(BOB);
    expect(h.store.state.outbox).toEqual([]);
    await mc.guardian.enrollments.createTicket({ user_id: BOB, send_mail: true });
    expect(h.store.state.outbox).toEqual([expect.objectContaining({ kind: 'mfa_enrollment', to: 'bob@acme.test' })]);
    expect((await fail(mc.guardian.enrollments.createTicket({ user_id: 'auth0|nobody' }))).statusCode).toBe(404);
    expect((await fail(mc.guardian.enrollments.createTicket({ user_id: BOB, factor: 'phone' }))).statusCode).toBe(400);
  });
});

describe('password-change tickets', () => {
  test('{ ticket } for a database user, by user_id or email + connection_id; refusals', async () => {
    const mc = await sdk('create:user_tickets');
    const { ticket } = await mc.tickets.changePassword({ user_id: BOB, result_url: 'http://localhost:3000/account', ttl_sec: 600 });
    const id = new URL(ticket).searchParams.get('ticket')!;
    expect(ticket).toBe(`${h.url}/u/reset-password/change?ticket=${id}`);
    const stored = liveTicket(h.store, id, 'password_change', Date.now() / 1000)!;
    expect(stored).toMatchObject({ user_id: BOB, result_url: 'http://localhost:3000/account' });
    expect(stored.expires_at).toBeLessThanOrEqual(Date.now() / 1000 + 601);
    expect(stored.mark_email_as_verified).toBeUndefined();

    const db = h.store.connectionByName('Username-Password-Authentication')!;
    const byEmail = await mc.tickets.changePassword({ email: 'bob@acme.test', connection_id: db.id });
    expect(byEmail.ticket).toContain('/u/reset-password/change?ticket=');

    expect((await fail(mc.tickets.changePassword({}))).statusCode).toBe(400);
    expect((await fail(mc.tickets.changePassword({ user_id: BOB, email: 'bob@acme.test' }))).statusCode).toBe(400);
    expect((await fail(mc.tickets.changePassword({ user_id: 'auth0|nobody' }))).statusCode).toBe(404);
    expect((await fail(mc.tickets.changePassword({ user_id: BOB, result_url: 'not a url' }))).statusCode).toBe(400);
    expect((await fail(mc.tickets.changePassword({ user_id: BOB, result_url: 'http://localhost:3000/', client_id: 'tenantry-local-app' }))).statusCode).toBe(400);
    expect((await fail(mc.tickets.changePassword({ user_id: BOB, client_id: 'no-such-client' }))).statusCode).toBe(404);
    expect((await fail(mc.tickets.changePassword({ user_id: BOB, organization_id: 'org_nope' }))).statusCode).toBe(404);
    expect((await fail(mc.tickets.changePassword({ email: 'nobody@acme.test', connection_id: db.id }))).statusCode).toBe(404);
    // Enterprise (SSO) users have no password here.
    h.store.mutate((s) => {
      s.users.push({ ...structuredClone(s.users.find((u) => u.user_id === BOB)!), user_id: 'samlp|acme-sso|bob', connection: 'acme-sso', identities: [] });
      s.connections.push({ id: 'con_acmesso000000000', name: 'acme-sso', strategy: 'samlp', options: {}, enabled_clients: [], realms: ['acme-sso'] });
    });
    expect((await fail(mc.tickets.changePassword({ user_id: 'samlp|acme-sso|bob' }))).statusCode).toBe(400);
    expect(h.store.state.tickets).toHaveLength(2); // only the two above were made
  });
});
