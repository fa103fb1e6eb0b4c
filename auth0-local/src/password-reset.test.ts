// Password reset: the Authentication API endpoint, the "Forgot your password?" pages, the
// outbox mail, and single-use tickets; no answer reveals whether an address has an account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalTenant } from './server.js';
import { Browser, decodeEntities } from '../testing/browser.js';
import { APP, managementClient, startTenant } from '../testing/local-tenant.js';
import { callbackParams, startLogin, submitLogin } from '../testing/sign-in.js';

let tenant: LocalTenant;
beforeAll(async () => { tenant = await startTenant(); });
afterAll(async () => { await tenant.close(); });

const mails = async (to: string) =>
  ((await (await fetch(`${tenant.url}/__local/outbox?to=${encodeURIComponent(to)}`)).json()) as { mails: { kind: string; link?: string }[] }).mails.filter((m) => m.kind === 'password_reset');

const changePassword = (body: Record<string, string>) =>
  fetch(`${tenant.url}/dbconnections/change_password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /dbconnections/change_password', () => {
  it('mails a reset link to an existing account and answers the same for an unknown address', async () => {
    const known = await changePassword({ client_id: APP.clientId, email: 'bob@acme.test', connection: 'Username-Password-Authentication' });
    const unknown = await changePassword({ client_id: APP.clientId, email: 'nobody@acme.test', connection: 'Username-Password-Authentication' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(await known.text()).toBe(await unknown.text());
    expect(await mails('bob@acme.test')).toHaveLength(1);
    expect(await mails('nobody@acme.test')).toHaveLength(0);
  });

  it('refuses an unknown client, a missing email and a connection that is not a database connection', async () => {
    expect((await changePassword({ client_id: 'nope', email: 'bob@acme.test' })).status).toBe(400);
    expect((await changePassword({ client_id: APP.clientId, email: '' })).status).toBe(400);
    const res = await changePassword({ client_id: APP.clientId, email: 'bob@acme.test', connection: 'no-such-connection' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('the reset link', () => {
  it('sets a new password once (policy enforced), after which the old one fails and the new one works', async () => {
    const browser = new Browser();
    const form = await browser.fetch(`${tenant.url}/u/reset-password?client_id=${APP.clientId}`);
    expect(form.status).toBe(200);
    const sent = await browser.submit(form, { email: 'dave@globex.test' }, 'http://never/');
    expect(sent.body).toContain('Check your email');
    const [mail] = await mails('dave@globex.test');
    const link = mail!.link!;

    const change = await browser.fetch(link);
    expect(change.status).toBe(200);
    const weak = await browser.submit(change, { password: 'short', confirm: 'short' }, 'http://never/');
    expect(weak.status).toBe(400);
    expect(decodeEntities(weak.body)).toMatch(/At least 10 characters|too short|at least/i);
    const mismatch = await browser.submit(change, { password: 'Brand-new-Passw0rd', confirm: 'Brand-new-Passw0rd!' }, 'http://never/');
    expect(mismatch.body).toContain('The two passwords do not match.');
    const done = await browser.submit(change, { password: 'Brand-new-Passw0rd', confirm: 'Brand-new-Passw0rd' }, 'http://never/');
    expect(done.status).toBe(200);
    expect(done.body).toContain('Password changed');

    // Used once: the same link is refused now.
    const again = await browser.fetch(link);
    expect(again.status).toBe(400);
    expect(again.body).toContain('invalid, expired or was already used');

    const oldPassword = await submitLogin(await startLogin(tenant), 'dave@globex.test');
    expect(oldPassword.status).toBe(400);
    const newPassword = await submitLogin(await startLogin(tenant), 'dave@globex.test', 'Brand-new-Passw0rd');
    expect(callbackParams(newPassword).get('code')).toBeTruthy();
  });

  it('refuses a made-up or malformed ticket with a clear page', async () => {
    for (const ticket of ['a'.repeat(32), '<script>', '']) {
      const res = await fetch(`${tenant.url}/u/reset-password/change?ticket=${encodeURIComponent(ticket)}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This link cannot be used');
    }
  });
});

describe('POST /api/v2/tickets/password-change', () => {
  it('opens the same page; the address is verified only with mark_email_as_verified; expiry on the tenant clock', async () => {
    // The app's M2M grant gets create:user_tickets when the app uses it; here the test grants it.
    tenant.store.mutate((s) => { s.clientGrants.find((g) => g.client_id === 'tenantry-local-m2m')!.scope.push('create:user_tickets'); });
    const mc = managementClient(tenant);
    const carol = tenant.store.usersByEmail('carol@example.test')[0]!;
    tenant.store.mutate((s) => { s.users.find((u) => u.user_id === carol.user_id)!.email_verified = false; });
    const { ticket } = await mc.tickets.changePassword({ user_id: carol.user_id, result_url: 'http://localhost:3000/account' });
    expect(ticket.startsWith(`${tenant.url}/u/reset-password/change?ticket=`)).toBe(true);

    const browser = new Browser();
    const change = await browser.fetch(ticket);
    expect(change.status).toBe(200);
    const done = await browser.submit(change, { password: 'Ticket-Passw0rd-1', confirm: 'Ticket-Passw0rd-1' }, 'http://never/');
    expect(done.body).toContain('Password changed');
    expect(decodeEntities(done.body)).toContain('href="http://localhost:3000/account"');
    expect(tenant.store.userById(carol.user_id)!.email_verified).toBe(false);
    expect(callbackParams(await submitLogin(await startLogin(tenant), 'carol@example.test', 'Ticket-Passw0rd-1')).get('code')).toBeTruthy();

    const verified = await mc.tickets.changePassword({ user_id: carol.user_id, mark_email_as_verified: true, ttl_sec: 60 });
    const page = await browser.fetch(verified.ticket);
    await browser.submit(page, { password: 'Ticket-Passw0rd-2', confirm: 'Ticket-Passw0rd-2' }, 'http://never/');
    expect(tenant.store.userById(carol.user_id)!.email_verified).toBe(true);

    const short = await mc.tickets.changePassword({ user_id: carol.user_id, ttl_sec: 60 });
    await fetch(`${tenant.url}/__local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offset_seconds: 120 }) });
    try {
      expect((await browser.fetch(short.ticket)).status).toBe(400);
    } finally {
      await fetch(`${tenant.url}/__local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offset_seconds: 0 }) });
    }
  });
});

describe('the login page', () => {
  it('links to the reset page for the application', async () => {
    const { page } = await startLogin(tenant);
    const href = decodeEntities(/href="([^"]*reset-password[^"]*)"/.exec(page.body)?.[1] ?? '');
    expect(href).toBe(`/u/reset-password?client_id=${APP.clientId}`);
    expect((await fetch(new URL(href, tenant.url))).status).toBe(200);
  });
});
