// A user's MFA factors and the tickets around them, as the `auth0` SDK calls them:
//   GET    /users/{id}/authentication-methods                 read:authentication_methods
//   GET    /users/{id}/authentication-methods/{method_id}     read:authentication_methods
//   DELETE /users/{id}/authentication-methods/{method_id}     delete:authentication_methods
//   DELETE /users/{id}/authentication-methods                 delete:authentication_methods
//   GET    /users/{id}/enrollments                            read:users
//   POST   /users/{id}/recovery-code-regeneration             update:users
//   GET    /guardian/enrollments/{id}                         read:guardian_enrollments
//   DELETE /guardian/enrollments/{id}                         delete:guardian_enrollments
//   POST   /guardian/enrollments/ticket                       create:guardian_enrollment_tickets
//   POST   /tickets/password-change                           create:user_tickets
// https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authentication-methods-with-management-api
// https://auth0.com/docs/secure/multi-factor-authentication/reset-user-mfa
// https://auth0.com/docs/api/management/v2/guardian/post-ticket
// https://auth0.com/docs/api/management/v2/tickets/post-password-change
import { z } from 'zod';
import { authenticationMethodJson, enrollmentIdOf, enrollmentJson, regenerateRecoveryCode, removeFactors } from '../mfa';
import { passwordChangeUrl, RESET_TICKET_SECONDS } from '../password-reset';
import { newId, type User } from '../store';
import { createTicket } from '../tickets';
import { type ApiRouter, type Ctx, type Env, guarded, isoNow, param } from './context';
import { badRequest, noContent, notFound, notFoundErrors, sendJson } from './http';
import { sendOffset } from './pagination';
import { body, httpUrl } from './validation';

/** Auth0's default lifetime of a Guardian enrollment ticket is not documented; the password-change one's (5 days) is used. */
const ENROLLMENT_TICKET_SECONDS = RESET_TICKET_SECONDS;

const methodNotFound = () => notFound('Authentication method not found', 'inexistent_authentication_method');
const enrollmentNotFound = () => notFound('Enrollment not found', 'inexistent_enrollment');

const guardianTicketSchema = z.strictObject({
  user_id: z.string().min(1),
  email: z.email().optional(),
  send_mail: z.boolean().optional(),
  email_locale: z.string().optional(),
  factor: z.enum(['push-notification', 'phone', 'email', 'otp', 'webauthn-roaming', 'webauthn-platform']).optional(),
  allow_multiple_enrollments: z.boolean().optional(),
});

const passwordChangeSchema = z.strictObject({
  result_url: httpUrl.optional(),
  user_id: z.string().min(1).optional(),
  client_id: z.string().min(1).optional(),
  organization_id: z.string().min(1).optional(),
  connection_id: z.string().min(1).optional(),
  email: z.email().optional(),
  ttl_sec: z.number().int().min(0).optional(),
  mark_email_as_verified: z.boolean().optional(),
  includeEmailInRedirect: z.boolean().optional(),
});

