// "Sign out everyone now" on the security settings: org:manage only; an admin's call ends every
// session of the organization (the admin's too) with an audit event, and none elsewhere.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ACME, ALICE, BOB, GLOBEX, as, form, request, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';

vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock('next/cache', () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn(), forbidden: vi.fn(), notFound: vi.fn() }));

let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let action: typeof import('./sign-out-everyone-action').signOutEveryoneNow;
let isRevoked: typeof import('@/lib/auth/revocation').isRevoked;

beforeAll(async () => {
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '0' } }));
  ({ signOutEveryoneNow: action } = await import('./sign-out-everyone-action'));
  ({ isRevoked } = await import('@/lib/auth/revocation'));
  await seedAcmeAndGlobex(prisma);
});
afterAll(stopWorld);

const startedAgo = (ms: number) => ({ createdAt: Math.floor((Date.now() - ms) / 1000), startedAtMs: Date.now() - ms });

it('is refused to a member without org:manage, and ends nothing', async () => {
  await as(BOB, ACME);
  const state = await action({}, form({}));
  expect(state).toMatchObject({ message: 'This needs the org:manage permission, which your role does not have.' });
  expect(await isRevoked({ userId: BOB, auth0OrgId: ACME.auth0OrgId, ...startedAgo(5000) })).toBe(false);
  expect(await prisma.auditEvent.count()).toBe(0);
});

it('ends every session of the organization, the admin’s own included, with an audit event; other organizations keep theirs', async () => {
  await as(ALICE, ACME);
  const state = await action({}, form({}));
  expect(state).toMatchObject({ ok: true, message: expect.stringContaining('you too') });
  for (const userId of [ALICE, BOB]) expect(await isRevoked({ userId, auth0OrgId: ACME.auth0OrgId, ...startedAgo(5000) })).toBe(true);
  expect(await isRevoked({ userId: BOB, auth0OrgId: GLOBEX.auth0OrgId, ...startedAgo(5000) })).toBe(false);
  // A sign-in after it starts a new session, which is accepted.
  expect(await isRevoked({ userId: BOB, auth0OrgId: ACME.auth0OrgId, createdAt: Math.floor(Date.now() / 1000) + 1, startedAtMs: Date.now() + 1000 })).toBe(false);
  expect(await prisma.auditEvent.findMany({ where: { tenantId: ACME.tenantId }, select: { action: true, actor: true } })).toEqual([{ action: 'organization.signed_out', actor: ALICE }]);
});
