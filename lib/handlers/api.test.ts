// Every answer of a tenant API (data or refusal) is marked private and not storable.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ACME, ALICE, as, request, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';

vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));

let api: typeof import('@/lib/handlers/api');

beforeAll(async () => {
  const { prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '0' } });
  await seedAcmeAndGlobex(prisma);
  api = await import('@/lib/handlers/api');
});
afterAll(stopWorld);

const route = { params: Promise.resolve({}) } as never;

it('a tenant API answer carries Cache-Control: private, no-store', async () => {
  await as(ALICE, ACME);
  const handler = api.tenantApi('projects:read', async () => Response.json({ secret: 'acme data' }, { headers: { 'cache-control': 'public, max-age=600' } }));
  const response = await handler(new Request('http://acme.localhost:3000/api/x', { headers: request.headers }), route);
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('private, no-store');
});

it('so does a refusal', async () => {
  const handler = api.tenantApi('projects:read', async () => Response.json({}));
  const response = await handler(new Request('http://acme.localhost:3000/api/x'), route);
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.headers.get('cache-control')).toBe('private, no-store');
});

it('a refusal whose message is not plain ASCII still answers 401 with a Latin-1 WWW-Authenticate header', async () => {
  const { AuthError } = await import('@/lib/auth/authorize');
  const response = api.errorResponse(new AuthError('invalid_token', 'This key’s “name” is wrong'));
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe(`Bearer error="invalid_token", error_description="This key?s ?name? is wrong"`);
});
