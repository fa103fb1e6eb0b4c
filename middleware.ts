// Resolves the tenant of every request from its Host (Edge runtime):
//   apex (ROOT_DOMAIN)        -> public pages: home, sign up, find my organization, picker
//   <slug>.ROOT_DOMAIN        -> that tenant; its pages live under app/tenant/ (rewritten)
//   anything else             -> 400
// It strips tenant headers sent by clients, sets them from the lookup, runs the Auth0
// SDK's routes, pins /auth/login to the host's organization, and refuses a session whose
// org_id is not the host's organization. Whether a session was ended on the server is
// checked by the app (lib/auth/session.ts), which has the database; middleware records a
// sign-out there before the SDK clears the cookie.
import { NextRequest, NextResponse } from 'next/server';
import { auth0 } from '@/lib/auth/auth0';
import { config as appConfig } from '@/lib/config';
import { INTERNAL_HEADER_PREFIXES, TENANT_HEADERS } from '@/lib/tenancy/headers';
import { HOST_PROOF_HEADER, originalHost, signHost } from '@/lib/tenancy/host-proof';
import { matchHost } from '@/lib/tenancy/host';
import { lookupTenant } from '@/lib/tenancy/lookup-client';
import { refuseMalformedRequest } from '@/lib/http/request-guards';
import { passNonceToApp, requestPolicy, withSecurityHeaders, type RequestPolicy } from '@/lib/http/security-headers';
import { endSessionOnServer } from '@/lib/auth/sign-out-client';

/** Auth0 posts logout tokens here; the app's route handler (not the SDK) records them. */
const BACKCHANNEL_LOGOUT_PATH = '/auth/backchannel-logout';
const isSessionCookie = (name: string) => name === '__session' || name.startsWith('__session__');

/** Tells the browser to drop every session cookie (the SDK splits large sessions in chunks). */
function clearSessionCookies(request: NextRequest, response: NextResponse) {
  for (const cookie of request.cookies.getAll()) if (isSessionCookie(cookie.name)) response.cookies.delete(cookie.name);
}

/** Pages served the same on every host (not rewritten under /tenant). */
const SHARED_PAGES = ['/auth-error', '/tenant-not-found', '/wrong-organization'];

export async function middleware(request: NextRequest) {
  // Every answer carries the security headers (lib/http/security-headers.ts).
  const policy = requestPolicy(appConfig());
  return withSecurityHeaders(await routeRequest(request, policy), policy);
}

async function routeRequest(request: NextRequest, policy: RequestPolicy) {
  const cfg = appConfig();
  // Normally the Host header; for Next's own server-action redirect fetch, the host we
  // stamped on the original request (see host-proof.ts).
  const host = await originalHost(request.headers, cfg.auth0.secret);
  const match = matchHost(host, cfg.rootDomain);
  if (match.kind === 'invalid') {
    return new NextResponse(`Unknown host. Tenantry serves ${cfg.rootDomain} and its organization subdomains.`, {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const refused = refuseMalformedRequest(request, `${cfg.scheme}://${host}`);
  if (refused) return refused;

  const headers = new Headers(request.headers);
  for (const name of [...headers.keys()]) {
    if (INTERNAL_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix))) headers.delete(name);
  }
  // The SDK builds redirect_uri from these: pin them to the validated host so a spoofed
  // X-Forwarded-Host can never move the callback elsewhere.
  headers.set('x-forwarded-host', host!);
  headers.set('x-forwarded-proto', cfg.scheme);
  headers.set(HOST_PROOF_HEADER, await signHost(host!, cfg.auth0.secret));
  passNonceToApp(headers, policy);

  const path = request.nextUrl.pathname;
  if (path === BACKCHANNEL_LOGOUT_PATH) return NextResponse.next({ request: { headers } });
  let tenant = null;
  if (match.kind === 'tenant') {
    try {
      tenant = await lookupTenant(match.slug, cfg.apexOrigin);
    } catch (error) {
      console.error('middleware:', error instanceof Error ? error.message : error);
      return new NextResponse('Tenantry is briefly unavailable. Please try again in a moment.', { status: 503 });
    }
    if (!tenant) {
      const url = new URL('/tenant-not-found', request.url);
      url.searchParams.set('slug', match.slug);
      return NextResponse.rewrite(url, { status: 404, request: { headers } });
    }
    headers.set(TENANT_HEADERS.slug, tenant.slug);
    headers.set(TENANT_HEADERS.auth0OrgId, tenant.auth0OrgId);
    headers.set(TENANT_HEADERS.tenantId, tenant.tenantId);
  } else if (path === '/tenant' || path.startsWith('/tenant/')) {
    return new NextResponse('Not found', { status: 404 });
  }

  const url = request.nextUrl.clone();
  if (path === '/auth/login') {
    // A tenant host always logs in to its own organization; the apex never to one.
    if (tenant) url.searchParams.set('organization', tenant.auth0OrgId);
    else {
      url.searchParams.delete('organization');
      url.searchParams.delete('invitation');
    }
  }
  if (path === '/auth/logout' && request.cookies.getAll().some((c) => isSessionCookie(c.name))) {
    // End the session on the server first: the cookie the SDK is about to clear may have been
    // copied, or come back with a response that was in flight.
    try {
      await endSessionOnServer(request.headers.get('cookie') ?? '', cfg.apexOrigin);
    } catch (error) {
      console.error('middleware: sign-out:', error instanceof Error ? error.message : error);
      return new NextResponse('Signing out failed. Please try again in a moment.', { status: 503 });
    }
  }
  const sdkRequest = new NextRequest(url, { headers, method: request.method, body: request.body, duplex: 'half' } as ConstructorParameters<typeof NextRequest>[1]);
  const sdkResponse = await auth0.middleware(sdkRequest);
  if (path.startsWith('/auth/')) return sdkResponse;

  const session = await auth0.getSession(sdkRequest);
  const sessionOrg = session?.user.org_id ?? null;
  if (session && sessionOrg !== (tenant?.auth0OrgId ?? null)) {
    // A session for another organization (or an org session on the apex) is not accepted
    // here: drop it and say so.
    const response = NextResponse.rewrite(new URL('/wrong-organization', request.url), { status: 403, request: { headers } });
    clearSessionCookies(request, response);
    return response;
  }

  const rewriteTo = tenant && !path.startsWith('/api/') && !SHARED_PAGES.includes(path) ? new URL(`/tenant${path === '/' ? '' : path}${url.search}`, request.url) : null;
  const response = rewriteTo ? NextResponse.rewrite(rewriteTo, { request: { headers } }) : NextResponse.next({ request: { headers } });
  // Keep the SDK's rolling-session cookie updates.
  for (const cookie of sdkResponse.cookies.getAll()) response.cookies.set(cookie);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
