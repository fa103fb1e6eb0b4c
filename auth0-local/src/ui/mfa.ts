// Universal Login's MFA screens for the authenticator-app factor, reached when a post-login
// Action asked for MFA (login-flow.ts), with Auth0's screen paths:
//   /u/mfa-otp-enrollment-qr        no factor yet: QR code and the secret as text, confirm with a code
//   /u/mfa-recovery-code-enrollment the recovery code, shown once ("I have safely recorded this code")
//   /u/mfa-otp-challenge            a code from the authenticator app
//   /u/mfa-recovery-code-challenge  the recovery code instead; works once, then a new one is shown
// and the page a Guardian enrollment ticket opens (/guardian/enroll?ticket=…).
// https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-factors/configure-otp-notifications-for-mfa
// https://auth0.com/docs/secure/multi-factor-authentication/configure-recovery-codes-for-mfa
import Router from '@koa/router';
import type Koa from 'koa';
import { html, readForm } from '../http-util.js';
import { MFA_SESSION_MODEL, PENDING_MFA_MODEL, pendingMfa, savePendingMfa, type PendingMfa } from '../login-flow.js';
import {
  AlreadyEnrolledError, confirmedTotp, enrolTotp, matchingStep, newTotpSecret, otpauthUri, qrCodeDataUrl, redeemRecoveryCode, verifyTotpCode,
} from '../mfa.js';
import type { Runtime } from '../runtime.js';
import type { User } from '../store.js';
import { liveTicket } from '../tickets.js';
import { esc, errorPage, layout, type PageBranding } from './pages.js';
import { brandingOf } from './routes.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Interaction = any;

/** Wrong codes allowed in one login before it must start again. */
export const MAX_MFA_FAILURES = 5;
export const MESSAGES = {
  invalidCode: 'The code you entered is invalid. Check the code in your authenticator app and try again.',
  invalidRecoveryCode: 'The recovery code you entered is invalid.',
  tooMany: 'Too many failed codes. Go back to the application and sign in again.',
  confirmSaved: 'Confirm that you have recorded the recovery code.',
  alreadyEnrolled: 'An authenticator app is already enrolled for this account. Remove it before enrolling another.',
};

const expired = errorPage({
  title: 'This sign-in page has expired',
  message: 'We could not find your sign-in request. It may have expired or already been used.',
  action: 'Go back to the application and sign in again.',
});

function codeForm(o: { action: string; hidden: Record<string, string>; label: string; name?: string; autocomplete?: string; inputmode?: string; button?: string }): string {
  return `<form method="post" action="${esc(o.action)}">
${Object.entries(o.hidden).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('\n')}
<label for="code">${esc(o.label)}</label>
<input id="code" name="${esc(o.name ?? 'code')}" type="text" ${o.inputmode ? `inputmode="${o.inputmode}" ` : ''}autocomplete="${o.autocomplete ?? 'one-time-code'}" required autofocus>
<button type="submit" name="action" value="default">${esc(o.button ?? 'Continue')}</button>
</form>`;
}

const alertBox = (error: string | undefined) => (error ? `<div class="alert" role="alert" id="error">${esc(error)}</div>` : '');

export async function enrollmentPage(o: { action: string; hidden: Record<string, string>; secret: string; account: string; issuer: string; error?: string | undefined; branding?: PageBranding | undefined }): Promise<string> {
  const qr = await qrCodeDataUrl(otpauthUri(o.secret, o.account, o.issuer));
  return layout({
    title: 'Secure your account',
    heading: 'Secure your account',
    branding: o.branding,
    body: `${alertBox(o.error)}
<p>Scan the QR code below using an authenticator app such as Google Authenticator or Microsoft Authenticator.</p>
<p><img id="qr-code" src="${qr}" alt="QR code to scan with your authenticator app" width="200" height="200"></p>
<p>Can't scan it? Enter this code in your app instead:</p>
<p><code id="secret">${esc(o.secret)}</code></p>
${codeForm({ action: o.action, hidden: o.hidden, label: 'Enter the 6-digit code from your app', inputmode: 'numeric' })}`,
  });
}

