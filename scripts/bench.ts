// npm run bench: builds the app, starts it (next start) with a fresh local tenant on ports
// 3200/4200 and the bench routes on (BENCH_ROUTES=1), and measures with autocannon, in one run:
//   (b0)  /api/bench/ceiling: 20 made-up projects as JSON, outside middleware (the framework's ceiling)
//   (b1)  /api/bench/floor: the same answer through a middleware that returns at once (the
//         framework's floor for any middleware: none of our steps run)
//   (b)   /api/baseline: the same answer through middleware on a tenant host
//   (a)   GET /api/projects on a tenant host with a machine token (20 projects in the org)
//   (a-user) the same with a user's access token (membership checked)
//   (c)   the signed-in projects page (session cookie)
//   (c0)  /bench: a dynamic tenant page shaped like it, with no sign-in and no database
//   (m1), (m2) the admin's members page with 5,000 more members: first page, and a search
//   (s)   sign-up's slug check on the apex
// Scenarios run interleaved in short rounds (each round in a rotated order), so a noisy
// neighbour hits every side alike; the table shows the median of the rounds. It prints the
// ratios against their targets, the session cookie's size and the Management API calls the
// local tenant saw during each scenario, as a markdown table for the README.
//
//   npm run bench -- [--database pglite|postgres] [--rounds 3] [--seconds 5] [--connections 10] [--only b0,b,a]
// --database postgres runs on a database of its own made on TEST_DATABASE_URL (dropped after).
// BENCH_BUILD=0 reuses an existing build. SERVE_NODE_ARGS passes node flags to the app (profiling).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { waitFor } from './stack';
import { BENCH_MEMBERS, BENCH_MEMBER_SEARCH } from './bench-seed';
import { auth0OrgIdOf, call, machineToken } from '../e2e/support/http';
import { signInProgrammatically } from '../e2e/support/session';
import { login } from '../auth0-local/testing/sign-in';
import type { LocalTenant } from '../auth0-local/src/server';
import { API_AUDIENCE, API_CLIENT, APP_CLIENT, DEMO_PASSWORD, MANAGEMENT_CLIENT } from '../lib/testing/seeded';

const { values: options } = parseArgs({
  options: {
    database: { type: 'string', default: 'pglite' },
    rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '3' },
    seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '5' },
    connections: { type: 'string', default: process.env.BENCH_CONNECTIONS ?? '10' },
    only: { type: 'string' },
  },
});
const ROUNDS = Number(options.rounds);
const SECONDS = Number(options.seconds);
const CONNECTIONS = Number(options.connections);
if (!['pglite', 'postgres'].includes(options.database!) || !(ROUNDS >= 1) || !(SECONDS >= 1) || !(CONNECTIONS >= 1)) {
  throw new Error('usage: npm run bench -- [--database pglite|postgres] [--rounds N] [--seconds N] [--connections N] [--only b0,b,...]');
}

const APP_PORT = 3200;
const AUTH_PORT = 4200;
const ROOT = `localhost:${APP_PORT}`;
const AUTH = `http://localhost:${AUTH_PORT}`;
const APEX = `http://${ROOT}`;
const ACME = `http://acme.${ROOT}`;
const DATA = '.data/bench';

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  NODE_OPTIONS: undefined,
  ROOT_DOMAIN: ROOT,
  AUTH0_DOMAIN: AUTH,
  AUTH0_CLIENT_ID: APP_CLIENT.id,
  AUTH0_CLIENT_SECRET: APP_CLIENT.secret,
  AUTH0_SECRET: 'bench-session-secret-0123456789abcdef0123456789abcdef',
  AUTH0_M2M_CLIENT_ID: MANAGEMENT_CLIENT.id,
  AUTH0_M2M_CLIENT_SECRET: MANAGEMENT_CLIENT.secret,
  TENANTRY_API_AUDIENCE: API_AUDIENCE,
  DATABASE_URL: undefined,
  PGLITE_DATA_DIR: `${DATA}/pglite`,
};

interface Scenario {
  key: string;
  label: string;
  url: string;
  headers?: Record<string, string>;
  /** Checked once before measuring: the answer is the real one, not an error page. */
  expect: (body: string) => boolean;
}
interface Round { rps: number; p50: number; p99: number; errors: number; non2xx: number; management: number }

async function measureOnce(scenario: Scenario): Promise<Omit<Round, 'management'>> {
  const target = new URL(scenario.url);
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}${target.pathname}${target.search}`,
    headers: { host: target.host, ...scenario.headers },
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

async function managementCalls(): Promise<number> {
  const response = await fetch(`${AUTH}/__local/stats`);
  return ((await response.json()) as { management_api_requests: number }).management_api_requests;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** A database of its own on TEST_DATABASE_URL, dropped after (as scripts/test.ts does). */
async function postgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('--database postgres needs TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test)');
  const name = `tenantry_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end();
    },
  };
}

/** A user's access token for the Tenantry API, bound to `organization`: authorization code + PKCE at the local tenant. */
async function userAccessToken(email: string, organization: string): Promise<string> {
  const tenant = { issuer: `${AUTH}/` } as LocalTenant;
  const { tokens } = await login(tenant, email, { organization, audience: API_AUDIENCE, scope: 'openid projects:read' }, DEMO_PASSWORD);
  return tokens.access_token;
}

