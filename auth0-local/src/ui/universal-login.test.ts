// Universal Login pages (accessibility basics, branding, sign-up and its password policy,
// throttling), the outbox, the clock, reset, and persistence across a restart.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalTenant } from '../server.js';
import { passwordPolicyErrors } from './routes.js';
import { urlAllowed } from '../urls.js';
import { API, APP, decode, PASSWORD, startTenant } from '../../testing/local-tenant.js';
import { callbackParams, exchange, login, startLogin, submitLogin } from '../../testing/sign-in.js';

let tenant: LocalTenant;
let acmeId: string;

beforeAll(async () => {
  tenant = await startTenant({ throttle: { maxFailures: 3, windowSeconds: 600, blockSeconds: 900 } });
  acmeId = tenant.store.orgByName('acme')!.id;
});
afterAll(() => tenant?.close());

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('login page', () => {
  it('is plain accessible HTML with Auth0\'s ids, and shows the organization\'s branding', async () => {
    tenant.store.mutate((s) => { s.organizations.find((o) => o.id === acmeId)!.branding!.logo_url = 'https://cdn.example/acme.png'; });
    const started = await startLogin(tenant, { organization: acmeId, login_hint: 'bob@acme.test' });
    const body = started.page.body;
    expect(started.page.status).toBe(200);
    expect(started.page.url).toContain('/u/login?state=');
    expect(count(body, /<h1>/g)).toBe(1);
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('<label for="username">');
    expect(body).toContain('<label for="password">');
    expect(body).toMatch(/<input type="email" id="username" name="username"[^>]*value="bob@acme.test"/);
    expect(body).toMatch(/<input type="password" id="password"/);
    expect(body).toMatch(/<button type="submit"[^>]*>Continue<\/button>/);
    expect(body).toContain('/u/signup?state=');
    expect(body).toContain('<img src="https://cdn.example/acme.png" alt="Acme Corp logo"');
    expect(body).toContain('--primary: #4f46e5');
    expect(body).toContain('--page: #f8fafc');
    expect(body).not.toContain('<script');
  });

  it('announces a wrong password with role=alert and does not log in', async () => {
    const started = await startLogin(tenant, { organization: acmeId });
    const page = await submitLogin(started, 'bob@acme.test', 'not-the-password');
    expect(page.status).toBe(400);
    expect(page.body).toMatch(/<div class="alert" role="alert" id="error">Wrong email or password.<\/div>/);
    expect(page.body).toContain('aria-invalid="true"');
  });

  it('throttles repeated failures per account, without telling whether the account exists', async () => {
    const failThrice = async (email: string) => {
      const started = await startLogin(tenant, { organization: acmeId });
      let page = started.page;
      for (let i = 0; i < 3; i++) page = await started.browser.submit(page, { username: email, password: 'wrong-password-1' }, APP.redirectUri, '/u/login');
      expect(page.status).toBe(429);
      expect(page.body).toMatch(/role="alert"[^>]*>Your account has been blocked after multiple consecutive login attempts/);
      // the right password is refused too while blocked
      const again = await started.browser.submit(page, { username: email, password: PASSWORD }, APP.redirectUri, '/u/login');
      expect(again.status).toBe(429);
      return again.body;
    };
    const real = await failThrice('alice@acme.test');
    const ghost = await failThrice('ghost@acme.test');
    const strip = (b: string) => b.replace(/value="[^"]*"/g, '').replace(/state=[^"&]*/g, '');
    expect(strip(real)).toBe(strip(ghost));
    // other accounts are not affected
    await login(tenant, 'bob@acme.test', { organization: acmeId });
    // the block ends with time
    tenant.clock.offsetSeconds = 901;
    try {
      const { tokens } = await login(tenant, 'alice@acme.test', { organization: acmeId });
      expect(decode(tokens.id_token!).email).toBe('alice@acme.test');
    } finally {
      tenant.clock.offsetSeconds = 0;
    }
  });

  // https://auth0.com/docs/secure/attack-protection/suspicious-ip-throttling
  it('suspicious IP throttling: failures across accounts from one address block its logins and sign-ups until the bucket refills', async () => {
    const ipTenant = await startTenant({ suspiciousIp: { maxAttempts: 4, rateSeconds: 900 } });
    try {
      const orgId = ipTenant.store.orgByName('acme')!.id;
      const started = await startLogin(ipTenant, { organization: orgId });
      let page = started.page;
      // Four accounts, one wrong password each: no account reaches its own lockout.
      for (const email of ['alice@acme.test', 'bob@acme.test', 'nobody@acme.test', 'carol@example.test']) {
        page = await started.browser.submit(page, { username: email, password: 'wrong-password-1' }, APP.redirectUri, '/u/login');
        expect(page.status).toBe(400);
      }
      const blocked = await started.browser.submit(page, { username: 'dave@globex.test', password: PASSWORD }, APP.redirectUri, '/u/login');
      expect(blocked.status).toBe(429);
      expect(blocked.body).toMatch(/role="alert"[^>]*>We have detected suspicious login behavior and further attempts will be blocked\. Please contact the administrator\./);
      const signup = await startLogin(ipTenant, { screen_hint: 'signup' });
      const refused = await signup.browser.submit(signup.page, { email: 'new@example.test', password: 'Another-good-pass1', name: 'New' }, APP.redirectUri, '/u/signup');
      expect(refused.status).toBe(429);
      expect(ipTenant.store.usersByEmail('new@example.test')).toEqual([]);
      // One attempt comes back per rate interval.
      ipTenant.clock.offsetSeconds = 901;
      const { tokens } = await login(ipTenant, 'dave@globex.test', {});
      expect(decode(tokens.id_token!).email).toBe('dave@globex.test');
    } finally {
      await ipTenant.close();
    }
  });

  it('an expired or unknown state shows a clear page', async () => {
    const res = await fetch(`${tenant.url}/u/login?state=doesnotexist`);
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain('<h1>This sign-in page has expired</h1>');
    expect(body).toContain('role="alert"');
  });
});

