// Requests middleware refuses before routing, with a 4xx instead of a 500 further in.
import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { isMalformedPath, refuseMalformedRequest } from './request-guards';

const ORIGIN = 'http://acme.localhost:3000';
const req = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) => new NextRequest(`${ORIGIN}${path}`, { method: init.method ?? 'GET', headers: init.headers });

describe('malformed paths', () => {
  it.each(['/projects/%ZZ', '/api/projects/%ZZ', '/settings/sso/%E0%A4%A', '/scim/v2/Users/%', '/api/internal/tenants/%00', '/projects/a%00b'])('%s is a 400', (path) => {
    expect(isMalformedPath(new URL(`${ORIGIN}${path}`).pathname)).toBe(true);
    expect(refuseMalformedRequest(req(path), ORIGIN)?.status).toBe(400);
  });

  it.each(['/projects/abc', '/projects/caf%C3%A9', '/settings/sso/sso_1', '/'])('%s passes', (path) => {
    expect(refuseMalformedRequest(req(path), ORIGIN)).toBeNull();
  });
});

describe('methods', () => {
  // Request itself cannot be built with TRACE (the Fetch standard forbids it): a plain object.
  it.each(['TRACE', 'TRACK', 'PROPFIND'])('%s is a 405', (method) => {
    const response = refuseMalformedRequest({ method, url: `${ORIGIN}/`, headers: new Headers() }, ORIGIN);
    expect(response?.status).toBe(405);
    expect(response?.headers.get('allow')).toContain('GET');
  });
});

describe('server actions from another origin', () => {
  const action = (origin: string | undefined, extra: Record<string, string> = { 'next-action': 'abc123' }, path = '/settings/members') =>
    refuseMalformedRequest(req(path, { method: 'POST', headers: { ...extra, ...(origin === undefined ? {} : { origin }) } }), ORIGIN);

  it('is a 403 from a foreign origin, another tenant, or without an origin', () => {
    expect(action('https://evil.example')?.status).toBe(403);
    expect(action('http://globex.localhost:3000')?.status).toBe(403);
    expect(action('null')?.status).toBe(403);
    expect(action(undefined)?.status).toBe(403);
    // A form posted without JavaScript is a server action too.
    expect(action('https://evil.example', { 'content-type': 'multipart/form-data; boundary=x' })?.status).toBe(403);
    expect(action('https://evil.example', { 'content-type': 'application/x-www-form-urlencoded' })?.status).toBe(403);
  });

  it('passes from our own origin, and leaves API, Auth0 and SCIM endpoints to their own checks', () => {
    expect(action(ORIGIN)).toBeNull();
    expect(action(undefined, { 'content-type': 'application/json' }, '/api/projects')).toBeNull();
    expect(action(undefined, { 'content-type': 'application/x-www-form-urlencoded' }, '/auth/backchannel-logout')).toBeNull();
    expect(action(undefined, { 'content-type': 'application/scim+json' }, '/scim/v2/Users')).toBeNull();
  });
});
