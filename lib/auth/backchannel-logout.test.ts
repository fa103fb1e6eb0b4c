// Auth0 back-channel logout (OIDC Back-Channel Logout 1.0): a logout token signed by the
// tenant ends the session it names; anything else is a 400 that ends nothing. Tokens come
// from a stand-in issuer serving its JWKS over HTTP, as Auth0 does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
import type { TestIssuer } from '@/lib/testing/issuer';
import { ACME, ALICE, BOB, startWorld, stopWorld } from '@/lib/testing/world';
import { APP_CLIENT } from '@/lib/testing/seeded';

const CLIENT_ID = APP_CLIENT.id; // AUTH0_CLIENT_ID of the test environment
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';
let issuer: TestIssuer;
let route: typeof import('@/app/auth/backchannel-logout/route');
let isRevoked: typeof import('@/lib/auth/revocation').isRevoked;

let n = 0;
const logoutClaims = (extra: Record<string, unknown> = {}) => ({ sub: ALICE, sid: `sid-${++n}`, jti: `jti-${n}`, events: { [EVENT]: {} }, ...extra });
const sign = (claims: Record<string, unknown>, options: Parameters<TestIssuer['sign']>[1] = {}) => issuer.sign(claims, { audience: CLIENT_ID, ...options });

function post(body: string, contentType = 'application/x-www-form-urlencoded') {
  return route.POST(new Request('http://localhost:3000/auth/backchannel-logout', { method: 'POST', headers: { 'content-type': contentType }, body }));
}
const postToken = (token: string) => post(new URLSearchParams({ logout_token: token }).toString());
const sessionOf = (claims: { sid?: unknown; sub?: unknown }) => ({ sid: claims.sid as string | undefined, userId: (claims.sub as string | undefined) ?? ALICE, auth0OrgId: ACME.auth0OrgId, createdAt: Math.floor(Date.now() / 1000) - 60 });

beforeAll(async () => {
  ({ issuer } = await startWorld({ auth0: 'stand-in-issuer' }));
  route = await import('@/app/auth/backchannel-logout/route');
  ({ isRevoked } = await import('@/lib/auth/revocation'));
});
afterAll(stopWorld);

describe('a valid logout token', () => {
  it('with a sid ends that Auth0 session (200), and no other', async () => {
    const claims = logoutClaims();
    const response = await postToken(await sign(claims));
    expect(response.status).toBe(200);
    expect(await isRevoked(sessionOf(claims))).toBe(true);
    expect(await isRevoked(sessionOf({ ...claims, sid: 'another-sid' }))).toBe(false);
  });

  it('with only a sub ends all of that person’s sessions', async () => {
    const claims = logoutClaims({ sub: BOB, sid: undefined });
    expect((await postToken(await sign(claims))).status).toBe(200);
    expect(await isRevoked({ sid: 'any', userId: BOB, createdAt: Math.floor(Date.now() / 1000) - 60 })).toBe(true);
    expect(await isRevoked({ sid: 'any', userId: ALICE, createdAt: Math.floor(Date.now() / 1000) - 60 })).toBe(false);
  });
});

describe('anything else is refused with 400 and ends nothing', () => {
  it.each([
    ['for another audience (an access token)', () => logoutClaims(), { audience: 'https://api.tenantry.local' }],
    ['from another issuer', () => logoutClaims(), { issuer: 'https://evil.example/' }],
    ['without events', () => logoutClaims({ events: undefined }), {}],
    ['with events of another kind', () => logoutClaims({ events: { 'https://example.com/other': {} } }), {}],
    ['with a nonce (an ID token)', () => logoutClaims({ nonce: 'n' }), {}],
    ['without jti', () => logoutClaims({ jti: undefined }), {}],
    ['with a sid that is not a string', () => logoutClaims({ sid: 42 }), {}],
  ] as const)('a token %s', async (_name, claims, options) => {
    const c = claims();
    const response = await postToken(await sign(c, options));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    expect(await isRevoked(sessionOf({ ...c, sid: typeof c.sid === 'string' ? c.sid : 'sid-x' }))).toBe(false);
  });

  it('a token naming neither sid nor sub', async () => {
    const c = logoutClaims({ sid: undefined, sub: undefined });
    expect((await postToken(await sign(c))).status).toBe(400);
  });

  it('a token signed with another key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const c = logoutClaims();
    expect((await postToken(await sign(c, { key: privateKey }))).status).toBe(400);
    expect(await isRevoked(sessionOf(c))).toBe(false);
  });

  it('no logout_token, or not a form post', async () => {
    expect((await post('')).status).toBe(400);
    const token = await sign(logoutClaims());
    expect((await post(JSON.stringify({ logout_token: token }), 'application/json')).status).toBe(400);
  });
});