describe('sign-up', () => {
  it('enforces the password policy with clear messages', async () => {
    expect(passwordPolicyErrors('Short1!', 'a@b.test')).toHaveLength(1);
    expect(passwordPolicyErrors('alllowercaseletters', 'a@b.test')).toHaveLength(1);
    expect(passwordPolicyErrors('Long-enough-1', 'a@b.test')).toEqual([]);
    expect(passwordPolicyErrors('Mixed.Case@Mail1.test', 'mixed.case@mail1.test')).toEqual(['Your password must not be your email address.']);

    const before = JSON.stringify(tenant.store.state);
    const started = await startLogin(tenant, { screen_hint: 'signup' });
    expect(started.page.url).toContain('/u/signup?state=');
    expect(count(started.page.body, /<h1>/g)).toBe(1);
    expect(started.page.body).toContain('aria-describedby="password-rules"');
    const weak = await started.browser.submit(started.page, { email: 'weak@example.test', password: 'password', name: 'Weak' }, APP.redirectUri, '/u/signup');
    expect(weak.status).toBe(400);
    expect(weak.body).toMatch(/role="alert"/);
    expect(weak.body).toContain('at least 10 characters');
    expect(weak.body).toContain('at least 3 of the following');
    const taken = await started.browser.submit(started.page, { email: 'bob@acme.test', password: 'Another-good-pass1', name: 'Bob' }, APP.redirectUri, '/u/signup');
    expect(taken.body).toContain('The user already exists.');
    expect(JSON.stringify(tenant.store.state)).toBe(before);
  });

  it('creates the user in the database connection, logs in, and mails a verification link', async () => {
    await fetch(`${tenant.url}/__local/outbox`, { method: 'DELETE' });
    const started = await startLogin(tenant, { screen_hint: 'signup', audience: API });
    const cb = await started.browser.submit(started.page, { email: 'Sam@Example.test', password: 'Sign-up-pass-99', name: 'Sam Signup' }, APP.redirectUri, '/u/signup');
    const tokens = await exchange(started, cb);
    const id = decode(tokens.id_token!);
    expect(id).toMatchObject({ email: 'sam@example.test', name: 'Sam Signup', email_verified: false });
    expect(id.org_id).toBeUndefined();
    const user = tenant.store.usersByEmail('sam@example.test')[0]!;
    expect(user.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/);
    expect(user.connection).toBe('Username-Password-Authentication');
    expect(user.password_hash).toMatch(/^scrypt\$/);
    expect(user.logins_count).toBe(1);

    const { mails } = await (await fetch(`${tenant.url}/__local/outbox?to=sam@example.test`)).json();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'verify_email', to: 'sam@example.test' });
    const page = await (await fetch(`${tenant.url}/outbox`)).text();
    expect(page).toContain(`<a href="${mails[0].link}">`);
    const verified = await fetch(mails[0].link);
    expect(verified.status).toBe(200);
    expect(tenant.store.usersByEmail('sam@example.test')[0]!.email_verified).toBe(true);
    expect((await fetch(mails[0].link)).status).toBe(400);

    // the new user can log in with the password
    const again = await login(tenant, 'sam@example.test', {}, 'Sign-up-pass-99');
    expect(decode(again.tokens.id_token!).email_verified).toBe(true);
  });

  it('is refused inside an organization whose connection does not allow sign-up', async () => {
    const started = await startLogin(tenant, { organization: acmeId, screen_hint: 'signup' });
    const page = await started.browser.submit(started.page, { email: 'walkin@example.test', password: 'Walk-in-pass-12', name: 'Walk In' }, APP.redirectUri, '/u/signup');
    expect(page.status).toBe(400);
    expect(page.body).toContain('Sign-up is not available for Acme Corp');
    expect(tenant.store.usersByEmail('walkin@example.test')).toHaveLength(0);
  });
});

