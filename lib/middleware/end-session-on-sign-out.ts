// Step 5: on /auth/logout, the app records the end of the session before the SDK clears the
// cookie: the cookie may have been copied, or come back with a response that was in flight.
// Whether a session was ended is checked by the app (lib/auth/session.ts), which has the database.
import { NextResponse, type NextRequest } from 'next/server';
import type { AppConfig } from '@/lib/config';
import { endSessionOnServer } from '@/lib/auth/sign-out-client';
import { hasSessionCookie } from '@/lib/middleware/session-cookies';

/** null when there is nothing to end or it was ended; a 503 when the app could not record it. */
export async function endSessionOnSignOut(request: NextRequest, cfg: AppConfig, endSession = endSessionOnServer): Promise<NextResponse | null> {
  if (request.nextUrl.pathname !== '/auth/logout' || !hasSessionCookie(request)) return null;
  try {
    await endSession(request.headers.get('cookie') ?? '', cfg.apexOrigin, cfg.auth0.secret);
    return null;
  } catch (error) {
    console.error('middleware: sign-out:', error instanceof Error ? error.message : error);
    return new NextResponse('Signing out failed. Please try again in a moment.', { status: 503 });
  }
}
