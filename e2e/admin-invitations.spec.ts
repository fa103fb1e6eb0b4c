// Admin console, invitations: invite a new person who accepts through the mailed link,
// add someone who already has an account, revoke and resend, and the clear pages for a
// used, revoked or foreign invitation link. Runs in an organization founded for it.
import { test, expect, type Page } from '@playwright/test';
import { fillSignup, uniqueEmail } from './support/auth';
import { AUTH0_ORIGIN, tenantUrl } from './support/env';
import { auditRows, createAccount, foundOrganization, invitationLink, NEW_PASSWORD, outbox, signIn } from './support/admin';

test.describe.configure({ mode: 'serial' });

let admin: Page;
let slug: string;
let orgName: string;
const invitee = uniqueEmail('invitee');

test.beforeAll(async ({ browser }) => {
  const org = await foundOrganization(browser, 'invite');
  ({ page: admin, slug, displayName: orgName } = org);
});

async function setTenantClock(offsetSeconds: number) {
  const response = await fetch(`${AUTH0_ORIGIN}/__local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offset_seconds: offsetSeconds }) });
  expect(response.status).toBe(200);
}

async function invite(email: string, roles: string[] = ['Member']) {
  await admin.goto(tenantUrl(slug, '/settings/invitations'));
  await admin.getByLabel('Email').fill(email);
  for (const role of ['Admin', 'Member', 'Billing', 'Read-only']) {
    const box = admin.getByRole('checkbox', { name: role, exact: true });
    if (roles.includes(role)) await box.check();
    else await box.uncheck();
  }
  await admin.getByRole('button', { name: 'Send invitation' }).click();
}

test('an admin invites a new person, who signs up through the mailed link and lands on the welcome page', async ({ browser }) => {
  await invite(invitee, ['Member', 'Billing']);
  await expect(admin.getByText(`Invitation sent to ${invitee}.`)).toBeVisible();
  const row = admin.getByTestId('invitation-row').filter({ hasText: invitee });
  await expect(row).toContainText('Member, Billing'); // our order: the roles table's
  await expect(row).toContainText('invited by Fran Founder');
  await expect(row).toContainText('Expires');

  const [mail] = await outbox(invitee);
  expect(mail!.subject).toBe(`Fran Founder invited you to join ${orgName}`);
  const guest = await (await browser.newContext()).newPage();
  await guest.goto(await invitationLink(invitee));
  // The invitee has no account yet: Auth0 opens its sign-up page, saying who invited whom.
  await expect(guest.getByRole('heading', { name: `Join ${orgName}` })).toBeVisible();
  await expect(guest.locator('#invitation')).toContainText(`Fran Founder invited you to join ${orgName}`);
  await fillSignup(guest, invitee, 'Ivy Invitee', NEW_PASSWORD);
  await guest.waitForURL(tenantUrl(slug, '/welcome'));
  await expect(guest.getByRole('heading', { name: `Welcome to ${orgName}` })).toBeVisible();
  await expect(guest.getByText('You joined as')).toContainText(/Member, Billing|Billing, Member/);
  await guest.goto(tenantUrl(slug, '/projects'));
  await expect(guest.getByTestId('my-roles')).toHaveText(/^Your role: (Member, Billing|Billing, Member)$/);

  // The admin sees the new member, how they joined, and no pending invitation any more.
  await admin.goto(tenantUrl(slug, '/settings/members'));
  const member = admin.getByTestId('member-row').filter({ hasText: invitee });
  await expect(member).toContainText('Ivy Invitee');
  await expect(member).toContainText('Invitation');
  await admin.goto(tenantUrl(slug, '/settings/invitations'));
  await expect(admin.getByTestId('invitation-row').filter({ hasText: invitee })).toHaveCount(0);
  await guest.context().close();
});

test('the same invitation link cannot be used twice', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(await invitationLink(invitee));
  await expect(page.getByRole('heading', { name: 'We could not sign you in' })).toBeVisible();
  await expect(page.getByText('This invitation link is no longer valid')).toBeVisible();
  await page.context().close();
});

test('someone who already has an account is offered to be added directly', async ({ browser }) => {
  const existing = await createAccount(browser, 'existing');
  await invite(existing.email, ['Read-only']);
  await expect(admin.getByText(`${existing.name} (${existing.email}) already has an account`)).toBeVisible();
  await admin.getByRole('button', { name: 'Add to organization' }).click();
  await expect(admin.getByText(`${existing.email} is now a member.`)).toBeVisible();
  // No invitation mail: they were added.
  await expect(outbox(existing.email, 1, 1)).rejects.toThrow(/no invitation mail/);

  const page = await signIn(browser, slug, existing.email);
  await expect(page.getByTestId('my-roles')).toHaveText('Your role: Read-only');
  await admin.goto(tenantUrl(slug, '/settings/members'));
  await expect(admin.getByTestId('member-row').filter({ hasText: existing.email })).toContainText('Added by an admin');
  await page.context().close();
});

test('inviting twice or inviting a member is refused on the form', async () => {
  await invite(invitee);
  await expect(admin.getByText(`${invitee} is already a member of this organization.`)).toBeVisible();
  await invite('not an email');
  await expect(admin.getByText('Enter a valid email address')).toBeVisible();
  await invite(uniqueEmail('noroles'), []);
  await expect(admin.getByText('Choose at least one role')).toBeVisible();
});

test('resend replaces the link; revoke makes it unusable', async ({ browser }) => {
  const email = uniqueEmail('revoked');
  await invite(email);
  await expect(admin.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  const first = await invitationLink(email);
  await admin.getByTestId('invitation-row').filter({ hasText: email }).getByRole('button', { name: 'Resend' }).click();
  const second = await invitationLink(email, 2);
  expect(second).not.toBe(first);

  const page = await (await browser.newContext()).newPage();
  await page.goto(first);
  await expect(page.getByText('This invitation link is no longer valid')).toBeVisible();

  admin.once('dialog', (dialog) => dialog.accept());
  await admin.getByTestId('invitation-row').filter({ hasText: email }).getByRole('button', { name: 'Revoke' }).click();
  await expect(admin.getByTestId('invitation-row').filter({ hasText: email })).toHaveCount(0);
  await page.goto(second);
  await expect(page.getByText('This invitation link is no longer valid')).toBeVisible();

  // A link for this organization opened on another organization's address is refused there.
  const foreign = new URL(second);
  foreign.host = new URL(tenantUrl('acme')).host;
  await page.goto(foreign.toString());
  await expect(page.getByRole('heading', { name: 'This invitation link is not valid' })).toBeVisible();
  await page.context().close();
});

test('an expired invitation link gives a clear page', async ({ browser }) => {
  const email = uniqueEmail('late');
  await invite(email);
  await expect(admin.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  const link = await invitationLink(email);
  const page = await (await browser.newContext()).newPage();
  // Eight days later on the local tenant's clock (invitations last seven).
  await setTenantClock(8 * 86_400);
  try {
    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'We could not sign you in' })).toBeVisible();
    await expect(page.getByText(/no longer valid: it has expired/)).toBeVisible();
  } finally {
    await setTenantClock(0);
    await page.context().close();
  }
});

test('every invitation step is in the audit log', async () => {
  expect(await auditRows(admin, slug, 'invitation.created')).toHaveLength(3);
  expect(await auditRows(admin, slug, 'invitation.resent')).toHaveLength(1);
  expect(await auditRows(admin, slug, 'invitation.revoked')).toHaveLength(1);
  expect(await auditRows(admin, slug, 'member.added')).toHaveLength(1);
  const joined = await auditRows(admin, slug, 'member.joined');
  expect(joined.join('\n')).toContain('Ivy Invitee');
});
