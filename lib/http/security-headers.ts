// Response headers every answer of the app carries, set by middleware.ts in one place:
//   - Content-Security-Policy with a fresh nonce per request. Next.js reads the nonce from the
//     request's CSP header and puts it on its own <script> tags (pages render dynamically:
//     app/layout.tsx reads the nonce), so only our scripts run, never injected markup.
//   - anti-framing (CSP frame-ancestors and X-Frame-Options, for older browsers): no page of
//     ours can be framed by another site (clickjacking of admin buttons).
//   - X-Content-Type-Options, Referrer-Policy, and HSTS when the app is served over https.
// Edge-safe: Web Crypto only.
import type { AppConfig } from '@/lib/config';

/** Request header carrying the nonce to server components (internal: see lib/tenancy/headers.ts). */
export const NONCE_HEADER = 'x-nonce';

/** A fresh, unguessable nonce (128 bits, base64). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export interface CspSettings {
  nonce: string;
  scheme: 'http' | 'https';
  /** Apex host, e.g. example.com or localhost:3000. */
  rootDomain: string;
  /** Origin of the Auth0 tenant (sign-in pages that forms may lead to). */
  auth0Origin: string;
  /** next dev needs eval for fast refresh. */
  development: boolean;
}

export function contentSecurityPolicy(s: CspSettings): string {
  const tenants = `${s.scheme}://*.${s.rootDomain}`;
  const apex = `${s.scheme}://${s.rootDomain}`;
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': scripts our nonced scripts load (Next's chunks) are trusted too;
    // 'self' is ignored by browsers that support strict-dynamic and is the fallback for old ones.
    `script-src 'self' 'nonce-${s.nonce}' 'strict-dynamic'${s.development ? " 'unsafe-eval'" : ''}`,
    // 'unsafe-inline' for styles: the tenant layout sets the organization's colours in a style
    // attribute (CSS variables), which a nonce cannot cover. No markup of ours comes from
    // users (React escapes text), and the style-only allowance cannot run script.
    "style-src 'self' 'unsafe-inline'",
    // Organization logos are any https address (or http on this machine in development).
    `img-src 'self' data: https:${s.scheme === 'http' ? ' http:' : ''}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    // Forms post to us; their redirects lead to the apex, a tenant host or the Auth0 sign-in.
    `form-action 'self' ${apex} ${tenants} ${s.auth0Origin}`,
    "frame-ancestors 'none'",
  ];
  if (s.scheme === 'https') directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** The policy of one request: its nonce and the CSP naming it. */
export interface RequestPolicy {
  nonce: string;
  csp: string;
  scheme: 'http' | 'https';
}

export function requestPolicy(cfg: AppConfig): RequestPolicy {
  const nonce = createNonce();
  const csp = contentSecurityPolicy({ nonce, scheme: cfg.scheme, rootDomain: cfg.rootDomain, auth0Origin: cfg.auth0.origin, development: cfg.nodeEnv === 'development' });
  return { nonce, csp, scheme: cfg.scheme };
}

/** Gives the app the nonce: Next.js reads it from the request's CSP header, our code from x-nonce. */
export function passNonceToApp(requestHeaders: Headers, policy: RequestPolicy): void {
  requestHeaders.set(NONCE_HEADER, policy.nonce);
  requestHeaders.set('content-security-policy', policy.csp);
}

/** Sets the security headers on `response` (in place) and returns it. */
export function withSecurityHeaders<R extends Response>(response: R, { csp, scheme }: RequestPolicy): R {
  const h = response.headers;
  h.set('content-security-policy', csp);
  h.set('x-frame-options', 'DENY');
  h.set('x-content-type-options', 'nosniff');
  h.set('referrer-policy', 'strict-origin-when-cross-origin');
  // Only over https: on http the header is ignored by browsers, and a local http setup must
  // not teach a browser to insist on https for localhost.
  if (scheme === 'https') h.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  return response;
}
