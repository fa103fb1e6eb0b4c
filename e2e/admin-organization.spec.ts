// Admin console, organization settings: branding shows at once on the workspace and on
// Auth0's login page, bad input gives field errors, an Auth0 failure is a plain message
// with nothing saved, and deleting the organization needs the address typed. Runs in an
// organization founded for it.
import { test, expect, type Page } from '@playwright/test';
import { APEX, tenantUrl } from './support/env';
import { continueWithEmail } from './support/auth';
import { auditRows, clearFaults, foundOrganization, injectFault } from './support/admin';

test.describe.configure({ mode: 'serial' });

let admin: Page;
let slug: string;

test.beforeAll(async ({ browser }) => {
  ({ page: admin, slug } = await foundOrganization(browser, 'brand'));
});
test.afterEach(async () => clearFaults());

async function save(settings: Partial<Record<'Display name' | 'Logo URL' | 'Primary colour' | 'Page colour', string>>) {
  await admin.goto(tenantUrl(slug, '/settings/organization'));
  for (const [label, value] of Object.entries(settings)) await admin.getByLabel(label, { exact: true }).fill(value);
  await admin.getByRole('button', { name: 'Save settings' }).click();
}

test('bad settings give field errors and save nothing', async () => {
  await save({ 'Display name': ' ', 'Logo URL': 'http://evil.example/logo.png', 'Primary colour': 'blue', 'Page colour': '#12345' });
  await expect(admin.getByText('Display name is required')).toBeVisible();
  await expect(admin.getByText('Logo URL must start with https://')).toBeVisible();
  await expect(admin.getByText('Primary colour: use a colour like #4f46e5')).toBeVisible();
  await expect(admin.getByText('Page colour: use a colour like #4f46e5')).toBeVisible();
  await expect(admin.getByTestId('tenant-name')).toHaveText('Brand Ltd');
});

test('branding changes show at once on the workspace, its landing page and its login page', async ({ browser }) => {
  await save({ 'Display name': 'Brand Rockets', 'Logo URL': 'https://cdn.example.test/rocket.png', 'Primary colour': '#aa2200', 'Page colour': '#fff7ed' });
  await expect(admin.getByText('Saved.')).toBeVisible();
  await admin.reload();
  await expect(admin.getByTestId('tenant-name')).toHaveText('Brand Rockets');
  await expect(admin.locator(`[data-tenant="${slug}"]`)).toHaveAttribute('style', /--brand:\s*#aa2200.*--brand-page:\s*#fff7ed/);

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(tenantUrl(slug));
  await expect(visitor.getByRole('heading', { name: 'Brand Rockets' })).toBeVisible();
  await expect(visitor.getByRole('main').getByRole('img', { name: 'Brand Rockets logo' })).toHaveAttribute('src', 'https://cdn.example.test/rocket.png');
  await visitor.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await continueWithEmail(visitor, 'visitor@example.test');
  await expect(visitor.locator('#username')).toBeVisible();
  await expect(visitor.getByText('Brand Rockets', { exact: true })).toBeVisible();
  await expect(visitor.getByRole('img', { name: 'Brand Rockets logo' })).toHaveAttribute('src', 'https://cdn.example.test/rocket.png');
  expect(await visitor.content()).toMatch(/--primary:\s*#aa2200;\s*--page:\s*#fff7ed/);
  await visitor.context().close();
});

test('when Auth0 rate limits us, the page says so and nothing is saved', async () => {
  await injectFault({ path: '/api/v2/organizations', method: 'PATCH', status: 429, retry_after: 1 });
  await save({ 'Display name': 'Never Saved' });
  await expect(admin.getByText(/^Auth0 is rate limiting us, try again in \d+ s\.$/)).toBeVisible();
  await clearFaults();
  await admin.reload();
  await expect(admin.getByTestId('tenant-name')).toHaveText('Brand Rockets');
  await expect(admin.getByLabel('Display name', { exact: true })).toHaveValue('Brand Rockets');
});

test('when Auth0 is down, the invitations page still works and says so', async () => {
  await injectFault({ path: '/\\/invitations/', status: 503 });
  await admin.goto(tenantUrl(slug, '/settings/invitations'));
  await expect(admin.getByText('We could not load the pending invitations. Auth0 is not answering right now.')).toBeVisible();
  await expect(admin.getByRole('button', { name: 'Send invitation' })).toBeVisible();
});

test('settings changes are in the audit log', async () => {
  const rows = await auditRows(admin, slug, 'organization.updated');
  expect(rows).toHaveLength(1);
  expect(rows[0]).toContain('Brand Rockets');
});

test('deleting the organization needs its address typed, then removes it and returns to the apex', async () => {
  await admin.goto(tenantUrl(slug, '/settings/organization'));
  await admin.getByLabel(`Type ${slug} to confirm`).fill('acme');
  await admin.getByRole('button', { name: 'Delete this organization' }).click();
  await expect(admin.getByText(`Type ${slug} exactly to confirm.`)).toBeVisible();

  await admin.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await admin.getByRole('button', { name: 'Delete this organization' }).click();
  await admin.waitForURL(`${APEX}/?deleted=${slug}`);
  const response = await admin.goto(tenantUrl(slug, '/projects'));
  expect(response!.status()).toBe(404);
});
