// The session as the app accepts it: the SDK's session cookie, unless the server has ended it
// (lib/auth/revocation.ts). Every page, action and route handler reads sessions through this,
// never through auth0.getSession() directly.
import 'server-only';
import { cache } from 'react';
import { NextRequest } from 'next/server';
import type { SessionData } from '@auth0/nextjs-auth0/types';
import { auth0 } from '@/lib/auth/auth0';
import { isRevoked } from '@/lib/auth/revocation';
import { sessionStartedAt } from '@/lib/auth/session-contents';

/** A signed-in session as the SDK decrypts it (the SDK's type, named here for code outside lib/auth). */
export type LiveSession = SessionData;

/**
 * The current request's live session, or null. Route handlers pass their request: only its
 * URL and headers are read, so the body stays unread for the handler.
 */
export async function liveSession(request?: Request): Promise<SessionData | null> {
  return request ? accepted(await auth0.getSession(new NextRequest(request.url, { headers: request.headers }))) : currentLiveSession();
}

/** Once per render: the layout and the page both ask. */
const currentLiveSession = cache(async () => accepted(await auth0.getSession()));

async function accepted(session: SessionData | null): Promise<SessionData | null> {
  if (!session) return null;
  const revoked = await isRevoked({
    sid: session.internal.sid || undefined,
    userId: session.user.sub,
    auth0OrgId: session.user.org_id || undefined,
    createdAt: session.internal.createdAt,
    startedAtMs: sessionStartedAt(session).getTime(),
  });
  return revoked ? null : session;
}
