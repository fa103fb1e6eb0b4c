// An organization's session policies, enforced (README, Security policies): the idle timeout
// ends a session (the app's session clock moved by the test hook instead of waiting), "sign out
// everyone" ends another browser's session on its next request, and the IP allowlist refuses
// an address outside it and admits one inside (the test plays the trusted proxy: it sets
// X-Forwarded-For, which `next start` passes on as sent, and TRUSTED_PROXY_HOPS=1 believes).
import { test, expect } from '@playwright/test';
import { foundOrganization, signIn } from './support/admin';
import { moveSessionClock, setSecurityPolicy } from './support/hooks';
import { call } from './support/http';
import { tenantUrl } from './support/env';

test.describe.configure({ mode: 'serial' });

let org: Awaited<ReturnType<typeof foundOrganization>>;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  org = await foundOrganization(browser, 'policies');
});

test.afterEach(async () => {
  await moveSessionClock(0);
  await setSecurityPolicy(org.slug, { sessionMaxAgeMinutes: null, sessionIdleMinutes: null, ipAllowlist: [] });
});

test('the idle timeout ends a session: signed out, told why, and signing in again asks for the password', async ({ browser }) => {
  const page = await signIn(browser, org.slug, org.email);
  await setSecurityPolicy(org.slug, { sessionIdleMinutes: 5 });
  await page.goto(tenantUrl(org.slug, '/projects'));
  await expect(page.getByRole('heading', { name: 'New project' })).toBeVisible();

  // Six minutes pass without a request (on the app's session clock).
  await moveSessionClock(6 * 60_000);
  await page.goto(tenantUrl(org.slug, '/projects'));
  await page.waitForURL(tenantUrl(org.slug, '/?session_ended=idle'));
  await expect(page.getByRole('status')).toHaveText(`Your session expired under ${org.displayName}’s policy (after a period without activity). Please sign in again.`);
  expect((await page.context().cookies(tenantUrl(org.slug))).some((c) => c.name.startsWith('__session'))).toBe(false);
  // Auth0's session ended too: signing in is not a silent return.
  await page.goto(tenantUrl(org.slug, '/auth/login?returnTo=%2Fprojects'));
  await expect(page.locator('#username')).toBeVisible();
  await page.context().close();
});

test('an active session is kept under the idle timeout', async ({ browser }) => {
  const page = await signIn(browser, org.slug, org.email);
  await setSecurityPolicy(org.slug, { sessionIdleMinutes: 5 });
  await moveSessionClock(4 * 60_000);
  await page.goto(tenantUrl(org.slug, '/projects'));
  await expect(page.getByRole('heading', { name: 'New project' })).toBeVisible();
  await page.context().close();
});

test('"sign out everyone" ends another browser’s session on its next request, and the admin’s own', async ({ browser }) => {
  const admin = await signIn(browser, org.slug, org.email);
  const elsewhere = await signIn(browser, org.slug, org.email);
  expect(await elsewhere.evaluate(async () => (await fetch('/api/projects')).status)).toBe(200);

  await admin.goto(tenantUrl(org.slug, '/settings/security'));
  admin.once('dialog', (dialog) => dialog.accept());
  // The admin's own session ends too: their page is sent to sign in.
  const sentToSignIn = admin.waitForRequest((r) => new URL(r.url()).pathname === '/auth/login');
  await admin.getByRole('button', { name: 'Sign out everyone now' }).click();
  await sentToSignIn;

  // The other browser did nothing meanwhile; its next request finds its session ended.
  expect(await elsewhere.evaluate(async () => (await fetch('/api/projects')).status)).toBe(401);
  await admin.context().close();
  await elsewhere.context().close();
});

test('the IP allowlist refuses an address outside it with a plain 403, and admits one inside', async ({ browser }) => {
  await setSecurityPolicy(org.slug, { ipAllowlist: ['203.0.113.0/24', '2001:db8::/32'] });
  const outside = { 'x-forwarded-for': '198.51.100.7' };
  // Middleware's tenant lookup is at most TENANT_LOOKUP_TTL_MS (1 s here) old.
  await expect.poll(async () => (await call(tenantUrl(org.slug, '/projects'), { headers: outside })).status, { timeout: 10_000 }).toBe(403);
  const refused = await call(tenantUrl(org.slug, '/api/projects'), { headers: outside });
  expect(refused.status).toBe(403);
  expect(refused.json()).toMatchObject({ error: 'ip_not_allowed', address: '198.51.100.7' });
  // A client's own entry in front of the proxy's is not believed.
  expect((await call(tenantUrl(org.slug, '/projects'), { headers: { 'x-forwarded-for': '203.0.113.5, 198.51.100.7' } })).status).toBe(403);

  // In a browser: outside, the plain page with the address seen; inside (IPv4 and IPv6), the app.
  const away = await (await browser.newContext({ extraHTTPHeaders: outside })).newPage();
  const response = await away.goto(tenantUrl(org.slug, '/projects'));
  expect(response?.status()).toBe(403);
  await expect(away.getByText('Access to this organization is limited to its own network. Your address (198.51.100.7)')).toBeVisible();
  await away.context().close();

  for (const address of ['203.0.113.9', '2001:db8::42']) {
    const office = await (await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': address } })).newPage();
    await office.goto(tenantUrl(org.slug, '/auth/login?returnTo=%2Fprojects'));
    await office.locator('#username').fill(org.email);
    await office.locator('#password').fill('Str0ng-Passw0rd!');
    await office.getByRole('button', { name: 'Continue' }).click();
    await office.waitForURL(tenantUrl(org.slug, '/projects'));
    await expect(office.getByRole('heading', { name: 'New project' })).toBeVisible();
    await office.context().close();
  }
});
