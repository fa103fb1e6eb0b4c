// Organization security policies end to end, on an organization of its own: an admin turns on
// "SSO only" (a password member is refused at Auth0, the break-glass admin gets in), then
// requires MFA: a member already signed in is sent to complete it and enrols an authenticator
// app (codes computed here from the secret the enrolment page shows), is challenged at the next
// sign-in, and a member signing in through the organization's SSO is exempt.
import { test, expect, type Page } from '@playwright/test';
import { startOidcIdp, type OidcIdp } from '../auth0-local/testing/index';
import { authenticatorCode, nextAuthenticatorCode } from '../auth0-local/testing/authenticator';
import { continueWithEmail, fillLogin, fillSignup, uniqueEmail } from './support/auth';
import { tenantUrl } from './support/env';
import { foundOrganization, invitationLink, NEW_PASSWORD } from './support/admin';
import { addOidcConnection, signInAtIdp } from './support/sso';

test.describe.configure({ mode: 'serial' });

let idp: OidcIdp;
let admin: Page;
let adminEmail: string;
let slug: string;
let member: Page;
const memberEmail = uniqueEmail('policy-member');

async function saveSecurity(change: (page: Page) => Promise<void>) {
  await admin.goto(tenantUrl(slug, '/settings/security'));
  await change(admin);
  await admin.getByRole('button', { name: 'Save security policy' }).click();
  await expect(admin.getByRole('status')).toContainText('Saved.');
}

test.beforeAll(async ({ browser }) => {
  idp = await startOidcIdp();
  ({ page: admin, slug, email: adminEmail } = await foundOrganization(browser, 'policy'));
  await addOidcConnection(admin, slug, idp, { displayName: 'Policy IdP', role: 'Member' });
  // A member with a password, through an invitation.
  await admin.goto(tenantUrl(slug, '/settings/invitations'));
  await admin.getByLabel('Email').fill(memberEmail);
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await expect(admin.getByText(`Invitation sent to ${memberEmail}.`)).toBeVisible();
  member = await (await browser.newContext()).newPage();
  await member.goto(await invitationLink(memberEmail));
  await fillSignup(member, memberEmail, 'Mia Member', NEW_PASSWORD);
  await member.waitForURL(tenantUrl(slug, '/welcome'));
});
test.afterAll(async () => idp?.close());

test('bad input is a field error on its field', async () => {
  await admin.goto(tenantUrl(slug, '/settings/security'));
  await admin.getByLabel(/Allowed address ranges/).fill('10.0.0.0/33');
  await admin.getByLabel('Idle timeout (minutes)').fill('1');
  await admin.getByRole('button', { name: 'Save security policy' }).click();
  await expect(admin.locator('#field-ipAllowlist-error')).toContainText('10.0.0.0/33');
  await expect(admin.locator('#field-sessionIdleMinutes-error')).toContainText('between 5 and 1440');
  await admin.getByLabel(/Allowed address ranges/).fill('');
  await admin.getByLabel('Idle timeout (minutes)').fill('');
  await admin.getByRole('radio', { name: 'Single sign-on only' }).check();
  await admin.getByRole('button', { name: 'Save security policy' }).click();
  await expect(admin.locator('#field-breakGlassUserIds-error')).toContainText('at least one break-glass admin');
});

