// Admin console, members: role changes take effect on the member's next request, removal
// takes access away at once, the last admin stays, non-admins get the 403 page, and the
// audit log records all of it. Runs in an organization founded for it.
import { test, expect, type Page } from '@playwright/test';
import { tenantUrl } from './support/env';
import { auditRows, createAccount, foundOrganization, signIn, verifyEmail, memberActions, memberRow, setMemberRoles } from './support/admin';
import { verifyDomainLocally } from './support/sso';

test.describe.configure({ mode: 'serial' });

let admin: Page;
let member: Page;
let slug: string;
let adminEmail: string;
let memberEmail: string;

test.beforeAll(async ({ browser }) => {
  const org = await foundOrganization(browser, 'members');
  ({ page: admin, slug, email: adminEmail } = org);
  // A second person, added directly as a Member: that needs a trust basis, here a verified
  // address at a domain the organization has verified.
  const domain = `members-${Date.now().toString(36)}.test`;
  await verifyDomainLocally(admin, slug, domain);
  memberEmail = (await createAccount(browser, 'worker', `worker-${Date.now().toString(36)}@${domain}`)).email;
  await verifyEmail(memberEmail);
  await admin.goto(tenantUrl(slug, '/settings/invitations'));
  await admin.getByLabel('Email').fill(memberEmail);
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await admin.getByRole('button', { name: 'Add to organization' }).click();
  await expect(admin.getByText(`${memberEmail} is now a member.`)).toBeVisible();
  member = await signIn(browser, slug, memberEmail);
});

/** Fetches from the page's own host with its cookies (Node cannot resolve *.localhost). */
const download = (page: Page, path: string) =>
  page.evaluate(async (url) => {
    const response = await fetch(url);
    return { status: response.status, text: await response.text() };
  }, path);

const rowOf = (email: string) => memberRow(admin, email);
const setRoles = (email: string, roles: string[]) => setMemberRoles(admin, slug, email, roles);

test('the members list shows name, email, roles, last login and how they joined, with search', async () => {
  await admin.goto(tenantUrl(slug, '/settings/members'));
  await expect(rowOf(adminEmail)).toContainText('Admin');
  await expect(rowOf(adminEmail)).toContainText('Created the organization');
  await expect(rowOf(memberEmail)).toContainText('Member');
  await expect(rowOf(memberEmail)).toContainText('UTC'); // has signed in
  await admin.getByLabel('Search members').fill('worker');
  await admin.getByRole('button', { name: 'Search' }).click();
  await expect(admin.getByTestId('member-row')).toHaveCount(1);
  await expect(rowOf(memberEmail)).toBeVisible();
});

