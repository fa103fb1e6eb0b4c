// Helpers for the admin console's browser tests. Each spec founds an organization of its
// own (through the real sign-up flow) so its changes never disturb the seeded ones.
import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { fillLogin, fillSignup, uniqueEmail } from './auth';
import { APEX, AUTH0_ORIGIN, tenantUrl } from './env';

export const NEW_PASSWORD = 'Str0ng-Passw0rd!';

export interface Person { email: string; name: string; page: Page }

/** A fresh account (signed up on the apex, in no organization yet; its email not verified). */
export async function createAccount(browser: Browser, prefix: string, email = uniqueEmail(prefix)): Promise<{ email: string; name: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const name = `${prefix[0]!.toUpperCase()}${prefix.slice(1)} Person`;
  await page.goto(`${APEX}/signup`);
  await page.getByRole('link', { name: 'Create account' }).click();
  await fillSignup(page, email, name, NEW_PASSWORD);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await context.close();
  return { email, name };
}

/** Signs up a founder who creates a new organization; returns their signed-in page on it. */
export async function foundOrganization(browser: Browser, prefix: string): Promise<Person & { slug: string; displayName: string }> {
  const page = await (await browser.newContext()).newPage();
  const email = uniqueEmail(`${prefix}-founder`);
  const name = 'Fran Founder';
  const slug = `${prefix}-${Date.now().toString(36)}`;
  const displayName = `${prefix[0]!.toUpperCase()}${prefix.slice(1)} Ltd`;
  await page.goto(`${APEX}/signup`);
  await page.getByRole('link', { name: 'Create account' }).click();
  await fillSignup(page, email, name, NEW_PASSWORD);
  await page.getByLabel('Company name').fill(displayName);
  await page.getByLabel('Workspace address').fill(slug);
  await expect(page.getByText('Available')).toBeVisible();
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.waitForURL(tenantUrl(slug, '/projects'));
  return { email, name, page, slug, displayName };
}

/** Signs in on the organization's own host, in a browser context of its own. */
export async function signIn(browser: Browser, slug: string, email: string, password = NEW_PASSWORD): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(tenantUrl(slug, '/auth/login?returnTo=%2Fprojects'));
  await fillLogin(page, email, password);
  await page.waitForURL(tenantUrl(slug, '/projects'));
  return page;
}

interface Mail { kind: string; to: string; subject: string; link?: string; created_at: string }

/** The invitation mails to `email` in the local tenant's outbox, newest first (waits for `count` of them). */
export async function outbox(email: string, count = 1, attempts = 40): Promise<Mail[]> {
  for (let i = 0; i < attempts; i++) {
    const response = await fetch(`${AUTH0_ORIGIN}/__local/outbox?to=${encodeURIComponent(email)}`);
    const mails = ((await response.json()) as { mails: Mail[] }).mails.filter((m) => m.kind === 'invitation');
    if (mails.length >= count) return mails;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no invitation mail for ${email} in the outbox`);
}

/** Opens the link of the local tenant's "Verify your email" mail to `email`, as its owner would. */
export async function verifyEmail(email: string): Promise<void> {
  const response = await fetch(`${AUTH0_ORIGIN}/__local/outbox?to=${encodeURIComponent(email)}`);
  const mail = ((await response.json()) as { mails: Mail[] }).mails.find((m) => m.kind === 'verify_email');
  expect(mail?.link, 'a verification mail').toBeTruthy();
  const link = new URL(mail!.link!);
  const page = await fetch(`${AUTH0_ORIGIN}${link.pathname}${link.search}`);
  expect(page.status).toBe(200);
}

/**
 * The invitation link from the newest mail. The seeded application's Login URI names the
 * dev port (3000); the browser tests run the app on their own port, so the link's origin
 * is pointed there. Path and query stay exactly as Auth0 built them.
 */
export async function invitationLink(email: string, count = 1): Promise<string> {
  const [mail] = await outbox(email, count);
  expect(mail!.link, 'the invitation mail carries a link').toBeTruthy();
  const link = new URL(mail!.link!);
  return `${APEX}${link.pathname}${link.search}`;
}

export async function injectFault(fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${AUTH0_ORIGIN}/__local/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
  expect(response.status).toBe(201);
}

export async function clearFaults(): Promise<void> {
  await fetch(`${AUTH0_ORIGIN}/__local/faults`, { method: 'DELETE' });
}

/** The audit log page filtered to one action; returns the rows' text. */
export async function auditRows(page: Page, slug: string, action: string): Promise<string[]> {
  await page.goto(tenantUrl(slug, `/settings/audit?action=${encodeURIComponent(action)}`));
  return page.getByTestId('audit-row').allInnerTexts();
}

/** A member's row on the members page `admin` has open. */
export const memberRow = (admin: Page, email: string) => admin.getByTestId('member-row').filter({ hasText: email });

/**
 * Opens the row's "Manage" disclosure (its forms mount only then) and returns the row, whose
 * forms and messages the caller then uses. Leaves an open row open; a click that came before
 * the page hydrated is repeated.
 */
export async function memberActions(admin: Page, email: string): Promise<Locator> {
  const row = memberRow(admin, email);
  const manage = row.getByRole('button', { name: `Manage ${email}`, exact: true });
  await expect(async () => {
    if ((await manage.getAttribute('aria-expanded')) !== 'true') await manage.click();
    await expect(manage).toHaveAttribute('aria-expanded', 'true', { timeout: 1_000 });
  }).toPass();
  await expect(row.getByRole('form', { name: `Roles of ${email}`, exact: true })).toBeVisible();
  return row;
}

/** Sets a member's roles on the members page (role labels: Admin, Member, Billing, Read-only). */
export async function setMemberRoles(admin: Page, slug: string, email: string, roles: string[]): Promise<void> {
  await admin.goto(tenantUrl(slug, '/settings/members'));
  const row = await memberActions(admin, email);
  for (const role of ['Admin', 'Member', 'Billing', 'Read-only']) {
    const box = row.getByRole('checkbox', { name: role, exact: true });
    if (roles.includes(role)) await box.check();
    else await box.uncheck();
  }
  await row.getByRole('button', { name: /Save roles|Yes, change my roles/ }).click();
  // Wait for the answer (saved, refused or a question) before anyone's next request.
  await expect(row.getByRole('status').or(row.getByRole('alert')).first()).toBeVisible();
}
