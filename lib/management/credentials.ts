// A person's own sign-in credentials in Auth0: their password (through a password-change
// ticket) and their multi-factor factors (listed, removed, enrolled through a Guardian
// enrollment ticket). The account page is the only caller.
import 'server-only';
import { call } from '@/lib/management/client';

/** One enrolled factor, as the account page lists it. */
export interface Factor {
  id: string;
  /** Auth0's type: totp (authenticator app), recovery-code, phone, email, webauthn-roaming, ... */
  type: string;
  name?: string;
  confirmed: boolean;
  createdAt: string;
  lastAuthAt?: string;
}

/**
 * GET /api/v2/users/{id}/authentication-methods (read:authentication_methods),
 * https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authentication-methods-with-management-api
 * A person has a handful of factors: the first page (up to 100) is all of them.
 */
export async function listFactors(userId: string): Promise<Factor[]> {
  const page = await call((api) => api.users.authenticationMethods.list(userId, { per_page: 100 }));
  return page.data.map((m) => ({
    id: m.id,
    type: String(m.type),
    ...(m.name ? { name: m.name } : {}),
    confirmed: m.confirmed !== false,
    createdAt: m.created_at,
    ...(m.last_auth_at ? { lastAuthAt: m.last_auth_at } : {}),
  }));
}

/**
 * DELETE /api/v2/users/{id}/authentication-methods/{method_id} (delete:authentication_methods).
 * Auth0 answers 404 for an id that is not this user's: the caller's "already gone".
 */
export async function removeFactor(userId: string, factorId: string): Promise<void> {
  await call((api) => api.users.authenticationMethods.delete(userId, factorId));
}

/**
 * POST /api/v2/guardian/enrollments/ticket (create:guardian_enrollment_tickets): a single-use
 * link to Universal Login's authenticator-app enrolment (QR code, first code, recovery code),
 * https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-developer-resources/create-custom-enrollment-tickets
 * The ticket takes no return address (https://auth0.com/docs/api/management/v2/guardian/post-ticket):
 * the person comes back to the app by themselves.
 */
export async function authenticatorEnrollmentUrl(userId: string): Promise<string> {
  const ticket = await call((api) => api.guardian.enrollments.createTicket({ user_id: userId, factor: 'otp', send_mail: false }));
  if (!ticket.ticket_url) throw new Error('Auth0 answered an enrollment ticket without its URL');
  return ticket.ticket_url;
}

/**
 * POST /api/v2/tickets/password-change (create:user_tickets): a single-use link where the
 * person sets a new password, then is sent to `resultUrl`. Database-connection users only
 * (Auth0 refuses others), https://auth0.com/docs/api/management/v2/tickets/post-password-change
 */
export async function passwordChangeUrl(userId: string, resultUrl: string): Promise<string> {
  // Five minutes: the link is opened at once by the person who asked for it.
  const ticket = await call((api) => api.tickets.changePassword({ user_id: userId, result_url: resultUrl, ttl_sec: 300 }));
  if (!ticket.ticket) throw new Error('Auth0 answered a password-change ticket without its URL');
  return ticket.ticket;
}
