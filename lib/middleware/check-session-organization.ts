// Step 6: a session belongs to one organization (its org_id), or to none on the apex. On any
// other host it is not accepted: the cookie is dropped and the page says why.
import { NextResponse, type NextRequest } from 'next/server';
import type { ResolvedTenant } from '@/lib/core/context';
import { clearSessionCookies } from '@/lib/middleware/session-cookies';

type Session = { user: { org_id?: string | null } } | null;

/** A 403 "wrong organization" page when `session` is not for this host's organization, else null. */
export function refuseOtherOrganization(request: NextRequest, session: Session, tenant: ResolvedTenant | null, headers: Headers): NextResponse | null {
  if (!session || (session.user.org_id ?? null) === (tenant?.auth0OrgId ?? null)) return null;
  const response = NextResponse.rewrite(new URL('/wrong-organization', request.url), { status: 403, request: { headers } });
  clearSessionCookies(request, response);
  return response;
}
