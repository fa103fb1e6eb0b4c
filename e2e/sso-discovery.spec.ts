// Home-realm discovery: once an organization has verified its email domain and has an
// enabled SSO connection, an address at that domain goes straight to the IdP, from the
// apex "find my organization" page and from the tenant's own sign-in page. Other addresses
// keep the password login.
import { test, expect, type Page } from '@playwright/test';
import { startSamlIdp, type SamlIdp } from '../auth0-local/testing/index';
import { continueWithEmail } from './support/auth';
import { APEX, AUTH0_ORIGIN, tenantUrl } from './support/env';
import { foundOrganization } from './support/admin';
import { addSamlConnection, signInAtIdp, verifyDomainLocally } from './support/sso';

test.describe.configure({ mode: 'serial' });

let idp: SamlIdp;
let admin: Page;
let slug: string;
let domain: string;

test.beforeAll(async ({ browser }) => {
  idp = await startSamlIdp();
  ({ page: admin, slug } = await foundOrganization(browser, 'hrd'));
  domain = `${slug}.test`;
  // Configured from the IdP's metadata this time.
  await addSamlConnection(admin, slug, idp, { displayName: 'Hrd Sso', role: 'Member', useMetadata: true });
});
test.afterAll(async () => idp?.close());

test('an unverified domain does not route: the apex sends the address to the password login', async ({ page }) => {
  await page.goto(`${APEX}/find`);
  await page.getByLabel('Work email').fill(`early@${domain}`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(new RegExp(`^${AUTH0_ORIGIN}/`));
  await expect(page.locator('#username')).toHaveValue(`early@${domain}`);
});

test('after the admin verifies the domain, "find my organization" goes straight to the IdP and back as a member', async ({ page }) => {
  await verifyDomainLocally(admin, slug, domain);
  const email = `dana@${domain}`;
  await page.goto(`${APEX}/find`);
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(new RegExp(`^${idp.url}/`));
  await signInAtIdp(page, email, 'Dana Discovered');
  await page.waitForURL(tenantUrl(slug, '/projects'));
  await expect(page.getByTestId('signed-in-as')).toHaveText(email);
  await expect(page.getByTestId('my-roles')).toHaveText('Your role: Member');
});

test('the tenant’s sign-in page routes an address at the verified domain to the IdP, and others to the password login', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(tenantUrl(slug, '/login'));
  await continueWithEmail(page, `erin@${domain.toUpperCase()}`);
  await expect(page).toHaveURL(new RegExp(`^${idp.url}/`));
  await page.goto(tenantUrl(slug, '/login'));
  await continueWithEmail(page, 'someone@elsewhere.test');
  await expect(page).toHaveURL(new RegExp(`^${AUTH0_ORIGIN}/`));
  await expect(page.locator('#username')).toHaveValue('someone@elsewhere.test');
  await page.context().close();
});

test('another organization cannot verify the same domain', async ({ browser }) => {
  const other = await foundOrganization(browser, 'hrd-rival');
  await other.page.goto(tenantUrl(other.slug, '/settings/sso/domains'));
  await other.page.getByLabel('Domain', { exact: true }).fill(domain);
  await other.page.getByRole('button', { name: 'Add domain' }).click();
  await other.page.getByRole('button', { name: 'Mark verified (local development only)' }).click();
  await expect(other.page.getByText(`${domain} is already verified by another organization, so it cannot be verified here.`)).toBeVisible();
  await other.page.context().close();
});
