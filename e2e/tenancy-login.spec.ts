// Flows 2 and 6: per-subdomain login within the host's organization, and sign-out.
import { test, expect } from '@playwright/test';
import { continueWithEmail, fillLogin } from './support/auth';
import { createRenameDeleteProject } from './support/projects';
import { AUTH0_ORIGIN, tenantUrl } from './support/env';
import { APP_CLIENT } from '../lib/testing/seeded';

test('signing in on a tenant subdomain logs in to that organization and lands in its workspace', async ({ page }) => {
  await page.goto(tenantUrl('acme'));
  await expect(page.getByRole('heading', { name: 'Acme Corp' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  // Email first: an address without single sign-on goes on to the password login, pre-filled.
  await expect(page.getByRole('heading', { name: 'Sign in to Acme Corp' })).toBeVisible();
  await continueWithEmail(page, 'bob@acme.test');
  // Auth0 is asked for Acme's organization, whatever the link said.
  await expect(page).toHaveURL(new RegExp(`^${AUTH0_ORIGIN}/`));
  await expect(page.locator('#username')).toHaveValue('bob@acme.test');
  // The callback hands the sign-in to admission (/signed-in), which goes on to the page.
  const admission = page.waitForRequest((r) => r.url().startsWith(tenantUrl('acme', '/signed-in?returnTo=')));
  await fillLogin(page, 'bob@acme.test');
  await admission;
  await page.waitForURL(tenantUrl('acme', '/projects'));
  await expect(page.getByTestId('signed-in-as')).toHaveText('bob@acme.test');
  await expect(page.getByTestId('my-roles')).toHaveText('Your role: Member');
  // One session cookie, small enough for proxies' header limits (README, Sessions and sign-out).
  const session = (await page.context().cookies(tenantUrl('acme'))).filter((c) => c.name.startsWith('__session'));
  expect(session.map((c) => c.name)).toEqual(['__session']);
  expect(`${session[0]!.name}=${session[0]!.value}`.length).toBeLessThanOrEqual(4096);
});

test('the organization parameter cannot be swapped for another org on a tenant host', async ({ page }) => {
  // Carol is in both orgs; asking acme's host to log in to "globex" still logs in to acme.
  await page.goto(tenantUrl('acme', '/auth/login?organization=org_doesnotmatter&returnTo=%2Fprojects'));
  await fillLogin(page, 'carol@example.test');
  await page.waitForURL(tenantUrl('acme', '/projects'));
  await expect(page.getByTestId('tenant-name')).toHaveText('Acme Corp');
});

test('a user who is not a member of the organization gets a clear page', async ({ page }) => {
  await page.goto(tenantUrl('globex', '/auth/login'));
  await fillLogin(page, 'bob@acme.test');
  await expect(page.getByRole('heading', { name: 'We could not sign you in' })).toBeVisible();
  await expect(page.getByText('not a member of this organization')).toBeVisible();
});

test('a read-only member sees projects but cannot change them', async ({ page }) => {
  await page.goto(tenantUrl('globex', '/auth/login?returnTo=%2Fprojects'));
  await fillLogin(page, 'dave@globex.test');
  await page.waitForURL(tenantUrl('globex', '/projects'));
  await expect(page.getByTestId('my-roles')).toHaveText('Your role: Read-only');
  await expect(page.getByRole('heading', { name: 'New project' })).toHaveCount(0);
  await expect(page.getByText('You can view projects')).toBeVisible();
});

test('a member creates, edits and deletes a project, with field errors for bad input', async ({ page }) => {
  await page.goto(tenantUrl('acme', '/auth/login?returnTo=%2Fprojects'));
  await fillLogin(page, 'alice@acme.test');
  await page.waitForURL(tenantUrl('acme', '/projects'));
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByText('Name is required')).toBeVisible();
  const name = `Rocket ${Date.now()}`;
  await createRenameDeleteProject(page, name, { description: 'To the moon' });
  await expect(page.getByRole('link', { name: `${name} v2` })).toHaveCount(0);
});

test('signing out ends the tenant session and the Auth0 session, and returns to the tenant landing', async ({ page }) => {
  await page.goto(tenantUrl('acme', '/auth/login?returnTo=%2Fprojects'));
  await fillLogin(page, 'alice@acme.test');
  await page.waitForURL(tenantUrl('acme', '/projects'));
  const sessionBefore = (await page.context().cookies(tenantUrl('acme'))).filter((c) => c.name.startsWith('__session'));
  expect(sessionBefore.length).toBeGreaterThan(0);
  // The session keeps no ID token: Auth0 is told which session to end by its sid and the client.
  const endAtAuth0 = page.waitForRequest((r) => r.url().startsWith(`${AUTH0_ORIGIN}/oidc/logout?`));
  await page.getByRole('link', { name: 'Sign out' }).click();
  const logoutParams = new URL((await endAtAuth0).url()).searchParams;
  expect(logoutParams.get('client_id')).toBe(APP_CLIENT.id);
  expect(logoutParams.get('logout_hint')).toBeTruthy();
  expect(logoutParams.has('id_token_hint')).toBe(false);
  await page.waitForURL(tenantUrl('acme', '/'));
  await expect(page.getByRole('heading', { name: 'Acme Corp' })).toBeVisible();
  // The app session is gone...
  await page.goto(tenantUrl('acme', '/projects'));
  // ...and so is Auth0's: signing in again asks for credentials.
  await expect(page.locator('#username')).toBeVisible();
  // The old session cookie, replayed (copied, or set again by a response that was in flight at
  // sign-out), was ended on the server: refused by the API and the pages.
  await page.context().addCookies(sessionBefore);
  await page.goto(tenantUrl('acme', '/'));
  await expect(page.getByRole('heading', { name: 'Acme Corp' })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  const api = await page.evaluate(async () => (await fetch('/api/projects')).status);
  expect(api).toBe(401);
  await page.goto(tenantUrl('acme', '/projects'));
  await expect(page.locator('#username')).toBeVisible();
});
