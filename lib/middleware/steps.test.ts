// Each middleware step on its own (the whole chain runs in the browser tests): every check
// here fails when its guard is taken out of the step.
import { describe, expect, it, vi } from 'vitest';
import { NextRequest, NextResponse } from 'next/server';
import { parseConfig } from '@/lib/config';
import { requestPolicy } from '@/lib/http/security-headers';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';
import type { ResolvedTenant } from '@/lib/core/context';
import type { TenantLookup } from '@/lib/middleware/tenant-lookup';
import { refuseOutsideAllowlist } from '@/lib/middleware/ip-allowlist';
import { keepSessionActive, LAST_SEEN_REFRESH_MS } from '@/lib/middleware/session-activity';
import type { SessionData } from '@/lib/auth/session-contents';
import { HOST_PROOF_HEADER, signHost } from '@/lib/tenancy/host-proof';
import { resolveHost, type ResolvedHost } from '@/lib/middleware/resolve-host';
import { scrubHeaders } from '@/lib/middleware/scrub-headers';
import { resolveTenant } from '@/lib/middleware/resolve-tenant';
import { pinLogin } from '@/lib/middleware/pin-login';
import { endSessionOnSignOut } from '@/lib/middleware/end-session-on-sign-out';
import { refuseOtherOrganization } from '@/lib/middleware/check-session-organization';
import { routeToPage } from '@/lib/middleware/route-to-page';

const cfg = parseConfig({ ROOT_DOMAIN: 'localhost:3000', AUTH0_SECRET: 'step-test-secret-0123456789abcdef0123456789' });
const OPEN = { ipAllowlist: [], ipAllowlistAppliesToScim: false, sessionMaxAgeMinutes: null, sessionIdleMinutes: null };
const ACME: TenantLookup = { slug: 'acme', auth0OrgId: 'org_acme', tenantId: 'ten_acme', access: OPEN };
const acmeHost: ResolvedHost = { name: 'acme.localhost:3000', match: { kind: 'tenant', slug: 'acme' } };
const apexHost: ResolvedHost = { name: 'localhost:3000', match: { kind: 'apex' } };

function request(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const { host } = new URL(url);
  return new NextRequest(url, { method, headers: { host, ...headers } });
}
const rewriteOf = (response: Response) => response.headers.get('x-middleware-rewrite');

describe('1. resolve host', () => {
  it('accepts the apex and a tenant subdomain', async () => {
    expect(await resolveHost(request('http://localhost:3000/'), cfg)).toEqual(apexHost);
    expect(await resolveHost(request('http://acme.localhost:3000/projects'), cfg)).toEqual(acmeHost);
  });

  it.each(['evil.example.com', 'a.b.localhost:3000', 'api.localhost:3000', 'localhost:3001'])('refuses the host %s (400)', async (host) => {
    const response = await resolveHost(request('http://localhost:3000/', { host }), cfg);
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(400);
  });

  it('trusts X-Forwarded-Host only with our stamp for it', async () => {
    const forwarded = { 'x-forwarded-host': 'acme.localhost:3000' };
    expect(await resolveHost(request('http://localhost:3000/', { ...forwarded, [HOST_PROOF_HEADER]: 'ab'.repeat(32) }), cfg)).toEqual(apexHost);
    expect(await resolveHost(request('http://localhost:3000/', { ...forwarded, [HOST_PROOF_HEADER]: await signHost('acme.localhost:3000', cfg.auth0.secret) }), cfg)).toEqual(acmeHost);
  });

  it('refuses a malformed path on a good host', async () => {
    expect(((await resolveHost(request('http://acme.localhost:3000/projects/%ZZ'), cfg)) as Response).status).toBe(400);
  });
});

describe('2. scrub headers', () => {
  const policy = requestPolicy(cfg);

  it('drops every internal header a client sent and keeps the rest', async () => {
    const headers = await scrubHeaders(request('http://acme.localhost:3000/', {
      [TENANT_HEADERS.slug]: 'globex', [TENANT_HEADERS.auth0OrgId]: 'org_globex', [TENANT_HEADERS.tenantId]: 'ten_globex',
      'x-tenantry-anything': 'forged', 'x-nonce': 'forged', accept: 'text/html',
    }), acmeHost.name, cfg, policy);
    for (const name of Object.values(TENANT_HEADERS)) expect(headers.get(name)).toBeNull();
    expect(headers.get('x-tenantry-anything')).toBeNull();
    expect(headers.get('x-nonce')).not.toBe('forged');
    expect(headers.get('accept')).toBe('text/html');
  });

  it('pins the forwarded host and scheme to the validated host, with our stamp', async () => {
    const headers = await scrubHeaders(request('http://acme.localhost:3000/', { 'x-forwarded-host': 'evil.example.com', 'x-forwarded-proto': 'https', [HOST_PROOF_HEADER]: 'ab'.repeat(32) }), acmeHost.name, cfg, policy);
    expect(headers.get('x-forwarded-host')).toBe('acme.localhost:3000');
    expect(headers.get('x-forwarded-proto')).toBe('http');
    expect(headers.get(HOST_PROOF_HEADER)).toBe(await signHost('acme.localhost:3000', cfg.auth0.secret));
  });
});

