// The bench's extra rows (loaded by scripts/serve.ts through SERVE_SEED, before the app
// starts): 5,000 more members in the seeded organization acme, written straight to the
// Membership mirror the admin's members page reads. The bench searches for one of them.
import { organizationBySlug } from '@/lib/data/directory';
import { withTenant } from '@/lib/data/scope';
import { refreshPlannerStatistics } from '@/lib/data/connection';

export const BENCH_MEMBERS = 5000;
export const BENCH_MEMBER_SEARCH = 'person4999';

export async function seed(): Promise<void> {
  const acme = await organizationBySlug('acme');
  if (!acme) throw new Error('bench: the seeded organization acme is missing');
  // In chunks, each a transaction of its own: one of 5,000 rows (and their search index) can
  // outlast withTenant's 10 s limit on a busy machine.
  let count = 0;
  for (let from = 0; from < BENCH_MEMBERS; from += SEED_CHUNK) count += await seedChunk(acme.id, from, Math.min(from + SEED_CHUNK, BENCH_MEMBERS));
  // What autovacuum would do after such a load (and on PGlite never does): plans by real sizes.
  // BENCH_ANALYZE=0 leaves it out, to compare with figures measured before it was done.
  if (process.env.BENCH_ANALYZE !== '0') await refreshPlannerStatistics();
  console.log(`bench: seeded ${count} members in acme ${process.env.BENCH_ANALYZE !== '0' ? '(and analyzed)' : '(not analyzed)'}`);
}

const SEED_CHUNK = 500;

async function seedChunk(tenantId: string, from: number, to: number): Promise<number> {
  const { count } = await withTenant(tenantId, (t) => t.memberships.createMany({
    data: Array.from({ length: to - from }, (_, k) => from + k).map((i) => ({
      tenantId,
      userId: `auth0|bench${String(i).padStart(19, '0')}`,
      email: `person${String(i).padStart(4, '0')}@bench.test`,
      name: `Person ${i}`,
      roles: ['org_member'],
      source: 'admin',
    })),
  }));
  return count;
}
