// Step 3b, once the tenant is known: an organization's IP allowlist. A request to its host
// (pages, API, sign-in; SCIM only when the organization says so) from an address outside its
// ranges gets a plain 403, before the Auth0 SDK or the app see it. The address is the trusted
// X-Forwarded-For entry (lib/http/client-ip.ts, TRUSTED_PROXY_HOPS) read from the request as
// it arrived: the scrub step never adds or changes that header, and no other header
// (X-Real-IP, a client's own entries left of the proxies') is believed. Unknown address: refused.
import { NextResponse, type NextRequest } from 'next/server';
import type { AppConfig } from '@/lib/config';
import { clientIp } from '@/lib/http/client-ip';
import { ipAllowed } from '@/lib/security/cidr';
import type { TenantLookup } from '@/lib/middleware/tenant-lookup';

const isScim = (path: string) => path === '/scim' || path.startsWith('/scim/');
const wantsJson = (path: string) => path.startsWith('/api/') || isScim(path);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A 403 when `tenant` has an allowlist the request's address is outside of, else null. */
export function refuseOutsideAllowlist(request: NextRequest, tenant: TenantLookup | null, cfg: AppConfig): NextResponse | null {
  if (!tenant || tenant.access.ipAllowlist.length === 0) return null;
  const path = request.nextUrl.pathname;
  // Identity providers call SCIM from their own addresses: the organization chooses.
  if (isScim(path) && !tenant.access.ipAllowlistAppliesToScim) return null;
  const address = clientIp(request.headers, cfg.trustedProxyHops);
  let allowed = false;
  try {
    allowed = address !== null && ipAllowed(tenant.access.ipAllowlist, address);
  } catch {
    // A stored range that no longer parses matches nothing: refuse rather than open up.
  }
  if (allowed) return null;
  const seen = address ?? 'unknown';
  const message = `Access to this organization is limited to its own network. Your address (${seen}) is not on its list. Ask an administrator of the organization if you need access from here.`;
  if (wantsJson(path)) return NextResponse.json({ error: 'ip_not_allowed', message, address: address }, { status: 403 });
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Access limited</title></head><body><h1>Access limited to the organization’s network</h1><p>${escapeHtml(message)}</p></body></html>`;
  return new NextResponse(html, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