test('each row renders only its "Manage" button on the server; opening it mounts that row\'s forms', async () => {
  // The server's HTML (and the RSC payload inlined in it): no row carries a form.
  const { status, text: html } = await download(admin, '/settings/members');
  expect(status).toBe(200);
  const rows = html.match(/<tr[^>]*data-testid="member-row"[\s\S]*?<\/tr>/g) ?? [];
  expect(rows).toHaveLength(2);
  for (const [row, email] of rows.map((r) => [r, /data-email="([^"]*)"/.exec(r)![1]!] as const)) {
    expect([adminEmail, memberEmail]).toContain(email);
    expect(row).toContain(`aria-label="Manage ${email}"`);
    expect(row).toContain('aria-expanded="false"');
    expect(row).not.toContain('<form');
  }
  expect(html).not.toContain('Roles of ');
  expect(html).not.toContain('Sessions of ');

  await admin.goto(tenantUrl(slug, '/settings/members'));
  await expect(admin.getByTestId('member-row').locator('form')).toHaveCount(0);
  const row = await memberActions(admin, memberEmail);
  await expect(row.locator('form')).toHaveCount(3);
  await expect(row.getByRole('checkbox', { name: 'Member', exact: true })).toBeChecked();
  await expect(row.getByRole('checkbox', { name: 'Admin', exact: true })).not.toBeChecked();
  await expect(row.getByRole('form', { name: `Sessions of ${memberEmail}` })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Remove' })).toBeVisible();
  await expect(rowOf(adminEmail).locator('form')).toHaveCount(0); // the other row stays closed
  // Closing it unmounts them again.
  await row.getByRole('button', { name: `Manage ${memberEmail}` }).click();
  await expect(row.locator('form')).toHaveCount(0);
});

test('a member cannot open the settings pages (403)', async () => {
  for (const path of ['/settings/members', '/settings/invitations', '/settings/organization', '/settings/audit', '/settings']) {
    const response = await member.goto(tenantUrl(slug, path));
    expect(response!.status(), path).toBe(403);
    await expect(member.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  }
});

test('changing roles changes what the member can do on their next request', async () => {
  await member.goto(tenantUrl(slug, '/projects'));
  await expect(member.getByRole('heading', { name: 'New project' })).toBeVisible();

  await setRoles(memberEmail, ['Read-only']);
  await expect(rowOf(memberEmail).getByTestId('member-roles')).toHaveText('Read-only');
  await member.reload();
  await expect(member.getByTestId('my-roles')).toHaveText('Your role: Read-only');
  await expect(member.getByRole('heading', { name: 'New project' })).toHaveCount(0);

  // Made an admin, the same session now reaches the settings.
  await setRoles(memberEmail, ['Admin']);
  await member.goto(tenantUrl(slug, '/settings/audit'));
  await expect(member.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await setRoles(memberEmail, ['Member']);
  const response = await member.goto(tenantUrl(slug, '/settings/audit'));
  expect(response!.status()).toBe(403);
});

test('role changes need at least one role', async () => {
  await setRoles(memberEmail, []);
  await expect(rowOf(memberEmail).getByText('Choose at least one role')).toBeVisible();
});

test('the last admin can neither be demoted nor removed', async () => {
  await setRoles(adminEmail, ['Member']);
  await expect(rowOf(adminEmail).getByText('This is the last admin of the organization')).toBeVisible();
  admin.once('dialog', (dialog) => dialog.accept());
  await (await memberActions(admin, adminEmail)).getByRole('button', { name: 'Leave organization' }).click();
  // Now refused twice: the role change above, and leaving.
  await expect(rowOf(adminEmail).getByText('This is the last admin of the organization')).toHaveCount(2);
  await admin.goto(tenantUrl(slug, '/settings/members'));
  await expect(rowOf(adminEmail).getByTestId('member-roles')).toHaveText('Admin');
});

test('an admin demoting themself is asked to confirm first', async () => {
  await setRoles(memberEmail, ['Admin']);
  await setRoles(adminEmail, ['Member']);
  await expect(rowOf(adminEmail).getByText('You are removing your own admin role')).toBeVisible();
  await expect(rowOf(adminEmail).getByTestId('member-roles')).toHaveText('Admin');
  // Not confirmed: put the other person back instead.
  await setRoles(memberEmail, ['Member']);
  await expect(rowOf(memberEmail).getByTestId('member-roles')).toHaveText('Member');
});

test('"Sign out of all sessions" ends the member’s session at once; signing in again starts a new one', async () => {
  await member.goto(tenantUrl(slug, '/projects'));
  expect((await download(member, '/api/projects')).status).toBe(200);
  await admin.goto(tenantUrl(slug, '/settings/members'));
  await (await memberActions(admin, memberEmail)).getByRole('button', { name: 'Sign out of all sessions' }).click();
  await expect(rowOf(memberEmail).getByText('Signed out of all sessions.')).toBeVisible();
  expect((await download(member, '/api/projects')).status).toBe(401);
  await expect(rowOf(adminEmail)).toBeVisible(); // the admin's own session goes on
  // The member's Auth0 session still stands: a new sign-in is silent and makes a new session.
  await member.goto(tenantUrl(slug, '/projects'));
  await expect(member.getByTestId('signed-in-as')).toHaveText(memberEmail);
  expect((await download(member, '/api/projects')).status).toBe(200);
});

test('a removed member loses access on their next request', async () => {
  // Membership is cached (MEMBERSHIP_CACHE_SECONDS, 60 s here) and the API's route handlers are
  // another chunk of the build than the settings' server actions: the removal must clear the
  // one process-wide cache, or the API would still answer 200 until the entry expires.
  expect((await download(member, '/api/projects')).status).toBe(200);
  await admin.goto(tenantUrl(slug, '/settings/members'));
  admin.once('dialog', (dialog) => dialog.accept());
  await (await memberActions(admin, memberEmail)).getByRole('button', { name: 'Remove' }).click();
  await expect(rowOf(memberEmail)).toHaveCount(0);
  expect((await download(member, '/api/projects')).status).toBe(403);
  await member.goto(tenantUrl(slug, '/projects'));
  await expect(member.getByRole('heading', { name: 'You are not a member of this organization' })).toBeVisible();
});

test('the audit log lists each change, filters by actor, and exports', async () => {
  expect(await auditRows(admin, slug, 'member.roles_changed')).toHaveLength(5);
  const removed = await auditRows(admin, slug, 'member.removed');
  expect(removed).toHaveLength(1);
  expect(removed[0]).toContain(memberEmail);
  expect(await auditRows(admin, slug, 'member.added')).toHaveLength(1);
  expect((await auditRows(admin, slug, 'member.login')).length).toBeGreaterThan(0);

  await admin.goto(tenantUrl(slug, '/settings/audit'));
  await admin.getByLabel('Actor').fill('Fran');
  await admin.getByRole('button', { name: 'Filter' }).click();
  await expect(admin.getByTestId('audit-row').first()).toContainText('Fran Founder');
  const csv = await download(admin, '/api/audit/export?format=csv&action=member.removed');
  expect(csv.status).toBe(200);
  const lines = csv.text.trim().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain('member.removed');
  const jsonl = await download(admin, '/api/audit/export?format=jsonl&action=member.roles_changed');
  expect(jsonl.text.trim().split('\n')).toHaveLength(5);
  expect((await download(member, '/api/audit/export?format=csv')).status).toBe(403);
});
