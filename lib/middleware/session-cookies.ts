// The SDK's session cookie, split in chunks (__session__0, __session__1...) when large. The SDK
// also reads its v3 name (appSession, chunks appSession.0...): a session it would read, the app
// would too, so middleware treats those the same (checks, refuses and clears them).
import type { NextRequest, NextResponse } from 'next/server';

const isSessionCookie = (name: string) => name === '__session' || name.startsWith('__session__') || name === 'appSession' || name.startsWith('appSession.');

export function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies.getAll().some((cookie) => isSessionCookie(cookie.name));
}

/** Tells the browser to drop every session cookie. */
export function clearSessionCookies(request: NextRequest, response: NextResponse): void {
  for (const cookie of request.cookies.getAll()) if (isSessionCookie(cookie.name)) response.cookies.delete(cookie.name);
}