describe('3. resolve tenant', () => {
  const found = async () => ACME;

  it('hands the tenant to the app in the tenant headers', async () => {
    const headers = new Headers();
    expect(await resolveTenant(request('http://acme.localhost:3000/'), acmeHost, headers, cfg, found)).toEqual(ACME);
    expect([headers.get(TENANT_HEADERS.slug), headers.get(TENANT_HEADERS.auth0OrgId), headers.get(TENANT_HEADERS.tenantId)]).toEqual(['acme', 'org_acme', 'ten_acme']);
    // The access policy is middleware's: not a header the app receives.
    expect([...headers.keys()].sort()).toEqual(Object.values(TENANT_HEADERS).sort());
  });

  it('shows "no such organization" (404) for an unknown slug', async () => {
    const response = (await resolveTenant(request('http://nope.localhost:3000/'), { name: 'nope.localhost:3000', match: { kind: 'tenant', slug: 'nope' } }, new Headers(), cfg, async () => null)) as Response;
    expect(response.status).toBe(404);
    expect(rewriteOf(response)).toBe('http://nope.localhost:3000/tenant-not-found?slug=nope');
  });

  it('answers 503 when the lookup fails', async () => {
    vi.spyOn(console, 'error').mockImplementationOnce(() => {});
    const failing = async () => { throw new Error('down'); };
    expect(((await resolveTenant(request('http://acme.localhost:3000/'), acmeHost, new Headers(), cfg, failing)) as Response).status).toBe(503);
  });

  it('the apex has no tenant, and no /tenant pages', async () => {
    const lookup = vi.fn(found);
    expect(await resolveTenant(request('http://localhost:3000/projects'), apexHost, new Headers(), cfg, lookup)).toBeNull();
    for (const path of ['/tenant', '/tenant/projects']) {
      expect(((await resolveTenant(request(`http://localhost:3000${path}`), apexHost, new Headers(), cfg, lookup)) as Response).status).toBe(404);
    }
    expect(lookup).not.toHaveBeenCalled();
  });
});

describe('4. pin login', () => {
  it('a tenant host logs in to its own organization, whatever was asked', () => {
    expect(pinLogin(request('http://acme.localhost:3000/auth/login?organization=org_globex&returnTo=%2Fx'), ACME).searchParams.get('organization')).toBe('org_acme');
  });

  it('the apex logs in to no organization and accepts no invitation', () => {
    const url = pinLogin(request('http://localhost:3000/auth/login?organization=org_acme&invitation=inv_1&returnTo=%2F'), null);
    expect([url.searchParams.get('organization'), url.searchParams.get('invitation'), url.searchParams.get('returnTo')]).toEqual([null, null, '/']);
  });

  it('other paths are left alone', () => {
    expect(pinLogin(request('http://acme.localhost:3000/projects?organization=x'), ACME).search).toBe('?organization=x');
  });
});

describe('5. end session on sign-out', () => {
  it('records the end of the session, with its cookies, before the SDK clears them', async () => {
    const end = vi.fn(async () => {});
    expect(await endSessionOnSignOut(request('http://acme.localhost:3000/auth/logout', { cookie: '__session=abc; theme=dark' }), cfg, end)).toBeNull();
    expect(end).toHaveBeenCalledWith('__session=abc; theme=dark', cfg.apexOrigin, cfg.auth0.secret);
  });

  it('does nothing without a session cookie or on other paths', async () => {
    const end = vi.fn(async () => {});
    await endSessionOnSignOut(request('http://acme.localhost:3000/auth/logout', { cookie: 'theme=dark' }), cfg, end);
    await endSessionOnSignOut(request('http://acme.localhost:3000/projects', { cookie: '__session=abc' }), cfg, end);
    expect(end).not.toHaveBeenCalled();
  });

  it('answers 503 (the SDK does not clear the cookie) when the app could not record it', async () => {
    vi.spyOn(console, 'error').mockImplementationOnce(() => {});
    const response = await endSessionOnSignOut(request('http://acme.localhost:3000/auth/logout', { cookie: '__session__0=a; __session__1=b' }), cfg, async () => { throw new Error('down'); });
    expect(response?.status).toBe(503);
  });
});

