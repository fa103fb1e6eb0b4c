// Password reset for database connections, as Auth0 does it:
//   POST /dbconnections/change_password   Authentication API: mails a reset link
//   GET|POST /u/reset-password            "Forgot your password?" page (asks for the email)
//   GET|POST /u/reset-password/change     the link in the mail: choose a new password
// The mail lands in the outbox. The answer is the same whether or not the address has an
// account, so the page cannot be used to find out who has one. The Management API's
// POST /api/v2/tickets/password-change (management/tickets.ts) hands out the same link.
import Router from '@koa/router';
import type Koa from 'koa';
import { html, readForm } from './http-util.js';
import type { Runtime } from './runtime.js';
import { hashPassword, newId, type Connection } from './store.js';
import { createTicket, liveTicket } from './tickets.js';
import { esc, layout, messagePage, errorPage, PASSWORD_RULES_TEXT } from './ui/pages.js';
import { passwordPolicyErrors } from './ui/routes.js';

/** Auth0's default lifetime of a password-change ticket: 5 days. */
export const RESET_TICKET_SECONDS = 5 * 24 * 3600;
export const RESET_SENT_MESSAGE = "We've just sent you an email to reset your password.";

function databaseConnection(rt: Runtime, clientId: string | undefined, name: string | undefined): Connection | undefined {
  return rt.store.state.connections.find((c) =>
    c.strategy === 'auth0' && (!name || c.name === name) && (!clientId || c.enabled_clients.includes(clientId)));
}

/** The page a password-change ticket opens. */
export const passwordChangeUrl = (baseUrl: string, ticket: string) => `${baseUrl}/u/reset-password/change?ticket=${ticket}`;

/** Creates the single-use reset ticket the mail below links to. Following a mailed link proves the address. */
function createResetTicket(rt: Runtime, userId: string): string {
  const now = rt.now();
  const t = createTicket(rt.store, { kind: 'password_change', user_id: userId, mark_email_as_verified: true, expires_at: now + RESET_TICKET_SECONDS }, now);
  return passwordChangeUrl(rt.url, t.id);
}

/** Mails a reset link if `email` has an account in the connection; silent otherwise. */
function sendResetMail(rt: Runtime, email: string, connection: Connection): void {
  const user = rt.store.userByEmailAndConnection(email.trim().toLowerCase(), connection.name);
  if (!user) return;
  const link = createResetTicket(rt, user.user_id);
  rt.store.mutate((s) => {
    s.outbox.push({
      id: newId.mail(),
      kind: 'password_reset',
      to: user.email,
      subject: 'Reset your password',
      text: `Hello ${user.name ?? user.email},\n\nSomeone asked to reset the password of your account. To choose a new password, open this link:\n${link}\n\nIf it was not you, ignore this message: your password stays as it is.`,
      link,
      created_at: new Date(rt.now() * 1000).toISOString(),
    });
  });
}

function requestPage(o: { clientId: string; connection: string; email?: string; error?: string }): string {
  return layout({
    title: 'Reset your password',
    heading: 'Reset your password',
    body: `<p>Enter your email address and we will send you a link to choose a new password.</p>
${o.error ? `<div class="alert" role="alert">${esc(o.error)}</div>` : ''}
<form method="post" action="/u/reset-password">
<input type="hidden" name="client_id" value="${esc(o.clientId)}">
<input type="hidden" name="connection" value="${esc(o.connection)}">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${esc(o.email ?? '')}">
<button type="submit">Send reset link</button>
</form>`,
  });
}

function changePage(o: { ticket: string; errors?: string[] }): string {
  return layout({
    title: 'Choose a new password',
    heading: 'Choose a new password',
    body: `${o.errors?.length ? `<div class="alert" role="alert">${o.errors.map(esc).join('<br>')}</div>` : ''}
<form method="post" action="/u/reset-password/change">
<input type="hidden" name="ticket" value="${esc(o.ticket)}">
<label for="password">New password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-rules">
<p id="password-rules" class="hint">${esc(PASSWORD_RULES_TEXT)}</p>
<label for="confirm">Confirm new password</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" required>
<button type="submit">Reset password</button>
</form>`,
  });
}

