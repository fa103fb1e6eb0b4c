// Management API rate limits per plan: a bucket per endpoint (group) as on Auth0, the global
// bucket where the plan has one, the documented sizes, Auth0's headers and 429 body, and "off".
// Exact counts run on a fake clock (RateLimiter); the HTTP tests only check what holds
// however slowly the machine runs.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createLocalTenant } from '../server';
import { PLAN_LIMITS, RateLimiter, TokenBucket, parseRateLimitPlan, type RateLimitConfig } from './ratelimit';
import { startHarness, type Harness } from '../../testing/management-api-harness';

function fakeClock(start = Date.parse('2026-03-01T10:00:00.000Z')) {
  const clock = { t: start, now: () => clock.t, advance: (ms: number) => { clock.t += ms; } };
  return clock;
}

/** How many requests in a row the limiter lets through before the first 429. */
function allowedInARow(limiter: RateLimiter, method: string, path: string, max = 200): number {
  for (let i = 0; i < max; i++) if (!limiter.take(method, path).allowed) return i;
  return max;
}

describe('token bucket', () => {
  test('per-second refills add tokens by the millisecond', () => {
    const c = fakeClock();
    const b = new TokenBucket({ burst: 2, sustained: 2, per: 'second' }, c.now);
    expect(b.take()).toMatchObject({ allowed: true, limit: 2, remaining: 1 });
    expect(b.take()).toMatchObject({ allowed: true, remaining: 0 });
    const refused = b.take();
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    // one token takes 500 ms: reset is the epoch second by which it is there
    expect(refused.reset).toBe(Math.ceil((c.t + 500) / 1000));
    c.advance(499);
    expect(b.take().allowed).toBe(false);
    c.advance(1);
    expect(b.take().allowed).toBe(true);
  });

  test('per-minute refills add tokens once a second', () => {
    const c = fakeClock();
    const b = new TokenBucket({ burst: 5, sustained: 25, per: 'minute' }, c.now);
    for (let i = 0; i < 5; i++) expect(b.take().allowed).toBe(true);
    // 25/minute = 0.4166 per second: the third whole second brings the first whole token
    c.advance(2999);
    expect(b.take().allowed).toBe(false);
    c.advance(1);
    expect(b.take().allowed).toBe(true);
    expect(b.take().allowed).toBe(false);
  });

  test('an allowed request reports when the bucket is full again', () => {
    const c = fakeClock();
    const b = new TokenBucket({ burst: 20, sustained: 200, per: 'minute' }, c.now);
    const r = b.take();
    expect(r).toMatchObject({ allowed: true, limit: 20, remaining: 19 });
    expect(r.reset).toBe(Math.ceil((c.t + 1000) / 1000)); // 3.33 tokens come back each second
  });
});

describe('plans', () => {
  test('Essentials: each endpoint group has its own bucket of the documented size', () => {
    const c = fakeClock();
    const l = new RateLimiter(PLAN_LIMITS.essentials, c.now);
    expect(allowedInARow(l, 'POST', '/organizations')).toBe(5); // Write Organizations 5, 25/minute
    expect(allowedInARow(l, 'PATCH', '/organizations/org_1')).toBe(0); // same group, same bucket
    expect(allowedInARow(l, 'GET', '/users')).toBe(40); // Read Users 40, 500/minute
    expect(allowedInARow(l, 'POST', '/users')).toBe(20); // Write Users 20, 200/minute
    expect(allowedInARow(l, 'DELETE', '/users/auth0|1')).toBe(20); // its own row
    expect(allowedInARow(l, 'GET', '/organizations/org_1/enabled_connections')).toBe(5); // Read Organization Connections 5, 50/minute
    expect(allowedInARow(l, 'POST', '/organizations/org_1/members')).toBe(20);
    expect(allowedInARow(l, 'GET', '/organizations/org_1/members/auth0|1/roles')).toBe(20);
    expect(allowedInARow(l, 'POST', '/organizations/org_1/members/auth0|1/roles')).toBe(20);
    expect(allowedInARow(l, 'DELETE', '/organizations/org_2/members/auth0|2/roles')).toBe(0); // tenant-wide, not per org
    expect(allowedInARow(l, 'GET', '/organizations/org_1')).toBe(20);
    expect(allowedInARow(l, 'GET', '/organizations/name/acme')).toBe(10);
    expect(allowedInARow(l, 'GET', '/connections')).toBe(5);
    // "All other Endpoints Combined": one bucket of 10 for every unlisted endpoint
    expect(allowedInARow(l, 'GET', '/roles')).toBe(10);
    expect(allowedInARow(l, 'GET', '/users-by-email')).toBe(0);
    expect(allowedInARow(l, 'GET', '/resource-servers')).toBe(0);
  });

  test('Free: the whole Management API shares 2 requests, 2 per second', () => {
    const c = fakeClock();
    const l = new RateLimiter(PLAN_LIMITS.free, c.now);
    expect(l.take('GET', '/users').allowed).toBe(true);
    expect(l.take('POST', '/organizations').allowed).toBe(true);
    expect(l.take('GET', '/roles')).toMatchObject({ allowed: false, limit: 2 });
    c.advance(500);
    expect(l.take('GET', '/roles').allowed).toBe(true);
  });

  test('Enterprise: the global 50 (16/s) first, then the endpoint groups', () => {
    const c = fakeClock();
    const l = new RateLimiter(PLAN_LIMITS.enterprise, c.now);
    expect(allowedInARow(l, 'POST', '/organizations')).toBe(5); // Write Organizations 5, 150/minute
    expect(allowedInARow(l, 'GET', '/users')).toBe(50 - 6); // the 429 above still used a global token
    expect(l.take('GET', '/users')).toMatchObject({ allowed: false, limit: 50 });
  });

  test('a refusal by the endpoint bucket still uses a token of the global bucket', () => {
    const c = fakeClock();
    const config: RateLimitConfig = {
      global: { burst: 3, sustained: 1, per: 'minute' },
      endpoints: [{ name: 'Tiny', methods: ['POST'], path: /^\/organizations$/, burst: 1, sustained: 1, per: 'minute' }],
    };
    const l = new RateLimiter(config, c.now);
    expect(l.take('POST', '/organizations').allowed).toBe(true);
    expect(l.take('POST', '/organizations').allowed).toBe(false);
    expect(l.take('GET', '/users').allowed).toBe(true);
    expect(l.take('GET', '/users').allowed).toBe(false); // the 3 global tokens went to both POSTs and the first GET
  });

  test('headers show the bucket closest to empty', () => {
    const c = fakeClock();
    const l = new RateLimiter(PLAN_LIMITS.enterprise, c.now);
    expect(l.take('GET', '/users')).toMatchObject({ limit: 50, remaining: 49 });
    expect(l.take('POST', '/organizations')).toMatchObject({ limit: 5, remaining: 4 });
  });

  test('plan names', () => {
    expect(parseRateLimitPlan('Essentials')).toBe('essentials');
    expect(parseRateLimitPlan('off')).toBe('off');
    expect(() => parseRateLimitPlan('premium')).toThrow(/free, essentials, enterprise, off/);
  });
});

