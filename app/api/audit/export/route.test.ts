// The audit export: only audit:read within the caller's own organization; CSV and JSON Lines;
// bad filters are 400 with field errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestIssuer } from '@/lib/testing/issuer';
import { ACME, ALL, GLOBEX, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import { CLAIMS } from '@/lib/auth/claims';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';

let issuer: TestIssuer;
let route: typeof import('@/app/api/audit/export/route');

const noParams = { params: Promise.resolve({}) } as never;
async function get(user: string, org: typeof ACME, query: string, host = org) {
  const token = await issuer.sign({ sub: user, org_id: org.auth0OrgId, permissions: ALL, [CLAIMS.tenantId]: org.tenantId });
  const headers = new Headers({ authorization: `Bearer ${token}`, [TENANT_HEADERS.slug]: host.slug, [TENANT_HEADERS.auth0OrgId]: host.auth0OrgId, [TENANT_HEADERS.tenantId]: host.tenantId });
  return route.GET(new Request(`http://${host.slug}.localhost:3000/api/audit/export?${query}`, { headers }), noParams);
}

beforeAll(async () => {
  const environment = await startWorld({ auth0: 'stand-in-issuer' });
  issuer = environment.issuer;
  const prisma = environment.prisma;
  route = await import('@/app/api/audit/export/route');
  await seedAcmeAndGlobex(prisma);
  await prisma.auditEvent.createMany({
    data: [
      { tenantId: ACME.tenantId, actor: 'auth0|alice', actorName: 'Alice, Admin', action: 'invitation.created', target: 'x@example.test', details: { roles: ['org_member'] }, createdAt: new Date('2026-02-01T10:00:00Z') },
      { tenantId: ACME.tenantId, actor: 'auth0|alice', actorName: 'Alice, Admin', action: 'member.removed', target: 'auth0|bob', createdAt: new Date('2026-02-02T10:00:00Z') },
      { tenantId: GLOBEX.tenantId, actor: 'auth0|gina', action: 'organization.updated', target: 'globex' },
    ],
  });
});

afterAll(stopWorld);

describe('GET /api/audit/export', () => {
  it('exports the org’s events as CSV, newest first, as a download', async () => {
    const response = await get('auth0|alice', ACME, 'format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-acme-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('time,action,actor,actorName,target,details');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['member.removed', 'invitation.created']);
    expect(lines[2]).toContain('"Alice, Admin"');
  });

  it('exports JSON Lines (tenantry.audit/v1 events) with the same filters as the page', async () => {
    const response = await get('auth0|alice', ACME, 'format=jsonl&action=invitation.created&from=2026-02-01&to=2026-02-01');
    const rows = (await response.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toEqual([expect.objectContaining({
      schema: 'tenantry.audit/v1', action: 'invitation.created', target: { type: 'email', id: 'x@example.test' }, data: { roles: ['org_member'] },
      actor: { type: 'user', id: 'auth0|alice', name: 'Alice, Admin' }, organization: { id: ACME.tenantId, slug: 'acme' },
    })]);
  });

  it('refuses a member without audit:read (403)', async () => {
    expect((await get('auth0|bob', ACME, 'format=csv')).status).toBe(403);
  });

  it('refuses another organization’s admin (403), however they try', async () => {
    expect((await get('auth0|gina', GLOBEX, 'format=csv', ACME)).status).toBe(403);
    expect((await get('auth0|gina', ACME, 'format=csv')).status).toBe(403);
  });

  it('bad filters are 400 with field errors', async () => {
    const response = await get('auth0|alice', ACME, 'format=xml&from=tomorrow');
    expect(response.status).toBe(400);
    expect((await response.json()).fields).toMatchObject({ format: [expect.any(String)], from: [expect.any(String)] });
  });
});
