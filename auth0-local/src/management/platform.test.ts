// Cross-cutting behaviour of /api/v2: bearer tokens and scopes, body parsing, pagination
// limits, rate-limit headers and 429s, and fault injection (each through the SDK where it can).
import { ManagementClient } from 'auth0';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { READONLY_M2M, httpFetch, startHarness, stateAfter, type Harness } from '../../testing/management-api-harness';

let h: Harness;
const fail = <T>(p: Promise<T>) => p.then(() => { throw new Error('expected a failure'); }, (e: any) => e);

beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

describe('authentication and scopes', () => {
  test('401 without, with a malformed, an expired, a foreign or a wrongly addressed token', async () => {
    const none = await h.api('GET', '/api/v2/organizations', { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'Missing authentication' });
    expect((await h.api('GET', '/api/v2/organizations', { token: 'not.a.jwt' })).body.message).toBe('Invalid token');

    const expired = await h.token('read:organizations', {}, { expiresIn: -120 });
    expect((await h.api('GET', '/api/v2/organizations', { token: expired })).body.message).toBe('Expired token received for JSON Web Token validation');

    const { privateKey } = await generateKeyPair('RS256');
    const foreign = await new SignJWT({ scope: 'read:organizations', aud: h.managementAudience })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).setIssuer(h.issuer).setExpirationTime('1h').sign(privateKey);
    expect((await h.api('GET', '/api/v2/organizations', { token: foreign })).body.message).toBe('Invalid signature received for JSON Web Token validation');

    const wrongAud = await h.token('read:organizations', { aud: 'https://api.tenantry.local' });
    expect((await h.api('GET', '/api/v2/organizations', { token: wrongAud })).status).toBe(401);
    const wrongIss = await h.token('read:organizations', { iss: 'https://evil.example/' });
    expect((await h.api('GET', '/api/v2/organizations', { token: wrongIss })).status).toBe(401);
    // the http:// form of the audience is accepted too
    const httpAud = await h.token('read:organizations', { aud: h.managementAudience.replace('https:', 'http:') });
    expect((await h.api('GET', '/api/v2/organizations', { token: httpAud })).status).toBe(200);

    const sdk = new ManagementClient({ domain: h.domain, token: 'garbage', fetch: httpFetch(h.port), maxRetries: 0 });
    const err = await fail(sdk.organizations.get('org_x'));
    expect(err.constructor.name).toBe('UnauthorizedError');
    expect(err.statusCode).toBe(401);
  });

  test('403 insufficient_scope for the read-only M2M client, and nothing changes', async () => {
    const ro = h.client(READONLY_M2M);
    expect((await ro.organizations.list()).data.length).toBeGreaterThan(0);
    const r = await stateAfter(h.store, () => ro.organizations.create({ name: 'not-allowed' }));
    expect(r.changed).toBe(false);
    expect((r.error as any).statusCode).toBe(403);
    expect((r.error as any).body).toEqual({
      statusCode: 403, error: 'Forbidden', message: 'Insufficient scope; expected any of: create:organizations.', errorCode: 'insufficient_scope',
    });
    const acme = h.store.orgByName('acme')!;
    const calls: (() => Promise<unknown>)[] = [
      () => ro.organizations.members.create(acme.id, { members: ['auth0|x'] }),
      () => ro.organizations.members.list(acme.id),
      () => ro.users.list(),
      () => ro.organizations.invitations.create(acme.id, { inviter: { name: 'a' }, invitee: { email: 'a@b.test' }, client_id: 'x' }),
      () => ro.roles.list(),
      () => ro.clients.get('tenantry-local-app'),
    ];
    for (const call of calls) {
      const x = await stateAfter(h.store, call);
      expect(x.changed).toBe(false);
      expect((x.error as any).body.errorCode).toBe('insufficient_scope');
    }
    // roles of members need their own scope
    const membersOnly = await h.token('read:organization_members');
    const withRoles = await h.api('GET', `/api/v2/organizations/${acme.id}/members?fields=roles`, { token: membersOnly });
    expect(withRoles.status).toBe(403);
    expect(withRoles.body.message).toBe('Insufficient scope; expected any of: read:organization_member_roles.');
  });
});

