// Step 3: the tenant of a tenant host, from the cached lookup, handed to the app in the
// tenant headers. An unknown slug gets the "no such organization" page; the apex has no
// tenant, and its /tenant/* paths (where tenant pages live) do not exist.
import { NextResponse, type NextRequest } from 'next/server';
import type { AppConfig } from '@/lib/config';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';
import type { ResolvedHost } from '@/lib/middleware/resolve-host';
import { lookupTenant as cachedLookup, type TenantLookup } from '@/lib/middleware/tenant-lookup';

/** The tenant (null on the apex), or the answer when there is none to serve. */
export async function resolveTenant(
  request: NextRequest,
  host: ResolvedHost,
  headers: Headers,
  cfg: AppConfig,
  lookupTenant = cachedLookup,
): Promise<TenantLookup | null | NextResponse> {
  const path = request.nextUrl.pathname;
  if (host.match.kind === 'apex') {
    return path === '/tenant' || path.startsWith('/tenant/') ? new NextResponse('Not found', { status: 404 }) : null;
  }
  let tenant: TenantLookup | null;
  try {
    tenant = await lookupTenant(host.match.slug, cfg.apexOrigin, cfg.auth0.secret);
  } catch (error) {
    console.error('middleware:', error instanceof Error ? error.message : error);
    return new NextResponse('Tenantry is briefly unavailable. Please try again in a moment.', { status: 503 });
  }
  if (!tenant) {
    const url = new URL('/tenant-not-found', request.url);
    url.searchParams.set('slug', host.match.slug);
    return NextResponse.rewrite(url, { status: 404, request: { headers } });
  }
  // The app gets the tenant only; its access policy (tenant.access) stays in middleware.
  headers.set(TENANT_HEADERS.slug, tenant.slug);
  headers.set(TENANT_HEADERS.auth0OrgId, tenant.auth0OrgId);
  headers.set(TENANT_HEADERS.tenantId, tenant.tenantId);
  return tenant;
}