describe('outbox, clock and reset', () => {
  it('lists mail newest first and clears it', async () => {
    tenant.store.mutate((s) => {
      s.outbox.push({ id: 'mail_a', kind: 'invitation', to: 'x@example.test', subject: 'old', text: 'old', created_at: '2026-01-01T00:00:00.000Z' });
      s.outbox.push({ id: 'mail_b', kind: 'invitation', to: 'x@example.test', subject: 'new', text: 'see http://localhost:3000/invitations/accept?invitation=abc', link: 'http://localhost:3000/invitations/accept?invitation=abc', created_at: '2026-02-01T00:00:00.000Z' });
    });
    const { mails } = await (await fetch(`${tenant.url}/__local/outbox?to=X@example.test`)).json();
    expect(mails.map((m: { subject: string }) => m.subject)).toEqual(['new', 'old']);
    const page = await (await fetch(`${tenant.url}/outbox`)).text();
    expect(page.indexOf('new')).toBeLessThan(page.indexOf('>old<'));
    expect(page).toContain('<a href="http://localhost:3000/invitations/accept?invitation=abc">');
    expect((await fetch(`${tenant.url}/__local/outbox`, { method: 'DELETE' })).status).toBe(204);
    expect((await (await fetch(`${tenant.url}/__local/outbox`)).json()).mails).toEqual([]);
  });

  it('moves the clock and validates the body', async () => {
    const bad = await fetch(`${tenant.url}/__local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"offset_seconds":"soon"}' });
    expect(bad.status).toBe(400);
    const ok = await fetch(`${tenant.url}/__local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"offset_seconds":86400}' });
    expect((await ok.json()).offset_seconds).toBe(86400);
    expect(tenant.clock.offsetSeconds).toBe(86400);
    tenant.clock.offsetSeconds = 0;
  });

  it('re-seeds on POST /__local/reset', async () => {
    const t = await startTenant();
    try {
      t.store.mutate((s) => { s.users = s.users.filter((u) => u.email !== 'bob@acme.test'); });
      expect((await fetch(`${t.url}/__local/reset`, { method: 'POST' })).status).toBe(200);
      expect(t.store.usersByEmail('bob@acme.test')).toHaveLength(1);
      await login(t, 'bob@acme.test', { organization: t.store.orgByName('acme')!.id });
    } finally {
      await t.close();
    }
  });
});