export function registerAuthenticationMethods(router: ApiRouter, env: Env): void {
  const { store } = env;
  const nowSeconds = () => env.now() / 1000;
  /** Where tickets point: the tenant's own pages (issuer is http://localhost:PORT/). */
  const baseUrl = env.issuer.replace(/\/$/, '');

  const findUser = (id: string): User => {
    const u = store.userById(id);
    if (!u) throw notFoundErrors.user();
    return u;
  };

  router.get('/users/:id/authentication-methods', guarded('read:authentication_methods', (ctx: Ctx) => {
    const user = findUser(param(ctx, 'id'));
    sendOffset(ctx, 'authenticators', store.authenticationMethodsOf(user.user_id).map(authenticationMethodJson));
  }));

  router.get('/users/:id/authentication-methods/:methodId', guarded('read:authentication_methods', (ctx: Ctx) => {
    const user = findUser(param(ctx, 'id'));
    const m = store.authenticationMethodsOf(user.user_id).find((x) => x.id === param(ctx, 'methodId'));
    if (!m) throw methodNotFound();
    ctx.body = authenticationMethodJson(m);
  }));

  router.delete('/users/:id/authentication-methods/:methodId', guarded('delete:authentication_methods', (ctx: Ctx) => {
    const user = findUser(param(ctx, 'id'));
    const id = param(ctx, 'methodId');
    if (!removeFactors(store, user.user_id, (m) => m.id === id)) throw methodNotFound();
    noContent(ctx);
  }));

  router.delete('/users/:id/authentication-methods', guarded('delete:authentication_methods', (ctx: Ctx) => {
    const user = findUser(param(ctx, 'id'));
    removeFactors(store, user.user_id, () => true);
    noContent(ctx);
  }));

  router.get('/users/:id/enrollments', guarded('read:users', (ctx: Ctx) => {
    const user = findUser(param(ctx, 'id'));
    ctx.body = store.authenticationMethodsOf(user.user_id).filter((m) => m.type === 'totp').map(enrollmentJson);
  }));

  router.post('/users/:id/recovery-code-regeneration', guarded('update:users', async (ctx: Ctx) => {
    const user = findUser(param(ctx, 'id'));
    const code = await regenerateRecoveryCode(store, user.user_id, isoNow(env));
    // Not documented for a user without MFA; refused rather than handing out a code for nothing.
    if (!code) throw badRequest('The user has no multi-factor authentication enrollment.', 'invalid_request');
    sendJson(ctx, 200, { recovery_code: code });
  }));

  const findEnrollment = (id: string) => {
    const m = store.state.authenticationMethods.find((x) => x.type === 'totp' && enrollmentIdOf(x) === id);
    if (!m) throw enrollmentNotFound();
    return m;
  };

  router.get('/guardian/enrollments/:id', guarded('read:guardian_enrollments', (ctx: Ctx) => {
    const m = findEnrollment(param(ctx, 'id'));
    ctx.body = { id: enrollmentIdOf(m), status: 'confirmed', enrolled_at: m.created_at, ...(m.last_auth_at ? { last_auth: m.last_auth_at } : {}) };
  }));

  router.delete('/guardian/enrollments/:id', guarded('delete:guardian_enrollments', (ctx: Ctx) => {
    const m = findEnrollment(param(ctx, 'id'));
    removeFactors(store, m.user_id, (x) => x.id === m.id);
    noContent(ctx);
  }));

  router.post('/guardian/enrollments/ticket', guarded('create:guardian_enrollment_tickets', async (ctx: Ctx) => {
    const input = await body(ctx, guardianTicketSchema);
    const user = findUser(input.user_id);
    if (input.factor && input.factor !== 'otp') {
      throw badRequest(`The local tenant emulates only the otp factor (asked for ${input.factor}).`, 'invalid_body');
    }
    const now = nowSeconds();
    const ticket = createTicket(store, { kind: 'guardian_enrollment', user_id: user.user_id, expires_at: now + ENROLLMENT_TICKET_SECONDS }, now);
    const ticketUrl = `${baseUrl}/guardian/enroll?ticket=${ticket.id}`;
    // Sent only when asked for (the CLI's --send-email), to `email` or the user's address.
    if (input.send_mail) {
      store.mutate((s) => {
        s.outbox.push({
          id: newId.mail(), kind: 'mfa_enrollment', to: input.email ?? user.email, subject: 'Enroll in multi-factor authentication',
          text: `Hello ${user.name},\n\nTo add an authenticator app to your account, open this link:\n${ticketUrl}`, link: ticketUrl, created_at: isoNow(env),
        });
      });
    }
    sendJson(ctx, 200, { ticket_id: ticket.id, ticket_url: ticketUrl });
  }));

  router.post('/tickets/password-change', guarded('create:user_tickets', async (ctx: Ctx) => {
    const input = await body(ctx, passwordChangeSchema);
    let user: User | undefined;
    if (input.user_id) {
      if (input.email || input.connection_id) throw badRequest('user_id cannot be used together with email or connection_id.', 'invalid_body');
      user = findUser(input.user_id);
    } else {
      if (!input.email || !input.connection_id) throw badRequest('Either user_id, or email and connection_id, are required.', 'invalid_body');
      const conn = store.connectionById(input.connection_id);
      if (!conn) throw notFoundErrors.connection();
      user = store.userByEmailAndConnection(input.email, conn.name);
      if (!user) throw notFoundErrors.user();
    }
    const conn = store.connectionByName(user.connection);
    if (!conn || conn.strategy !== 'auth0') {
      throw badRequest('Password change tickets are only for users of a database connection.', 'operation_not_supported');
    }
    if (input.result_url && input.client_id) throw badRequest('result_url and client_id cannot be used together.', 'invalid_body');
    if (input.client_id && !store.client(input.client_id)) throw notFoundErrors.client();
    if (input.organization_id && !store.orgById(input.organization_id)) throw notFoundErrors.organization();
    const now = nowSeconds();
    // ttl_sec 0 means the default (5 days).
    const ttl = input.ttl_sec || RESET_TICKET_SECONDS;
    const ticket = createTicket(store, {
      kind: 'password_change', user_id: user.user_id, expires_at: now + ttl,
      ...(input.result_url ? { result_url: input.result_url } : {}),
      ...(input.mark_email_as_verified ? { mark_email_as_verified: true } : {}),
    }, now);
    sendJson(ctx, 201, { ticket: passwordChangeUrl(baseUrl, ticket.id) });
  }));
}
