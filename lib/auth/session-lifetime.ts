// An organization's session lifetime (maximum age, idle timeout), checked by the session check
// on every request (lib/auth/session.ts) with the policy read fresh from the database: a change
// applies on the next request on every instance. The time is lib/core/clock.ts's (the browser
// tests move it to prove the idle timeout without waiting).
import 'server-only';
import type { SessionData } from '@auth0/nextjs-auth0/types';
import { organizationOfRequest } from '@/lib/tenancy/organizations';
import { now } from '@/lib/core/clock';
import { config } from '@/lib/config';
import { sessionExpiredBy } from '@/lib/security/policy';
import { sessionLastSeenAt, sessionStartedAt } from '@/lib/auth/session-contents';
import { tenantOrigin } from '@/lib/tenancy/host';

export type SessionEndReason = 'max_age' | 'idle';

export interface PolicyEnd {
  reason: SessionEndReason;
  /**
   * Where the browser goes: the SDK's sign-out (which also ends the Auth0 session, so signing
   * in again means signing in, not a silent return), then the organization's home page, which
   * says why (app/tenant/page.tsx, `session_ended`).
   */
  signOutPath: string;
}

/** The query parameter the organization's home page reads to say why the session ended. */
export const SESSION_ENDED_PARAM = 'session_ended';

export const isSessionEndReason = (value: unknown): value is SessionEndReason => value === 'max_age' || value === 'idle';

/** Whether `session` is past its organization's lifetime; one indexed read (none for sessions without an organization). */
export async function endedByPolicy(session: SessionData): Promise<PolicyEnd | null> {
  const auth0OrgId = session.user.org_id;
  if (!auth0OrgId) return null;
  const policy = await organizationOfRequest(auth0OrgId);
  if (!policy || (policy.sessionMaxAgeMinutes === null && policy.sessionIdleMinutes === null)) return null;
  const reason = sessionExpiredBy(policy, { startedAtMs: sessionStartedAt(session).getTime(), lastSeenAtMs: sessionLastSeenAt(session) }, now());
  if (!reason) return null;
  const cfg = config();
  const home = `${tenantOrigin(policy.slug, cfg.scheme, cfg.rootDomain)}/?${SESSION_ENDED_PARAM}=${reason}`;
  return { reason, signOutPath: `/auth/logout?returnTo=${encodeURIComponent(home)}` };
}