describe('persistence', () => {
  it('keeps state, keys and refresh tokens across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth0-local-'));
    try {
      const first = await startTenant({ dataDir: dir });
      const port = first.port;
      const orgId = first.store.orgByName('acme')!.id;
      const jwks1 = await (await fetch(`${first.url}/.well-known/jwks.json`)).json();
      const { tokens } = await login(first, 'bob@acme.test', { organization: orgId, audience: API });
      await first.close();
      expect(existsSync(join(dir, 'state.json'))).toBe(true);
      expect(existsSync(join(dir, 'jwks.json'))).toBe(true);

      const second = await startTenant({ dataDir: dir, port });
      try {
        expect(second.store.orgByName('acme')!.id).toBe(orgId);
        expect(await (await fetch(`${second.url}/.well-known/jwks.json`)).json()).toEqual(jwks1);
        const config = await client.discovery(new URL(second.issuer), APP.clientId, APP.clientSecret, client.ClientSecretPost(APP.clientSecret), { execute: [client.allowInsecureRequests] });
        const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
        expect(decode(refreshed.access_token).org_id).toBe(orgId);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('allowed URL matching', () => {
  it('follows Auth0\'s one-level wildcard rule', () => {
    const list = ['http://*.localhost:3000/auth/callback', 'https://app.example.com/cb'];
    expect(urlAllowed('http://acme.localhost:3000/auth/callback', list)).toBe(true);
    expect(urlAllowed('http://acme.localhost:3000/auth/callback?x=1', list)).toBe(true);
    expect(urlAllowed('http://a.b.localhost:3000/auth/callback', list)).toBe(false);
    expect(urlAllowed('http://localhost:3000/auth/callback', list)).toBe(false);
    expect(urlAllowed('http://acme.localhost:3001/auth/callback', list)).toBe(false);
    expect(urlAllowed('http://acme.localhost:3000/auth/callback/x', list)).toBe(false);
    expect(urlAllowed('https://app.example.com/cb', list)).toBe(true);
    expect(urlAllowed('https://evil.com/?https://app.example.com/cb', list)).toBe(false);
    expect(urlAllowed('http://acme.localhost:3000/', ['http://*.localhost:3000'], 'logout')).toBe(true);
    expect(urlAllowed('http://acme.localhost:3000', ['http://*.localhost:3000/'], 'logout')).toBe(true);
  });

  it('refuses a redirect_uri that is not registered, on an error page (no redirect)', async () => {
    const res = await fetch(`${tenant.url}/authorize?client_id=${APP.clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('redirect_uri');
  });

  // https://auth0.com/docs/get-started/applications/wildcards-for-subdomains
  it('{organization_name} stands for the named organization in callbacks only; logout matching ignores the query and fragment', () => {
    const list = ['http://{organization_name}.localhost:3000/auth/callback'];
    expect(urlAllowed('http://acme.localhost:3000/auth/callback', list, 'callback', 'acme')).toBe(true);
    expect(urlAllowed('http://globex.localhost:3000/auth/callback', list, 'callback', 'acme')).toBe(false);
    expect(urlAllowed('http://acme.localhost:3000/auth/callback', list, 'callback')).toBe(false); // no organization: not evaluated
    expect(urlAllowed('http://acme.localhost:3000/', ['http://{organization_name}.localhost:3000'], 'logout', 'acme')).toBe(false); // not a placeholder there
    // https://auth0.com/docs/authenticate/login/logout/redirect-users-after-logout
    expect(urlAllowed('http://acme.localhost:3000/?next=%2Fprojects#top', ['http://*.localhost:3000'], 'logout')).toBe(true);
    expect(urlAllowed('http://acme.localhost:3000/x?y=1', ['http://*.localhost:3000'], 'logout')).toBe(false);
    expect(urlAllowed('http://acme.localhost:3000/auth/callback#x', ['http://*.localhost:3000/auth/callback'])).toBe(false);
  });

  it('{organization_name} callbacks at /authorize: the named organization\'s own host only, and nothing without organization', async () => {
    const previous = tenant.store.client(APP.clientId)!.callbacks;
    tenant.store.mutate((s) => { s.clients.find((c) => c.client_id === APP.clientId)!.callbacks = ['http://localhost:3000/auth/callback', 'http://{organization_name}.localhost:3000/auth/callback']; });
    try {
      const own = await startLogin(tenant, { organization: acmeId, redirect_uri: 'http://acme.localhost:3000/auth/callback' });
      expect(own.page.url).toContain('/u/login');
      for (const params of <Record<string, string>[]>[
        { organization: acmeId, redirect_uri: 'http://globex.localhost:3000/auth/callback' },
        { redirect_uri: 'http://acme.localhost:3000/auth/callback' },
      ]) {
        const qs = new URLSearchParams({ client_id: APP.clientId, response_type: 'code', scope: 'openid', ...params });
        const res = await fetch(`${tenant.url}/authorize?${qs}`, { redirect: 'manual' });
        expect(res.status).toBe(400);
        expect(await res.text()).toContain('redirect_uri');
      }
    } finally {
      tenant.store.mutate((s) => { s.clients.find((c) => c.client_id === APP.clientId)!.callbacks = previous; });
    }
  });

  it('accepts a wildcard-subdomain callback', async () => {
    const started = await startLogin(tenant, { organization: acmeId, redirect_uri: 'http://acme.localhost:3000/auth/callback' });
    expect(started.page.url).toContain('/u/login');
    const page = await submitLogin(started, 'bob@acme.test');
    expect(page.location).toMatch(/^http:\/\/acme\.localhost:3000\/auth\/callback\?code=/);
    void callbackParams;
  });
});
