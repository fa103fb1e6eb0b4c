// Sessions end on the server (README, Security): Auth0's back-channel logout ends the app's
// session although the browser never came back to the app, and a cookie-authenticated API
// write from the app's own page works while one from another site is refused.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from '@playwright/test';
import { fillLogin } from './support/auth';
import { APEX, AUTH0_ORIGIN, tenantUrl } from './support/env';
import { APP_CLIENT } from '../lib/testing/seeded';

test('signing out at Auth0 (not through the app) ends the app session through back-channel logout', async ({ page }) => {
  await page.goto(tenantUrl('acme', '/auth/login?returnTo=%2Fprojects'));
  await fillLogin(page, 'alice@acme.test');
  await page.waitForURL(tenantUrl('acme', '/projects'));
  expect(await page.evaluate(async () => (await fetch('/api/projects')).status)).toBe(200);

  // Another application (or Auth0 itself) ends the Auth0 session; the app's cookie stays in the browser.
  const logout = new URL('/oidc/logout', AUTH0_ORIGIN);
  logout.searchParams.set('client_id', APP_CLIENT.id);
  logout.searchParams.set('post_logout_redirect_uri', APEX);
  await page.goto(logout.href);
  await page.waitForURL(`${APEX}/`);
  expect((await page.context().cookies(tenantUrl('acme'))).some((c) => c.name.startsWith('__session'))).toBe(true);

  await page.goto(tenantUrl('acme', '/'));
  expect(await page.evaluate(async () => (await fetch('/api/projects')).status)).toBe(401);
  await page.goto(tenantUrl('acme', '/projects'));
  await expect(page.locator('#username')).toBeVisible();
});

test('a signed-in page may write through the API; a page of another site may not', async ({ page, context }) => {
  await page.goto(tenantUrl('acme', '/auth/login?returnTo=%2Fprojects'));
  await fillLogin(page, 'bob@acme.test');
  await page.waitForURL(tenantUrl('acme', '/projects'));
  const name = `From the browser ${Date.now()}`;
  const own = await page.evaluate(async (n) => {
    const response = await fetch('/api/projects', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: n }) });
    return { status: response.status, body: await response.json() };
  }, name);
  expect(own).toMatchObject({ status: 201, body: { name } });

  // Another site posting to Acme's API is refused. Chromium treats each *.localhost host as a
  // site of its own, so SameSite=Lax already keeps the cookie back here (401); between sibling
  // subdomains of a real domain (same site) the cookie comes along and the Origin check answers
  // 403 (lib/auth/sessions.test.ts).
  // The other site is not one of ours (our pages' CSP would not even let the fetch leave); it
  // is served from loopback like the app, so Chromium's private-network rules do not stop it first.
  const elsewhere = createServer((_req, res) => { res.setHeader('content-type', 'text/html'); res.end('<!doctype html><title>Elsewhere</title>'); });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  const foreign = await context.newPage();
  await foreign.goto(`http://elsewhere.localhost:${(elsewhere.address() as AddressInfo).port}/`);
  const answer = foreign.waitForResponse(tenantUrl('acme', '/api/projects'));
  await foreign.evaluate(async (url) => {
    await fetch(url, { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ name: 'csrf' }) });
  }, tenantUrl('acme', '/api/projects'));
  expect([401, 403]).toContain((await answer).status());
  elsewhere.close();
  const list = await page.evaluate(async () => (await (await fetch('/api/projects')).json()) as { projects: { name: string }[] });
  expect(list.projects.map((p) => p.name)).not.toContain('csrf');
});

test('on the apex too, a session replayed after sign-out is refused (organization picker)', async ({ page }) => {
  await page.goto(`${APEX}/auth/login?returnTo=%2Fselect-organization`);
  await fillLogin(page, 'carol@example.test');
  await page.waitForURL(`${APEX}/select-organization`);
  await expect(page.getByRole('list', { name: 'Your organizations' })).toBeVisible();
  const session = (await page.context().cookies(APEX)).filter((c) => c.name.startsWith('__session'));
  await page.goto(`${APEX}/auth/logout?returnTo=${encodeURIComponent(APEX)}`);
  await page.waitForURL(`${APEX}/`);
  await page.context().addCookies(session);
  await page.goto(`${APEX}/select-organization`);
  await expect(page.locator('#username')).toBeVisible();
});
