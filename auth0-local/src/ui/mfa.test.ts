// MFA in Universal Login, driven by post-login Actions as on Auth0: enrolment (QR code, secret,
// first code, recovery code), the challenge on later logins, the recovery code, and amr ["mfa"]
// only in the ID token of a login that passed MFA. TOTP codes are computed here from the secret
// the enrolment page shows, as an authenticator app would.
import { ManagementClient } from 'auth0';
import * as client from 'openid-client';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { httpFetch } from '../../testing/management-api-harness.js';
import { API, M2M, postToken, startTenant, APP } from '../../testing/local-tenant.js';
import { Browser, type Page } from '../../testing/browser.js';
import { callbackParams, exchange, startLogin, submitLogin, type StartedLogin } from '../../testing/sign-in.js';
import { authenticatorCode as currentCode, nextAuthenticatorCode as nextCode } from '../../testing/authenticator.js';
import type { LocalTenant } from '../server.js';
import { MAX_MFA_FAILURES, MESSAGES } from './mfa.js';

const PROVISIONER = { id: 'tenantry-local-provisioner', secret: 'local-provisioner-secret-not-for-production-000' };
let tenant: LocalTenant;
let api: ManagementClient;
let n = 0;

beforeAll(async () => {
  tenant = await startTenant({ rateLimits: 'off' });
  api = new ManagementClient({ domain: `localhost:${tenant.port}`, clientId: PROVISIONER.id, clientSecret: PROVISIONER.secret, fetch: httpFetch(tenant.port), maxRetries: 0 });
});
afterAll(async () => { await tenant.close(); });
beforeEach(async () => { await tenant.reset(); });

/** Deploys these Actions and binds exactly them to post-login, in order. */
async function bindActions(...codes: string[]) {
  const ids: string[] = [];
  for (const code of codes) {
    const a = await api.actions.create({ name: `mfa-test-${n++}`, supported_triggers: [{ id: 'post-login', version: 'v3' }], code });
    await api.actions.deploy(a.id!);
    ids.push(a.id!);
  }
  await api.actions.triggers.bindings.updateMany('post-login', { bindings: ids.map((id) => ({ ref: { type: 'action_id', value: id } })) });
}

const ENABLE = `exports.onExecutePostLogin = async (event, api) => {
  if (event.transaction.protocol === 'oauth2-refresh-token') return;
  api.multifactor.enable('any', { allowRememberBrowser: false });
};`;
/** Records what the Action saw, so a test can tell whether it ran after MFA. */
const METHODS_CLAIM = `exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('https://test/methods', event.authentication.methods.map((m) => m.name));
};`;

const between = (body: string, id: string) => new RegExp(`id="${id}">([^<]+)<`).exec(body)?.[1];

async function bobLogin(started?: StartedLogin) {
  const s = started ?? await startLogin(tenant, { audience: API });
  return { started: s, page: await submitLogin(s, 'bob@acme.test') };
}

