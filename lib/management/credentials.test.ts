// The credentials gateway against the local tenant's Management API (in process): factors
// listed and removed, the enrolment and password-change tickets, and Auth0's refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';
import { enrolTotp, newTotpSecret } from '@/auth0-local/src/mfa';

let w: World;
let credentials: typeof import('@/lib/management/credentials');
let errors: typeof import('@/lib/management/errors');

beforeAll(async () => {
  w = await startWorld();
  credentials = await import('@/lib/management/credentials');
  errors = await import('@/lib/management/errors');
});
afterAll(async () => w?.close());

const methodsOf = (userId: string) => w.harness.store.state.authenticationMethods.filter((m) => m.user_id === userId);

describe('factors', () => {
  it('lists a person’s authenticator app and recovery code; removing the app removes both', async () => {
    const id = w.addUser('fay@acme.test', { name: 'Fay', emailVerified: true });
    expect(await credentials.listFactors(id)).toEqual([]);
    await enrolTotp(w.harness.store, id, newTotpSecret(), 1, new Date().toISOString());
    const factors = await credentials.listFactors(id);
    expect(factors.map((f) => f.type).sort()).toEqual(['recovery-code', 'totp']);
    const app = factors.find((f) => f.type === 'totp')!;
    expect(app).toMatchObject({ name: 'Authenticator app', confirmed: true, createdAt: expect.any(String) });

    await credentials.removeFactor(id, app.id);
    expect(methodsOf(id)).toEqual([]);
    expect(await credentials.listFactors(id)).toEqual([]);
  });

  it('removing a factor that is not the person’s is Auth0’s 404, and removes nothing', async () => {
    const mine = w.addUser('gus@acme.test', { name: 'Gus', emailVerified: true });
    const other = w.addUser('hal@acme.test', { name: 'Hal', emailVerified: true });
    await enrolTotp(w.harness.store, other, newTotpSecret(), 1, new Date().toISOString());
    const theirs = methodsOf(other).find((m) => m.type === 'totp')!;
    const error = await credentials.removeFactor(mine, theirs.id).catch((e: unknown) => e);
    expect(errors.isNotFound(error)).toBe(true);
    expect(methodsOf(other)).toHaveLength(2);
  });
});

describe('tickets', () => {
  it('an enrolment ticket is a link to the tenant’s enrolment page for this person', async () => {
    const id = w.addUser('ivy@acme.test', { name: 'Ivy', emailVerified: true });
    const url = new URL(await credentials.authenticatorEnrollmentUrl(id));
    expect(url.origin).toBe(w.harness.url);
    const ticket = w.harness.store.state.tickets.find((t) => t.id === url.searchParams.get('ticket'));
    expect(ticket).toMatchObject({ kind: 'guardian_enrollment', user_id: id });
  });

  it('a password-change ticket returns to the given address, for database users only', async () => {
    const id = w.addUser('jo@acme.test', { name: 'Jo', emailVerified: true });
    const url = await credentials.passwordChangeUrl(id, 'http://localhost:3000/account?password=changed');
    const ticket = w.harness.store.state.tickets.find((t) => url.includes(t.id));
    expect(ticket).toMatchObject({ kind: 'password_change', user_id: id, result_url: 'http://localhost:3000/account?password=changed' });

    const sso = w.addUser('kim@corp.test', { name: 'Kim', emailVerified: true, sso: 'corp-saml' });
    const refused = await credentials.passwordChangeUrl(sso, 'http://localhost:3000/account').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(errors.ManagementApiError);
    expect((refused as InstanceType<typeof errors.ManagementApiError>).status).toBe(400);
  });
});
