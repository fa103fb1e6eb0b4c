// Flows 3, 4 and 5: find my organization by email, the organization picker and switcher,
// and personal accounts.
import { test, expect } from '@playwright/test';
import { fillLogin, fillSignup, uniqueEmail } from './support/auth';
import { APEX, tenantUrl } from './support/env';

test('find my organization: one organization goes straight to it', async ({ page }) => {
  await page.goto('/find');
  await page.getByLabel('Work email').fill('bob@acme.test');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('#username')).toHaveValue('bob@acme.test');
  await fillLogin(page, 'bob@acme.test');
  await page.waitForURL(tenantUrl('acme', '/projects'));
  await expect(page.getByTestId('tenant-name')).toHaveText('Acme Corp');
});

test('find my organization: several organizations show the picker, and the switcher moves between them', async ({ page }) => {
  await page.goto('/find');
  await page.getByLabel('Work email').fill('carol@example.test');
  await page.getByRole('button', { name: 'Continue' }).click();
  await fillLogin(page, 'carol@example.test');
  await expect(page.getByRole('heading', { name: 'Choose an organization' })).toBeVisible();
  const picker = page.getByRole('list', { name: 'Your organizations' });
  await expect(picker.getByRole('link')).toHaveCount(2);
  await picker.getByRole('link', { name: /Globex/ }).click();
  await page.waitForURL(tenantUrl('globex', '/projects'));
  await expect(page.getByTestId('my-roles')).toHaveText('Your role: Admin');

  // Switch to Acme from inside the app: a new sign-in within Acme, on Acme's host.
  await page.goto(tenantUrl('acme', '/auth/login?returnTo=%2Fprojects')); // first visit records Acme membership
  await page.waitForURL(tenantUrl('acme', '/projects'));
  await page.getByText('Switch organization').click();
  await page.getByRole('link', { name: 'Globex' }).click();
  await page.waitForURL(tenantUrl('globex', '/projects'));
  await expect(page.getByTestId('tenant-name')).toHaveText('Globex');
  await page.getByText('Switch organization').click();
  await page.getByRole('link', { name: 'Acme Corp' }).click();
  await page.waitForURL(tenantUrl('acme', '/projects'));
  await expect(page.getByTestId('my-roles')).toHaveText('Your role: Member');
});

test('find my organization gives the same answer for unknown addresses (no enumeration)', async ({ page }) => {
  for (const email of ['nobody-here@nowhere.test', 'bob@acme.test']) {
    await page.goto('/find');
    await page.getByLabel('Work email').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('#username')).toHaveValue(email);
    await expect(page.locator('#password')).toBeVisible();
  }
  await page.goto('/find');
  await page.getByLabel('Work email').fill('not-an-email');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();
});

test('a personal account has a workspace without an organization and can create one later', async ({ page }) => {
  const email = uniqueEmail('solo');
  await page.goto('/');
  await page.getByRole('link', { name: 'Personal account' }).click();
  await fillSignup(page, email, 'Solo Person');
  await page.waitForURL(`${APEX}/personal`);
  await expect(page.getByTestId('personal-user')).toContainText(email);
  await page.getByRole('link', { name: 'My organizations' }).click();
  await expect(page.getByRole('heading', { name: 'No organization yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Create an organization' }).click();
  await expect(page.getByLabel('Company name')).toBeVisible();
});
