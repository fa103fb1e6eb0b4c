// Sign-out, server side: middleware (Edge, no database) posts the signing-out request's Cookie
// header here before the SDK clears the cookie. The session it carries is refused from now on.
// Only middleware's signed calls are answered (lib/http/internal-call.ts), like the tenant lookup.
import { NextRequest } from 'next/server';
import { auth0 } from '@/lib/auth/auth0';
import { config } from '@/lib/config';
import { refuseUnsignedCall } from '@/lib/http/internal-call';
import { revokeSessions } from '@/lib/auth/revocation';

export const dynamic = 'force-dynamic';

const MAX_COOKIE_HEADER = 64 * 1024;

export async function POST(request: Request) {
  const refused = await refuseUnsignedCall(request, config().auth0.secret);
  if (refused) return refused;
  const cookie = await request.text();
  if (cookie.length > MAX_COOKIE_HEADER) return Response.json({ error: 'too_large', message: 'Cookie header too large.' }, { status: 413 });
  // The cookie is the proof: it decrypts only if this app issued it.
  const session = await auth0.getSession(new NextRequest(request.url, { headers: { cookie } })).catch(() => null);
  if (session) {
    const { sid } = session.internal;
    const auth0OrgId = session.user.org_id;
    await revokeSessions(sid ? { sid } : auth0OrgId ? { auth0OrgId, userId: session.user.sub } : { userId: session.user.sub });
  }
  return new Response(null, { status: 204 });
}

export const GET = () => Response.json({ error: 'method_not_allowed', message: 'Use POST.' }, { status: 405, headers: { allow: 'POST' } });
