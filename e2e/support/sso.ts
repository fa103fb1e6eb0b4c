// Helpers for the single sign-on browser tests: an org admin configures a connection on the
// settings pages, and a person signs in at a throw-away IdP (auth0-local/testing), whose
// sign-in page has `Email` and `Name` fields and a `Sign in` button.
import { expect, type Page } from '@playwright/test';
import type { OidcIdp, SamlIdp } from '../../auth0-local/testing/index';
import { tenantUrl } from './env';

export interface ConnectionOptions { displayName: string; autoMembership?: boolean; role?: 'Admin' | 'Member' | 'Billing' | 'Read-only' }

async function commonFields(admin: Page, o: ConnectionOptions) {
  await admin.getByLabel('Display name').fill(o.displayName);
  const auto = admin.getByRole('checkbox', { name: /Add people automatically/ });
  if (o.autoMembership ?? true) await auto.check();
  else await auto.uncheck();
  if (o.role) await admin.getByLabel('Role for people who join this way').selectOption({ label: o.role });
}

/** Creates a SAML connection from the settings page; returns its Auth0 connection name. */
export async function addSamlConnection(admin: Page, slug: string, idp: SamlIdp, o: ConnectionOptions & { useMetadata?: boolean }): Promise<string> {
  await admin.goto(tenantUrl(slug, '/settings/sso'));
  await admin.getByRole('link', { name: 'Add SAML connection' }).click();
  await expect(admin.getByRole('heading', { name: 'New SAML connection' })).toBeVisible();
  await commonFields(admin, o);
  if (o.useMetadata) {
    await admin.getByLabel('Identity provider metadata XML (optional)').fill(idp.metadataXml);
  } else {
    await admin.getByLabel('Identity provider sign-in URL').fill(idp.signInUrl);
    await admin.getByLabel('Signing certificate (PEM)').fill(idp.certificatePem);
  }
  await admin.getByRole('button', { name: 'Create connection' }).click();
  await expect(admin.getByText('Connection created and enabled for your organization.')).toBeVisible();
  return admin.getByTestId('connection-name').innerText();
}

export async function addOidcConnection(admin: Page, slug: string, idp: OidcIdp, o: ConnectionOptions): Promise<string> {
  await admin.goto(tenantUrl(slug, '/settings/sso'));
  await admin.getByRole('link', { name: 'Add OpenID Connect connection' }).click();
  await commonFields(admin, o);
  await admin.getByLabel('Issuer URL').fill(idp.issuer);
  await admin.getByLabel('Client ID').fill(idp.clientId);
  await admin.getByLabel('Client secret').fill(idp.clientSecret);
  await admin.getByRole('button', { name: 'Create connection' }).click();
  await expect(admin.getByText('Connection created and enabled for your organization.')).toBeVisible();
  return admin.getByTestId('connection-name').innerText();
}

/** Adds a domain and marks it verified with the local-development button (the e2e app runs DOMAIN_VERIFICATION=trust). */
export async function verifyDomainLocally(admin: Page, slug: string, domain: string) {
  await admin.goto(tenantUrl(slug, '/settings/sso/domains'));
  await admin.getByLabel('Domain', { exact: true }).fill(domain);
  await admin.getByRole('button', { name: 'Add domain' }).click();
  const row = admin.getByTestId('domain-row').filter({ hasText: domain });
  await expect(row.getByTestId('txt-name')).toHaveText(`_tenantry-verification.${domain}`);
  await expect(row.getByTestId('txt-value')).toHaveText(/^tenantry-verification=[0-9a-f]{32}$/);
  await row.getByRole('button', { name: 'Mark verified (local development only)' }).click();
  await expect(row.getByTestId('domain-status')).toHaveText(/^Verified /);
}

/** Signs in at the test IdP's page as this person. */
export async function signInAtIdp(page: Page, email: string, name: string) {
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
