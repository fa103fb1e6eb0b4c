// The shared Management API token against the local tenant's /oauth/token (in process),
// counting the tokens it hands out. Each provider is one app instance; a new provider is an
// instance's restart (its memory gone, the database kept). Runs on PGlite and, with
// TEST_DATABASE_URL, on Postgres, where the providers' transactions truly run at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';
import { MANAGEMENT_CLIENT } from '@/lib/testing/seeded';

let w: World;
let token: typeof import('@/lib/management/token');
let client: typeof import('@/lib/management/client');
let source: import('@/lib/management/token').ManagementTokenSource;
let id: string;
const timing = { refreshBeforeMs: 0, waitForRefresherMs: 0 };

beforeAll(async () => {
  w = await startWorld();
  token = await import('@/lib/management/token');
  client = await import('@/lib/management/client');
  source = { origin: w.harness.url, clientId: MANAGEMENT_CLIENT.id, clientSecret: MANAGEMENT_CLIENT.secret, audience: `https://${w.harness.domain}/api/v2/` };
  id = token.managementTokenId(source);
  ({ refreshBeforeMs: timing.refreshBeforeMs, waitForRefresherMs: timing.waitForRefresherMs } = token.TOKEN_TIMING);
});
afterAll(async () => w?.close());
beforeEach(async () => {
  Object.assign(token.TOKEN_TIMING, timing);
  await w.prisma.managementApiToken.deleteMany();
  w.harness.stats.token_requests = 0;
});

const instance = () => token.createManagementTokenProvider(source);
const row = () => w.prisma.managementApiToken.findUnique({ where: { id } });
const tokenCalls = () => w.harness.stats.token_requests;

