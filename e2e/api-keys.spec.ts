// Settings > API keys: the seeded admin creates a key (read-only projects), sees its secret
// once, copies the ready curl, and the curl's two requests work as written: this test parses
// the copied text and makes the same token request and API call. The key cannot write; after
// revocation its token is refused. A member without org:manage cannot open the page.
import { test, expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD, tenantUrl } from './support/env';
import { auditRows, signIn } from './support/admin';
import { call } from './support/http';

test.describe.configure({ mode: 'serial' });

const SLUG = 'acme';
const keyName = `Reporting e2e ${Date.now().toString(36)}`;

let admin: Page;
let token: string;
let apiUrl: string;

const keyRow = () => admin.getByTestId('api-key-row').filter({ hasText: keyName });

test.beforeAll(async ({ browser }) => {
  admin = await signIn(browser, SLUG, 'alice@acme.test', DEMO_PASSWORD);
});

test('a member without org:manage cannot open the API keys (403)', async ({ browser }) => {
  const member = await signIn(browser, SLUG, 'bob@acme.test', DEMO_PASSWORD);
  const response = await member.goto(tenantUrl(SLUG, '/settings/api-keys'));
  expect(response!.status()).toBe(403);
  await member.context().close();
});

test('the admin creates a key, copies the curl, and the curl works', async () => {
  await admin.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: tenantUrl(SLUG, '').replace(/\/$/, '') });
  await admin.goto(tenantUrl(SLUG, '/settings/api-keys'));
  await expect(admin.getByRole('heading', { name: 'API keys' })).toBeVisible();
  await admin.getByLabel('Name').fill(keyName);
  // Only projects:read (the default): the key will not be able to write.
  await expect(admin.getByRole('checkbox', { name: 'projects:read' })).toBeChecked();
  await expect(admin.getByRole('checkbox', { name: 'projects:write' })).not.toBeChecked();
  await admin.getByRole('button', { name: 'Create key' }).click();

  const panel = admin.getByTestId('issued-api-key');
  await expect(panel).toContainText('It will not be shown again.');
  const clientId = await admin.getByTestId('issued-client-id').inputValue();
  const secret = await admin.getByTestId('issued-client-secret').inputValue();
  expect(secret.length).toBeGreaterThan(20);

  await admin.getByTestId('copy-curl').click();
  await expect(admin.getByTestId('copy-curl')).toHaveText('Copied');
  const shown = (await admin.getByTestId('issued-curl').textContent())!;
  const copied = await admin.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);

  // The curl, as a shell would run it: the token request, then the API call with its token.
  const tokenUrl = /--url '([^']+)'/.exec(copied)![1]!;
  const form = new URLSearchParams([...copied.matchAll(/--data '([^=']+)=([^']*)'/g)].map((m) => [m[1]!, m[2]!]));
  expect(Object.fromEntries(form)).toMatchObject({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, audience: expect.any(String), organization: expect.stringMatching(/^org_/) });
  apiUrl = /\ncurl -s '([^']+)' --header "authorization: Bearer \$TOKEN"$/.exec(copied)![1]!;
  expect(apiUrl).toBe(tenantUrl(SLUG, '/api/projects'));
  const issued = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  expect(issued.status).toBe(200);
  token = ((await issued.json()) as { access_token: string }).access_token;

  const listed = await call(apiUrl, { headers: { authorization: `Bearer ${token}` } });
  expect(listed.status).toBe(200);
  expect(Array.isArray(listed.json<{ projects: unknown[] }>().projects)).toBe(true);
  const write = await call(apiUrl, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Not allowed' }) });
  expect(write.status).toBe(403);
});

test('the list shows the key without its secret, with its last use', async () => {
  await admin.goto(tenantUrl(SLUG, '/settings/api-keys'));
  await expect(admin.getByTestId('issued-api-key')).toHaveCount(0);
  await expect(keyRow().getByTestId('api-key-permissions')).toHaveText('projects:read');
  await expect(keyRow().getByTestId('api-key-status')).toHaveText('Active');
  await expect(keyRow().getByTestId('api-key-last-used')).not.toHaveText('Never');
});

test('revoked: the same token is refused on its next request', async () => {
  admin.once('dialog', (dialog) => dialog.accept());
  await keyRow().getByRole('button', { name: 'Revoke' }).click();
  await expect(keyRow().getByTestId('api-key-status')).toHaveText(/^Revoked /);
  const refused = await call(apiUrl, { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status).toBe(401);
  expect((await auditRows(admin, SLUG, 'api_key.created')).some((row) => row.includes(keyName))).toBe(true);
  expect((await auditRows(admin, SLUG, 'api_key.revoked')).some((row) => row.includes(keyName))).toBe(true);
});
