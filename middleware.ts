// Resolves the tenant of every request from its Host (Edge runtime):
//   apex (ROOT_DOMAIN)        -> public pages: home, sign up, find my organization, picker
//   <slug>.ROOT_DOMAIN        -> that tenant; its pages live under app/tenant/ (rewritten)
//   anything else             -> 400
// Each step is one file in lib/middleware/, in the order they run here.
import { NextRequest, NextResponse } from 'next/server';
import { auth0 } from '@/lib/auth/auth0';
import { config as appConfig } from '@/lib/config';
import { requestPolicy, withSecurityHeaders, type RequestPolicy } from '@/lib/http/security-headers';
import { resolveHost } from '@/lib/middleware/resolve-host';
import { scrubHeaders } from '@/lib/middleware/scrub-headers';
import { resolveTenant } from '@/lib/middleware/resolve-tenant';
import { refuseOutsideAllowlist } from '@/lib/middleware/ip-allowlist';
import { pinLogin } from '@/lib/middleware/pin-login';
import { endSessionOnSignOut } from '@/lib/middleware/end-session-on-sign-out';
import { refuseOtherOrganization } from '@/lib/middleware/check-session-organization';
import { keepSessionActive } from '@/lib/middleware/session-activity';
import { hasSessionCookie } from '@/lib/middleware/session-cookies';
import { routeToPage } from '@/lib/middleware/route-to-page';
import { BENCH_FLOOR_PATH, benchRoutesEnabled } from '@/app/api/bench/payload';

/** Auth0 posts logout tokens here; the app's route handler (not the SDK) records them. */
const BACKCHANNEL_LOGOUT_PATH = '/auth/backchannel-logout';

export async function middleware(request: NextRequest) {
  // The bench's floor (b1, app/api/bench/floor): what any middleware costs, with none of ours.
  if (request.nextUrl.pathname === BENCH_FLOOR_PATH && benchRoutesEnabled()) return NextResponse.next();
  // Every answer carries the security headers (lib/http/security-headers.ts).
  const policy = requestPolicy(appConfig());
  return withSecurityHeaders(await routeRequest(request, policy), policy);
}

async function routeRequest(request: NextRequest, policy: RequestPolicy): Promise<NextResponse> {
  const cfg = appConfig();
  const path = request.nextUrl.pathname;

  const host = await resolveHost(request, cfg);
  if (host instanceof Response) return host;
  const headers = await scrubHeaders(request, host.name, cfg, policy);
  if (path === BACKCHANNEL_LOGOUT_PATH) return NextResponse.next({ request: { headers } });
  const tenant = await resolveTenant(request, host, headers, cfg);
  if (tenant instanceof Response) return tenant;
  const outside = refuseOutsideAllowlist(request, tenant, cfg);
  if (outside) return outside;
  const url = pinLogin(request, tenant);
  const signOutFailed = await endSessionOnSignOut(request, cfg);
  if (signOutFailed) return signOutFailed;

  // The Auth0 SDK's own routes (/auth/*): sign-in, callback, sign-out.
  if (path.startsWith('/auth/')) {
    const sdkRequest = new NextRequest(url, { headers, method: request.method, body: request.body, duplex: 'half' } as ConstructorParameters<typeof NextRequest>[1]);
    return auth0.middleware(sdkRequest);
  }

  // Everything else: the session is decrypted once here (a request without a session cookie
  // has none to read), checked against the host and rolled by keepSessionActive at most once
  // a minute. The SDK's middleware is not run for these paths: for them it only re-encrypts
  // the cookie on every request (its rolling), and would proxy /me/* and /my-org/* to Auth0.
  const session = hasSessionCookie(request) ? await auth0.getSession(request) : null;
  const refused = refuseOtherOrganization(request, session, tenant, headers);
  if (refused) return refused;
  const response = routeToPage(request, url, tenant, headers);
  await keepSessionActive(request, response, session, tenant, Date.now(), (req, res, data) => auth0.updateSession(req, res, data));
  return response;
}

export const config = {
  // Only Next's own static files, and exactly /api/bench/ceiling (the bench's framework
  // ceiling, off unless BENCH_ROUTES=1), skip middleware: each exclusion is anchored (`/` or
  // `$`, dots escaped) so no longer or look-alike path skips it (middleware.test.ts).
  matcher: ['/((?!_next/static/|_next/image$|favicon\\.ico$|robots\\.txt$|api/bench/ceiling$).*)'],
};
