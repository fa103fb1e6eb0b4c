import { describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config';
import { NONCE_HEADER, passNonceToApp, requestPolicy, withSecurityHeaders } from './security-headers';
import { INTERNAL_HEADER_PREFIXES } from '@/lib/tenancy/headers';

describe('security headers', () => {
  it('a fresh nonce per request, named in the CSP and passed to the app', () => {
    const cfg = parseConfig({});
    const a = requestPolicy(cfg);
    const b = requestPolicy(cfg);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a.csp).toContain(`script-src 'self' 'nonce-${a.nonce}' 'strict-dynamic'`);
    expect(a.csp).toContain("frame-ancestors 'none'");
    expect(a.csp).toContain("object-src 'none'");
    const headers = new Headers({ [NONCE_HEADER]: 'forged', 'content-security-policy': "script-src *" });
    passNonceToApp(headers, a);
    expect(headers.get(NONCE_HEADER)).toBe(a.nonce);
    expect(headers.get('content-security-policy')).toBe(a.csp);
  });

  it('the nonce header is internal: middleware strips it from clients', () => {
    expect(INTERNAL_HEADER_PREFIXES.some((prefix) => NONCE_HEADER.startsWith(prefix))).toBe(true);
  });

  it('anti-framing, nosniff and referrer policy always; HSTS only over https', () => {
    const local = withSecurityHeaders(new Response('x'), requestPolicy(parseConfig({})));
    expect(Object.fromEntries(local.headers)).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin' });
    expect(local.headers.get('strict-transport-security')).toBeNull();
    const real = parseConfig({ ROOT_DOMAIN: 'example.com', DOMAIN_VERIFICATION: 'dns' });
    const secure = withSecurityHeaders(new Response('x'), requestPolicy(real));
    expect(secure.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(secure.headers.get('content-security-policy')).toContain('form-action \'self\' https://example.com https://*.example.com');
  });

  it('next dev gets eval for fast refresh, production does not', () => {
    expect(requestPolicy(parseConfig({ NODE_ENV: 'development' })).csp).toContain("'unsafe-eval'");
    expect(requestPolicy(parseConfig({ NODE_ENV: 'production' })).csp).not.toContain("'unsafe-eval'");
  });
});