export function recoveryCodePage(o: { action: string; hidden: Record<string, string>; code: string; fresh: boolean; error?: string | undefined; branding?: PageBranding | undefined }): string {
  return layout({
    title: 'Almost there!',
    heading: o.fresh ? 'Your new recovery code' : 'Almost there!',
    branding: o.branding,
    body: `${alertBox(o.error)}
<p>${o.fresh ? 'Your recovery code was used and cannot be used again. Here is a new one.' : 'Copy this recovery code and keep it somewhere safe.'}
You'll need it if you ever need to sign in without your authenticator app.</p>
<p><code id="recovery-code">${esc(o.code)}</code></p>
<form method="post" action="${esc(o.action)}">
${Object.entries(o.hidden).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('\n')}
<p><input id="saved" name="saved" type="checkbox" value="on" required> <label for="saved" style="display:inline">I have safely recorded this code</label></p>
<button type="submit">Continue</button>
</form>`,
  });
}

function challengePage(o: { state: string; error?: string | undefined; branding?: PageBranding | undefined }): string {
  return layout({
    title: 'Verify your identity',
    heading: 'Verify your identity',
    branding: o.branding,
    body: `${alertBox(o.error)}
<p>Check your preferred one-time password application for a code.</p>
${codeForm({ action: '/u/mfa-otp-challenge', hidden: { state: o.state }, label: 'Enter your one-time code', inputmode: 'numeric' })}
<footer><a id="use-recovery-code" href="/u/mfa-recovery-code-challenge?state=${encodeURIComponent(o.state)}">Use a recovery code</a></footer>`,
  });
}

function recoveryChallengePage(o: { state: string; error?: string | undefined; branding?: PageBranding | undefined }): string {
  return layout({
    title: 'Verify your identity',
    heading: 'Verify your identity',
    branding: o.branding,
    body: `${alertBox(o.error)}
<p>Enter the recovery code you were given when you enrolled your authenticator app.</p>
${codeForm({ action: '/u/mfa-recovery-code-challenge', hidden: { state: o.state }, label: 'Enter your recovery code', autocomplete: 'off' })}
<footer><a href="/u/mfa-otp-challenge?state=${encodeURIComponent(o.state)}">Use your authenticator app</a></footer>`,
  });
}

