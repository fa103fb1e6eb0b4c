// Server-rendered Universal Login look-alike pages: plain HTML, no JavaScript needed, one h1
// per page, labelled inputs, errors announced with role="alert". The input ids (username,
// password) and the "Continue" button match Auth0's, so the same browser tests can drive both.
import type { OutboxMail } from '../store.js';

export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface PageBranding { orgDisplayName?: string; logoUrl?: string; primary?: string; pageBackground?: string }

const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const safeColor = (c: string | undefined, fallback: string) => (c && COLOR.test(c) ? c : fallback);
const safeUrl = (u: string | undefined) => (u && /^https?:\/\//i.test(u) ? u : undefined);

export function layout(opts: { title: string; heading: string; branding?: PageBranding | undefined; body: string; tenantName?: string }): string {
  const b = opts.branding ?? {};
  const primary = safeColor(b.primary, '#1d4ed8');
  const bg = safeColor(b.pageBackground, '#f1f5f9');
  const logo = safeUrl(b.logoUrl);
  const brand = b.orgDisplayName
    ? `<div class="brand">${logo ? `<img src="${esc(logo)}" alt="${esc(b.orgDisplayName)} logo" height="48">` : ''}<p class="org">${esc(b.orgDisplayName)}</p></div>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)}${b.orgDisplayName ? ` | ${esc(b.orgDisplayName)}` : ''}</title>
<style>
:root { --primary: ${primary}; --page: ${bg}; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--page); color: #0f172a; }
main { max-width: 26rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
.brand { text-align: center; margin-bottom: 1rem; } .brand .org { font-weight: 600; margin: .25rem 0 0; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input[type=text], input[type=email], input[type=password] { width: 100%; padding: .6rem; border: 1px solid #64748b; border-radius: 4px; font: inherit; }
input:focus, button:focus, a:focus { outline: 3px solid #f59e0b; outline-offset: 2px; }
button, .button { display: block; width: 100%; margin-top: 1.5rem; padding: .7rem; border: 0; border-radius: 4px; background: var(--primary); color: #fff; font: inherit; font-weight: 600; cursor: pointer; text-align: center; text-decoration: none; }
.alert { border: 1px solid #b91c1c; background: #fef2f2; color: #7f1d1d; padding: .75rem; border-radius: 4px; }
.notice { border: 1px solid #1d4ed8; background: #eff6ff; padding: .75rem; border-radius: 4px; }
.hint { color: #475569; font-size: .9rem; }
.divider { text-align: center; color: #475569; margin: 1.5rem 0 0; }
form.enterprise button { margin-top: .75rem; background: #fff; color: #0f172a; border: 1px solid #64748b; }
ul.orgs { list-style: none; padding: 0; } ul.orgs li form button { text-align: left; background: #fff; color: #0f172a; border: 1px solid #94a3b8; }
footer { margin-top: 1.5rem; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; border-bottom: 1px solid #cbd5e1; padding: .4rem; vertical-align: top; }
</style>
</head>
<body>
<main>
${brand}
<h1>${esc(opts.heading)}</h1>
${opts.body}
</main>
</body>
</html>`;
}

function alert(messages: string[] | string | undefined): string {
  const list = (Array.isArray(messages) ? messages : messages ? [messages] : []).filter(Boolean);
  if (!list.length) return '';
  if (list.length === 1) return `<div class="alert" role="alert" id="error">${esc(list[0])}</div>`;
  return `<div class="alert" role="alert" id="error"><ul>${list.map((m) => `<li>${esc(m)}</li>`).join('')}</ul></div>`;
}

export interface InvitationBanner { inviter: string; orgDisplayName: string; email: string }

function invitationBanner(inv: InvitationBanner | undefined): string {
  return inv
    ? `<p class="notice" id="invitation">${esc(inv.inviter)} invited you to join ${esc(inv.orgDisplayName)}. Sign in or sign up with ${esc(inv.email)} to accept.</p>`
    : '';
}

export interface EnterpriseButton { connection: string; label: string }

/** One small GET form per enterprise connection: a real button, no JavaScript. */
function enterpriseButtons(state: string, buttons: EnterpriseButton[] | undefined, organization: string | undefined): string {
  if (!buttons?.length) return '';
  const forms = buttons.map((b) => `<form method="get" action="/login/enterprise" class="enterprise">
<input type="hidden" name="state" value="${esc(state)}">
<input type="hidden" name="connection" value="${esc(b.connection)}">
${organization ? `<input type="hidden" name="organization" value="${esc(organization)}">` : ''}<button type="submit">Continue with ${esc(b.label)}</button>
</form>`).join('\n');
  return `<p class="divider"><span>or</span></p>\n${forms}`;
}

export function loginPage(o: {
  action: string; state: string; username?: string | undefined; error?: string | undefined; branding?: PageBranding | undefined;
  invitation?: InvitationBanner | undefined; signupHref?: string | undefined; organization?: string | undefined; clientName: string;
  resetHref?: string | undefined;
  /** Enterprise connections shown as "Continue with <name>" buttons. */
  enterprise?: EnterpriseButton[] | undefined;
}): string {
  const invalid = o.error ? ' aria-invalid="true" aria-describedby="error"' : '';
  return layout({
    title: 'Log in',
    heading: o.invitation ? `Accept your invitation to ${o.invitation.orgDisplayName}` : 'Welcome',
    branding: o.branding,
    body: `${invitationBanner(o.invitation)}
<p>Log in to continue to ${esc(o.branding?.orgDisplayName ?? o.clientName)}.</p>
${alert(o.error)}
<form method="post" action="${esc(o.action)}" novalidate>
<input type="hidden" name="state" value="${esc(o.state)}">
${o.organization ? `<input type="hidden" name="organization" value="${esc(o.organization)}">` : ''}
<label for="username">Email address</label>
<input type="email" id="username" name="username" autocomplete="username" required value="${esc(o.username)}"${invalid}${o.username ? '' : ' autofocus'}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required${invalid}${o.username ? ' autofocus' : ''}>
<button type="submit" name="action" value="default">Continue</button>
</form>
${enterpriseButtons(o.state, o.enterprise, o.organization)}
${o.resetHref ? `<p><a href="${esc(o.resetHref)}" target="_blank" rel="noopener">Forgot your password?</a></p>` : ''}
${o.signupHref ? `<footer><p>Don't have an account? <a href="${esc(o.signupHref)}">Sign up</a></p></footer>` : ''}`,
  });
}

export const PASSWORD_RULES_TEXT = 'At least 10 characters, with at least 3 of: lower-case letters, upper-case letters, numbers, special characters. It must not be your email address.';

export function signupPage(o: {
  action: string; state: string; email?: string | undefined; name?: string | undefined; errors?: string[]; branding?: PageBranding | undefined;
  invitation?: InvitationBanner | undefined; loginHref: string; organization?: string | undefined; clientName: string;
}): string {
  return layout({
    title: 'Sign up',
    heading: o.invitation ? `Join ${o.invitation.orgDisplayName}` : 'Create your account',
    branding: o.branding,
    body: `${invitationBanner(o.invitation)}
<p>Sign up to continue to ${esc(o.branding?.orgDisplayName ?? o.clientName)}.</p>
${alert(o.errors)}
<form method="post" action="${esc(o.action)}" novalidate>
<input type="hidden" name="state" value="${esc(o.state)}">
${o.organization ? `<input type="hidden" name="organization" value="${esc(o.organization)}">` : ''}
<label for="email">Email address</label>
<input type="email" id="email" name="email" autocomplete="email" required value="${esc(o.email)}">
<label for="name">Name</label>
<input type="text" id="name" name="name" autocomplete="name" value="${esc(o.name)}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="new-password" required aria-describedby="password-rules">
<p class="hint" id="password-rules">${esc(PASSWORD_RULES_TEXT)}</p>
<button type="submit" name="action" value="default">Continue</button>
</form>
<footer><p>Already have an account? <a href="${esc(o.loginHref)}">Log in</a></p></footer>`,
  });
}

export function organizationPromptPage(o: { action: string; state: string; value?: string | undefined; error?: string | undefined; clientName: string }): string {
  return layout({
    title: 'Enter your organization',
    heading: 'Enter your organization name',
    body: `<p>${esc(o.clientName)} needs to know which organization you are signing in to.</p>
${alert(o.error)}
<form method="post" action="${esc(o.action)}" novalidate>
<input type="hidden" name="state" value="${esc(o.state)}">
<label for="organization">Organization name</label>
<input type="text" id="organization" name="organization" autocomplete="organization" required value="${esc(o.value)}"${o.error ? ' aria-invalid="true" aria-describedby="error"' : ''}>
<button type="submit">Continue</button>
</form>`,
  });
}

export function organizationPickerPage(o: {
  action: string; state: string; orgs: Array<{ id: string; display_name: string; name: string }>; error?: string | undefined; total: number; clientName: string;
}): string {
  return layout({
    title: 'Select your organization',
    heading: 'Select your organization',
    body: `<p>Choose the organization to use with ${esc(o.clientName)}.</p>
${alert(o.error)}
<ul class="orgs">
${o.orgs.map((org) => `<li><form method="post" action="${esc(o.action)}"><input type="hidden" name="state" value="${esc(o.state)}"><input type="hidden" name="organization" value="${esc(org.id)}"><button type="submit">${esc(org.display_name)} <span class="hint">(${esc(org.name)})</span></button></form></li>`).join('\n')}
</ul>
${o.total > o.orgs.length ? `<p class="hint">Showing the first ${o.orgs.length} of your ${o.total} organizations.</p>` : ''}`,
  });
}

export function errorPage(o: { title: string; message: string; action?: string; link?: { href: string; text: string } | undefined; branding?: PageBranding | undefined }): string {
  return layout({
    title: o.title,
    heading: o.title,
    branding: o.branding,
    body: `<div class="alert" role="alert">${esc(o.message)}</div>
${o.action ? `<p>${esc(o.action)}</p>` : ''}
${o.link ? `<p><a href="${esc(o.link.href)}">${esc(o.link.text)}</a></p>` : ''}`,
  });
}

export function messagePage(o: { title: string; message: string; link?: { href: string; text: string } | undefined }): string {
  return layout({
    title: o.title,
    heading: o.title,
    body: `<p role="status">${esc(o.message)}</p>${o.link ? `<p><a href="${esc(o.link.href)}">${esc(o.link.text)}</a></p>` : ''}`,
  });
}

/** oidc-provider's RP-initiated logout form, submitted at once (no "do you want to sign out?" question). */
export function logoutAutoSubmitPage(form: string): string {
  const withYes = form.replace('</form>', '<input type="hidden" name="logout" value="yes"><noscript><button type="submit">Continue</button></noscript></form>');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Signing out</title></head>
<body><main><h1>Signing out…</h1>${withYes}
<script>document.forms[0].submit()</script></main></body></html>`;
}

function linkify(text: string): string {
  return esc(text).replace(/https?:\/\/[^\s<"]+/g, (u) => `<a href="${u}">${u}</a>`);
}

export function outboxPage(mails: OutboxMail[]): string {
  const rows = mails.map((m) => `<tr><td><time datetime="${esc(m.created_at)}">${esc(m.created_at)}</time></td><td>${esc(m.kind)}</td><td>${esc(m.to)}</td><td><strong>${esc(m.subject)}</strong><br><span style="white-space:pre-wrap">${linkify(m.text)}</span>${m.link ? `<br><a href="${esc(m.link)}">Open link</a>` : ''}</td></tr>`).join('\n');
  return layout({
    title: 'Outbox',
    heading: 'Outbox of the local Auth0 tenant',
    body: `<p>Mail the local tenant would have sent, newest first. JSON for tests: <code>GET /__local/outbox?to=&lt;email&gt;</code>.</p>
${mails.length ? `<table><caption class="hint">${mails.length} message${mails.length === 1 ? '' : 's'}</caption><thead><tr><th scope="col">Sent</th><th scope="col">Kind</th><th scope="col">To</th><th scope="col">Message</th></tr></thead><tbody>${rows}</tbody></table>` : '<p role="status">No mail yet.</p>'}`,
  }).replace('max-width: 26rem', 'max-width: 60rem');
}
