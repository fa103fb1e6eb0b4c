// Flow 1: sign up on the apex, create an organization, land in it as its admin.
import { test, expect } from '@playwright/test';
import { fillSignup, uniqueEmail } from './support/auth';
import { tenantUrl } from './support/env';

test('a new person signs up, creates an organization and lands in it as admin', async ({ page }) => {
  const email = uniqueEmail('founder');
  const slug = `initech-${Date.now().toString(36)}`;
  await page.goto('/');
  await page.getByRole('link', { name: 'Create your organization' }).click();
  await page.getByRole('link', { name: 'Create account' }).click();
  await fillSignup(page, email, 'Peter Founder');

  await expect(page.getByRole('heading', { name: 'Create your organization' })).toBeVisible();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await page.getByLabel('Company name').fill('Initech Inc');
  const slugField = page.getByLabel('Workspace address');
  await expect(slugField).toHaveValue('initech-inc');

  // Live checks: reserved, malformed, taken, then available.
  await slugField.fill('admin');
  await expect(page.getByText('That address is reserved')).toBeVisible();
  await slugField.fill('-bad');
  await expect(page.getByText(/Use 3 to 50 characters/)).toBeVisible();
  await slugField.fill('acme');
  await expect(page.getByText('That address is taken')).toBeVisible();
  // Auth0 organization names stop at 50: a longer address is refused here, before Auth0.
  await slugField.fill('a'.repeat(51));
  await expect(page.getByText(/Use 3 to 50 characters/)).toBeVisible();
  await slugField.fill(slug);
  await expect(page.getByText('Available')).toBeVisible();

  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.waitForURL(tenantUrl(slug, '/projects'));
  await expect(page.getByTestId('tenant-name')).toHaveText('Initech Inc');
  await expect(page.getByTestId('my-roles')).toHaveText('Your role: Admin');
  await expect(page.getByRole('heading', { name: 'New project' })).toBeVisible();
});

test('sign-up form errors are shown on the form, and a taken slug is refused on submit too', async ({ page }) => {
  const email = uniqueEmail('second');
  await page.goto('/signup');
  await page.getByRole('link', { name: 'Create account' }).click();
  await fillSignup(page, email, 'Sam Second');
  await page.getByLabel('Company name').fill('A');
  await page.getByLabel('Workspace address').fill('globex');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByText('Company name: at least 2 characters')).toBeVisible();
  await page.getByLabel('Company name').fill('Globex Copycat');
  await page.getByLabel('Workspace address').fill('globex');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByText('That address is taken').first()).toBeVisible();
  await expect(page).toHaveURL(/localhost:3100\/signup/);
});
