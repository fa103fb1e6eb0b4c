// What the session cookie holds, kept to one cookie (under 4 KB: proxies and CDNs refuse bigger
// request headers with 431). Edge-safe: no server-only imports.
import type { SessionData } from '@auth0/nextjs-auth0/types';
import { SESSION_USER_CLAIMS } from '@/lib/auth/claims';

/** The session as the SDK decrypts it, named here for Edge code outside lib/auth (middleware). */
export type { SessionData };

/**
 * The scopes of a sign-in. No offline_access: the app never refreshes tokens (nothing calls
 * getAccessToken), and a refresh token would outlive the session at Auth0.
 */
export const SIGN_IN_SCOPE = 'openid profile email';

/**
 * The session as saved (the SDK's beforeSessionSaved): the user claims the app reads, the access
 * token and the Auth0 session id. The ID token (1.5 KB) is dropped: sign-out names the Auth0
 * session with logout_hint (its sid) and client_id, which Auth0's /oidc/logout accepts in its
 * place.
 */
export function sessionToSave(session: SessionData): SessionData {
  const user: Record<string, unknown> = {};
  for (const claim of SESSION_USER_CLAIMS) if (session.user[claim] !== undefined) user[claim] = session.user[claim];
  const { idToken: _idToken, refreshToken: _refreshToken, ...tokenSet } = session.tokenSet;
  const startedAt = typeof session.startedAt === 'number' ? session.startedAt : Date.now();
  const lastSeenAt = typeof session.lastSeenAt === 'number' ? session.lastSeenAt : startedAt;
  return { ...session, user: user as SessionData['user'], tokenSet, startedAt, lastSeenAt };
}

/**
 * The session's last activity (ms), for an organization's idle timeout: set at sign-in and
 * refreshed by middleware at most once a minute (lib/middleware/session-activity.ts), so it
 * is at most that much behind. Older sessions fall back to when they began.
 */
export function sessionLastSeenAt(session: SessionData): number {
  return typeof session.lastSeenAt === 'number' ? session.lastSeenAt : sessionStartedAt(session).getTime();
}

/**
 * When the session began, to the millisecond. The SDK's `internal.createdAt` is whole seconds,
 * so a sign-in in the same second as a revocation ("sign out of all sessions", then a silent
 * sign-in) could not be told from one made before it, and would be refused until the second
 * passed. `startedAt` is set once, when the sign-in saves the session; older sessions fall
 * back to the SDK's seconds.
 */
export function sessionStartedAt(session: SessionData): Date {
  return new Date(typeof session.startedAt === 'number' ? session.startedAt : session.internal.createdAt * 1000);
}
