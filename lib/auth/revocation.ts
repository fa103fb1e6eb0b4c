// Server-side sign-out. Session cookies are stateless (encrypted, rolling), so ending one means
// remembering, in the database, which sessions are no longer accepted: every request that
// carries a session asks here (one indexed read, never cached), so a revocation applies on the
// next request on every instance. Bearer access tokens are not sessions and are not affected.
import 'server-only';
import { anyRevocation, writeRevocation } from '@/lib/data/session-revocations';
import type { TenantData } from '@/lib/data/scope';
import { SESSION_LIFETIME } from '@/lib/auth/auth0';

/** Which sessions a revocation ends: all created up to now that match. */
export type RevocationTarget =
  /** One Auth0 session (its `sid`), on every host it signed in to: sign-out, back-channel logout. */
  | { sid: string }
  /** Every session of a person: a back-channel logout token without `sid`. */
  | { userId: string }
  /** A person's sessions in one organization: an admin's "sign out of all sessions". */
  | { auth0OrgId: string; userId: string }
  /** Everyone's sessions in one organization. */
  | { auth0OrgId: string };

function keyOf(target: RevocationTarget): string {
  if ('sid' in target) return `sid:${target.sid}`;
  if ('auth0OrgId' in target) return 'userId' in target ? `member:${target.auth0OrgId}:${target.userId}` : `org:${target.auth0OrgId}`;
  return `user:${target.userId}`;
}

/**
 * Ends the matching sessions created up to `at` (default now). Idempotent, and never moves an
 * existing cut-off back: replaying an old revocation changes nothing. `within`: write it in
 * the caller's tenant transaction (with its audit event).
 */
export async function revokeSessions(target: RevocationTarget, options: { at?: Date; within?: TenantData } = {}): Promise<void> {
  const at = options.at ?? new Date();
  const key = keyOf(target);
  const expiresAt = new Date(at.getTime() + SESSION_LIFETIME.absolute * 1000);
  await writeRevocation(key, at, expiresAt, options.within);
}

export interface SessionIdentity {
  sid?: string;
  userId: string;
  /** The session's Auth0 organization (org_id), if it signed in to one. */
  auth0OrgId?: string;
  /** When the session was created (seconds; the SDK's `internal.createdAt`). */
  createdAt: number;
  /** The same to the millisecond, when the session carries it (lib/auth/session-contents.ts). */
  startedAtMs?: number;
}

/** Whether a session was ended on the server (sign-out, back-channel logout, an admin). */
export async function isRevoked(session: SessionIdentity): Promise<boolean> {
  const keys = [keyOf({ userId: session.userId })];
  if (session.sid) keys.push(keyOf({ sid: session.sid }));
  if (session.auth0OrgId) keys.push(keyOf({ auth0OrgId: session.auth0OrgId }), keyOf({ auth0OrgId: session.auth0OrgId, userId: session.userId }));
  return anyRevocation(keys, new Date(session.startedAtMs ?? session.createdAt * 1000));
}