test('SSO only: the sign-in page sends members to SSO; a password member is refused, the break-glass admin is let in', async ({ browser }) => {
  await saveSecurity(async (page) => {
    await page.getByRole('radio', { name: 'Single sign-on only' }).check();
    await page.getByRole('checkbox', { name: /Fran Founder/ }).check();
  });

  const guest = await (await browser.newContext()).newPage();
  await guest.goto(tenantUrl(slug, '/login'));
  await continueWithEmail(guest, memberEmail); // not at a verified domain: still SSO
  await expect(guest).toHaveURL(new RegExp(`^${idp.issuer}/`));

  await guest.goto(tenantUrl(slug, '/login'));
  await guest.getByRole('link', { name: 'Break-glass admin sign-in' }).click();
  await fillLogin(guest, memberEmail, NEW_PASSWORD);
  await expect(guest.getByText('signs in through its company single sign-on only')).toBeVisible();
  await guest.context().close();

  const breakGlass = await (await browser.newContext()).newPage();
  await breakGlass.goto(tenantUrl(slug, '/login'));
  await breakGlass.getByRole('link', { name: 'Break-glass admin sign-in' }).click();
  await fillLogin(breakGlass, adminEmail, NEW_PASSWORD);
  await breakGlass.waitForURL(tenantUrl(slug, '/projects'));
  await breakGlass.context().close();

  await saveSecurity(async (page) => { await page.getByRole('radio', { name: 'Password and single sign-on' }).check(); });
});

test('MFA required: a signed-in member is sent to enrol, is challenged at the next sign-in; an SSO member is exempt', async ({ browser }) => {
  await admin.goto(tenantUrl(slug, '/settings/security'));
  await admin.getByRole('radio', { name: 'Required for everyone' }).check();
  await admin.getByRole('checkbox', { name: /People signing in through our SSO connections are exempt/ }).check();
  await admin.getByRole('button', { name: 'Save security policy' }).click();
  // Saved, and it applies at once: the admin's own sign-in had no MFA either.
  await expect(admin.getByRole('heading', { name: 'Your organization requires multi-factor authentication' })).toBeVisible();

  // The member's session predates the policy: the next page asks for MFA.
  await member.goto(tenantUrl(slug, '/projects'));
  await expect(member.getByRole('heading', { name: 'Your organization requires multi-factor authentication' })).toBeVisible();
  await member.getByRole('link', { name: 'Why am I asked for this?' }).click();
  await expect(member.locator('#policy-mfa')).toContainText('Required');
  await member.goBack();
  await member.getByRole('link', { name: 'Sign in with multi-factor authentication' }).click();
  await expect(member).toHaveURL(/\/u\/mfa-otp-enrollment-qr/);
  const secret = (await member.locator('#secret').innerText()).trim();
  await member.getByLabel('Enter the 6-digit code from your app').fill(authenticatorCode(secret));
  await member.getByRole('button', { name: 'Continue' }).click();
  await expect(member.locator('#recovery-code')).toHaveText(/^[A-Z0-9]{24}$/);
  await member.getByLabel('I have safely recorded this code').check();
  await member.getByRole('button', { name: 'Continue' }).click();
  await member.waitForURL(tenantUrl(slug, '/projects'));
  await expect(member.getByTestId('signed-in-as')).toHaveText(memberEmail);

  // Another browser: password, then the code.
  const again = await (await browser.newContext()).newPage();
  await again.goto(tenantUrl(slug, '/auth/login?returnTo=%2Fprojects'));
  await fillLogin(again, memberEmail, NEW_PASSWORD);
  await expect(again).toHaveURL(/\/u\/mfa-otp-challenge/);
  await again.getByLabel('Enter your one-time code').fill(nextAuthenticatorCode(secret));
  await again.getByRole('button', { name: 'Continue' }).click();
  await again.waitForURL(tenantUrl(slug, '/projects'));
  await expect(again.getByTestId('signed-in-as')).toHaveText(memberEmail);
  await again.context().close();

  // Through the organization's SSO: exempt, straight in.
  const ssoEmail = uniqueEmail('policy-sso');
  const sso = await (await browser.newContext()).newPage();
  await sso.goto(tenantUrl(slug, '/login'));
  await continueWithEmail(sso, ssoEmail);
  await sso.getByRole('button', { name: 'Continue with Policy IdP' }).click();
  await signInAtIdp(sso, ssoEmail, 'Sam Sso');
  await sso.waitForURL(tenantUrl(slug, '/projects'));
  await expect(sso.getByTestId('signed-in-as')).toHaveText(ssoEmail);
  await sso.context().close();
});
