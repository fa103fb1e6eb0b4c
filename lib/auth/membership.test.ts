// The membership cache with caching on: one per process, whichever bundle chunk reads or clears it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACME, BOB, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';

let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;

beforeAll(async () => {
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '60' } }));
  await seedAcmeAndGlobex(prisma);
});
afterAll(stopWorld);

describe('the membership cache', () => {
  it('is one per process: forgetting in one copy of the module (another chunk of the build) clears what the other reads', async () => {
    // The build bundles lib/auth/membership.ts into the route-handler chunk and the
    // page/action chunk: two module instances in one process, as here.
    const routeChunk = await import('@/lib/auth/membership');
    vi.resetModules();
    const actionChunk = await import('@/lib/auth/membership');
    expect(actionChunk).not.toBe(routeChunk);

    const evidence = { userId: BOB, issuedAt: new Date(Date.now() - 60_000), proof: 'session' as const };
    expect(await routeChunk.activeMembership(ACME.tenantId, evidence)).toMatchObject({ roles: ['org_member'] });
    await prisma.membership.update({ where: { tenantId_userId: { tenantId: ACME.tenantId, userId: BOB } }, data: { removedAt: new Date() } });
    // Caching is on: until someone forgets the entry, the cached answer stands.
    expect(await routeChunk.activeMembership(ACME.tenantId, evidence)).not.toBeNull();
    actionChunk.forgetMembership(ACME.tenantId, BOB);
    expect(await routeChunk.activeMembership(ACME.tenantId, evidence)).toBeNull();
  });
});
