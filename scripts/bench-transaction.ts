// The cost of one tenant transaction, measured in one process so both sides share the
// machine's load: withTenant (the tenant set by the statement that opens the transaction,
// lib/db/adapter.ts) against the same transaction with set_config as a statement of its own
// (as withTenant did before), interleaved in rounds. Each side runs a transaction with a
// findMany of 20 projects, as GET /api/projects does.
//   node --conditions=react-server --import tsx scripts/bench-transaction.ts   (PGlite)
//   TEST_DATABASE_URL=postgres://... node --conditions=react-server --import tsx scripts/bench-transaction.ts
import { createMigratedTestDatabase } from '@/lib/testing/database';
// config() wants a complete configuration; only the database is used.
Object.assign(process.env, { ROOT_DOMAIN: 'localhost:3200', AUTH0_DOMAIN: 'http://localhost:4200', AUTH0_CLIENT_ID: 'x', AUTH0_CLIENT_SECRET: 'x', AUTH0_SECRET: 'bench-session-secret-0123456789abcdef0123456789abcdef', AUTH0_M2M_CLIENT_ID: 'x', AUTH0_M2M_CLIENT_SECRET: 'x', TENANTRY_API_AUDIENCE: 'https://api.tenantry.test' });
const database = await createMigratedTestDatabase();
Object.assign(process.env, database.env);
const client = await import('@/lib/db/client');
const scope = await import('@/lib/data/scope');
const A = 'ten_a';
const owner = await client.ownerDb();
await owner.organization.create({ data: { id: A, slug: 'ten-a', auth0OrgId: 'org_a', displayName: 'A' } });
await owner.project.createMany({ data: Array.from({ length: 20 }, (_, i) => ({ tenantId: A, name: `P${i}`, createdBy: 'x' })) });
const app = await client.db();
const oldWay = () => app.$transaction(async (tx) => { await tx.$queryRaw`SELECT set_config('app.tenant_id', ${A}, true)`; return tx.project.findMany({ where: { tenantId: A } }); }, { maxWait: 10_000, timeout: 10_000 });
const newWay = () => scope.withTenant(A, (t) => t.projects.findMany());
if ((await oldWay()).length !== 20 || (await newWay()).length !== 20) throw new Error('not 20');
const times: Record<string, number[]> = { old: [], new: [] };
const ROUNDS = Number(process.env.AB_ROUNDS ?? 30), N = 40;
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, f] of (r % 2 ? [['old', oldWay], ['new', newWay]] : [['new', newWay], ['old', oldWay]]) as [string, () => Promise<unknown>][]) {
    const s = performance.now();
    for (let i = 0; i < N; i++) await f();
    times[name]!.push((performance.now() - s) / N);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const ratios = times.new!.map((t, i) => t / times.old![i]!);
console.log(`${process.env.TEST_DATABASE_URL ? 'Postgres' : 'PGlite'}: per withTenant+findMany(20), median of ${ROUNDS} interleaved rounds of ${N}: old ${med(times.old!).toFixed(3)} ms, new ${med(times.new!).toFixed(3)} ms; median per-round ratio new/old ${med(ratios).toFixed(2)}; min old ${Math.min(...times.old!).toFixed(3)} new ${Math.min(...times.new!).toFixed(3)}`);
await client.closeDb();
await database.drop();
