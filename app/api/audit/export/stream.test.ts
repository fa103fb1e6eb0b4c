// The audit stream (GET /api/audit/export without `format`): NDJSON of tenantry.audit/v1
// events, oldest first, keyset-paged by an opaque cursor. Runs the real route, authorize()
// and the database; tokens come from the stand-in issuer, as the projects API tests do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestIssuer } from '@/lib/testing/issuer';
import { ACME, ALICE, ALL, BOB, GINA, GLOBEX, seedAcmeAndGlobex, sessionCookie, startWorld, stopWorld, type TestTenant } from '@/lib/testing/world';
import { APP_CLIENT } from '@/lib/testing/seeded';
import { CLAIMS } from '@/lib/auth/claims';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';
import { auditEventV1 } from '@/lib/audit/event-v1';

let issuer: TestIssuer;
let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let route: typeof import('@/app/api/audit/export/route');
let projects: typeof import('@/app/api/projects/route');
let STREAM_SETTLE_MS: number;

const noParams = { params: Promise.resolve({}) } as never;
const MINUTE = 60_000;

function userToken(sub: string, org: TestTenant, permissions: string[] = ALL) {
  return issuer.sign({ sub, org_id: org.auth0OrgId, azp: APP_CLIENT.id, permissions, scope: 'openid profile email', [CLAIMS.tenantId]: org.tenantId });
}
/** A client-credentials token of an API client for `org`, as Auth0 issues it for Organizations. */
function machineToken(org: TestTenant, scope: string) {
  return issuer.sign({ sub: 'siem-client@clients', azp: 'siem-client', gty: 'client-credentials', org_id: org.auth0OrgId, scope });
}

function call(host: TestTenant, query: string, auth: { token?: string; cookie?: string; headers?: Record<string, string> } = {}) {
  const headers = new Headers({ [TENANT_HEADERS.slug]: host.slug, [TENANT_HEADERS.auth0OrgId]: host.auth0OrgId, [TENANT_HEADERS.tenantId]: host.tenantId, ...auth.headers });
  if (auth.token) headers.set('authorization', `Bearer ${auth.token}`);
  if (auth.cookie) headers.set('cookie', auth.cookie);
  return route.GET(new Request(`http://${host.slug}.localhost:3000/api/audit/export${query ? `?${query}` : ''}`, { headers }), noParams);
}

interface Page { status: number; events: Record<string, unknown>[]; next: string | null; more: string | null; type: string | null }
async function page(host: TestTenant, query: string, token: string): Promise<Page> {
  const response = await call(host, query, { token });
  const text = await response.text();
  return {
    status: response.status,
    events: response.status === 200 ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [JSON.parse(text)],
    next: response.headers.get('audit-next-cursor'),
    more: response.headers.get('audit-has-more'),
    type: response.headers.get('content-type'),
  };
}