describe('over HTTP at Essentials limits', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ rateLimits: 'essentials' }); });
  afterAll(async () => { await h.close(); });

  test('exhausting Write Organizations gives 429 there and leaves reading users alone', async () => {
    const token = await h.token('create:organizations read:users');
    let refused: Awaited<ReturnType<Harness['api']>> | undefined;
    let created = 0;
    for (let i = 0; i < 12 && !refused; i++) {
      const r = await h.api('POST', '/api/v2/organizations', { token, body: { name: `burst-${i}` } });
      if (r.status === 429) refused = r;
      else {
        expect(r.status).toBe(201);
        expect(r.headers.get('x-ratelimit-limit')).toBe('5');
        created += 1;
      }
    }
    expect(refused).toBeDefined();
    expect(created).toBeGreaterThanOrEqual(5);
    expect(refused!.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests' });
    expect(refused!.headers.get('x-ratelimit-limit')).toBe('5');
    expect(refused!.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(refused!.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3); // a token of 25/minute is at most 3 s away
    expect(h.store.state.organizations.some((o) => o.name === `burst-${created}`)).toBe(false);

    const users = await h.api('GET', '/api/v2/users', { token });
    expect(users.status).toBe(200);
    expect(users.headers.get('x-ratelimit-limit')).toBe('40');
    expect(users.headers.get('x-ratelimit-remaining')).toBe('39');
  });
});

describe('off', () => {
  test('no limits and no rate-limit headers', async () => {
    const h = await startHarness({ rateLimits: 'off' });
    try {
      const token = await h.token('create:organizations');
      for (let i = 0; i < 12; i++) {
        const r = await h.api('POST', '/api/v2/organizations', { token, body: { name: `free-${i}` } });
        expect(r.status).toBe(201);
        expect(r.headers.get('x-ratelimit-limit')).toBeNull();
      }
    } finally {
      await h.close();
    }
  });
});

test('thirds of a token add up to a whole one (200/minute), and a refusal never reports a reset in the past', () => {
  const c = fakeClock();
  const b = new TokenBucket({ burst: 20, sustained: 200, per: 'minute' }, c.now);
  for (let i = 0; i < 20; i++) b.take();
  let taken = 0;
  for (let second = 0; second < 30; second++) {
    c.advance(1000);
    for (;;) {
      const r = b.take();
      if (!r.allowed) {
        expect(r.reset * 1000).toBeGreaterThan(c.t);
        break;
      }
      taken += 1;
    }
  }
  expect(taken).toBe(100); // 200 a minute for 30 s
});

describe('the local tenant', () => {
  test('uses Essentials unless AUTH0_LOCAL_RATE_LIMITS (or the option) names another plan', async () => {
    const limitOf = async (tenant: { url: string }) => (await fetch(`${tenant.url}/api/v2/roles`)).headers.get('x-ratelimit-limit');
    vi.stubEnv('AUTH0_LOCAL_RATE_LIMITS', '');
    const byDefault = await createLocalTenant({ port: 0, dataDir: null, quiet: true });
    vi.stubEnv('AUTH0_LOCAL_RATE_LIMITS', 'free');
    const free = await createLocalTenant({ port: 0, dataDir: null, quiet: true });
    const off = await createLocalTenant({ port: 0, dataDir: null, quiet: true, rateLimits: 'off' });
    vi.unstubAllEnvs();
    try {
      expect(byDefault.rateLimits).toBe('essentials');
      expect(await limitOf(byDefault)).toBe('10'); // GET /roles: "All other Endpoints Combined"
      expect(free.rateLimits).toBe('free');
      expect(await limitOf(free)).toBe('2');
      expect(await limitOf(off)).toBeNull();
    } finally {
      await Promise.all([byDefault.close(), free.close(), off.close()]);
    }
  });
});