/** The session cookie's bytes as the browser sends them (name=value of every chunk). */
function sessionCookieSize(cookieHeader: string): { bytes: number; chunks: number } {
  const parts = cookieHeader.split(';').map((c) => c.trim()).filter((c) => c.startsWith('__session'));
  return { bytes: parts.reduce((n, c) => n + Buffer.byteLength(c), 0), chunks: parts.length };
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function main() {
  const postgres = options.database === 'postgres';
  if (!existsSync('.next/BUILD_ID') || process.env.BENCH_BUILD !== '0') {
    console.log('bench: building the app');
    const build = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  const database = postgres ? await postgresDatabase() : null;
  if (database) Object.assign(env, { DATABASE_URL: database.url, PGLITE_DATA_DIR: undefined });
  rmSync(DATA, { recursive: true, force: true });
  const server = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/serve.ts'], {
    env: { ...env, BENCH_ROUTES: '1', SERVE_SEED: 'scripts/bench-seed.ts', SERVE_APP_PORT: String(APP_PORT), SERVE_DATA_DIR: DATA },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const kill = () => server.kill('SIGTERM');
  process.on('exit', kill);
  try {
    // Generous: seeding 5,000 members (and their search index) on a busy machine takes minutes.
    // But not for an app that has already exited.
    const exited = new Promise<never>((_, reject) => server.once('exit', (code) => reject(new Error(`The app exited (${code}) before it served`))));
    await Promise.race([waitFor(`http://localhost:${APP_PORT}/api/health`, 'The app', 600_000), exited]);
    await run();
  } finally {
    await stopped(server);
    await database?.drop();
  }
}

async function run() {
  const org = await auth0OrgIdOf(APEX, 'acme', env.AUTH0_SECRET!);
  const machine = await machineToken(AUTH, { clientId: API_CLIENT.id, clientSecret: API_CLIENT.secret, audience: API_AUDIENCE, organization: org });
  for (let i = 1; i <= 20; i++) {
    const r = await call(`${ACME}/api/projects`, { method: 'POST', headers: { authorization: `Bearer ${machine}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: `Bench project ${i}`, description: 'A project used to measure the cost of the framework alone.' }) });
    if (r.status !== 201) throw new Error(`seeding project ${i}: ${r.status} ${r.body}`);
  }
  const user = await userAccessToken('alice@acme.test', org);
  const cookie = await signInProgrammatically(ACME, 'alice@acme.test', DEMO_PASSWORD);
  const session = sessionCookieSize(cookie);
  const projectList = (body: string) => { try { return (JSON.parse(body) as { projects: unknown[] }).projects.length === 20; } catch { return false; } };

  const scenarios: Scenario[] = [
    { key: 'b0', label: 'framework ceiling, no middleware (`/api/bench/ceiling`)', url: `${ACME}/api/bench/ceiling`, expect: projectList },
    { key: 'b1', label: 'same JSON, a middleware that returns at once (`/api/bench/floor`)', url: `${ACME}/api/bench/floor`, expect: projectList },
    { key: 'b', label: 'same JSON through middleware, tenant host (`/api/baseline`)', url: `${ACME}/api/baseline`, expect: projectList },
    { key: 'a', label: '`GET /api/projects`, machine token', url: `${ACME}/api/projects`, headers: { authorization: `Bearer ${machine}` }, expect: projectList },
    { key: 'a-user', label: '`GET /api/projects`, user access token', url: `${ACME}/api/projects`, headers: { authorization: `Bearer ${user}` }, expect: projectList },
    { key: 'c', label: 'signed-in projects page (session cookie)', url: `${ACME}/projects`, headers: { cookie }, expect: (b) => b.includes('Bench project 20') },
    { key: 'c0', label: 'dynamic tenant page, no auth (`/bench`)', url: `${ACME}/bench`, expect: (b) => b.includes('Project 20') },
    { key: 'm1', label: `members page, ${BENCH_MEMBERS.toLocaleString('en')} members: first page`, url: `${ACME}/settings/members`, headers: { cookie }, expect: (b) => b.includes('data-email="person0000@bench.test"') },
    { key: 'm2', label: `members page, ${BENCH_MEMBERS.toLocaleString('en')} members: search`, url: `${ACME}/settings/members?q=${BENCH_MEMBER_SEARCH}`, headers: { cookie }, expect: (b) => b.includes(`data-email="${BENCH_MEMBER_SEARCH}@bench.test"`) },
    { key: 's', label: 'sign-up slug check (`/api/slug-availability`)', url: `${APEX}/api/slug-availability?slug=bench-free-slug`, expect: (b) => b.includes('"available":true') },
  ];
  const only = options.only?.split(',');
  const selected = only ? scenarios.filter((s) => only.includes(s.key)) : scenarios;

  // One request each first: checks the answer and warms caches (JWKS, membership, compiled routes).
  const sizes = new Map<string, number>();
  for (const s of selected) {
    const r = await call(s.url, { headers: s.headers });
    if (r.status !== 200 || !s.expect(r.body)) throw new Error(`(${s.key}) ${s.url}: ${r.status} ${r.body.slice(0, 400)}`);
    sizes.set(s.key, Buffer.byteLength(r.body));
  }

  const loadBefore = loadavg()[0]!;
  const rounds = new Map<string, Round[]>(selected.map((s) => [s.key, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...selected.slice(round % selected.length), ...selected.slice(0, round % selected.length)];
    for (const s of order) {
      const before = await managementCalls();
      const measured = await measureOnce(s);
      rounds.get(s.key)!.push({ ...measured, management: (await managementCalls()) - before });
      process.stdout.write(`bench: round ${round + 1}/${ROUNDS} (${s.key}) ${measured.rps.toFixed(0)} req/s\n`);
    }
  }

  const summary = new Map(selected.map((s) => {
    const rs = rounds.get(s.key)!;
    return [s.key, {
      rps: median(rs.map((r) => r.rps)), rpsMin: Math.min(...rs.map((r) => r.rps)), rpsMax: Math.max(...rs.map((r) => r.rps)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)),
      errors: rs.reduce((n, r) => n + r.errors, 0), non2xx: rs.reduce((n, r) => n + r.non2xx, 0), management: rs.reduce((n, r) => n + r.management, 0),
    }];
  }));

  const lines: string[] = [];
  const dbName = options.database === 'postgres' ? 'Postgres' : 'PGlite (embedded)';
  lines.push(`| | scenario | req/s (rounds' range) | p50 ms | p99 ms | errors / non-2xx | Management API calls |`, '| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const s of selected) {
    const r = summary.get(s.key)!;
    const range = ROUNDS > 1 ? ` (${r.rpsMin.toFixed(0)}–${r.rpsMax.toFixed(0)})` : '';
    lines.push(`| (${s.key}) | ${s.label} | ${r.rps.toFixed(0)}${range} | ${r.p50} | ${r.p99} | ${r.errors} / ${r.non2xx} | ${r.management} |`);
  }
  const ratio = (x: string, y: string, target: number | null, what = `(${x})/(${y}) req/s`) => {
    const a = summary.get(x);
    const b = summary.get(y);
    if (!a || !b) return null;
    const value = a.rps / b.rps;
    if (target === null) return `| ${what} | ${value.toFixed(2)} | | |`;
    return `| ${what} | ${value.toFixed(2)} | ≥ ${target} | ${value >= target ? 'met' : '**missed**'} |`;
  };
  const apiTarget = options.database === 'postgres' ? 0.7 : 0.6;
  const ratios = [
    ratio('a', 'b0', apiTarget),
    ratio('a', 'b', apiTarget),
    ratio('a-user', 'b0', apiTarget),
    ratio('c', 'c0', 0.7),
    ratio('b', 'b0', null, '(b)/(b0) req/s: what middleware alone leaves'),
    ratio('b1', 'b0', null, '(b1)/(b0) req/s: what any middleware leaves (the floor)'),
    ratio('a', 'b1', null, '(a)/(b1) req/s: against the floor'),
    ratio('a-user', 'b1', null, '(a-user)/(b1) req/s: against the floor'),
  ].filter(Boolean) as string[];
  const a = summary.get('a');
  const b0 = summary.get('b0');
  if (a && b0) ratios.push(`| p99 (a) / p99 (b0) | ${(a.p99 / b0.p99).toFixed(2)} | ≤ 2 | ${a.p99 <= 2 * b0.p99 ? 'met' : '**missed**'} |`);
  for (const key of ['m1', 'm2']) {
    const m = summary.get(key);
    if (m) ratios.push(`| p50 (${key}) ms | ${m.p50} | ≤ 150 | ${m.p50 <= 150 ? 'met' : '**missed**'} |`);
  }
  ratios.push(`| session cookie bytes (${session.chunks} ${session.chunks === 1 ? 'chunk' : 'chunks'}) | ${session.bytes} | ≤ 4096 | ${session.bytes <= 4096 ? 'met' : '**missed**'} |`);
  const outsideSignUp = selected.filter((s) => s.key !== 's').reduce((n, s) => n + summary.get(s.key)!.management, 0);
  ratios.push(`| Management API calls outside sign-up | ${outsideSignUp} | 0 | ${outsideSignUp === 0 ? 'met' : '**missed**'} |`);

  const cpu = cpus();
  console.log(`\n${lines.join('\n')}\n\n| measure | value | target | |\n| --- | ---: | ---: | --- |\n${ratios.join('\n')}\n`);
  console.log(`${dbName}; median of ${ROUNDS} rounds × ${SECONDS} s per scenario, ${CONNECTIONS} connections; ` +
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
    `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
  const pages = ['c', 'c0', 'm1', 'm2'].filter((k) => sizes.has(k));
  if (pages.length) console.log(`Page sizes (HTML): ${pages.map((k) => `(${k}) ${sizes.get(k)} bytes`).join(', ')}.`);
  if ([...summary.values()].some((r) => r.errors > 0 || r.non2xx > 0)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
