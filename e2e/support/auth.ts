// Drives the local Auth0 tenant's Universal Login the way a person does. The field ids and
// button text match Auth0's own Universal Login, so these steps also fit a real tenant.
import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './env';

export async function fillLogin(page: Page, email: string, password = DEMO_PASSWORD) {
  await expect(page.locator('#username')).toBeVisible();
  await page.locator('#username').fill(email);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Continue', exact: true }).click(); // not "Continue with <SSO connection>"
}

/** The tenant's email-first sign-in page (/login): the address decides SSO or password. */
export async function continueWithEmail(page: Page, email: string) {
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** Starts at `url` (a page that needs sign-in or a Sign in link) and signs in. */
export async function signInAt(page: Page, url: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(url);
  if (!page.url().includes('/u/login')) {
    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await continueWithEmail(page, email);
  }
  await fillLogin(page, email, password);
}

let counter = 0;
/** A fresh address for people created by a test. */
export function uniqueEmail(prefix: string) {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@example.test`;
}

/** Fills the local tenant's sign-up page (reached with screen_hint=signup). */
export async function fillSignup(page: Page, email: string, name: string, password = 'Str0ng-Passw0rd!') {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByLabel(/email/i).fill(email);
  const nameField = page.getByLabel(/^name$|full name|your name/i);
  if (await nameField.count()) await nameField.first().fill(name);
  await page.getByLabel(/password/i).first().fill(password);
  await page.getByRole('button', { name: /continue|sign up/i }).click();
}
