// npm run bench: starts the built app (next start) and the local tenant on their own ports
// and measures, in one run:
//   (a) GET /api/projects on a tenant host with a bearer token, 20 projects in the org
//   (b) a bare route handler returning the same JSON (no auth, no database)
//   (c) the signed-in projects page
//   (d) the admin's members list from the Membership mirror: page 73 and a search among
//       5,000 members (library level, its own throw-away database; target under 1,500 ms)
// Prints requests/s and p50/p99 latency for each, the ratio (a)/(b), and how many
// Management API calls the local tenant saw during (a) and (c) (the target is zero).
// `npm run bench -- members` runs only (d), without building or starting the app.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import autocannon from 'autocannon';
import { waitFor } from './stack';
import { call, machineToken } from '../e2e/support/http';
import { signInProgrammatically } from '../e2e/support/session';

const APP_PORT = 3200;
const AUTH_PORT = 4200;
const ROOT = `localhost:${APP_PORT}`;
const AUTH = `http://localhost:${AUTH_PORT}`;
const DATA = '.data/bench';
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

const env = {
  ...process.env,
  NODE_ENV: 'production' as const,
  ROOT_DOMAIN: ROOT,
  AUTH0_DOMAIN: AUTH,
  AUTH0_CLIENT_ID: 'tenantry-local-app',
  AUTH0_CLIENT_SECRET: 'local-app-secret-not-for-production-0000000000',
  AUTH0_SECRET: 'bench-session-secret-0123456789abcdef0123456789abcdef',
  AUTH0_M2M_CLIENT_ID: 'tenantry-local-m2m',
  AUTH0_M2M_CLIENT_SECRET: 'local-m2m-secret-not-for-production-0000000000',
  PGLITE_DATA_DIR: `${DATA}/pglite`,
};

interface Result { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number }

async function measure(name: string, url: string, headers: Record<string, string>): Promise<Result> {
  const target = new URL(url);
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}${target.pathname}`,
    headers: { host: target.host, ...headers },
    connections: CONNECTIONS,
    duration: DURATION,
  });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

async function managementCalls(): Promise<number> {
  const response = await fetch(`${AUTH}/__local/stats`);
  return ((await response.json()) as { management_api_requests: number }).management_api_requests;
}

/** (d) listMembers over 5,000 members: the figure the unit test used to assert. */
async function memberListScenario(): Promise<string> {
  const { createMigratedTestDatabase } = await import('../lib/testing/database');
  const database = await createMigratedTestDatabase();
  Object.assign(process.env, database.env);
  const { ownerDb, closeDb } = await import('../lib/db/client');
  const { listMembers } = await import('../lib/admin/members');
  try {
    const prisma = await ownerDb(); // seeding across tenants: the owner, not bound by row-level security
    await prisma.organization.create({ data: { id: 'ten_big', auth0OrgId: 'org_big0000000000001', slug: 'bigco', displayName: 'Big Co' } });
    await prisma.membership.createMany({
      data: Array.from({ length: 5000 }, (_, i) => ({ orgId: 'ten_big', userId: `auth0|big${i}`, email: `person${String(i).padStart(4, '0')}@big.test`, name: `Person ${i}`, roles: ['org_member'] })),
    });
    const ctx = {
      tenant: { slug: 'bigco', auth0OrgId: 'org_big0000000000001', tenantId: 'ten_big' },
      principal: { kind: 'user' as const, id: 'auth0|big0', email: 'person0000@big.test', name: 'Person 0' },
      roles: ['org_admin' as const], permissions: new Set<never>(), can: () => true, via: 'session' as const,
    } as unknown as Parameters<typeof listMembers>[0];
    await listMembers(ctx); // warm-up
    const started = performance.now();
    await listMembers(ctx, { page: 73 });
    await listMembers(ctx, { q: 'person4999' });
    const elapsed = performance.now() - started;
    return `(d) members list, page 73 + search of 5,000 members: ${elapsed.toFixed(0)} ms (target < 1,500 ms, ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'})`;
  } finally {
    await closeDb();
    await database.drop();
  }
}

async function main() {
  if (process.argv.includes('members')) {
    console.log(await memberListScenario());
    return;
  }
  if (!existsSync('.next/BUILD_ID') || process.env.BENCH_BUILD !== '0') {
    console.log('bench: building the app');
    const build = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  rmSync(DATA, { recursive: true, force: true });
  const server = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/serve.ts'], {
    env: { ...env, SERVE_APP_PORT: String(APP_PORT), SERVE_DATA_DIR: DATA }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = () => server.kill('SIGTERM');
  process.on('exit', stop);
  try {
    await waitFor(`http://localhost:${APP_PORT}/api/health`, 'The app', 120_000);
    const org = (await call(`http://${ROOT}/api/internal/tenants/acme`)).json<{ auth0OrgId: string }>().auth0OrgId;
    const token = await machineToken(AUTH, { clientId: 'tenantry-local-api-client', clientSecret: 'local-api-client-secret-not-for-production-000', audience: 'https://api.tenantry.local', organization: org });
    const acme = `http://acme.${ROOT}`;
    for (let i = 1; i <= 20; i++) {
      const r = await call(`${acme}/api/projects`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: `Bench project ${i}`, description: 'A project used to measure the cost of the framework alone.' }) });
      if (r.status !== 201) throw new Error(`seeding project ${i}: ${r.status} ${r.body}`);
    }
    const cookie = await signInProgrammatically(acme, 'alice@acme.test', 'Tenantry-demo-1');
    // Warm up each route once (compilation caches, JWKS, membership row).
    await call(`${acme}/api/projects`, { headers: { authorization: `Bearer ${token}` } });
    await call(`${acme}/projects`, { headers: { cookie } });
    await call(`${acme}/api/baseline`);

    const before = await managementCalls();
    const a = await measure('(a) GET /api/projects, bearer token', `${acme}/api/projects`, { authorization: `Bearer ${token}` });
    const afterA = await managementCalls();
    const b = await measure('(b) bare route handler, same JSON', `${acme}/api/baseline`, {});
    const beforeC = await managementCalls();
    const c = await measure('(c) signed-in projects page', `${acme}/projects`, { cookie });
    const afterC = await managementCalls();

    const rows = [a, b, c];
    const pad = (s: string, n: number) => s.padEnd(n);
    console.log(`\n${pad('scenario', 40)} ${pad('req/s', 9)} ${pad('p50 ms', 8)} ${pad('p99 ms', 8)} errors/non-2xx`);
    for (const r of rows) console.log(`${pad(r.name, 40)} ${pad(r.rps.toFixed(0), 9)} ${pad(String(r.p50), 8)} ${pad(String(r.p99), 8)} ${r.errors}/${r.non2xx}`);
    console.log(`\nratio (a)/(b): ${(a.rps / b.rps).toFixed(2)} (target >= 0.5)`);
    console.log(`Management API calls during (a): ${afterA - before}, during (c): ${afterC - beforeC} (target 0)`);
    console.log(`(${CONNECTIONS} connections, ${DURATION} s each, ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'})`);
    console.log(await memberListScenario());
    if (rows.some((r) => r.errors > 0 || r.non2xx > 0)) process.exitCode = 1;
  } finally {
    stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