describe('6. check the session organization', () => {
  const cookies = { cookie: '__session__0=a; __session__1=b; theme=dark' };

  it('accepts no session, and a session for this host’s organization', () => {
    expect(refuseOtherOrganization(request('http://acme.localhost:3000/', cookies), null, ACME, new Headers())).toBeNull();
    expect(refuseOtherOrganization(request('http://acme.localhost:3000/', cookies), { user: { org_id: 'org_acme' } }, ACME, new Headers())).toBeNull();
    expect(refuseOtherOrganization(request('http://localhost:3000/', cookies), { user: {} }, null, new Headers())).toBeNull();
  });

  it.each([
    ['another organization’s session on a tenant host', 'http://acme.localhost:3000/projects', { user: { org_id: 'org_globex' } }, ACME],
    ['a session without organization on a tenant host', 'http://acme.localhost:3000/projects', { user: {} }, ACME],
    ['an organization’s session on the apex', 'http://localhost:3000/projects', { user: { org_id: 'org_acme' } }, null],
  ])('refuses %s (403) and drops every session cookie', (_name, url, session, tenant) => {
    const response = refuseOtherOrganization(request(url, cookies), session, tenant, new Headers())!;
    expect(response.status).toBe(403);
    expect(new URL(rewriteOf(response)!).pathname).toBe('/wrong-organization');
    const cleared = response.cookies.getAll().map((c) => [c.name, c.value]);
    expect(cleared).toEqual([['__session__0', ''], ['__session__1', '']]);
  });
});

describe('7. route to the page', () => {
  const route = (url: string, tenant: ResolvedTenant | null) => routeToPage(request(url), new URL(url), tenant, new Headers());

  it('rewrites a tenant’s pages under /tenant, keeping the query', () => {
    expect(rewriteOf(route('http://acme.localhost:3000/', ACME))).toBe('http://acme.localhost:3000/tenant');
    expect(rewriteOf(route('http://acme.localhost:3000/projects?page=2', ACME))).toBe('http://acme.localhost:3000/tenant/projects?page=2');
  });

  it('leaves API routes, shared pages and the apex where they are', () => {
    for (const [url, tenant] of [['http://acme.localhost:3000/api/projects', ACME], ['http://acme.localhost:3000/wrong-organization', ACME], ['http://localhost:3000/signup', null]] as const) {
      expect(rewriteOf(route(url, tenant))).toBeNull();
    }
  });
});

describe('3b. IP allowlist', () => {
  const hops1 = cfg;
  const hops2 = parseConfig({ ROOT_DOMAIN: 'localhost:3000', AUTH0_SECRET: cfg.auth0.secret, TRUSTED_PROXY_HOPS: '2' });
  const listed = (ranges: string[], scim = false): TenantLookup => ({ ...ACME, access: { ...OPEN, ipAllowlist: ranges, ipAllowlistAppliesToScim: scim } });
  const from = (xff: string | null, path = '/projects', extra: Record<string, string> = {}) =>
    request(`http://acme.localhost:3000${path}`, { ...(xff === null ? {} : { 'x-forwarded-for': xff }), ...extra });
  const office = listed(['203.0.113.0/24', '2001:db8:abcd::/48']);

  it('lets everyone in when the organization has no allowlist, and on the apex', () => {
    expect(refuseOutsideAllowlist(from('198.51.100.9'), ACME, hops1)).toBeNull();
    expect(refuseOutsideAllowlist(from('198.51.100.9'), null, hops1)).toBeNull();
  });

  it('admits an address inside a range (IPv4, IPv6, IPv4-mapped IPv6)', () => {
    for (const address of ['203.0.113.7', '2001:db8:abcd:12::1', '::ffff:203.0.113.7', '[2001:db8:abcd::5]']) {
      expect(refuseOutsideAllowlist(from(address), office, hops1), address).toBeNull();
    }
  });

  it('refuses an address outside with a plain 403 page naming the address seen', async () => {
    const response = refuseOutsideAllowlist(from('198.51.100.9'), office, hops1)!;
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const body = await response.text();
    expect(body).toContain('198.51.100.9');
    expect(body).toContain('limited to its own network');
    expect(refuseOutsideAllowlist(from('2001:db8:abce::1'), office, hops1)?.status).toBe(403);
  });

  it('answers JSON on the API', async () => {
    const response = refuseOutsideAllowlist(from('198.51.100.9', '/api/projects'), office, hops1)!;
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'ip_not_allowed', address: '198.51.100.9' });
  });

  it('refuses when the address is unknown or malformed (no header, garbage, too few hops)', () => {
    for (const xff of [null, '', 'not-an-ip', '203.0.113.7.1', '203.0.113.007', 'unknown, ']) {
      expect(refuseOutsideAllowlist(from(xff), office, hops1)?.status, String(xff)).toBe(403);
    }
    // Two trusted hops need two entries: one entry is the client's word only.
    expect(refuseOutsideAllowlist(from('203.0.113.7'), office, hops2)?.status).toBe(403);
  });

  it('believes only the trusted hops: entries a client added to the left, X-Real-IP and internal headers change nothing', () => {
    // The proxy appended the real address (198.51.100.9) after the client's forged entry.
    expect(refuseOutsideAllowlist(from('203.0.113.7, 198.51.100.9'), office, hops1)?.status).toBe(403);
    expect(refuseOutsideAllowlist(from('198.51.100.9', '/projects', { 'x-real-ip': '203.0.113.7', 'x-vercel-forwarded-for': '203.0.113.7', 'x-tenantry-client-ip': '203.0.113.7' }), office, hops1)?.status).toBe(403);
    // With two proxies, the client is the second entry from the right.
    expect(refuseOutsideAllowlist(from('198.51.100.9, 203.0.113.7, 10.0.0.1'), office, hops2)).toBeNull();
    expect(refuseOutsideAllowlist(from('203.0.113.7, 198.51.100.9, 10.0.0.1'), office, hops2)?.status).toBe(403);
  });

  it('leaves SCIM to the organization: exempt unless the allowlist applies to it', () => {
    expect(refuseOutsideAllowlist(from('198.51.100.9', '/scim/v2/Users'), office, hops1)).toBeNull();
    expect(refuseOutsideAllowlist(from('198.51.100.9', '/scim/v2/Users'), listed(office.access.ipAllowlist, true), hops1)?.status).toBe(403);
    // Only SCIM: a look-alike path is not exempt.
    expect(refuseOutsideAllowlist(from('198.51.100.9', '/scimx'), office, hops1)?.status).toBe(403);
    expect(refuseOutsideAllowlist(from('198.51.100.9', '/api/scim/v2/Users'), office, hops1)?.status).toBe(403);
  });

  it('refuses (does not open up) when a stored range no longer parses', () => {
    expect(refuseOutsideAllowlist(from('203.0.113.7'), listed(['nonsense']), hops1)?.status).toBe(403);
  });

  it('with TRUSTED_PROXY_HOPS=0 no address is trusted', () => {
    const none = parseConfig({ ROOT_DOMAIN: 'localhost:3000', AUTH0_SECRET: cfg.auth0.secret, TRUSTED_PROXY_HOPS: '0' });
    expect(refuseOutsideAllowlist(from('203.0.113.7'), office, none)?.status).toBe(403);
  });
});