describe(`the shared Management API token on ${process.env.TEST_DATABASE_URL ? 'Postgres' : 'PGlite'}`, () => {
  it('two instances and many restarts fetch one token between them, and the Management API takes it', async () => {
    const first = await instance()();
    for (let restart = 0; restart < 5; restart += 1) {
      const [one, two] = [instance(), instance()];
      expect(await one()).toBe(first);
      expect(await two()).toBe(first);
    }
    expect(tokenCalls()).toBe(1);
    // The app's client uses it too: a call to the API, no new token.
    const orgs = await client.call((api) => api.organizations.list());
    expect(orgs.data.length).toBeGreaterThan(0);
    expect(tokenCalls()).toBe(1);
  });

  it('five instances starting at once fetch one token (the others wait for its row)', async () => {
    const tokens = await Promise.all(Array.from({ length: 5 }, () => instance()()));
    expect(new Set(tokens).size).toBe(1);
    expect(tokenCalls()).toBe(1);
  });

  it('an instance keeps its token in memory: no read of the row on each call', async () => {
    const mine = instance();
    const first = await mine();
    await w.prisma.managementApiToken.deleteMany();
    expect(await mine()).toBe(first);
    expect(await row()).toBeNull();
    expect(tokenCalls()).toBe(1);
  });

  it('a token close to expiry is replaced once, before it expires, and the new one is shared', async () => {
    await instance()();
    const soon = new Date(Date.now() + token.TOKEN_TIMING.refreshBeforeMs / 2);
    await w.prisma.managementApiToken.update({ where: { id }, data: { expiresAt: soon } });
    w.harness.stats.token_requests = 0;
    const tokens = await Promise.all(Array.from({ length: 3 }, () => instance()()));
    expect(new Set(tokens).size).toBe(1);
    expect(tokenCalls()).toBe(1);
    expect((await row())!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000); // the tenant's tokens last an hour
    expect(await instance()()).toBe(tokens[0]);
    expect(tokenCalls()).toBe(1);
  });

  it('a row sealed under another secret (a rotated client secret) is ignored and replaced', async () => {
    const foreign = token.sealManagementToken('not-this-clients-token', 'the-secret-before-rotation', id);
    await w.prisma.managementApiToken.create({ data: { id, ciphertext: foreign, expiresAt: new Date(Date.now() + 3_600_000) } });
    const fresh = await instance()();
    expect(fresh).not.toBe('not-this-clients-token');
    expect(tokenCalls()).toBe(1);
    expect((await row())!.ciphertext).not.toBe(foreign);
    expect(await instance()()).toBe(fresh);
    expect(tokenCalls()).toBe(1);
  });

  it('a row sealed for another client and audience does not open under this one', async () => {
    const other = token.sealManagementToken('token-of-another-row', MANAGEMENT_CLIENT.secret, 'another-client https://elsewhere/api/v2/');
    await w.prisma.managementApiToken.create({ data: { id, ciphertext: other, expiresAt: new Date(Date.now() + 3_600_000) } });
    expect(await instance()()).not.toBe('token-of-another-row');
    expect(tokenCalls()).toBe(1);
  });

  it('the row holds no readable token', async () => {
    const value = await instance()();
    const stored = (await row())!;
    expect(stored.ciphertext).not.toContain(value);
    for (const part of value.split('.')) expect(stored.ciphertext).not.toContain(part);
    expect(Buffer.from(stored.ciphertext.slice(3), 'base64url').includes(Buffer.from(value))).toBe(false);
  });

  it('refused credentials become a ManagementApiError, and nothing is stored', async () => {
    const wrong = token.createManagementTokenProvider({ ...source, clientSecret: 'wrong' });
    await expect(wrong()).rejects.toMatchObject({ name: 'ManagementApiError', status: 502 });
    expect(await row()).toBeNull();
  });

  describe('a stored token Auth0 will not take', () => {
    /** A new app instance whose first call finds `stored` in the row. */
    async function instanceFinding(stored: string) {
      await w.prisma.managementApiToken.create({ data: { id, ciphertext: token.sealManagementToken(stored, source.clientSecret, id), expiresAt: new Date(Date.now() + 3_600_000) } });
      vi.resetModules();
      return import('@/lib/management/client');
    }
    const listOrganizations = (c: typeof client) => c.call((api) => api.organizations.list());

    it('refused outright (401): replaced once, and the call goes through', async () => {
      const fresh = await instanceFinding('not-a-token-auth0-issued');
      expect((await listOrganizations(fresh)).data.length).toBeGreaterThan(0);
      expect(tokenCalls()).toBe(1);
      expect(await instance()()).not.toBe('not-a-token-auth0-issued');
      expect(tokenCalls()).toBe(1);
    });

    it('issued before a scope was granted: replaced once, and the call goes through', async () => {
      w.harness.clock.offset = -2 * token.TOKEN_TIMING.scopeRecheckAfterMs;
      const narrow = await w.harness.token('read:users');
      w.harness.clock.offset = 0;
      const fresh = await instanceFinding(narrow);
      expect((await listOrganizations(fresh)).data.length).toBeGreaterThan(0);
      expect(tokenCalls()).toBe(1);
    });

    it('a new token that lacks the scope is not replaced: a grant without it costs no token per call', async () => {
      const fresh = await instanceFinding(await w.harness.token('read:users'));
      await expect(listOrganizations(fresh)).rejects.toMatchObject({ status: 403, code: 'insufficient_scope' });
      await expect(listOrganizations(fresh)).rejects.toMatchObject({ status: 403 });
      expect(tokenCalls()).toBe(0);
    });
  });

  // On PGlite every transaction has the one connection to itself, so another's lock cannot be
  // held while this instance asks; on Postgres it can.
  it.skipIf(!process.env.TEST_DATABASE_URL)('when the refresher holds the lock too long, an instance fetches its own token instead of failing', async () => {
    token.TOKEN_TIMING.waitForRefresherMs = 300;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = w.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`management-api-token:${id}`}))`;
      locked();
      await held;
    }, { timeout: 10_000 });
    await isLocked;
    const started = Date.now();
    const value = await instance()();
    release();
    await holder;
    expect(value).toBeTruthy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(tokenCalls()).toBe(1);
    expect(await row()).toBeNull(); // not the refresher: it leaves the row to the lock holder
  });
});
