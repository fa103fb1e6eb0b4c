// Audit log reads: newest first, filters, keyset paging, tenant scoping, export encodings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, stopWorld } from '@/lib/testing/world';
import type { TenantContext } from '@/lib/core/context';
import { permissionsOf } from '@/lib/core/permissions';

let audit: typeof import('@/lib/admin/audit-log');

const ctxFor = (tenantId: string): TenantContext => {
  const permissions = permissionsOf(['org_admin']);
  return { tenant: { slug: tenantId, auth0OrgId: `org_${tenantId}`, tenantId }, principal: { kind: 'user', id: 'auth0|admin' }, roles: ['org_admin'], permissions, can: (p) => permissions.has(p), via: 'session' };
};
const ACME = ctxFor('ten_a');

beforeAll(async () => {
  const { prisma } = await startWorld({ auth0: 'stand-in-issuer' });
  audit = await import('@/lib/admin/audit-log');
  const t0 = Date.parse('2026-03-01T00:00:00Z');
  // 130 events over 13 days in ten_a (several per instant, so ties on createdAt are paged by id), 5 in ten_b.
  await prisma.auditEvent.createMany({
    data: Array.from({ length: 130 }, (_, i) => ({
      tenantId: 'ten_a',
      actor: i % 2 ? 'auth0|alice' : 'auth0|bob',
      actorName: i % 2 ? 'Alice Admin' : 'Bob Builder',
      action: i % 3 ? 'member.login' : 'invitation.created',
      target: `t${i}`,
      details: { i, note: i === 7 ? '=HYPERLINK("http://evil")' : 'ok, "quoted"' },
      createdAt: new Date(t0 + Math.floor(i / 10) * 86_400_000),
    })),
  });
  await prisma.auditEvent.createMany({ data: Array.from({ length: 5 }, (_, i) => ({ tenantId: 'ten_b', actor: 'auth0|eve', action: 'member.login', target: `b${i}` })) });
});
afterAll(stopWorld);

const parse = (raw: Record<string, string>) => audit.auditFilterInput.parse(raw);

describe('audit log pages', () => {
  it('walks all events newest first with keyset cursors, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let times: number[] = [];
    for (;;) {
      const { events, next } = await audit.auditPage(ACME, parse(cursor ? { cursor } : {}), 25);
      seen.push(...events.map((e) => e.target!));
      times = times.concat(events.map((e) => e.createdAt.getTime()));
      if (!next) break;
      cursor = next;
    }
    expect(seen).toHaveLength(130);
    expect(new Set(seen).size).toBe(130);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(seen.some((t) => t.startsWith('b'))).toBe(false);
  });

  it('filters by action, actor (id or name) and an inclusive date range', async () => {
    const logins = await audit.auditPage(ACME, parse({ action: 'invitation.created' }), 200);
    expect(logins.events.every((e) => e.action === 'invitation.created')).toBe(true);
    expect(logins.events).toHaveLength(44);
    expect((await audit.auditPage(ACME, parse({ actor: 'alice' }), 200)).events).toHaveLength(65);
    expect((await audit.auditPage(ACME, parse({ actor: 'auth0|bob' }), 200)).events).toHaveLength(65);
    const range = await audit.auditPage(ACME, parse({ from: '2026-03-02', to: '2026-03-03' }), 200);
    expect(range.events.map((e) => e.target).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `t${i + 10}`).sort());
  });

  it('a tampered cursor stays within the tenant', async () => {
    const forged = Buffer.from('2999-01-01T00:00:00.000Z|zzzz').toString('base64url');
    const page = await audit.auditPage(ctxFor('ten_b'), parse({ cursor: forged }), 200);
    expect(page.events.map((e) => e.target).sort()).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
  });

  it('an actor with a NUL character (the database cannot compare one) is a field error, never a database error', async () => {
    const result = audit.auditFilterInput.safeParse({ actor: 'ali\u0000ce' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['actor']);
  });

  it('a cursor with a time the database cannot hold starts from the newest event, never an error', async () => {
    for (const at of ['-100000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '0000-01-01T00:00:00.000Z']) {
      const forged = Buffer.from(`${at}|zzzz`).toString('base64url');
      const page = await audit.auditPage(ctxFor('ten_b'), parse({ cursor: forged }), 200);
      expect(page.events.map((e) => e.target).sort()).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    }
  });

  it('year 0 is not a day to filter on (the database has none): a field error, never a database error', async () => {
    const result = audit.auditFilterInput.safeParse({ from: '0000-01-01' });
    expect(result.success).toBe(false);
    expect((await audit.auditPage(ACME, parse({ from: '0001-01-01' }), 200)).events).toHaveLength(130);
    expect((await audit.auditPage(ACME, parse({ to: '9999-12-31' }), 200)).events).toHaveLength(130);
  });

  it.each([
    [{ action: 'drop table' }, 'action'],
    [{ from: '2026-13-45' }, 'from'],
    [{ from: '2026-02-30' }, 'from'],
    [{ from: 'yesterday' }, 'from'],
    [{ from: '2026-03-05', to: '2026-03-01' }, 'to'],
    [{ actor: 'x'.repeat(201) }, 'actor'],
  ])('bad filter %j is a field error on %s', (raw, field) => {
    const result = audit.auditFilterInput.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual([field]);
  });
});

describe('export encodings', () => {
  it('CSV quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(audit.csvField('plain')).toBe('plain');
    expect(audit.csvField('a,b')).toBe('"a,b"');
    expect(audit.csvField('say "hi"')).toBe('"say ""hi"""');
    expect(audit.csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(audit.csvField('-1+2')).toBe("'-1+2");
  });

  it('JSON lines are one parseable object per line', async () => {
    const all: string[] = [];
    for await (const e of audit.auditEvents(ACME, parse({ action: 'member.login' }), 7)) all.push(audit.jsonLine(e, { id: ACME.tenant.tenantId, slug: ACME.tenant.slug }));
    expect(all).toHaveLength(86);
    for (const line of all) expect(JSON.parse(line)).toMatchObject({ schema: 'tenantry.audit/v1', action: 'member.login', time: expect.any(String), organization: { id: ACME.tenant.tenantId } });
  });
});