export function createMfaRouter(rt: Runtime): Router {
  const router = new Router();
  const { store } = rt;
  const nowIso = () => new Date(rt.now() * 1000).toISOString();
  const issuerName = () => store.state.settings.friendly_name || 'Tenantry';

  interface Step { interaction: Interaction; pendingId: string; pending: PendingMfa; user: User; state: string; branding?: PageBranding | undefined }

  /** The interaction at the MFA prompt, its pending login and user; or an error page. */
  async function load(ctx: Koa.Context, state: unknown): Promise<Step | undefined> {
    const interaction = typeof state === 'string' && state ? await rt.provider.Interaction.find(state) : undefined;
    const last = interaction?.lastSubmission as { tenantry?: { mfaPending?: string } } | undefined;
    const pendingId = interaction?.prompt?.name === 'mfa' ? last?.tenantry?.mfaPending : undefined;
    const pending = pendingMfa(rt, pendingId);
    const user = pending ? store.userById(pending.accountId) : undefined;
    if (!interaction || !pendingId || !pending || !user || interaction.session?.accountId !== pending.accountId) {
      html(ctx, 400, expired);
      return undefined;
    }
    // The organization's look, as on the login page.
    return { interaction, pendingId, pending, user, state: interaction.uid, branding: brandingOf(pending.orgId ? store.orgById(pending.orgId) : undefined) };
  }

  /** A wrong code: counted; past the limit the pending login is dropped. Returns true when it is. */
  function fail(step: Step): boolean {
    const failures = (step.pending.failures ?? 0) + 1;
    if (failures >= MAX_MFA_FAILURES) {
      rt.models.delete(PENDING_MFA_MODEL, step.pendingId);
      return true;
    }
    savePendingMfa(rt, step.pendingId, { ...step.pending, failures });
    return false;
  }

  function satisfied(step: Step, extra: Partial<PendingMfa> = {}): void {
    const at = nowIso();
    savePendingMfa(rt, step.pendingId, { ...step.pending, ...extra, satisfiedAt: at });
    // The session remembers it, so api.multifactor.enable does not ask again on the next SSO login.
    if (step.pending.sessionUid) rt.models.set(MFA_SESSION_MODEL, step.pending.sessionUid, { accountId: step.user.user_id, at }, 14 * 24 * 3600);
  }

  async function finish(ctx: Koa.Context, step: Step) {
    step.interaction.result = { tenantry: { mfaPending: step.pendingId } };
    await step.interaction.persist();
    ctx.status = 303;
    ctx.redirect(step.interaction.returnTo);
  }

  const redirect = (ctx: Koa.Context, path: string, state: string) => {
    ctx.status = 303;
    ctx.redirect(`${path}?state=${encodeURIComponent(state)}`);
  };

  router.get('/u/mfa', async (ctx) => {
    const step = await load(ctx, ctx.query.state);
    if (step) redirect(ctx, confirmedTotp(store, step.user.user_id) ? '/u/mfa-otp-challenge' : '/u/mfa-otp-enrollment-qr', step.state);
  });

  // ---- enrolment ----
  async function renderEnrollment(ctx: Koa.Context, step: Step, status: number, error?: string) {
    let secret = step.pending.enrolSecret;
    if (!secret) {
      secret = newTotpSecret();
      savePendingMfa(rt, step.pendingId, { ...step.pending, enrolSecret: secret });
    }
    html(ctx, status, await enrollmentPage({
      action: '/u/mfa-otp-enrollment-qr', hidden: { state: step.state }, secret, account: step.user.email, issuer: issuerName(), error, branding: step.branding,
    }));
  }

  router.get('/u/mfa-otp-enrollment-qr', async (ctx) => {
    const step = await load(ctx, ctx.query.state);
    if (!step) return;
    if (confirmedTotp(store, step.user.user_id)) return redirect(ctx, '/u/mfa-otp-challenge', step.state);
    await renderEnrollment(ctx, step, 200);
  });

  router.post('/u/mfa-otp-enrollment-qr', async (ctx) => {
    const form = await readForm(ctx);
    const step = await load(ctx, form.state);
    if (!step) return;
    if (confirmedTotp(store, step.user.user_id)) return redirect(ctx, '/u/mfa-otp-challenge', step.state);
    const secret = step.pending.enrolSecret;
    const matched = secret ? matchingStep(secret, form.code ?? '') : undefined;
    if (!secret || matched === undefined) {
      if (fail(step)) return html(ctx, 429, errorPage({ title: 'Too many attempts', message: MESSAGES.tooMany }));
      return renderEnrollment(ctx, { ...step, pending: pendingMfa(rt, step.pendingId)! }, 400, MESSAGES.invalidCode);
    }
    let recoveryCode: string;
    try {
      recoveryCode = await enrolTotp(store, step.user.user_id, secret, matched, nowIso());
    } catch (err) {
      if (err instanceof AlreadyEnrolledError) return redirect(ctx, '/u/mfa-otp-challenge', step.state);
      throw err;
    }
    satisfied(step, { recoveryCodeToShow: recoveryCode });
    html(ctx, 200, recoveryCodePage({ action: '/u/mfa-recovery-code-enrollment', hidden: { state: step.state }, code: recoveryCode, fresh: false, branding: step.branding }));
  });

  router.post('/u/mfa-recovery-code-enrollment', async (ctx) => {
    const form = await readForm(ctx);
    const step = await load(ctx, form.state);
    if (!step) return;
    // Without a passed challenge the login goes back and completeAuthorization refuses it.
    if (step.pending.satisfiedAt && form.saved !== 'on') {
      return html(ctx, 400, recoveryCodePage({
        action: '/u/mfa-recovery-code-enrollment', hidden: { state: step.state }, code: step.pending.recoveryCodeToShow ?? '',
        fresh: step.pending.recoveryCodeFresh === true, error: MESSAGES.confirmSaved, branding: step.branding,
      }));
    }
    // The code has been shown: it is not kept in clear any longer.
    const { recoveryCodeToShow: _shown, ...rest } = step.pending;
    savePendingMfa(rt, step.pendingId, rest);
    await finish(ctx, { ...step, pending: rest });
  });

  // ---- challenge ----
  router.get('/u/mfa-otp-challenge', async (ctx) => {
    const step = await load(ctx, ctx.query.state);
    if (!step) return;
    if (!confirmedTotp(store, step.user.user_id)) return redirect(ctx, '/u/mfa-otp-enrollment-qr', step.state);
    html(ctx, 200, challengePage({ state: step.state, branding: step.branding }));
  });

  router.post('/u/mfa-otp-challenge', async (ctx) => {
    const form = await readForm(ctx);
    const step = await load(ctx, form.state);
    if (!step) return;
    if (!verifyTotpCode(store, step.user.user_id, form.code ?? '', nowIso())) {
      if (fail(step)) return html(ctx, 429, errorPage({ title: 'Too many attempts', message: MESSAGES.tooMany }));
      return html(ctx, 400, challengePage({ state: step.state, error: MESSAGES.invalidCode, branding: step.branding }));
    }
    satisfied(step);
    await finish(ctx, step);
  });

  router.get('/u/mfa-recovery-code-challenge', async (ctx) => {
    const step = await load(ctx, ctx.query.state);
    if (step) html(ctx, 200, recoveryChallengePage({ state: step.state, branding: step.branding }));
  });

  router.post('/u/mfa-recovery-code-challenge', async (ctx) => {
    const form = await readForm(ctx);
    const step = await load(ctx, form.state);
    if (!step) return;
    const fresh = await redeemRecoveryCode(store, step.user.user_id, form.code ?? '', nowIso());
    if (!fresh) {
      if (fail(step)) return html(ctx, 429, errorPage({ title: 'Too many attempts', message: MESSAGES.tooMany }));
      return html(ctx, 400, recoveryChallengePage({ state: step.state, error: MESSAGES.invalidRecoveryCode, branding: step.branding }));
    }
    satisfied(step, { recoveryCodeToShow: fresh, recoveryCodeFresh: true });
    html(ctx, 200, recoveryCodePage({ action: '/u/mfa-recovery-code-enrollment', hidden: { state: step.state }, code: fresh, fresh: true, branding: step.branding }));
  });

  // ---- Guardian enrollment ticket (POST /api/v2/guardian/enrollments/ticket) ----
  const invalidTicket = errorPage({
    title: 'This link cannot be used',
    message: 'The enrollment link is invalid, expired or was already used.',
    action: 'Ask the application for a new link.',
  });

  async function ticketStep(ctx: Koa.Context, id: unknown) {
    const ticket = typeof id === 'string' ? liveTicket(store, id, 'guardian_enrollment', rt.now()) : undefined;
    const user = ticket ? store.userById(ticket.user_id) : undefined;
    if (!ticket || !user) {
      html(ctx, 400, invalidTicket);
      return undefined;
    }
    if (confirmedTotp(store, user.user_id)) {
      html(ctx, 409, errorPage({ title: 'Already enrolled', message: MESSAGES.alreadyEnrolled }));
      return undefined;
    }
    let secret = ticket.totp_secret;
    if (!secret) {
      secret = newTotpSecret();
      const s = secret;
      store.mutate((st) => { const t = st.tickets.find((x) => x.id === ticket.id); if (t) t.totp_secret = s; });
    }
    return { ticket, user, secret };
  }

  router.get('/guardian/enroll', async (ctx) => {
    const t = await ticketStep(ctx, ctx.query.ticket);
    if (t) html(ctx, 200, await enrollmentPage({ action: '/guardian/enroll', hidden: { ticket: t.ticket.id }, secret: t.secret, account: t.user.email, issuer: issuerName() }));
  });

  router.post('/guardian/enroll', async (ctx) => {
    const form = await readForm(ctx);
    const t = await ticketStep(ctx, form.ticket);
    if (!t) return;
    const matched = matchingStep(t.secret, form.code ?? '');
    if (matched === undefined) {
      const failures = (t.ticket.failures ?? 0) + 1;
      store.mutate((s) => {
        if (failures >= MAX_MFA_FAILURES) s.tickets = s.tickets.filter((x) => x.id !== t.ticket.id);
        else { const x = s.tickets.find((y) => y.id === t.ticket.id); if (x) x.failures = failures; }
      });
      if (failures >= MAX_MFA_FAILURES) return html(ctx, 429, errorPage({ title: 'Too many attempts', message: 'Too many failed codes. Ask the application for a new link.' }));
      return html(ctx, 400, await enrollmentPage({
        action: '/guardian/enroll', hidden: { ticket: t.ticket.id }, secret: t.secret, account: t.user.email, issuer: issuerName(), error: MESSAGES.invalidCode,
      }));
    }
    const recoveryCode = await enrolTotp(store, t.user.user_id, t.secret, matched, nowIso());
    store.mutate((s) => { s.tickets = s.tickets.filter((x) => x.id !== t.ticket.id); });
    html(ctx, 200, layout({
      title: 'Authenticator app enrolled',
      heading: 'Authenticator app enrolled',
      body: `<p>Your authenticator app is enrolled. Copy this recovery code and keep it somewhere safe: you'll need it if you ever need to sign in without your authenticator app.</p>
<p><code id="recovery-code">${esc(recoveryCode)}</code></p>
<p>You can close this page.</p>`,
    }));
  });

  return router;
}
