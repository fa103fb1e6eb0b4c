// The members page's search at scale: the plan Postgres chooses for the exact SQL the search
// runs (as the app's role, under row-level security, after ANALYZE, nothing forced) uses the
// search index, never a sequential scan; and it finds what the plain ILIKE found, in one
// tenant only. On PGlite and on Postgres (TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMigratedTestDatabase, type TestDatabase } from '@/lib/testing/database';

type ClientModule = typeof import('@/lib/db/client');
type ScopeModule = typeof import('@/lib/data/scope');
type MembershipsModule = typeof import('@/lib/data/memberships');

let database: TestDatabase;
let client: ClientModule;
let scope: ScopeModule;
let memberships: MembershipsModule;
const A = 'ten_a';
const B = 'ten_b';
const MEMBERS = 3000;

beforeAll(async () => {
  database = await createMigratedTestDatabase();
  vi.resetModules();
  for (const [k, v] of Object.entries(database.env)) vi.stubEnv(k, v);
  client = await import('@/lib/db/client');
  scope = await import('@/lib/data/scope');
  memberships = await import('@/lib/data/memberships');
  const owner = await client.ownerDb();
  for (const id of [A, B]) await owner.organization.create({ data: { id, slug: id.replace('_', '-'), auth0OrgId: `org_${id}`, displayName: id } });
  const people = (tenantId: string, domain: string, count: number) =>
    Array.from({ length: count }, (_, i) => ({ tenantId, userId: `auth0|${domain}${i}`, email: `person${String(i).padStart(4, '0')}@${domain}`, name: `Person ${i}`, roles: ['org_member'], source: 'admin' }));
  await owner.membership.createMany({ data: people(A, 'a.test', MEMBERS) });
  // Most rows are A's, as in the bench: the planner's cheapest plan could well be a pass over them all.
  await owner.membership.createMany({ data: people(B, 'b.test', 300) });
  await owner.membership.createMany({
    data: [
      { tenantId: A, userId: 'auth0|zoe', email: 'q.marks@example.org', name: 'Zoë Quux', roles: [], source: 'admin' },
      { tenantId: A, userId: 'auth0|gone', email: 'quux.gone@example.org', name: 'Gone Quux', roles: [], source: 'admin', removedAt: new Date() },
      { tenantId: A, userId: 'auth0|under', email: 'under_score@example.org', name: null, roles: [], source: 'admin' },
      { tenantId: B, userId: 'auth0|zed', email: 'zed@example.org', name: 'Zed Quux', roles: [], source: 'admin' },
    ],
  });
  await owner.$executeRawUnsafe('ANALYZE');
}, 120_000);

afterAll(async () => {
  await client?.closeDb();
  await database?.drop();
  vi.unstubAllEnvs();
});

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };
const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

async function plan(sql: ReturnType<MembershipsModule['memberSearchSql']>): Promise<PlanNode[]> {
  const { Prisma } = await import('@/lib/db/generated/client');
  const [row] = await scope.withTenant(A, (t) => scope.transactionOf(t).$queryRaw<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(Prisma.sql`EXPLAIN (FORMAT JSON) ${sql}`));
  return nodes(row!['QUERY PLAN'][0].Plan);
}

const search = (q: string, page = 1, pageSize = 50) => scope.withTenant(A, (t) => memberships.memberPage(t, { q, page, pageSize }));

