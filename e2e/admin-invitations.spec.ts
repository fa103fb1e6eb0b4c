// Admin console, invitations: invite a new person who accepts through the mailed link,
// consent (an existing account is added directly only with a trust basis: a verified email
// at a verified domain; everyone else gets an invitation, and the admin's answer does not
// tell whether an account exists), revoke and resend, and the clear pages for a used,
// revoked or foreign invitation link. Runs in an organization founded for it.
import { test, expect, type Page } from '@playwright/test';
import { fillSignup, uniqueEmail } from './support/auth';
import { AUTH0_ORIGIN, tenantUrl } from './support/env';
import { auditRows, createAccount, foundOrganization, invitationLink, memberRow, NEW_PASSWORD, outbox, signIn, verifyEmail } from './support/admin';
import { verifyDomainLocally } from './support/sso';

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
  const member = memberRow(admin, invitee);
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

test('outside the trust basis, an existing account and a new address get the same answer: an invitation, no name', async ({ browser }) => {
  const existing = await createAccount(browser, 'outsider');
  const fresh = uniqueEmail('newcomer');
  const answers: string[] = [];
  for (const email of [existing.email, fresh]) {
    await invite(email);
    const status = admin.getByRole('status').filter({ hasText: 'Invitation sent' });
    await expect(status).toHaveText(`Invitation sent to ${email}.`);
    answers.push((await status.textContent())!.replace(email, '<address>'));
    await expect(admin.getByText('already has an account')).toHaveCount(0);
    await expect(admin.getByRole('button', { name: 'Add to organization' })).toHaveCount(0);
  }
  expect(answers[0]).toBe(answers[1]);
  expect(await admin.content()).not.toContain(existing.name);
  // Both got an invitation mail: joining needs the mailbox and the person's consent.
  await outbox(existing.email);
  await outbox(fresh);
});

test('an unverified account at the organization’s verified domain is not offered; once its owner verifies the address, it is added directly', async ({ browser }) => {
  const domain = `inv-${Date.now().toString(36)}.test`;
  await verifyDomainLocally(admin, slug, domain);
  // Anyone could have signed up with this address; until the mailbox is proven it is not offered.
  const person = await createAccount(browser, 'staff', `staff-${Date.now().toString(36)}@${domain}`);
  await invite(person.email, ['Read-only']);
  await expect(admin.getByText(`Invitation sent to ${person.email}.`)).toBeVisible();
  await expect(admin.getByText('already has an account')).toHaveCount(0);

  await verifyEmail(person.email);
  await invite(person.email, ['Read-only']);
  await expect(admin.getByText(`${person.name} (${person.email}) already has an account`)).toBeVisible();
  await admin.getByRole('button', { name: 'Add to organization' }).click();
  await expect(admin.getByText(`${person.email} is now a member.`)).toBeVisible();

  const page = await signIn(browser, slug, person.email);
  await expect(page.getByTestId('my-roles')).toHaveText('Your role: Read-only');
  await admin.goto(tenantUrl(slug, '/settings/members'));
  await expect(memberRow(admin, person.email)).toContainText('Added by an admin');
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
  // The new invitation's mail goes out before the old invitation is deleted: wait for the action.
  const resent = admin.waitForResponse((r) => r.request().method() === 'POST' && !!r.request().headers()['next-action']);
  await admin.getByTestId('invitation-row').filter({ hasText: email }).getByRole('button', { name: 'Resend' }).click();
  await resent;
  const second = await invitationLink(email, 2);
  expect(second).not.toBe(first);

  const page = await (await browser.newContext()).newPage();
  await page.goto(first);
  await expect(page.getByText('This invitation link is no longer valid')).toBeVisible();

  // Revoke the invitation the list shows now (the resent one), not a row still on its way out.
  await admin.reload();
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
  expect(await auditRows(admin, slug, 'invitation.created')).toHaveLength(6);
  expect(await auditRows(admin, slug, 'invitation.resent')).toHaveLength(1);
  expect(await auditRows(admin, slug, 'invitation.revoked')).toHaveLength(1);
  expect(await auditRows(admin, slug, 'member.added')).toHaveLength(1);
  const joined = await auditRows(admin, slug, 'member.joined');
  expect(joined.join('\n')).toContain('Ivy Invitee');
});