const invalidTicket = errorPage({
  title: 'This link cannot be used',
  message: 'The password reset link is invalid, expired or was already used.',
  action: 'Ask for a new link from the sign-in page ("Forgot your password?").',
});

export function createPasswordResetRouter(rt: Runtime): Router {
  const router = new Router();

  router.post('/dbconnections/change_password', async (ctx: Koa.Context) => {
    const body = await readForm(ctx);
    const email = (body.email ?? '').trim();
    ctx.set('cache-control', 'no-store');
    if (!body.client_id || !rt.store.state.clients.some((c) => c.client_id === body.client_id)) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: 'Unknown client_id.' };
      return;
    }
    if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: 'email is required and must be an email address.' };
      return;
    }
    const connection = databaseConnection(rt, body.client_id, body.connection);
    if (!connection) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: `connection ${body.connection ?? ''} is not a database connection of this application.`.replace('  ', ' ') };
      return;
    }
    sendResetMail(rt, email, connection);
    ctx.type = 'text/plain';
    ctx.body = RESET_SENT_MESSAGE;
  });

  router.get('/u/reset-password', (ctx) => {
    const clientId = typeof ctx.query.client_id === 'string' ? ctx.query.client_id : '';
    const connection = databaseConnection(rt, clientId || undefined, typeof ctx.query.connection === 'string' ? ctx.query.connection : undefined);
    html(ctx, 200, requestPage({ clientId, connection: connection?.name ?? '', email: typeof ctx.query.login_hint === 'string' ? ctx.query.login_hint : '' }));
  });

  router.post('/u/reset-password', async (ctx) => {
    const form = await readForm(ctx);
    const email = (form.email ?? '').trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      return html(ctx, 400, requestPage({ clientId: form.client_id ?? '', connection: form.connection ?? '', email, error: 'Enter your email address.' }));
    }
    const connection = databaseConnection(rt, form.client_id || undefined, form.connection || undefined);
    if (connection) sendResetMail(rt, email, connection);
    html(ctx, 200, messagePage({ title: 'Check your email', message: `${RESET_SENT_MESSAGE} If ${email} has an account, the link is on its way.` }));
  });

  const ticketOf = (value: unknown) => (typeof value === 'string' ? liveTicket(rt.store, value, 'password_change', rt.now()) : undefined);

  router.get('/u/reset-password/change', (ctx) => {
    const record = ticketOf(ctx.query.ticket);
    if (!record || !rt.store.userById(record.user_id)) return html(ctx, 400, invalidTicket);
    html(ctx, 200, changePage({ ticket: record.id }));
  });

  router.post('/u/reset-password/change', async (ctx) => {
    const form = await readForm(ctx);
    const record = ticketOf(form.ticket);
    const user = record ? rt.store.userById(record.user_id) : undefined;
    if (!record || !user) return html(ctx, 400, invalidTicket);
    const ticket = record.id;
    const password = form.password ?? '';
    const errors = passwordPolicyErrors(password, user.email);
    if (password !== (form.confirm ?? '')) errors.push('The two passwords do not match.');
    if (errors.length) return html(ctx, 400, changePage({ ticket, errors }));
    const passwordHash = await hashPassword(password);
    // Single use: the ticket goes in the same write as the password change (a second use of it,
    // racing this one, finds it gone).
    const used = rt.store.mutate((s) => {
      if (!s.tickets.some((t) => t.id === ticket)) return false;
      s.tickets = s.tickets.filter((t) => t.id !== ticket);
      const u = s.users.find((x) => x.user_id === user.user_id);
      if (u) {
        u.password_hash = passwordHash;
        // A mailed link proves the address; a Management API ticket only when it says so (mark_email_as_verified).
        if (record.mark_email_as_verified) u.email_verified = true;
        u.updated_at = new Date(rt.now() * 1000).toISOString();
      }
      return true;
    });
    if (!used) return html(ctx, 400, invalidTicket);
    rt.throttle.succeed(user.email);
    html(ctx, 200, messagePage({
      title: 'Password changed',
      message: 'Your password was changed. You can now sign in with it.',
      ...(record?.result_url ? { link: { href: record.result_url, text: 'Continue' } } : {}),
    }));
  });

  return router;
}
