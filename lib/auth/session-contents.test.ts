// The session cookie keeps what the MFA policy check reads: amr and the SSO connection claim.
import { describe, expect, it } from 'vitest';
import type { SessionData } from '@auth0/nextjs-auth0/types';
import { sessionToSave } from '@/lib/auth/session-contents';
import { CLAIMS, signInMeetsMfa } from '@/lib/auth/claims';

const session = (user: Record<string, unknown>) => ({
  user: { sub: 'auth0|1', picture: 'https://x.test/p.png', ...user }, tokenSet: { accessToken: 'at', idToken: 'id', expiresAt: 1 }, internal: { sid: 's', createdAt: 1 },
}) as unknown as SessionData;

describe('sessionToSave', () => {
  it('keeps amr and the SSO connection (what authorize() checks against the MFA policy), drops the rest', () => {
    const saved = sessionToSave(session({ amr: ['mfa'], [CLAIMS.ssoConnection]: 'acme-saml' })).user;
    expect(saved).toEqual({ sub: 'auth0|1', amr: ['mfa'], [CLAIMS.ssoConnection]: 'acme-saml' });
    expect(signInMeetsMfa(saved, { ssoExempt: false })).toBe(true);
  });
});

describe('signInMeetsMfa', () => {
  it('needs amr "mfa", or an SSO sign-in where the organization exempts SSO', () => {
    expect(signInMeetsMfa({}, { ssoExempt: true })).toBe(false);
    expect(signInMeetsMfa({ amr: 'mfa' }, { ssoExempt: false })).toBe(false);
    expect(signInMeetsMfa({ [CLAIMS.ssoConnection]: 'acme-saml' }, { ssoExempt: false })).toBe(false);
    expect(signInMeetsMfa({ [CLAIMS.ssoConnection]: 'acme-saml' }, { ssoExempt: true })).toBe(true);
  });
});
