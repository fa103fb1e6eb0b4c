// /auth-error shows only our own messages: a crafted link cannot put its words on our page.
import { describe, expect, it } from 'vitest';
import { authErrorText, GENERIC_MESSAGE } from './messages';
import { SSO_ONLY_DENIAL } from '@/lib/auth/post-login-action';

describe('authErrorText', () => {
  it('never shows the description or an unknown code', () => {
    const spoof = 'Your account is locked. Call +1 555 0100 to unlock it.';
    expect(authErrorText('access_denied', spoof)).toEqual({ message: expect.not.stringContaining('555'), code: 'access_denied' });
    expect(authErrorText('account_locked_call_us', spoof)).toEqual({ message: GENERIC_MESSAGE, code: null });
    expect(authErrorText(undefined, spoof)).toEqual({ message: GENERIC_MESSAGE, code: null });
    expect(authErrorText(['access_denied', 'x'], [spoof])).toEqual({ message: GENERIC_MESSAGE, code: null });
    expect(authErrorText('__proto__', '')).toEqual({ message: GENERIC_MESSAGE, code: null });
  });

  it('tells Auth0’s refusals apart by their description, in our words', () => {
    expect(authErrorText('access_denied', 'user samlp|acme-saml|x@acme.test is not part of the org_123 organization').message).toMatch(/only lets in people who were invited/);
    expect(authErrorText('access_denied', 'the connection is not enabled for the organization').message).toMatch(/not enabled for this organization/);
    expect(authErrorText('access_denied', 'user auth0|bob is not part of the org_123 organization').message).toMatch(/not a member of this organization/);
    expect(authErrorText('invalid_request', 'invitation not found or already used').message).toMatch(/invitation link is no longer valid/);
  });

  it('explains the post-login Action’s "SSO only" refusal', () => {
    expect(authErrorText('access_denied', SSO_ONLY_DENIAL).message).toMatch(/single sign-on only/);
  });

  it('has a message for each known code', () => {
    expect(authErrorText('login_required', '')).toEqual({ message: 'Please sign in again.', code: 'login_required' });
    expect(authErrorText('temporarily_unavailable', '').message).toMatch(/try again in a moment/);
  });
});
