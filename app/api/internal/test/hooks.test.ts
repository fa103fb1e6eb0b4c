// The browser tests' hooks do not exist without TEST_HOOKS=1 (a plain 404, signed or not),
// and with it answer only calls signed with the app secret.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACME, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import { internalRequest } from '@/lib/http/internal-call';
import { now } from '@/lib/core/clock';

const CLOCK = 'http://localhost:3000/api/internal/test/clock';
const POLICY = 'http://localhost:3000/api/internal/test/security-policy';
let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;

beforeAll(async () => {
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer' }));
  await seedAcmeAndGlobex(prisma);
});
afterAll(stopWorld);
afterEach(async () => {
  vi.unstubAllEnvs();
  (await import('@/lib/core/clock')).setClockOffset(0);
});

/** The routes with the configuration read afresh under `env` (the configuration is parsed once per module graph). */
async function routes(testHooks: string | undefined) {
  vi.resetModules();
  if (testHooks !== undefined) vi.stubEnv('TEST_HOOKS', testHooks);
  const { config } = await import('@/lib/config');
  return { clock: await import('./clock/route'), policy: await import('./security-policy/route'), secret: config().auth0.secret };
}
const signed = async (url: string, secret: string, body: unknown) =>
  internalRequest(url, secret, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const unsigned = (url: string, body: unknown) => new Request(url, { method: 'POST', body: JSON.stringify(body) });

describe('without TEST_HOOKS=1', () => {
  it.each([undefined, '0'])('every hook is 404, even signed (TEST_HOOKS=%s)', async (flag) => {
    const { clock, policy, secret } = await routes(flag);
    expect((await clock.POST(await signed(CLOCK, secret, { offsetMs: 60_000 }))).status).toBe(404);
    expect((await clock.POST(unsigned(CLOCK, { offsetMs: 60_000 }))).status).toBe(404);
    expect((await policy.POST(await signed(POLICY, secret, { slug: 'acme', policy: { sessionIdleMinutes: 5 } }))).status).toBe(404);
    expect(Math.abs(now() - Date.now())).toBeLessThan(1000);
    expect((await prisma.organization.findUnique({ where: { id: ACME.tenantId } }))?.sessionIdleMinutes).toBeNull();
  });
});

describe('with TEST_HOOKS=1', () => {
  it('refuses unsigned calls (403)', async () => {
    const { clock, policy } = await routes('1');
    expect((await clock.POST(unsigned(CLOCK, { offsetMs: 60_000 }))).status).toBe(403);
    expect((await policy.POST(unsigned(POLICY, { slug: 'acme', policy: {} }))).status).toBe(403);
  });

  it('moves the session clock of this process', async () => {
    const { clock, secret } = await routes('1');
    const response = await clock.POST(await signed(CLOCK, secret, { offsetMs: 20 * 60_000 }));
    expect(response.status).toBe(200);
    const { now: moved } = await import('@/lib/core/clock');
    expect(moved() - Date.now()).toBeGreaterThan(19 * 60_000);
    expect((await clock.POST(await signed(CLOCK, secret, { offsetMs: 'soon' }))).status).toBe(400);
  });

  it('writes an organization’s policy through the data layer, with canonical ranges; bad input is 400', async () => {
    const { policy, secret } = await routes('1');
    const response = await policy.POST(await signed(POLICY, secret, { slug: 'acme', policy: { sessionIdleMinutes: 5, ipAllowlist: ['2001:DB8::/32'] } }));
    expect(response.status).toBe(200);
    const row = await prisma.organization.findUnique({ where: { id: ACME.tenantId } });
    expect([row?.sessionIdleMinutes, row?.ipAllowlist]).toEqual([5, ['2001:db8::/32']]);
    expect((await policy.POST(await signed(POLICY, secret, { slug: 'acme', policy: { ipAllowlist: ['10.0.0.1/8'] } }))).status).toBe(400);
    expect((await policy.POST(await signed(POLICY, secret, { slug: 'acme', policy: { sessionIdleMinutes: 1 } }))).status).toBe(400);
    expect((await policy.POST(await signed(POLICY, secret, { slug: 'nope', policy: {} }))).status).toBe(404);
  });
});