/** Every page from `cursor` until the stream says nothing more is ready. */
async function drain(token: string, limit: number, cursor?: string) {
  const ids: string[] = [];
  const sizes: number[] = [];
  for (;;) {
    const p = await page(ACME, `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, token);
    expect(p.status).toBe(200);
    ids.push(...p.events.map((e) => e.id as string));
    sizes.push(p.events.length);
    cursor = p.next!;
    if (p.more !== 'true') return { ids, sizes, cursor };
  }
}

/** Events as the stream must give them: the tenant's, oldest first, ties by id (the database's order). */
async function expectedIds(tenantId: string, before = new Date(Date.now() - STREAM_SETTLE_MS)) {
  const rows = await prisma.auditEvent.findMany({ where: { tenantId, createdAt: { lt: before } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } });
  return rows.map((r) => r.id);
}

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * MINUTE);
function events(tenant: TestTenant, times: Date[], action = 'project.updated') {
  return prisma.auditEvent.createMany({ data: times.map((createdAt, i) => ({ tenantId: tenant.tenantId, actor: ALICE, action, target: `prj_${i}`, createdAt })) });
}

beforeAll(async () => {
  const world = await startWorld({ auth0: 'stand-in-issuer' });
  ({ issuer, prisma } = world);
  route = await import('@/app/api/audit/export/route');
  projects = await import('@/app/api/projects/route');
  ({ STREAM_SETTLE_MS } = await import('@/lib/data/audit'));
  await seedAcmeAndGlobex(prisma);
  // The SIEM's API key, in Acme only (a machine token counts only through a live key of the host's organization).
  await prisma.apiKey.create({ data: { tenantId: ACME.tenantId, auth0ClientId: 'siem-client', name: 'SIEM', permissions: ['audit:read', 'projects:read', 'projects:write'], createdBy: ALICE } });
  // 23 Acme events over an hour, six of them in the same millisecond; Globex's in between.
  const same = at(50);
  await events(ACME, [...Array.from({ length: 17 }, (_, i) => at(60 - i * 3)), ...Array(6).fill(same)]);
  await events(GLOBEX, Array.from({ length: 9 }, (_, i) => at(59 - i * 5)), 'organization.updated');
}, 240_000);

afterAll(stopWorld);

describe('paging through the stream', () => {
  it('gives every event once, oldest first, across pages, including ties on time', async () => {
    const token = await userToken(ALICE, ACME);
    const { ids, sizes } = await drain(token, 4);
    expect(ids).toEqual(await expectedIds(ACME.tenantId));
    expect(ids).toHaveLength(23);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sizes.slice(0, -1).every((n) => n === 4)).toBe(true);
  });

  it('answers NDJSON of tenantry.audit/v1 events of this organization only, with the next cursor in a header', async () => {
    const p = await page(ACME, 'limit=1000', await userToken(ALICE, ACME));
    expect(p.type).toBe('application/x-ndjson; charset=utf-8');
    expect(p.more).toBe('false');
    expect(p.next).toMatch(/^[A-Za-z0-9_-]+$/);
    for (const event of p.events) {
      expect(auditEventV1.safeParse(event).success).toBe(true);
      expect(event.organization).toEqual({ id: ACME.tenantId, slug: 'acme' });
    }
    expect(p.events.map((e) => e.action)).not.toContain('organization.updated');
  });

  it('polling at the end returns nothing and the same cursor; what is recorded later comes on the next poll', async () => {
    const token = await userToken(ALICE, ACME);
    const { ids: before, cursor } = await drain(token, 10);
    const idle = await page(ACME, `cursor=${cursor}`, token);
    expect(idle).toMatchObject({ status: 200, events: [], next: cursor, more: 'false' });

    await events(ACME, [at(2), at(2), at(1.5)], 'member.login');
    await events(GLOBEX, [at(2)], 'member.login');
    const { ids: after, cursor: last } = await drain(token, 2, cursor);
    expect(after).toHaveLength(3);
    expect([...before, ...after]).toEqual(await expectedIds(ACME.tenantId));
    expect(last).not.toBe(cursor);
  });

  it('holds back events young enough that a transaction still open could commit one older', async () => {
    const token = await userToken(ALICE, ACME);
    const { cursor } = await drain(token, 1000);
    const young = await prisma.auditEvent.create({ data: { tenantId: ACME.tenantId, actor: ALICE, action: 'project.created', target: 'prj_young', createdAt: new Date(Date.now() - STREAM_SETTLE_MS / 2) } });
    expect(await page(ACME, `cursor=${cursor}`, token)).toMatchObject({ events: [], next: cursor });
    // Settled (as if the time had passed): served, and only once.
    await prisma.auditEvent.update({ where: { id: young.id }, data: { createdAt: new Date(Date.now() - STREAM_SETTLE_MS - 1000) } });
    const served = await page(ACME, `cursor=${cursor}`, token);
    expect(served.events.map((e) => e.id)).toEqual([young.id]);
    expect((await page(ACME, `cursor=${served.next}`, token)).events).toEqual([]);
  });

  it('starts from the beginning without a cursor, whatever the limit', async () => {
    const token = await userToken(ALICE, ACME);
    const all = await expectedIds(ACME.tenantId);
    expect((await page(ACME, '', token)).events.map((e) => e.id)).toEqual(all); // default limit 500
    expect((await page(ACME, 'limit=1', token)).events.map((e) => e.id)).toEqual(all.slice(0, 1));
  });
});

describe('bad queries are 400 with the field named', () => {
  const encode = (s: string) => Buffer.from(s).toString('base64url');
  it.each([
    ['garbage', 'cursor=not*a*cursor'],
    ['base64 of something else', `cursor=${encode('hello world')}`],
    ['an impossible date', `cursor=${encode('s1|2026-02-30T00:00:00.000Z|abc')}`],
    ['year 0', `cursor=${encode('s1|0000-01-01T00:00:00.000Z|abc')}`],
    ['another version', `cursor=${encode('s9|2026-01-01T00:00:00.000Z|abc')}`],
    ['an id with other characters', `cursor=${encode("s1|2026-01-01T00:00:00.000Z|a' OR 1=1")}`],
    ['empty', 'cursor='],
    ['twice', `cursor=${encode('s1|2026-01-01T00:00:00.000Z|abc')}&cursor=${encode('s1|2026-01-01T00:00:00.000Z|abd')}`],
  ])('cursor: %s', async (_, query) => {
    const p = await page(ACME, query, await userToken(ALICE, ACME));
    expect(p.status).toBe(400);
    expect(p.events[0]).toMatchObject({ error: 'invalid_query', fields: { cursor: [expect.any(String)] } });
  });

  it('a cursor spelled another way (other padding bits, same bytes) is refused, its own spelling accepted', async () => {
    const token = await userToken(ALICE, ACME);
    const canonical = encode('s1|2026-01-01T00:00:00.000Z|abc'); // 31 bytes: the last character carries 4 padding bits
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = canonical.slice(0, -1) + alphabet[alphabet.indexOf(canonical.at(-1)!) ^ 1];
    expect(Buffer.from(sibling, 'base64url')).toEqual(Buffer.from(canonical, 'base64url'));
    expect((await page(ACME, `cursor=${canonical}`, token)).status).toBe(200);
    expect((await page(ACME, `cursor=${sibling}`, token)).status).toBe(400);
  });

  it.each(['0', '1001', '-1', '1.5', 'ten', '', '99999'])('limit=%s', async (limit) => {
    const p = await page(ACME, `limit=${limit}`, await userToken(ALICE, ACME));
    expect(p.status).toBe(400);
    expect(p.events[0]).toMatchObject({ fields: { limit: [expect.stringMatching(/1 to 1000/)] } });
  });

  it('limit=1000 is allowed', async () => {
    expect((await page(ACME, 'limit=1000', await userToken(ALICE, ACME))).status).toBe(200);
  });

  it('filters belong to the downloads, cursor and limit to the stream', async () => {
    const token = await userToken(ALICE, ACME);
    const filtered = await page(ACME, 'action=member.login', token);
    expect(filtered.status).toBe(400);
    expect(filtered.events[0]).toMatchObject({ fields: { action: [expect.any(String)] } });
    const mixed = await page(ACME, 'format=jsonl&limit=5', token);
    expect(mixed.status).toBe(400);
    expect(mixed.events[0]).toMatchObject({ fields: { limit: [expect.any(String)] } });
  });
});

describe('who may read the stream', () => {
  it('a member without audit:read, and an admin token without that scope, are refused (403)', async () => {
    expect((await call(ACME, '', { token: await userToken(BOB, ACME) })).status).toBe(403);
    expect((await call(ACME, '', { token: await userToken(ALICE, ACME, ['projects:read']) })).status).toBe(403);
  });

  it('another organization’s token is refused on this host, and its own host shows only its own events', async () => {
    const gina = await userToken(GINA, GLOBEX);
    const refused = await call(ACME, '', { token: gina });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'wrong_organization' });
    const own = await page(GLOBEX, '', gina);
    expect(own.events.length).toBeGreaterThan(0);
    expect(own.events.every((e) => (e.organization as { id: string }).id === GLOBEX.tenantId)).toBe(true);
    expect(own.events.map((e) => e.id)).toEqual(await expectedIds(GLOBEX.tenantId));
  });

  it('a cursor from another organization’s stream shows nothing of that organization', async () => {
    const globexCursor = (await page(GLOBEX, 'limit=1', await userToken(GINA, GLOBEX))).next!;
    const p = await page(ACME, `cursor=${globexCursor}`, await userToken(ALICE, ACME));
    expect(p.status).toBe(200);
    expect(p.events.every((e) => (e.organization as { id: string }).id === ACME.tenantId)).toBe(true);
  });

  it('a machine token with audit:read for this organization reads it; without the scope, or for another, it is refused', async () => {
    const p = await page(ACME, 'limit=1000', await machineToken(ACME, 'audit:read'));
    expect(p.status).toBe(200);
    expect(p.events.map((e) => e.id)).toEqual(await expectedIds(ACME.tenantId));
    expect((await call(ACME, '', { token: await machineToken(ACME, 'projects:read projects:write') })).status).toBe(403);
    expect((await call(ACME, '', { token: await machineToken(GLOBEX, 'audit:read') })).status).toBe(403);
  });

  it('a signed-in admin’s session reads it too', async () => {
    const response = await call(ACME, 'limit=2', { cookie: await sessionCookie(ALICE, ACME) });
    expect(response.status).toBe(200);
    expect((await response.text()).trim().split('\n')).toHaveLength(2);
    expect((await call(ACME, '', { cookie: await sessionCookie(BOB, ACME) })).status).toBe(403);
  });

  it('without credentials: 401', async () => {
    expect((await call(ACME, '')).status).toBe(401);
  });
});

describe('what the events say about the caller', () => {
  it('a machine caller’s change is recorded as a machine, with the address the platform forwarded and its user agent', async () => {
    const token = await machineToken(ACME, 'projects:write audit:read');
    const headers = new Headers({
      authorization: `Bearer ${token}`, 'content-type': 'application/json', 'user-agent': 'siem-collector/2.1',
      'x-forwarded-for': '10.0.0.66, 203.0.113.5',
      [TENANT_HEADERS.slug]: ACME.slug, [TENANT_HEADERS.auth0OrgId]: ACME.auth0OrgId, [TENANT_HEADERS.tenantId]: ACME.tenantId,
    });
    const created = await projects.POST(new Request('http://acme.localhost:3000/api/projects', { method: 'POST', headers, body: JSON.stringify({ name: 'Audited' }) }), noParams);
    expect(created.status).toBe(201);
    const { id } = await created.json();
    // Fresh events are not in the stream yet (settling): the JSON Lines download has them now.
    const download = await call(ACME, 'format=jsonl&action=project.created', { token: await userToken(ALICE, ACME) });
    const event = (await download.text()).trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.target?.id === id);
    expect(event).toMatchObject({
      actor: { type: 'machine', id: 'siem-client' },
      action: 'project.created',
      target: { type: 'project', id },
      request: { ip: '203.0.113.5', userAgent: 'siem-collector/2.1' },
    });
  });
});

describe('the index behind the stream', () => {
  /** The plan of `query` when the planner may not read the whole table (as with many events). */
  async function plan(query: string, params: unknown[]): Promise<string> {
    return prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      await tx.$executeRawUnsafe('SET LOCAL enable_bitmapscan = off');
      const rows = await tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${query}`, ...params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }
  // The queries lib/data/audit.ts makes (streamWhere and auditEventsPage), as SQL.
  const COLUMNS = '"id", "createdAt", "actor", "actorType", "action", "target", "details", "ip", "userAgent"';

  it('pages oldest first straight from AuditEvent(tenantId, createdAt, id): no sort, bounded by the cursor', async () => {
    const text = await plan(
      `SELECT ${COLUMNS} FROM "AuditEvent" WHERE "tenantId" = $1 AND "createdAt" < $2 AND "createdAt" >= $3 AND ("createdAt" > $3 OR "id" > $4) ORDER BY "createdAt" ASC, "id" ASC LIMIT 501`,
      [ACME.tenantId, new Date(), at(30), 'cm0'],
    );
    expect(text).toMatch(/Index Scan using "AuditEvent_tenantId_createdAt_id_idx"/);
    // The cursor bounds the scan (Index Cond), not just a filter over the tenant's whole log.
    expect(text).toMatch(/Index Cond: \(\("tenantId" = [^)]+\) AND \("createdAt" < [^)]+\) AND \("createdAt" >= [^)]+\)\)/);
    expect(text).not.toMatch(/Sort/);
  });

  it('and the audit log page, newest first, from the same index read backwards', async () => {
    const text = await plan(
      `SELECT ${COLUMNS} FROM "AuditEvent" WHERE "tenantId" = $1 AND ("createdAt" < $2 OR ("createdAt" = $2 AND "id" < $3)) ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`,
      [ACME.tenantId, at(30), 'cm0'],
    );
    expect(text).toMatch(/Index Scan Backward using "AuditEvent_tenantId_createdAt_id_idx"/);
    expect(text).not.toMatch(/Sort/);
  });
});
