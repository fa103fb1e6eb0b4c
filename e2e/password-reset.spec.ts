// A member who forgot their password resets it from the tenant's login page, through the
// mail in the local tenant's outbox, and signs in with the new one.
import { test, expect } from '@playwright/test';
import { fillLogin, uniqueEmail } from './support/auth';
import { AUTH0_ORIGIN, tenantUrl } from './support/env';
import { call, machineToken } from './support/http';
import { MANAGEMENT_CLIENT } from '../lib/testing/seeded';

async function createAcmeMember(email: string) {
  const token = await machineToken(AUTH0_ORIGIN, { clientId: MANAGEMENT_CLIENT.id, clientSecret: MANAGEMENT_CLIENT.secret, audience: 'https://localhost:4100/api/v2/' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const user = await call(`${AUTH0_ORIGIN}/api/v2/users`, { method: 'POST', headers, body: JSON.stringify({ connection: 'Username-Password-Authentication', email, name: 'Forgetful Fran', password: 'Original-Passw0rd', email_verified: true }) });
  expect(user.status).toBe(201);
  const org = (await call(`${AUTH0_ORIGIN}/api/v2/organizations/name/acme`, { headers })).json<{ id: string }>();
  const userId = user.json<{ user_id: string }>().user_id;
  const added = await call(`${AUTH0_ORIGIN}/api/v2/organizations/${org.id}/members`, { method: 'POST', headers, body: JSON.stringify({ members: [userId] }) });
  expect(added.status).toBe(204);
  const roles = (await call(`${AUTH0_ORIGIN}/api/v2/roles?name_filter=org_member`, { headers })).json<{ id: string; name: string }[]>();
  const member = roles.find((r) => r.name === 'org_member')!;
  const assigned = await call(`${AUTH0_ORIGIN}/api/v2/organizations/${org.id}/members/${encodeURIComponent(userId)}/roles`, { method: 'POST', headers, body: JSON.stringify({ roles: [member.id] }) });
  expect(assigned.status).toBe(204);
}

test('a member resets a forgotten password through the outbox link and signs in with the new one', async ({ page, context }) => {
  const email = uniqueEmail('fran');
  await createAcmeMember(email);

  await page.goto(tenantUrl('acme', '/auth/login?returnTo=%2Fprojects'));
  const [resetTab] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Forgot your password?' }).click()]);
  await resetTab.getByLabel('Email address').fill(email);
  await resetTab.getByRole('button', { name: 'Send reset link' }).click();
  await expect(resetTab.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  const outbox = (await call(`${AUTH0_ORIGIN}/__local/outbox?to=${encodeURIComponent(email)}`)).json<{ mails: { kind: string; link: string }[] }>();
  const mail = outbox.mails.find((m) => m.kind === 'password_reset');
  expect(mail).toBeDefined();
  await resetTab.goto(mail!.link);
  await resetTab.getByLabel('New password', { exact: true }).fill('weak');
  await resetTab.getByLabel('Confirm new password').fill('weak');
  await resetTab.getByRole('button', { name: 'Reset password' }).click();
  await expect(resetTab.getByRole('alert')).toContainText('at least 10 characters');
  await resetTab.getByLabel('New password', { exact: true }).fill('Renewed-Passw0rd');
  await resetTab.getByLabel('Confirm new password').fill('Renewed-Passw0rd');
  await resetTab.getByRole('button', { name: 'Reset password' }).click();
  await expect(resetTab.getByRole('heading', { name: 'Password changed' })).toBeVisible();
  await resetTab.close();

  // Back on the login page that was left open: the old password fails, the new one works.
  await fillLogin(page, email, 'Original-Passw0rd');
  await expect(page.getByRole('alert')).toContainText('Wrong email or password');
  await fillLogin(page, email, 'Renewed-Passw0rd');
  await page.waitForURL(tenantUrl('acme', '/projects'));
  await expect(page.getByTestId('signed-in-as')).toHaveText(email);
});
