// Step 4: a tenant host always logs in to its own organization; the apex never to one.
import type { NextRequest } from 'next/server';
import type { ResolvedTenant } from '@/lib/core/context';

/** The URL the Auth0 SDK sees: the request's, with /auth/login's organization pinned. */
export function pinLogin(request: NextRequest, tenant: ResolvedTenant | null): URL {
  const url = request.nextUrl.clone();
  if (url.pathname !== '/auth/login') return url;
  if (tenant) url.searchParams.set('organization', tenant.auth0OrgId);
  else {
    url.searchParams.delete('organization');
    url.searchParams.delete('invitation');
  }
  return url;
}
