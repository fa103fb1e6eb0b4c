// Enterprise SSO with SAML: an org admin configures a connection against a throw-away SAML
// IdP on the settings pages; a new employee signs in through it on the tenant subdomain and
// lands as a member with the connection's role (just in time). With auto-membership off,
// an uninvited employee is refused with a clear page.
import { test, expect, type Page } from '@playwright/test';
import { startSamlIdp, type SamlIdp } from '../auth0-local/testing/index';
import { continueWithEmail, uniqueEmail } from './support/auth';
import { AUTH0_ORIGIN, tenantUrl } from './support/env';
import { auditRows, foundOrganization, memberRow } from './support/admin';
import { addSamlConnection, signInAtIdp } from './support/sso';

test.describe.configure({ mode: 'serial' });

let idp: SamlIdp;
let admin: Page;
let slug: string;
let connection: string;

test.beforeAll(async ({ browser }) => {
  idp = await startSamlIdp();
  ({ page: admin, slug } = await foundOrganization(browser, 'saml'));
});
test.afterAll(async () => idp?.close());

test('bad input on the SAML form gives field errors', async () => {
  await admin.goto(tenantUrl(slug, '/settings/sso/new?type=saml'));
  await admin.getByLabel('Display name').fill('Broken');
  await admin.getByLabel('Identity provider sign-in URL').fill('idp.example.com/sso');
  await admin.getByLabel('Signing certificate (PEM)').fill('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----');
  await admin.getByRole('button', { name: 'Create connection' }).click();
  await expect(admin.getByText('Sign-in URL: enter a full address starting with https://')).toBeVisible();
  await expect(admin.getByText(/This is not a PEM certificate/)).toBeVisible();
  await admin.getByLabel('Identity provider metadata XML (optional)').fill('<not-xml');
  await admin.getByRole('button', { name: 'Create connection' }).click();
  await expect(admin.getByText('This is not valid XML.', { exact: false })).toBeVisible();
});

test('an admin configures SAML and sees what to give the IdP', async () => {
  connection = await addSamlConnection(admin, slug, idp, { displayName: 'Saml Okta', role: 'Member' });
  expect(connection).toBe(`${slug}-saml`);
  await expect(admin.getByTestId('sp-entity-id')).toHaveText(`urn:auth0:local:${slug}-saml`);
  await expect(admin.getByTestId('sp-acs-url')).toHaveText(`${AUTH0_ORIGIN}/login/callback?connection=${slug}-saml`);
  await expect(admin.getByRole('link', { name: `${AUTH0_ORIGIN}/samlp/metadata?connection=${slug}-saml` })).toBeVisible();
  await expect(admin.getByText(/Signing certificate: .*valid until \d{4}-\d{2}-\d{2}/)).toBeVisible();
  await expect(admin.getByRole('link', { name: 'Try sign-in' })).toHaveAttribute('href', `/auth/login?connection=${slug}-saml&returnTo=%2Fprojects`);
  await expect(admin.getByRole('link', { name: 'Try sign-in' })).toHaveAttribute('target', '_blank');
  expect((await auditRows(admin, slug, 'sso.connection_created')).join()).toContain(`${slug}-saml`);
});

test('a new employee signs in through the IdP on the tenant subdomain and lands as a member', async ({ browser }) => {
  const email = uniqueEmail('saml-employee');
  const page = await (await browser.newContext()).newPage();
  await page.goto(tenantUrl(slug));
  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await continueWithEmail(page, email);
  // No verified domain yet: the organization's login page, with the SSO button.
  await page.getByRole('button', { name: 'Continue with Saml Okta' }).click();
  await expect(page).toHaveURL(new RegExp(`^${idp.url}/`));
  await signInAtIdp(page, email, 'Sam Employee');
  await page.waitForURL(tenantUrl(slug, '/projects'));
  await expect(page.getByTestId('signed-in-as')).toHaveText(email);
  await expect(page.getByTestId('my-roles')).toHaveText('Your role: Member');

  await admin.goto(tenantUrl(slug, '/settings/members'));
  const row = memberRow(admin, email);
  await expect(row).toContainText('Sam Employee');
  await expect(row.getByTestId('member-roles')).toHaveText('Member');
  await expect(row).toContainText('Single sign-on');
  await page.context().close();
});

test('with auto-membership off, an uninvited employee is refused with a clear page', async ({ browser }) => {
  await admin.goto(tenantUrl(slug, '/settings/sso'));
  await admin.getByRole('link', { name: 'Saml Okta' }).click();
  await admin.getByRole('checkbox', { name: /Add people automatically/ }).uncheck();
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.getByText('Saved.')).toBeVisible();

  const page = await (await browser.newContext()).newPage();
  await page.goto(tenantUrl(slug, `/auth/login?connection=${connection}&returnTo=%2Fprojects`));
  await signInAtIdp(page, uniqueEmail('saml-stranger'), 'Stan Stranger');
  await expect(page.getByRole('heading', { name: 'We could not sign you in' })).toBeVisible();
  await expect(page.getByText('this organization only lets in people who were invited')).toBeVisible();
  await page.context().close();
});

test('an invitation can name the SAML connection', async () => {
  // Auth0 then makes the invitee use that connection (checked against Auth0's API in lib/sso/connections.test.ts).
  const email = uniqueEmail('saml-invitee');
  await admin.goto(tenantUrl(slug, '/settings/invitations'));
  await admin.getByLabel('Email').fill(email);
  await expect(admin.getByLabel('Sign in with').locator('option')).toHaveText(['Any way the organization allows', 'Email and password', 'Saml Okta (SAML)']);
  await admin.getByLabel('Sign in with').selectOption({ label: 'Saml Okta (SAML)' });
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await expect(admin.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  await expect(admin.getByTestId('invitation-row').filter({ hasText: email })).toBeVisible();
});

test('disabling the connection stops sign-in with it; deleting removes it', async ({ browser }) => {
  await admin.goto(tenantUrl(slug, '/settings/sso'));
  await admin.getByRole('link', { name: 'Saml Okta' }).click();
  await admin.getByRole('button', { name: 'Disable connection' }).click();
  await expect(admin.getByTestId('connection-status')).toHaveText('Disabled');
  const page = await (await browser.newContext()).newPage();
  await page.goto(tenantUrl(slug, `/auth/login?connection=${connection}&returnTo=%2Fprojects`));
  await expect(page.getByRole('heading', { name: 'We could not sign you in' })).toBeVisible();
  await page.context().close();
  admin.once('dialog', (d) => d.accept());
  await admin.getByRole('button', { name: 'Delete connection' }).click();
  await admin.waitForURL(tenantUrl(slug, '/settings/sso?deleted=1'));
  await expect(admin.getByTestId('connection-row')).toHaveCount(0);
});
