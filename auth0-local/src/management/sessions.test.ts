// DELETE /api/v2/users/{id}/sessions against the whole local tenant: a user signed in on two
// browsers is asked for credentials again on both; the scope, the unknown user, refresh tokens
// outliving the sessions, and the back-channel logout to applications subscribed to session-revoked.
// https://auth0.com/docs/api/management/v2/users/delete-sessions-for-user
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManagementClient } from 'auth0';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalTenant } from '../server.js';
import { Browser } from '../../testing/browser.js';
import { httpFetch } from '../../testing/management-api-harness.js';
import { APP, decode, managementClient, postToken, startTenant } from '../../testing/local-tenant.js';
import { seededClient } from '../../testing/seeded-tenant.js';
import { startLogin, submitLogin, exchange } from '../../testing/sign-in.js';

let tenant: LocalTenant;
beforeAll(async () => { tenant = await startTenant(); });
afterAll(async () => { await tenant.close(); });

const fail = <T>(p: Promise<T>) => p.then(() => { throw new Error('expected a failure'); }, (e: { statusCode?: number; body?: unknown }) => e);
const userId = (email: string) => tenant.store.usersByEmail(email)[0]!.user_id;

/** Signs in on a fresh browser; returns the browser (holding the Auth0 session cookie) and the tokens. */
async function signedIn(email: string) {
  const browser = new Browser();
  const started = await startLogin(tenant, {}, browser);
  const tokens = await exchange(started, await submitLogin(started, email));
  return { browser, tokens };
}

/** Whether /authorize on this browser goes straight back to the app (a live SSO session) or asks to sign in. */
async function silent(browser: Browser): Promise<boolean> {
  const { page } = await startLogin(tenant, {}, browser);
  if (page.url.includes('/u/login')) return false;
  if (page.location?.startsWith(APP.redirectUri)) return true;
  throw new Error(`unexpected page ${page.status} ${page.url}`);
}

describe('DELETE /api/v2/users/{id}/sessions', () => {
  it('ends every session of the user (both browsers sign in again), not another user’s; 202; refresh tokens stay', async () => {
    const one = await signedIn('pat@personal.test');
    const two = await signedIn('pat@personal.test');
    const other = await signedIn('bob@acme.test');
    expect(await silent(one.browser)).toBe(true);
    expect(await silent(two.browser)).toBe(true);

    const res = await fetch(`${tenant.url}/api/v2/users/${encodeURIComponent(userId('pat@personal.test'))}/sessions`, {
      method: 'DELETE', headers: { authorization: `Bearer ${(await managementToken()).access_token}` },
    });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');

    expect(await silent(one.browser)).toBe(false);
    expect(await silent(two.browser)).toBe(false);
    expect(await silent(other.browser)).toBe(true);
    // Refresh tokens are their own resource (DELETE /users/{id}/refresh-tokens).
    const refreshed = await postToken(tenant, { grant_type: 'refresh_token', refresh_token: one.tokens.refresh_token!, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(refreshed.status).toBe(200);
  });

  it('through the auth0 SDK: unknown user 404 inexistent_user; without delete:sessions 403 insufficient_scope, sessions kept', async () => {
    const mc = managementClient(tenant);
    expect(await fail(mc.users.sessions.delete('auth0|nobody'))).toMatchObject({ statusCode: 404, body: { errorCode: 'inexistent_user' } });

    const kept = await signedIn('pat@personal.test');
    const readonly = seededClient('tenantry-local-readonly-m2m');
    const weak = new ManagementClient({ domain: `localhost:${tenant.port}`, clientId: readonly.clientId, clientSecret: readonly.clientSecret, fetch: httpFetch(tenant.port), maxRetries: 0 });
    expect(await fail(weak.users.sessions.delete(userId('pat@personal.test')))).toMatchObject({ statusCode: 403, body: { errorCode: 'insufficient_scope' } });
    expect(await silent(kept.browser)).toBe(true);

    await mc.users.sessions.delete(userId('pat@personal.test'));
    expect(await silent(kept.browser)).toBe(false);
  });

  it('posts a logout token (sub, sid) to an application subscribed to session-revoked, and none to one that is not', async () => {
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => { received.push(new URLSearchParams(body).get('logout_token') ?? ''); res.statusCode = 200; res.end(); });
    });
    await new Promise<void>((resolve) => receiver.listen(0, 'localhost', resolve));
    const url = `http://localhost:${(receiver.address() as AddressInfo).port}/auth/backchannel-logout`;
    const setInitiators = (initiators: { mode: 'custom' | 'all'; selected_initiators?: string[] }) =>
      tenant.store.mutate((s) => { s.clients.find((c) => c.client_id === APP.clientId)!.oidc_logout = { backchannel_logout_urls: [url], backchannel_logout_initiators: initiators }; });
    const before = tenant.store.client(APP.clientId)!.oidc_logout;
    const mc = managementClient(tenant);
    try {
      setInitiators({ mode: 'custom', selected_initiators: ['rp-logout', 'password-changed'] });
      await signedIn('pat@personal.test');
      await mc.users.sessions.delete(userId('pat@personal.test'));
      expect(received).toEqual([]);

      setInitiators({ mode: 'custom', selected_initiators: ['rp-logout', 'session-revoked'] });
      const { tokens } = await signedIn('pat@personal.test');
      await mc.users.sessions.delete(userId('pat@personal.test'));
      expect(received).toHaveLength(1);
      const idToken = decode(tokens.id_token!);
      expect(decode(received[0]!)).toMatchObject({ aud: APP.clientId, sub: idToken.sub, sid: idToken.sid, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } });
    } finally {
      tenant.store.mutate((s) => { s.clients.find((c) => c.client_id === APP.clientId)!.oidc_logout = before; });
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

async function managementToken(): Promise<{ access_token: string }> {
  const m2m = seededClient('tenantry-local-m2m');
  const res = await postToken(tenant, { grant_type: 'client_credentials', client_id: m2m.clientId, client_secret: m2m.clientSecret, audience: tenant.managementAudience });
  return res.body as { access_token: string };
}
