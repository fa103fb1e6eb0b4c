// Step 7: a tenant host's pages live under app/tenant/: rewrite there. API routes and the
// pages every host shares stay where they are.
import { NextResponse, type NextRequest } from 'next/server';
import type { ResolvedTenant } from '@/lib/core/context';

/** Pages served the same on every host (not rewritten under /tenant). */
const SHARED_PAGES = ['/auth-error', '/tenant-not-found', '/wrong-organization'];

/** Forwards to the app with `headers` (a tenant's pages rewritten under /tenant). */
export function routeToPage(request: NextRequest, url: URL, tenant: ResolvedTenant | null, headers: Headers): NextResponse {
  const path = url.pathname;
  const rewriteTo = tenant && !path.startsWith('/api/') && !SHARED_PAGES.includes(path) ? new URL(`/tenant${path === '/' ? '' : path}${url.search}`, request.url) : null;
  return rewriteTo ? NextResponse.rewrite(rewriteTo, { request: { headers } }) : NextResponse.next({ request: { headers } });
}
