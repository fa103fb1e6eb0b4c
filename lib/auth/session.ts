// The session as the app accepts it: the SDK's session cookie, unless the server has ended it
// (lib/auth/revocation.ts) or it is past its organization's session lifetime
// (lib/auth/session-lifetime.ts). Every page, action and route handler reads sessions through
// this, never through auth0.getSession() directly. Both checks read the database on every
// request (fresh: no cache to go stale), in parallel, so a request waits for one round trip.
import 'server-only';
import { cache } from 'react';
import { NextRequest } from 'next/server';
import { redirect } from 'next/navigation';
import type { SessionData } from '@auth0/nextjs-auth0/types';
import { auth0 } from '@/lib/auth/auth0';
import { isRevoked } from '@/lib/auth/revocation';
import { sessionStartedAt } from '@/lib/auth/session-contents';
import { endedByPolicy } from '@/lib/auth/session-lifetime';

/** A signed-in session as the SDK decrypts it (the SDK's type, named here for code outside lib/auth). */
export type LiveSession = SessionData;

/**
 * The current request's live session, or null. Route handlers pass their request: only its
 * URL and headers are read, so the body stays unread for the handler. A session past its
 * organization's lifetime is null for them (an API caller gets 401); a page or server action
 * is sent to sign out, and to the organization's page that says why.
 */
export async function liveSession(request?: Request): Promise<SessionData | null> {
  if (!request) return currentLiveSession();
  const { session } = await accepted(await auth0.getSession(new NextRequest(request.url, { headers: request.headers })));
  return session;
}

/** Once per render: the layout and the page both ask. */
const currentLiveSession = cache(async () => {
  const { session, signOutPath } = await accepted(await auth0.getSession());
  if (signOutPath) redirect(signOutPath);
  return session;
});

async function accepted(session: SessionData | null): Promise<{ session: SessionData | null; signOutPath?: string }> {
  if (!session) return { session: null };
  const [revoked, ended] = await Promise.all([
    isRevoked({
      sid: session.internal.sid || undefined,
      userId: session.user.sub,
      auth0OrgId: session.user.org_id || undefined,
      createdAt: session.internal.createdAt,
      startedAtMs: sessionStartedAt(session).getTime(),
    }),
    endedByPolicy(session),
  ]);
  if (revoked) return { session: null };
  if (ended) return { session: null, signOutPath: ended.signOutPath };
  return { session };
}
