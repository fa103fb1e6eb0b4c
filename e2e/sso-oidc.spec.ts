// Enterprise SSO with OpenID Connect: an org admin connects a throw-away upstream OpenID
// provider on the settings pages; a new employee signs in through it on the tenant
// subdomain and lands as a member with the connection's role.
import { test, expect, type Page } from '@playwright/test';
import { startOidcIdp, type OidcIdp } from '../auth0-local/testing/index';
import { continueWithEmail, uniqueEmail } from './support/auth';
import { AUTH0_ORIGIN, tenantUrl } from './support/env';
import { foundOrganization, memberRow } from './support/admin';
import { addOidcConnection, signInAtIdp } from './support/sso';

test.describe.configure({ mode: 'serial' });

let idp: OidcIdp;
let admin: Page;
let slug: string;

test.beforeAll(async ({ browser }) => {
  idp = await startOidcIdp();
  ({ page: admin, slug } = await foundOrganization(browser, 'oidc'));
});
test.afterAll(async () => idp?.close());

test('an issuer that is not an OpenID provider is a field error', async () => {
  await admin.goto(tenantUrl(slug, '/settings/sso/new?type=oidc'));
  await admin.getByLabel('Display name').fill('Broken');
  await admin.getByLabel('Issuer URL').fill(`${idp.issuer}/nowhere`);
  await admin.getByLabel('Client ID').fill('x');
  await admin.getByLabel('Client secret').fill('y');
  await admin.getByRole('button', { name: 'Create connection' }).click();
  await expect(admin.getByText(/We could not read the OpenID configuration at .*\/nowhere\/\.well-known\/openid-configuration/)).toBeVisible();
  await expect(admin.getByLabel('Client secret')).toHaveValue('');
});

test('an admin connects an OpenID provider, and a new employee signs in through it as a member', async ({ browser }) => {
  const connection = await addOidcConnection(admin, slug, idp, { displayName: 'Oidc Entra', role: 'Read-only' });
  expect(connection).toBe(`${slug}-oidc`);
  await expect(admin.getByTestId('oidc-redirect-uri')).toHaveText(`${AUTH0_ORIGIN}/login/callback`);
  await expect(admin.getByLabel('Client secret')).toHaveValue('');
  await expect(admin.getByText('Leave empty to keep the stored secret.')).toBeVisible();

  const email = uniqueEmail('oidc-employee');
  const page = await (await browser.newContext()).newPage();
  await page.goto(tenantUrl(slug));
  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await continueWithEmail(page, email);
  await page.getByRole('button', { name: 'Continue with Oidc Entra' }).click();
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/`));
  await signInAtIdp(page, email, 'Olga Employee');
  await page.waitForURL(tenantUrl(slug, '/projects'));
  await expect(page.getByTestId('signed-in-as')).toHaveText(email);
  await expect(page.getByTestId('my-roles')).toHaveText('Your role: Read-only');
  await page.context().close();

  await admin.goto(tenantUrl(slug, '/settings/members'));
  const row = memberRow(admin, email);
  await expect(row.getByTestId('member-roles')).toHaveText('Read-only');
  await expect(row).toContainText('Single sign-on');
});
