// Step 6b, once the session is known to be this host's: an organization's idle timeout needs
// the session's last activity. The cookie keeps it (`lastSeenAt`, lib/auth/session-contents.ts);
// this step moves it forward at most once a minute, on the response that already carries the
// SDK's rolled cookie, so most requests pay nothing extra. A session already past its
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
  // Only an organization's sessions have an idle timeout; the apex's end with the SDK's.
  if (!session || !tenant) return false;
  const lastSeenAtMs = sessionLastSeenAt(session);
  if (nowMs - lastSeenAtMs < LAST_SEEN_REFRESH_MS) return false;
  if (sessionExpiredBy(tenant.access, { startedAtMs: sessionStartedAt(session).getTime(), lastSeenAtMs }, nowMs)) return false;
  await update(request, response, { ...session, lastSeenAt: nowMs });
  return true;
}