/** Enrols from the enrolment page; returns the secret, the recovery code and the page back to the app. */
async function enrol(started: StartedLogin, page: Page) {
  expect(page.url).toContain('/u/mfa-otp-enrollment-qr');
  expect(page.body).toMatch(/<img id="qr-code" src="data:image\/png;base64,/);
  const secret = between(page.body, 'secret')!;
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const usedCode = currentCode(secret);
  const recovery = await started.browser.submit(page, { code: usedCode }, APP.redirectUri, '/u/mfa-otp-enrollment-qr');
  const recoveryCode = between(recovery.body, 'recovery-code')!;
  expect(recoveryCode).toMatch(/^[A-Z0-9]{24}$/);
  const back = await started.browser.submit(recovery, { saved: 'on' }, APP.redirectUri, '/u/mfa-recovery-code-enrollment');
  return { secret, recoveryCode, back, usedCode };
}


describe('MFA with an authenticator app (Universal Login)', () => {
  test('enable: enrol (QR, secret, first code, recovery code) then challenged at the next login; amr only after MFA', async () => {
    await bindActions(ENABLE, METHODS_CLAIM);
    const first = await bobLogin();
    const { secret, back, usedCode } = await enrol(first.started, first.page);
    const tokens = await exchange(first.started, back);
    // enable() does not stop the chain: every Action ran before MFA (as on Auth0, MFA comes after them).
    expect(tokens.claims()).toMatchObject({ amr: ['mfa'], 'https://test/methods': ['pwd'] });
    const user = tenant.store.usersByEmail('bob@acme.test')[0]!;
    expect(tenant.store.authenticationMethodsOf(user.user_id).map((m) => m.type).sort()).toEqual(['recovery-code', 'totp']);

    // A new browser: password, then the challenge (no enrolment again).
    const second = await bobLogin();
    expect(second.page.url).toContain('/u/mfa-otp-challenge');
    // The code the enrolment used does not work twice; a wrong code is refused.
    const reused = await second.started.browser.submit(second.page, { code: usedCode }, APP.redirectUri, '/u/mfa-otp-challenge');
    expect(reused.status).toBe(400);
    expect(reused.body).toContain(MESSAGES.invalidCode);
    const wrong = await second.started.browser.submit(second.page, { code: '123' }, APP.redirectUri, '/u/mfa-otp-challenge');
    expect(wrong.status).toBe(400);
    const ok = await second.started.browser.submit(second.page, { code: nextCode(secret) }, APP.redirectUri, '/u/mfa-otp-challenge');
    expect((await exchange(second.started, ok)).claims()).toMatchObject({ amr: ['mfa'] });
    expect(tenant.store.userById(user.user_id)!.logins_count).toBe(2); // each login counted once

    // Without MFA asked for, no amr at all (Auth0 puts none for a password login).
    await bindActions(METHODS_CLAIM);
    const plain = await bobLogin();
    const claims = (await exchange(plain.started, plain.page)).claims()!;
    expect(claims.amr).toBeUndefined();
    expect(claims['https://test/methods']).toEqual(['pwd']);
  });

  test('event.user.enrolledFactors: [] before enrolment, otp and recovery-code after', async () => {
    const FACTORS = `exports.onExecutePostLogin = async (event, api) => {
      api.idToken.setCustomClaim('https://test/factors', event.user.enrolledFactors.map((f) => f.type));
      if (event.transaction.protocol !== 'oauth2-refresh-token') api.multifactor.enable('any', { allowRememberBrowser: false });
    };`;
    await bindActions(FACTORS);
    const first = await bobLogin();
    const { back } = await enrol(first.started, first.page);
    expect((await exchange(first.started, back)).claims()).toMatchObject({ 'https://test/factors': [] });
    await bindActions(METHODS_CLAIM, `exports.onExecutePostLogin = async (event, api) => {
      api.idToken.setCustomClaim('https://test/factors', event.user.enrolledFactors.map((f) => f.type).sort());
    };`);
    const second = await bobLogin();
    expect((await exchange(second.started, second.page)).claims()).toMatchObject({ 'https://test/factors': ['otp', 'recovery-code'] });
  });

  test('step-up: an Action asks for MFA when the request names the multi-factor acr; the ID token says acr and amr', async () => {
    const MFA_ACR = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';
    await bindActions(`exports.onExecutePostLogin = async (event, api) => {
      if ((event.transaction.acr_values || []).includes('${MFA_ACR}')) api.multifactor.enable('any', { allowRememberBrowser: false });
    };`);
    const plain = await bobLogin();
    const plainClaims = (await exchange(plain.started, plain.page)).claims()!;
    expect(plainClaims.amr).toBeUndefined();
    expect(plainClaims.acr).toBeUndefined();

    const stepUp = await bobLogin(await startLogin(tenant, { audience: API, acr_values: MFA_ACR }));
    const { back } = await enrol(stepUp.started, stepUp.page);
    expect((await exchange(stepUp.started, back)).claims()).toMatchObject({ amr: ['mfa'], acr: MFA_ACR });
  });

  test('the recovery code signs in once and is replaced by a new one', async () => {
    await bindActions(ENABLE);
    const first = await bobLogin();
    const { recoveryCode, back } = await enrol(first.started, first.page);
    await exchange(first.started, back);

    const second = await bobLogin();
    const form = await second.started.browser.go(`${tenant.url}/u/mfa-recovery-code-challenge?state=${new URL(second.page.url).searchParams.get('state')}`, APP.redirectUri);
    const bad = await second.started.browser.submit(form, { code: 'NOTTHECODE' }, APP.redirectUri, '/u/mfa-recovery-code-challenge');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain(MESSAGES.invalidRecoveryCode);
    const fresh = await second.started.browser.submit(form, { code: recoveryCode.toLowerCase() }, APP.redirectUri, '/u/mfa-recovery-code-challenge');
    const newCode = between(fresh.body, 'recovery-code')!;
    expect(newCode).toMatch(/^[A-Z0-9]{24}$/);
    expect(newCode).not.toBe(recoveryCode);
    // The new code must be acknowledged before the login goes on.
    const unconfirmed = await second.started.browser.submit(fresh, { saved: '' }, APP.redirectUri, '/u/mfa-recovery-code-enrollment');
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toContain(MESSAGES.confirmSaved);
    const back2 = await second.started.browser.submit(fresh, { saved: 'on' }, APP.redirectUri, '/u/mfa-recovery-code-enrollment');
    expect((await exchange(second.started, back2)).claims()).toMatchObject({ amr: ['mfa'] });

    const third = await bobLogin();
    const form3 = await third.started.browser.go(`${tenant.url}/u/mfa-recovery-code-challenge?state=${new URL(third.page.url).searchParams.get('state')}`, APP.redirectUri);
    const used = await third.started.browser.submit(form3, { code: recoveryCode }, APP.redirectUri, '/u/mfa-recovery-code-challenge');
    expect(used.status).toBe(400);
    const works = await third.started.browser.submit(form3, { code: newCode }, APP.redirectUri, '/u/mfa-recovery-code-challenge');
    expect(between(works.body, 'recovery-code')).toMatch(/^[A-Z0-9]{24}$/);
  });

  test('at the challenge, a password alone can neither enrol another authenticator nor skip ahead', async () => {
    await bindActions(ENABLE);
    const first = await bobLogin();
    const { back } = await enrol(first.started, first.page);
    await exchange(first.started, back);

    const attacker = await bobLogin(); // knows the password only
    const state = new URL(attacker.page.url).searchParams.get('state')!;
    const enrolPage = await attacker.started.browser.go(`${tenant.url}/u/mfa-otp-enrollment-qr?state=${state}`, APP.redirectUri);
    expect(enrolPage.url).toContain('/u/mfa-otp-challenge');
    expect(enrolPage.body).not.toContain('id="secret"');
    const posted = await attacker.started.browser.fetch(`${tenant.url}/u/mfa-otp-enrollment-qr`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ state, code: '123456' }),
    });
    expect(posted.location).toContain('/u/mfa-otp-challenge');
    expect(tenant.store.authenticationMethodsOf(tenant.store.usersByEmail('bob@acme.test')[0]!.user_id).filter((m) => m.type === 'totp')).toHaveLength(1);
    // "Continue" without a passed challenge ends the login.
    const skipped = await attacker.started.browser.go(`${tenant.url}/u/mfa-recovery-code-enrollment`, APP.redirectUri, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ state, saved: 'on' }),
    });
    expect(Object.fromEntries(callbackParams(skipped))).toMatchObject({ error: 'access_denied', error_description: 'multifactor authentication was not completed' });
  });

  test('a wrong enrolment code is refused; too many wrong codes end the login', async () => {
    await bindActions(ENABLE);
    const acme = tenant.store.orgByName('acme')!;
    const first = await bobLogin(await startLogin(tenant, { audience: API, organization: acme.id }));
    expect(first.page.body).toContain(`<p class="org">${acme.display_name}</p>`); // the organization's look
    const wrong = await first.started.browser.submit(first.page, { code: '000000' }, APP.redirectUri, '/u/mfa-otp-enrollment-qr');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain(MESSAGES.invalidCode);
    expect(between(wrong.body, 'secret')).toBe(between(first.page.body, 'secret')); // same secret offered again
    let last = wrong;
    for (let i = 1; i < MAX_MFA_FAILURES; i++) last = await first.started.browser.submit(first.page, { code: '000000' }, APP.redirectUri, '/u/mfa-otp-enrollment-qr');
    expect(last.status).toBe(429);
    const after = await first.started.browser.submit(first.page, { code: currentCode(between(first.page.body, 'secret')!) }, APP.redirectUri, '/u/mfa-otp-enrollment-qr');
    expect(after.status).toBe(400); // the pending login is gone
    expect(tenant.store.authenticationMethodsOf(tenant.store.usersByEmail('bob@acme.test')[0]!.user_id)).toEqual([]);
  });

  test('the tenant\'s One-time Password factor off: a login the Actions ask MFA of is refused, nothing enrolled; switched on, enrolment runs', async () => {
    tenant.store.mutate((s) => { s.guardianFactors.otp = false; });
    await bindActions(ENABLE);
    const refused = await bobLogin();
    expect(Object.fromEntries(callbackParams(refused.page))).toMatchObject({ error: 'access_denied', error_description: expect.stringMatching(/One-time Password factor is not enabled/) });
    expect(tenant.store.authenticationMethodsOf(tenant.store.usersByEmail('bob@acme.test')[0]!.user_id)).toEqual([]);

    await api.guardian.factors.set('otp', { enabled: true });
    const { page } = await bobLogin();
    expect(page.url).toContain('/u/mfa-otp-enrollment-qr');
  });

  test('challengeWith: needs an enrolled factor, stops the chain until met, then later Actions see mfa', async () => {
    const CHALLENGE = `exports.onExecutePostLogin = async (event, api) => {
      api.idToken.setCustomClaim('https://test/before', true);
      api.authentication.challengeWith({ type: 'otp' });
    };`;
    await bindActions(CHALLENGE, METHODS_CLAIM);
    const refused = await bobLogin();
    expect(Object.fromEntries(callbackParams(refused.page))).toMatchObject({ error: 'access_denied', error_description: expect.stringMatching(/not enrolled/) });

    await bindActions(ENABLE);
    const enrolled = await bobLogin();
    const { secret, back } = await enrol(enrolled.started, enrolled.page);
    await exchange(enrolled.started, back);

    await bindActions(CHALLENGE, METHODS_CLAIM);
    const challenged = await bobLogin();
    expect(challenged.page.url).toContain('/u/mfa-otp-challenge');
    const ok = await challenged.started.browser.submit(challenged.page, { code: nextCode(secret) }, APP.redirectUri, '/u/mfa-otp-challenge');
    expect((await exchange(challenged.started, ok)).claims()).toMatchObject({
      amr: ['mfa'], 'https://test/before': true, 'https://test/methods': ['pwd', 'mfa'],
    });

    // Same browser (SSO session): a challenge is asked again in every transaction...
    const again = await startLogin(tenant, { audience: API }, challenged.started.browser);
    expect(again.page.url).toContain('/u/mfa-otp-challenge');
    // ...while enable() is met by the session's earlier MFA: no prompt, and no amr in this ID token.
    await bindActions(ENABLE);
    const sso = await startLogin(tenant, { audience: API }, challenged.started.browser);
    expect(callbackParams(sso.page).get('code')).toBeTruthy();
    expect((await exchange(sso, sso.page)).claims()!.amr).toBeUndefined();
  });

  test('a Guardian enrollment ticket enrols outside a login; the next MFA login challenges', async () => {
    const bob = tenant.store.usersByEmail('bob@acme.test')[0]!;
    tenant.store.mutate((s) => { s.clientGrants.find((g) => g.client_id === 'tenantry-local-m2m')!.scope.push('create:guardian_enrollment_tickets'); });
    const mc = new ManagementClient({ domain: `localhost:${tenant.port}`, clientId: 'tenantry-local-m2m', clientSecret: M2M.clientSecret, fetch: httpFetch(tenant.port), maxRetries: 0 });
    const { ticket_url } = await mc.guardian.enrollments.createTicket({ user_id: bob.user_id });
    const browser = new Browser();
    const page = await browser.fetch(ticket_url!);
    expect(page.status).toBe(200);
    const secret = between(page.body, 'secret')!;
    const wrong = await browser.submit(page, { code: '000000' }, APP.redirectUri);
    expect(wrong.status).toBe(400);
    const done = await browser.submit(page, { code: currentCode(secret) }, APP.redirectUri);
    expect(between(done.body, 'recovery-code')).toMatch(/^[A-Z0-9]{24}$/);
    expect((await browser.fetch(ticket_url!)).status).toBe(400); // used
    // An enrolled user cannot add a second authenticator through a ticket.
    const second = await mc.guardian.enrollments.createTicket({ user_id: bob.user_id });
    expect((await browser.fetch(second.ticket_url!)).status).toBe(409);

    await bindActions(ENABLE);
    const login = await bobLogin();
    expect(login.page.url).toContain('/u/mfa-otp-challenge');
  });

  test('too many wrong codes on an enrollment ticket use it up', async () => {
    const bob = tenant.store.usersByEmail('bob@acme.test')[0]!;
    tenant.store.mutate((s) => { s.clientGrants.find((g) => g.client_id === 'tenantry-local-m2m')!.scope.push('create:guardian_enrollment_tickets'); });
    const mc = new ManagementClient({ domain: `localhost:${tenant.port}`, clientId: 'tenantry-local-m2m', clientSecret: M2M.clientSecret, fetch: httpFetch(tenant.port), maxRetries: 0 });
    const { ticket_url } = await mc.guardian.enrollments.createTicket({ user_id: bob.user_id });
    const browser = new Browser();
    const page = await browser.fetch(ticket_url!);
    let last = page;
    for (let i = 0; i < MAX_MFA_FAILURES; i++) last = await browser.submit(page, { code: '000000' }, APP.redirectUri);
    expect(last.status).toBe(429);
    expect((await browser.fetch(ticket_url!)).status).toBe(400);
  });

  test('multifactor.enable: unknown providers and Duo fail the login; "none" withdraws an earlier enable', async () => {
    for (const provider of ['duo', 'sms']) {
      await bindActions(`exports.onExecutePostLogin = async (event, api) => { api.multifactor.enable('${provider}'); };`);
      expect(callbackParams((await bobLogin()).page).get('error')).toBe('access_denied');
    }
    await bindActions(ENABLE, `exports.onExecutePostLogin = async (event, api) => { api.multifactor.enable('none'); };`);
    const free = await bobLogin();
    expect(callbackParams(free.page).get('code')).toBeTruthy();
  });

  test('challengeWithAny and unknown factors; MFA asked for on a refresh fails the exchange (403 mfa_required)', async () => {
    await bindActions(`exports.onExecutePostLogin = async (event, api) => { api.authentication.challengeWithAny([{ type: 'sms' }]); };`);
    const unknown = await bobLogin();
    expect(callbackParams(unknown.page).get('error')).toBe('access_denied');

    await bindActions(ENABLE.replace("if (event.transaction.protocol === 'oauth2-refresh-token') return;", ''));
    const first = await bobLogin();
    const { back } = await enrol(first.started, first.page);
    const tokens = await exchange(first.started, back);
    const refreshed = await postToken(tenant, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(refreshed).toMatchObject({ status: 403, body: { error: 'mfa_required' } });

    // The documented bypass works, and the refreshed ID token has no amr (as on Auth0).
    await bindActions(ENABLE);
    const ok = await client.refreshTokenGrant(first.started.config, tokens.refresh_token!);
    expect(ok.claims()!.amr).toBeUndefined();
  });
});