describe(`members search on ${process.env.TEST_DATABASE_URL ? 'Postgres' : 'PGlite'}, ${MEMBERS.toLocaleString('en')} members in one tenant and 300 in another`, () => {
  it('runs as the app role, under row-level security', async () => {
    const [role] = await (await client.db()).$queryRaw<{ name: string }[]>`SELECT current_user AS name`;
    expect(role?.name).toBe('tenantry_app');
  });

  for (const select of ['count', { limit: 50, offset: 0 }] as const) {
    it(`the ${select === 'count' ? 'count' : 'page'} query uses the search index and scans no table whole`, async () => {
      const steps = await plan(memberships.memberSearchSql(A, 'person0042', select));
      const seqScans = steps.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name']);
      expect(seqScans).toEqual([]);
      expect(steps.some((n) => n['Relation Name'] === 'MembershipTrigram' && /Index/.test(n['Node Type']))).toBe(true);
    });
  }

  it('finds by part of the email or the name, in any case, active members of this tenant only', async () => {
    const emails = async (q: string) => (await search(q)).rows.map((r) => r.email);
    expect(await emails('PERSON0042@')).toEqual(['person0042@a.test']);
    expect(await emails('Q.MARKS')).toEqual(['q.marks@example.org']);
    expect(await emails('quux')).toEqual(['q.marks@example.org']); // the removed one and tenant B's are not found
    expect(await emails('zoë qu')).toEqual(['q.marks@example.org']);
    expect(await emails('rson 299')).toEqual(['person0299@a.test', 'person2990@a.test', 'person2991@a.test', 'person2992@a.test', 'person2993@a.test', 'person2994@a.test', 'person2995@a.test', 'person2996@a.test', 'person2997@a.test', 'person2998@a.test', 'person2999@a.test']);
    expect(await emails('b.test')).toEqual([]);
    expect(await emails('nobody-like-this')).toEqual([]);
  });

  it('counts and pages the matches like the first page does (page clamped to what exists)', async () => {
    const first = await search('@a.test', 1, 100);
    expect(first.total).toBe(MEMBERS);
    expect(first.pages).toBe(30);
    expect(first.rows.map((r) => r.email)).toEqual(Array.from({ length: 100 }, (_, i) => `person${String(i).padStart(4, '0')}@a.test`));
    const beyond = await search('@a.test', 99, 100);
    expect(beyond.page).toBe(30);
    expect(beyond.rows.at(-1)?.email).toBe('person2999@a.test');
    expect(beyond.rows[0]).toEqual({ userId: 'auth0|a.test2900', email: 'person2900@a.test', name: 'Person 2900', roles: ['org_member'], source: 'admin', lastLoginAt: null, createdAt: expect.any(Date) });
  });

  it('finds the same members as the ILIKE it replaced, wildcards and short searches included', async () => {
    for (const q of ['son00', 'under_score', 'r_s', '%', 'x%', 'Zo', 'q', '0042', 'PERSON 1']) {
      const [found, expected] = await scope.withTenant(A, async (t) => [
        await memberships.memberPage(t, { q, page: 1, pageSize: 100 }),
        await t.memberships.findMany({
          where: { removedAt: null, OR: [{ email: { contains: q, mode: 'insensitive' } }, { name: { contains: q, mode: 'insensitive' } }] },
          orderBy: [{ email: 'asc' }, { userId: 'asc' }],
          take: 100,
          select: { email: true },
        }),
      ] as const);
      expect(found.rows.map((r) => r.email), q).toEqual(expected.map((r) => r.email));
    }
  });

  it('keeps the index in step when a member’s email or name changes, and when a member is deleted', async () => {
    await scope.withTenant(A, (t) => memberships.addMember(t, { userId: 'auth0|zoe', email: 'zoe@renamed.test', name: 'Zoë Q', roles: [], source: 'admin' }));
    expect((await search('renamed')).rows.map((r) => r.userId)).toEqual(['auth0|zoe']);
    expect((await search('q.marks')).rows).toEqual([]);
    await scope.withTenant(A, (t) => t.memberships.deleteMany({ where: { userId: 'auth0|zoe' } }));
    expect((await search('renamed')).rows).toEqual([]);
    const [left] = await (await client.ownerDb()).$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "MembershipTrigram" g LEFT JOIN "Membership" m ON m.id = g."membershipId" WHERE m.id IS NULL`;
    expect(left?.n).toBe(0);
  });
});
