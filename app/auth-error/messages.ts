// What /auth-error says. The page's query string can be written by anyone (a link in a
// phishing mail), so nothing from it is shown as text: the error code and Auth0's description
// only select one of our own messages, and the code is shown only when it is a known one.

/** Our words for Auth0's refusals that a description tells apart (checked in order). */
const BY_DESCRIPTION: [RegExp, string][] = [
  // Enterprise users are "samlp|<connection>|..." or "oidc|<connection>|...": they got past
  // their company's sign-in, but the organization only admits invited people.
  [/^user (samlp|oidc)\|\S+ is not part of the/, 'You signed in with your company’s single sign-on, but this organization only lets in people who were invited. Ask an administrator of the organization to invite you.'],
  // The post-login Action's refusal under "SSO only" (lib/auth/post-login-action.ts SSO_ONLY_DENIAL).
  [/^sso_required:/, 'This organization signs in through its company single sign-on only. Go back to the sign-in page and continue with your work email, or ask an administrator.'],
  [/the connection is not enabled for the organization/, 'This way of signing in is not enabled for this organization. Sign in another way, or ask an administrator.'],
  [/is not part of the/, 'Your account is not a member of this organization. Ask an administrator of the organization to invite you.'],
  [/invitation/, 'This invitation link is no longer valid: it has expired, was already used, or belongs to another organization. Ask for a new invitation.'],
];

/** Error codes of Auth0 (OAuth 2.0 / OIDC errors on the callback) and of the Auth0 SDK. */
const BY_CODE: Record<string, string> = {
  access_denied: 'Access was denied. If you think you should have access, ask an administrator of the organization.',
  login_required: 'Please sign in again.',
  consent_required: 'Please sign in again and allow Tenantry to use your account.',
  interaction_required: 'Please sign in again.',
  unauthorized: 'Your account cannot sign in here. If this is unexpected, ask an administrator of the organization.',
  temporarily_unavailable: 'Sign-in is briefly unavailable. Please try again in a moment.',
  server_error: 'The sign-in service had a problem. Please try again.',
  invalid_request: 'The sign-in request was not valid. Please start again from the sign-in page.',
  missing_state: 'The sign-in took too long or was started in another window. Please sign in again.',
  invalid_state: 'The sign-in took too long or was started in another window. Please sign in again.',
  authorization_error: 'Something went wrong while signing you in. Please try again.',
  authorization_code_grant_error: 'Something went wrong while signing you in. Please try again.',
  authorization_code_grant_request_error: 'Something went wrong while signing you in. Please try again.',
  discovery_error: 'The sign-in service could not be reached. Please try again in a moment.',
  mfa_required: 'This account needs a second factor. Please sign in again and complete it.',
  login_failed: 'Something went wrong while signing you in. Please try again.',
};

export const GENERIC_MESSAGE = 'Something went wrong while signing you in. Please try again.';

export interface AuthErrorText {
  message: string;
  /** The error code, when it is one we know (never arbitrary text from the address). */
  code: string | null;
}

export function authErrorText(error: unknown, description: unknown): AuthErrorText {
  const code = typeof error === 'string' && Object.hasOwn(BY_CODE, error) ? error : null;
  const said = typeof description === 'string' ? description : '';
  const match = BY_DESCRIPTION.find(([pattern]) => pattern.test(said));
  return { message: match?.[1] ?? (code ? BY_CODE[code]! : GENERIC_MESSAGE), code };
}
