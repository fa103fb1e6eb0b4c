// Step 6b, once the session is known to be this host's: the session is rolled here, not by
// the SDK's middleware (which would re-encrypt the cookie on every request). At most once a
// minute it is written back with `lastSeenAt` moved forward (lib/auth/session-contents.ts),
// which an organization's idle timeout reads, and the SDK gives the cookie a fresh expiry
// (its inactivity duration, never past the absolute one). So a cookie's expiry lags the last
// request by under a minute; most requests pay no encryption. A session already past its
// organization's lifetime is not moved forward: the app's session check (lib/auth/session.ts)
// ends it with the fresh policy. This step judges with the tenant lookup's policy (at most its
// TTL old), so a session idle past a limit set within the last TTL can be kept alive once.
import type { NextRequest, NextResponse } from 'next/server';
import { sessionLastSeenAt, sessionStartedAt, type SessionData } from '@/lib/auth/session-contents';
import { sessionExpiredBy } from '@/lib/security/policy';
import type { TenantLookup } from '@/lib/middleware/tenant-lookup';

/** How far behind `lastSeenAt` may fall before a request moves it (and re-encrypts the cookie). */
export const LAST_SEEN_REFRESH_MS = 60_000;

type UpdateSession = (request: NextRequest, response: NextResponse, session: SessionData) => Promise<void>;

/** Writes the session with `lastSeenAt = nowMs` onto `response` when it is due; true when it did. */
export async function keepSessionActive(
  request: NextRequest,
  response: NextResponse,
  session: SessionData | null,
  tenant: TenantLookup | null,
  nowMs: number,
  update: UpdateSession,
): Promise<boolean> {
  if (!session) return false;
  const lastSeenAtMs = sessionLastSeenAt(session);
  if (nowMs - lastSeenAtMs < LAST_SEEN_REFRESH_MS) return false;
  // Only an organization's sessions have a policy; the apex's (no organization) just roll.
  if (tenant && sessionExpiredBy(tenant.access, { startedAtMs: sessionStartedAt(session).getTime(), lastSeenAtMs }, nowMs)) return false;
  await update(request, response, { ...session, lastSeenAt: nowMs });
  return true;
}