describe('6b. keep the session active (lastSeenAt)', () => {
  const NOW = 1_800_000_000_000;
  const session = (lastSeenAt: number, startedAt = NOW - 3_600_000) => ({ user: { sub: 'auth0|a', org_id: 'org_acme' }, tokenSet: {}, internal: { sid: 's', createdAt: Math.floor(startedAt / 1000) }, startedAt, lastSeenAt }) as unknown as SessionData;
  const idle15 = { ...ACME, access: { ...OPEN, sessionIdleMinutes: 15 } };
  const run = async (s: SessionData | null, tenant: TenantLookup | null) => {
    const update = vi.fn(async () => {});
    const done = await keepSessionActive(request('http://acme.localhost:3000/projects'), NextResponse.next(), s, tenant, NOW, update);
    return { done, update };
  };

  it('moves lastSeenAt forward at most once a minute', async () => {
    expect((await run(session(NOW - LAST_SEEN_REFRESH_MS + 1), ACME)).update).not.toHaveBeenCalled();
    const { done, update } = await run(session(NOW - LAST_SEEN_REFRESH_MS), ACME);
    expect(done).toBe(true);
    expect(update).toHaveBeenCalledWith(expect.anything(), expect.anything(), expect.objectContaining({ lastSeenAt: NOW, startedAt: NOW - 3_600_000 }));
  });

  it('does not revive a session idle past its organization’s timeout (the app ends it)', async () => {
    expect((await run(session(NOW - 16 * 60_000), idle15)).update).not.toHaveBeenCalled();
    expect((await run(session(NOW - 14 * 60_000), idle15)).update).toHaveBeenCalledTimes(1);
    const maxAge60 = { ...ACME, access: { ...OPEN, sessionMaxAgeMinutes: 60 } };
    expect((await run(session(NOW - 2 * 60_000, NOW - 61 * 60_000), maxAge60)).update).not.toHaveBeenCalled();
  });

  it('does nothing without a session; an apex session (no organization, no policy) rolls once a minute too', async () => {
    expect((await run(null, ACME)).update).not.toHaveBeenCalled();
    expect((await run(session(NOW - 10 * 60_000), null)).update).toHaveBeenCalledTimes(1);
    expect((await run(session(NOW - 5_000), null)).update).not.toHaveBeenCalled();
  });
});
