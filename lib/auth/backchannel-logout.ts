// OpenID Connect Back-Channel Logout 1.0 (https://openid.net/specs/openid-connect-backchannel-1_0.html),
// as Auth0 sends it (https://auth0.com/docs/authenticate/login/logout/back-channel-logout): when
// an Auth0 session ends, Auth0 posts a signed logout token to the application's one
// back-channel URL (the apex's /auth/backchannel-logout). We verify it and record the
// revocation (lib/auth/revocation.ts). The SDK's own handler needs a full server-side session
// store, which the Edge middleware could not read; this route runs in Node with the database.
import 'server-only';
import { jwtVerify, errors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { config } from '@/lib/config';
import { issuerKeySet } from '@/lib/auth/bearer';
import { revokeSessions, type RevocationTarget } from '@/lib/auth/revocation';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** Clock difference tolerated between Auth0 and us when dating the logout. */
const CLOCK_TOLERANCE_SECONDS = 60;

export class InvalidLogoutTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidLogoutTokenError';
  }
}

export interface LogoutTokenClaims extends JWTPayload {
  iat: number;
  jti: string;
  sid?: string;
  sub?: string;
}

/** Validation of section 2.6: signature (RS256), iss, aud = our client id, iat, jti, events, sid/sub, no nonce. */
export async function verifyLogoutToken(token: string, getKey: JWTVerifyGetKey = issuerKeySet()): Promise<LogoutTokenClaims> {
  const { auth0 } = config();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, getKey, {
      algorithms: ['RS256'],
      issuer: auth0.issuer,
      audience: auth0.clientId,
      requiredClaims: ['iat'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    if (error instanceof errors.JOSEError) throw new InvalidLogoutTokenError(`invalid logout token (${error.code})`);
    throw new InvalidLogoutTokenError('invalid logout token');
  }
  const events = payload.events as Record<string, unknown> | undefined;
  if (!events || typeof events !== 'object' || typeof events[BACKCHANNEL_LOGOUT_EVENT] !== 'object' || events[BACKCHANNEL_LOGOUT_EVENT] === null) {
    throw new InvalidLogoutTokenError(`the events claim must contain ${BACKCHANNEL_LOGOUT_EVENT}`);
  }
  // A nonce would make it an ID token (the spec forbids it so one cannot pass as the other).
  if ('nonce' in payload) throw new InvalidLogoutTokenError('a logout token must not contain a nonce');
  if (payload.sid !== undefined && (typeof payload.sid !== 'string' || !payload.sid)) throw new InvalidLogoutTokenError('sid must be a string');
  if (payload.sub !== undefined && (typeof payload.sub !== 'string' || !payload.sub)) throw new InvalidLogoutTokenError('sub must be a string');
  if (payload.sid === undefined && payload.sub === undefined) throw new InvalidLogoutTokenError('a logout token names a sid or a sub');
  if (typeof payload.jti !== 'string' || !payload.jti) throw new InvalidLogoutTokenError('jti must be a string');
  return payload as LogoutTokenClaims;
}

/**
 * Ends what the token names: the Auth0 session (sid) on every host, or, with only a sub, all of
 * the person's sessions. Dated by the token's iat, so a replayed token never ends a session
 * signed in after it was issued.
 */
export async function applyLogoutToken(claims: LogoutTokenClaims): Promise<void> {
  const target: RevocationTarget = claims.sid ? { sid: claims.sid } : { userId: claims.sub! };
  const issuedAt = (claims.iat + CLOCK_TOLERANCE_SECONDS) * 1000;
  await revokeSessions(target, { at: new Date(Math.min(Date.now(), issuedAt)) });
}

/** The route: form-encoded `logout_token`; 200 when done, 400 with an OAuth-style error otherwise. */
export async function handleBackchannelLogout(request: Request): Promise<Response> {
  const headers = { 'cache-control': 'no-store' };
  const fail = (description: string) => Response.json({ error: 'invalid_request', error_description: description }, { status: 400, headers });
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return fail('Send logout_token as application/x-www-form-urlencoded.');
  }
  const token = new URLSearchParams(await request.text()).get('logout_token');
  if (!token) return fail('logout_token is missing.');
  let claims: LogoutTokenClaims;
  try {
    claims = await verifyLogoutToken(token);
  } catch (error) {
    if (error instanceof InvalidLogoutTokenError) return fail(error.message);
    throw error;
  }
  await applyLogoutToken(claims);
  return new Response(null, { status: 200, headers });
}
