// npm test: lint (ESLint, with the import boundaries), unit and integration tests (vitest),
// then a production build and the browser tests (Playwright, Debian's Chromium). With
// TEST_DATABASE_URL set, both run on that Postgres (each in databases of their own);
// otherwise on embedded PGlite.
// Prints one summary line and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { appEnv } from '../e2e/support/env';

interface Outcome { name: string; passed: number; failed: number; ok: boolean }

function run(name: string, command: string, args: string[], env: Record<string, string | undefined>, parse: (out: string) => [number, number]): Outcome {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  process.stdout.write(result.stdout ?? '');
  const [passed, failed] = parse(result.stdout ?? '');
  return { name, passed, failed, ok: result.status === 0 };
}

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
// ESLint prints nothing when clean, and "✖ N problems" otherwise.
const eslintCounts = (out: string): [number, number] => [0, Number(/(\d+) problems?/.exec(strip(out))?.[1] ?? 0)];
const vitestCounts = (out: string): [number, number] => {
  const line = strip(out).split('\n').find((l) => /^\s*Tests\s/.test(l)) ?? '';
  return [Number(/(\d+) passed/.exec(line)?.[1] ?? 0), Number(/(\d+) failed/.exec(line)?.[1] ?? 0)];
};
const playwrightCounts = (out: string): [number, number] => {
  const text = strip(out);
  return [Number(/(\d+) passed/.exec(text)?.[1] ?? 0), Number(/(\d+) failed/.exec(text)?.[1] ?? 0)];
};

async function withE2eDatabase<T>(run: (url: string | undefined) => T): Promise<T> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return run(undefined);
  const name = `tenantry_e2e_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  try {
    return run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

async function main() {
  const started = Date.now();
  const outcomes: Outcome[] = [];
  const only = process.argv[2]; // "unit" | "e2e" | undefined (both)
  if (only !== 'e2e') outcomes.push(run('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings', '0'], {}, eslintCounts));
  if (only !== 'e2e') outcomes.push(run('unit and integration', process.execPath, ['node_modules/vitest/vitest.mjs', 'run'], {}, vitestCounts));
  if (only !== 'unit') {
    await withE2eDatabase((databaseUrl) => {
      const env = { ...appEnv(databaseUrl), E2E_DATABASE_URL: databaseUrl, NODE_OPTIONS: undefined };
      const build = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { env: { ...process.env, ...env }, stdio: 'inherit' });
      if (build.status !== 0) {
        outcomes.push({ name: 'build', passed: 0, failed: 1, ok: false });
        return;
      }
      outcomes.push(run('browser', process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], env, playwrightCounts));
    });
  }
  const passed = outcomes.reduce((n, o) => n + o.passed, 0);
  const failed = outcomes.reduce((n, o) => n + o.failed, 0);
  const ok = outcomes.every((o) => o.ok) && failed === 0;
  const summary = (o: Outcome) => (o.name === 'lint' ? `lint: ${o.failed ? `${o.failed} problems` : 'no problems'}` : `${o.name}: ${o.passed} passed, ${o.failed} failed`);
  console.log(`\n${outcomes.map((o) => `${summary(o)}${o.ok ? '' : ' (FAILED)'}`).join('\n')}`);
  console.log(`(${Math.round((Date.now() - started) / 1000)} s${process.env.TEST_DATABASE_URL ? ', Postgres' : ', PGlite'})`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