describe('request bodies and paths', () => {
  test('malformed JSON, wrong body type and unknown properties are 400 and change nothing', async () => {
    const acme = h.store.orgByName('acme')!;
    for (const [method, path] of [['POST', '/api/v2/organizations'], ['DELETE', `/api/v2/organizations/${acme.id}/members`], ['PATCH', `/api/v2/organizations/${acme.id}`]]) {
      const r = await stateAfter(h.store, async () => {
        const res = await h.api(method!, path!, { rawBody: '{"name": "broken",' });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Invalid request payload JSON format', errorCode: 'invalid_body' });
      });
      expect(r).toEqual({ changed: false, error: undefined });
    }
    const arr = await h.api('POST', '/api/v2/organizations', { body: ['acme'] });
    expect(arr.body.message).toBe("Payload validation error: 'Expected type object but found type array'.");
    const empty = await h.api('POST', '/api/v2/organizations', { rawBody: '' });
    expect(empty.body.message).toBe("Payload validation error: 'Expected type object but found type null'.");
    const big = await h.api('POST', '/api/v2/organizations', { rawBody: JSON.stringify({ name: 'x'.repeat(600_000) }) });
    expect(big.status).toBe(413);
  });

  test('percent-encoded ids, unknown paths', async () => {
    const alice = h.store.usersByEmail('alice@acme.test')[0]!;
    const r = await h.api('GET', `/api/v2/users/${encodeURIComponent(alice.user_id)}`);
    expect(r.body.user_id).toBe(alice.user_id);
    const unknown = await h.api('GET', '/api/v2/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(unknown.headers.get('x-ratelimit-limit')).toBeTruthy();
  });
});

describe('pagination limits', () => {
  test('per_page max 100, the 1000-record offset cap, take max 100', async () => {
    const tooMany = await h.api('GET', '/api/v2/roles?per_page=101');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errorCode).toBe('invalid_query_string');
    const capped = await h.api('GET', '/api/v2/roles?per_page=100&page=10&include_totals=true');
    expect(capped.status).toBe(400);
    expect(capped.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Requesting page exceeds the allowed maximum of 1000 records', errorCode: 'invalid_paging' });
    const lastAllowed = await h.api('GET', '/api/v2/roles?per_page=100&page=9&include_totals=true');
    expect(lastAllowed.status).toBe(200);
    expect(lastAllowed.body.roles).toEqual([]);
    expect((await h.api('GET', '/api/v2/organizations?take=101')).status).toBe(400);
    expect((await h.api('GET', '/api/v2/organizations?from=garbage&take=5')).status).toBe(400);
    expect((await h.api('GET', '/api/v2/roles?page=abc')).status).toBe(400);
  });
});

describe('rate limits', () => {
  test('headers on every response; a real 429 the SDK reports as TooManyRequestsError', async () => {
    const limited = await startHarness({ rateLimits: { global: { burst: 3, sustained: 1, per: 'second' }, endpoints: [] } });
    try {
      const first = await limited.api('GET', '/api/v2/roles');
      expect(first.headers.get('x-ratelimit-limit')).toBe('3');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
      const reset = Number(first.headers.get('x-ratelimit-reset'));
      expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
      expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3);
      await limited.api('GET', '/api/v2/roles');
      await limited.api('GET', '/api/v2/roles', { token: null }); // refused requests count too
      const r = await stateAfter(limited.store, async () => {
        const res = await limited.api('POST', '/api/v2/roles', { body: { name: 'throttled' } });
        expect(res.status).toBe(429);
        expect(res.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests' });
        expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
      });
      expect(r.changed).toBe(false);

      const sdk = new ManagementClient({ domain: limited.domain, token: await limited.token('read:roles'), fetch: httpFetch(limited.port), maxRetries: 0 });
      const err = await fail(sdk.roles.list());
      expect(err.constructor.name).toBe('TooManyRequestsError');
      expect(err.rawResponse.headers.get('x-ratelimit-reset')).toBeTruthy();
      // after the bucket refills the SDK's own retry (which waits for x-ratelimit-reset) gets through
      const retrying = new ManagementClient({ domain: limited.domain, token: await limited.token('read:roles'), fetch: httpFetch(limited.port), maxRetries: 2 });
      expect((await retrying.roles.list()).data.length).toBe(4);
    } finally {
      await limited.close();
    }
  });
});

describe('fault injection', () => {
  test('429 with retry-after, 5xx, latency, regex paths, times, list and clear', async () => {
    const sdk = h.client(undefined, { maxRetries: 0 });
    await sdk.roles.list(); // token cached before faults
    const add = (f: object) => h.api('POST', '/__local/faults', { token: null, body: f });

    const f429 = await add({ path: '/api/v2/organizations', method: 'post', status: 429, retry_after: 7, times: 1 });
    expect(f429.status).toBe(201);
    expect(f429.body.id).toBeTruthy();
    const r = await stateAfter(h.store, () => sdk.organizations.create({ name: 'faulted' }));
    expect(r.changed).toBe(false);
    const e = r.error as any;
    expect(e.constructor.name).toBe('TooManyRequestsError');
    expect(e.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests' });
    expect(e.rawResponse.headers.get('retry-after')).toBe('7');
    expect(e.rawResponse.headers.get('x-ratelimit-remaining')).toBe('0');
    const created = await sdk.organizations.create({ name: 'after-fault' }); // times: 1 -> used up
    expect(created.name).toBe('after-fault');

    await add({ path: '/^\\/api\\/v2\\/users\\/.+/', status: 503 });
    await add({ path: '/api/v2/roles', latency_ms: 150 });
    const listed = await h.api('GET', '/__local/faults', { token: null });
    expect(listed.body).toHaveLength(2);
    const u = await fail(sdk.users.get('auth0|anything'));
    expect(u.statusCode).toBe(503);
    expect(u.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', errorCode: 'service_unavailable' });
    expect((await sdk.users.list()).data.length).toBeGreaterThan(0); // /users itself does not match the regex
    const t0 = Date.now();
    await sdk.roles.list();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

    expect((await h.api('DELETE', `/__local/faults/${listed.body[0].id}`, { token: null })).status).toBe(204);
    expect((await h.api('GET', '/__local/faults', { token: null })).body).toHaveLength(1);
    expect((await h.api('DELETE', '/__local/faults', { token: null })).status).toBe(204);
    expect((await h.api('GET', '/__local/faults', { token: null })).body).toEqual([]);
    expect((await sdk.users.get(h.store.state.users[0]!.user_id)).user_id).toBeTruthy();
    expect((await add({ status: 500 })).status).toBe(400);
  });
});
