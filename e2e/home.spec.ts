import { test, expect } from '@playwright/test';
import { tenantUrl } from './support/env';

test('the apex serves the home page', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Tenantry' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create your organization' })).toHaveAttribute('href', '/signup');
});

test('a tenant subdomain reaches the app with its branding', async ({ page }) => {
  await page.goto(tenantUrl('acme'));
  await expect(page.getByRole('heading', { level: 1, name: 'Acme Corp' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
});

test('an unknown subdomain gets a "no such organization" page with a 404', async ({ page }) => {
  const response = await page.goto(tenantUrl('no-such-org'));
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'No such organization' })).toBeVisible();
});

test('an unknown address gets our "page not found" with a 404: on the apex, and on a tenant host inside its branding', async ({ page }) => {
  const apex = await page.goto('/no-such-page');
  expect(apex?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/');

  const tenant = await page.goto(tenantUrl('acme', '/no-such-page/deeper'));
  expect(tenant?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.locator('[data-tenant="acme"]')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to the workspace' })).toHaveAttribute('href', '/');
});
