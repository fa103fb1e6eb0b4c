// The SDK's session cookie, split in chunks (__session__0, __session__1...) when large.
import type { NextRequest, NextResponse } from 'next/server';

const isSessionCookie = (name: string) => name === '__session' || name.startsWith('__session__');

export function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies.getAll().some((cookie) => isSessionCookie(cookie.name));
}

/** Tells the browser to drop every session cookie. */
export function clearSessionCookies(request: NextRequest, response: NextResponse): void {
  for (const cookie of request.cookies.getAll()) if (isSessionCookie(cookie.name)) response.cookies.delete(cookie.name);
}
