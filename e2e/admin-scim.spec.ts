// Settings > Provisioning (SCIM): the seeded admin switches SCIM on and creates a token (shown
// once); an identity provider (this test, over HTTP with the tenant's Host header) provisions
// a person with it, who then appears among the members; deprovisioning removes them; a
// revoked token is refused. A member without sso:manage cannot open the page.
import { test, expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD, tenantUrl } from './support/env';
import { auditRows, memberRow, signIn } from './support/admin';
import { call } from './support/http';
import { verifyDomainLocally } from './support/sso';

test.describe.configure({ mode: 'serial' });

const SLUG = 'acme';
const run = Date.now().toString(36);
const tokenName = `Okta e2e ${run}`;
const email = `scim-${run}@acme-idp.test`;

let admin: Page;
let token: string;
let scimId: string;

/** A SCIM request as an identity provider sends it. */
function scim(path: string, init: { method?: string; body?: unknown; bearer?: string } = {}) {
  return call(tenantUrl(SLUG, `/scim/v2${path}`), {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.bearer ?? token}`,
      accept: 'application/scim+json',
      ...(init.body === undefined ? {} : { 'content-type': 'application/scim+json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const tokenRow = () => admin.getByTestId('scim-token-row').filter({ hasText: tokenName });

test.beforeAll(async ({ browser }) => {
  admin = await signIn(browser, SLUG, 'alice@acme.test', DEMO_PASSWORD);
  // SCIM creates accounts only at the organization's verified domains.
  await admin.goto(tenantUrl(SLUG, '/settings/sso/domains'));
  const verified = admin.getByTestId('domain-row').filter({ hasText: 'acme-idp.test' }).getByTestId('domain-status').filter({ hasText: /^Verified / });
  if ((await verified.count()) === 0) await verifyDomainLocally(admin, SLUG, 'acme-idp.test');
});

test('a member without sso:manage cannot open the SCIM settings (403)', async ({ browser }) => {
  const member = await signIn(browser, SLUG, 'bob@acme.test', DEMO_PASSWORD);
  const response = await member.goto(tenantUrl(SLUG, '/settings/scim'));
  expect(response!.status()).toBe(403);
  await expect(member.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  await member.context().close();
});

test('the admin turns SCIM on and sees the base URL', async () => {
  await admin.goto(tenantUrl(SLUG, '/settings/scim'));
  await expect(admin.getByRole('heading', { name: 'Provisioning (SCIM)' })).toBeVisible();
  await expect(admin.getByTestId('scim-base-url')).toHaveText(tenantUrl(SLUG, '/scim/v2'));
  const turnOn = admin.getByRole('button', { name: 'Turn on SCIM provisioning' });
  if (await turnOn.isVisible()) await turnOn.click();
  await expect(admin.getByTestId('scim-status')).toHaveText('SCIM provisioning is on.');
  await expect(admin.getByRole('button', { name: 'Turn off SCIM provisioning' })).toBeVisible();
});

test('the admin creates a token and sees it once', async () => {
  await admin.getByLabel('Token name').fill(tokenName);
  await admin.getByRole('button', { name: 'Create token' }).click();
  await expect(admin.getByText('Copy this token now. It will not be shown again.')).toBeVisible();
  token = await admin.getByTestId('new-scim-token').inputValue();
  expect(token).toMatch(/^tnt_scim_[A-Za-z0-9_-]{43}$/);
  await expect(tokenRow()).toContainText(token.slice(0, 15));
  await expect(tokenRow().getByTestId('scim-token-status')).toHaveText('Active');
  await expect(tokenRow()).toContainText('Never');
  // After a reload only the prefix is left.
  await admin.reload();
  await expect(admin.getByTestId('new-scim-token')).toHaveCount(0);
  expect(await admin.content()).not.toContain(token);
  await expect(tokenRow()).toContainText(token.slice(0, 15));
});

test('an identity provider provisions a person with the token, who appears among the members', async () => {
  const lookup = await scim(`/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}&startIndex=1&count=100`);
  expect(lookup.status).toBe(200);
  expect(String(lookup.headers['content-type'])).toContain('application/scim+json');
  expect(lookup.json<{ totalResults: number }>().totalResults).toBe(0);

  const created = await scim('/Users', {
    method: 'POST',
    body: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: email,
      externalId: `ext-${run}`,
      name: { givenName: 'Scim', familyName: 'Person' },
      displayName: 'Scim Person',
      emails: [{ value: email, type: 'work', primary: true }],
      active: true,
    },
  });
  expect(created.status, created.body).toBe(201);
  scimId = created.json<{ id: string }>().id;
  expect((await scim('/Users', { method: 'POST', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: email } })).status).toBe(409);

  await admin.goto(tenantUrl(SLUG, `/settings/members?q=${encodeURIComponent(email)}`));
  const row = memberRow(admin, email);
  await expect(row).toContainText('Scim Person');
  await expect(row.getByTestId('member-roles')).toHaveText('Member');
  await expect(row).toContainText('Directory sync');

  // The token's last use shows on the settings page, and the audit log names the token.
  await admin.goto(tenantUrl(SLUG, '/settings/scim'));
  await expect(tokenRow()).not.toContainText('Never');
  const events = await auditRows(admin, SLUG, 'scim.user.created');
  expect(events.some((text) => text.includes(`Directory sync (${tokenName})`) && text.includes(email))).toBe(true);
});

test('deprovisioning removes the person from the members', async () => {
  const off = await scim(`/Users/${scimId}`, {
    method: 'PATCH',
    body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] },
  });
  expect(off.status, off.body).toBe(200);
  await admin.goto(tenantUrl(SLUG, `/settings/members?q=${encodeURIComponent(email)}`));
  await expect(memberRow(admin, email)).toHaveCount(0);
  expect((await scim(`/Users/${scimId}`, { method: 'DELETE' })).status).toBe(204);
});

test('a revoked token is refused with 401', async () => {
  await admin.goto(tenantUrl(SLUG, '/settings/scim'));
  admin.once('dialog', (dialog) => dialog.accept());
  await tokenRow().getByRole('button', { name: 'Revoke' }).click();
  await expect(tokenRow().getByTestId('scim-token-status')).toContainText('Revoked');
  const refused = await scim('/Users');
  expect(refused.status).toBe(401);
  expect(refused.json<{ schemas: string[]; status: string }>()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
  // The same token is refused on another organization's host too, and so is no token at all.
  expect((await call(tenantUrl('globex', '/scim/v2/Users'), { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  expect((await call(tenantUrl(SLUG, '/scim/v2/Users'))).status).toBe(401);
});

test.afterAll(async () => {
  // Leave the seeded organization as it was: SCIM off.
  if (!admin) return;
  await admin.goto(tenantUrl(SLUG, '/settings/scim'));
  const turnOff = admin.getByRole('button', { name: 'Turn off SCIM provisioning' });
  if (await turnOff.isVisible()) {
    await turnOff.click();
    await expect(admin.getByTestId('scim-status')).toContainText('SCIM provisioning is off');
  }
});
