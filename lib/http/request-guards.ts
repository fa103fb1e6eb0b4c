// Requests refused in middleware before any routing, each with a clear 4xx instead of the
// 500 Next.js would answer further in. Edge-safe.
import { NextResponse } from 'next/server';

/** What the checks read of a request. */
type RequestLine = Pick<Request, 'method' | 'url' | 'headers'>;

/** Methods some route of ours answers; anything else (TRACE, TRACK, CONNECT, ...) is a 405. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
  new NextResponse(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });

/** True when the path has a malformed percent-escape (%ZZ) or decodes to a NUL character. */
export function isMalformedPath(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return true;
  }
  return decoded.includes('\u0000');
}

/**
 * A request Next.js would treat as a server action: a fetch with the Next-Action header, or a
 * form posted without JavaScript (multipart or urlencoded) to a page. API, Auth0 SDK and SCIM
 * routes are endpoints of their own, with their own checks.
 */
export function isServerActionRequest(request: RequestLine, pathname: string): boolean {
  if (request.method !== 'POST') return false;
  if (request.headers.has('next-action')) return true;
  if (/^\/(api|auth|scim)(\/|$)/.test(pathname)) return false;
  const type = request.headers.get('content-type') ?? '';
  return type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded');
}

/**
 * A 4xx answer for a request that must not go further, or null.
 * `origin` is the origin this request was addressed to (the validated host and our scheme).
 */
export function refuseMalformedRequest(request: RequestLine, origin: string): NextResponse | null {
  if (!METHODS.includes(request.method)) return plain(405, 'Method not allowed.', { allow: METHODS.join(', ') });
  // The raw path, as sent (the URL parser keeps invalid escapes as they are).
  const pathname = new URL(request.url).pathname;
  if (isMalformedPath(pathname)) return plain(400, 'Bad request: the address has an invalid character or percent-escape.');
  // Next.js refuses a server action from another origin too, but as a 500 and only when an
  // Origin is sent. Browsers always send Origin with a POST, so a missing one is refused too.
  if (isServerActionRequest(request, pathname) && request.headers.get('origin')?.toLowerCase() !== origin.toLowerCase()) {
    return plain(403, 'Forbidden: this form was posted from another site.');
  }
  return null;
}
