// The account page (README, Your account): a person renames themself, enrols an authenticator
// app through Auth0's enrolment ticket and removes it again, signs out everywhere, and deletes
// their account; the last admin of an organization cannot.
import { test, expect, type Page } from '@playwright/test';
import { fillLogin } from './support/auth';
import { createAccount, foundOrganization, NEW_PASSWORD, signIn } from './support/admin';
import { APEX, AUTH0_ORIGIN, tenantUrl } from './support/env';
import { authenticatorCode } from '../auth0-local/testing/authenticator';

/** Signs `email` in on the apex, straight to the account page. */
async function accountPageOnApex(page: Page, email: string) {
  await page.goto(`${APEX}/auth/login?returnTo=%2Faccount`);
  await fillLogin(page, email, NEW_PASSWORD);
  await page.waitForURL(`${APEX}/account`);
}

test('a member renames themself; the account page lists their organization and role', async ({ browser }) => {
  const founder = await foundOrganization(browser, 'acct-name');
  const page = founder.page;
  await page.getByTestId('signed-in-as').click();
  await page.waitForURL(tenantUrl(founder.slug, '/account'));
  await expect(page.getByRole('list', { name: 'Your organizations' })).toContainText(founder.displayName);
  await expect(page.getByRole('list', { name: 'Your organizations' })).toContainText('Admin');
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(founder.email);
  await expect(page.getByTestId('email-source')).toContainText('cannot be changed here');

  await page.getByLabel('Name', { exact: true }).fill('   ');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Name is required' })).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('Frances Renamed');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Name saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Frances Renamed');
  // The organization's members page shows the new name too.
  await page.goto(tenantUrl(founder.slug, '/settings/members'));
  await expect(page.getByText('Frances Renamed')).toBeVisible();
});

test('enrols an authenticator app through Auth0’s enrolment page, sees it listed, removes it and may enrol again', async ({ browser }) => {
  const { email } = await createAccount(browser, 'acct-mfa');
  const page = await (await browser.newContext()).newPage();
  page.on('dialog', (d) => void d.accept());
  await accountPageOnApex(page, email);
  await expect(page.getByText('No second factor yet')).toBeVisible();
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();

  // Universal Login's enrolment page (the Guardian ticket): QR code, the secret as text, the first code.
  await page.waitForURL((url) => url.href.startsWith(`${AUTH0_ORIGIN}/`));
  await expect(page.locator('#qr-code')).toBeVisible();
  const secret = (await page.locator('#secret').textContent())!.trim();
  await page.locator('#code').fill('000000' === authenticatorCode(secret) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.locator('#code').fill(authenticatorCode(secret));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('#recovery-code')).toHaveText(/\S{20,}/);

  // Auth0 does not send the person back: they return to the account page.
  await page.goto(`${APEX}/account`);
  const factors = page.getByRole('list', { name: 'Your factors' });
  await expect(factors).toContainText('Authenticator app');
  await expect(factors).toContainText('Recovery code');
  await expect(page.getByRole('button', { name: 'Set up authenticator app' })).toHaveCount(0);

  await page.getByRole('form', { name: 'Remove Authenticator app' }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('list', { name: 'Your factors' })).toHaveCount(0);
  await expect(page.getByText('No second factor yet')).toBeVisible();
  // And again: a new ticket opens a new enrolment.
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await page.waitForURL((url) => url.href.startsWith(`${AUTH0_ORIGIN}/`));
  await expect(page.locator('#qr-code')).toBeVisible();
});

test('sign out everywhere ends another browser’s session on its next request', async ({ browser }) => {
  const founder = await foundOrganization(browser, 'acct-out');
  const other = await signIn(browser, founder.slug, founder.email);
  expect(await other.evaluate(async () => (await fetch('/api/projects')).status)).toBe(200);

  const page = founder.page;
  page.on('dialog', (d) => void d.accept());
  await page.goto(tenantUrl(founder.slug, '/account'));
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.waitForURL(tenantUrl(founder.slug, '/'));
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();

  // The other browser still holds its cookie, and the server refuses it.
  expect((await other.context().cookies(tenantUrl(founder.slug))).some((c) => c.name.startsWith('__session'))).toBe(true);
  expect(await other.evaluate(async () => (await fetch('/api/projects')).status)).toBe(401);
});

test('deleting the account needs the email typed; afterwards signing in fails', async ({ browser }) => {
  const { email } = await createAccount(browser, 'acct-del');
  const page = await (await browser.newContext()).newPage();
  await accountPageOnApex(page, email);
  const form = page.getByRole('form', { name: 'Delete my account' });
  await form.getByLabel(/Type your email address/).fill('someone-else@example.test');
  await form.getByRole('button', { name: 'Delete my account' }).click();
  await expect(form.getByRole('alert')).toContainText(`Type your email address (${email}) exactly to confirm.`);

  await form.getByLabel(/Type your email address/).fill(email.toUpperCase());
  await form.getByRole('button', { name: 'Delete my account' }).click();
  await page.waitForURL(`${APEX}/?account=deleted`);

  await page.goto(`${APEX}/auth/login?returnTo=%2Faccount`);
  await fillLogin(page, email, NEW_PASSWORD);
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  expect(page.url().startsWith(AUTH0_ORIGIN)).toBe(true);
});

test('the last admin of an organization cannot delete their account', async ({ browser }) => {
  const founder = await foundOrganization(browser, 'acct-last');
  const page = founder.page;
  await page.goto(tenantUrl(founder.slug, '/account'));
  const form = page.getByRole('form', { name: 'Delete my account' });
  await form.getByLabel(/Type your email address/).fill(founder.email);
  await form.getByRole('button', { name: 'Delete my account' }).click();
  await expect(form.getByRole('alert')).toHaveText(`You are the last admin of ${founder.displayName}. Make someone else an admin there first.`);
  // Nothing happened: still signed in, still the organization's admin.
  await page.reload();
  await expect(page.getByRole('list', { name: 'Your organizations' })).toContainText('Admin');
  expect(await page.evaluate(async () => (await fetch('/api/projects')).status)).toBe(200);
});
