// Which paths middleware runs for, compiled by Next.js's own matcher code from middleware.ts's
// `config`. Middleware is where host checks, tenant resolution, session policy and security
// headers happen, so a path it skips skips all of them: only the bench's ceiling may be new.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { getMiddlewareRouteMatcher } from 'next/dist/shared/lib/router/utils/middleware-route-matcher';

// What `next build` compiles `config.matcher` with (not in Next.js's published types).
const { getMiddlewareMatchers } = createRequire(import.meta.url)('next/dist/build/analysis/get-page-static-info') as {
  getMiddlewareMatchers(matchers: string[], nextConfig: object): Parameters<typeof getMiddlewareRouteMatcher>[0];
};
const nextConfig = ((await import(pathToFileURL(resolve('next.config.js')).href)) as { default: object }).default;

// Only `config` is under test; the SDK client needs Next's request context to load.
vi.mock('@/lib/auth/auth0', () => ({ auth0: {} }));
const { config } = await import('./middleware');

const compile = (sources: string[]) => {
  const match = getMiddlewareRouteMatcher(getMiddlewareMatchers(sources, nextConfig));
  return (path: string) => match(path, {} as never, {});
};
const runsMiddleware = compile(config.matcher);
// The same matcher without the bench's exclusion: what every path got before it.
const BENCH_EXCLUSION = '|api/bench/ceiling$';
const withoutBenchExclusion = compile(config.matcher.map((m) => m.replace(BENCH_EXCLUSION, '')));

const CEILING = '/api/bench/ceiling';

/** Every page and route handler under app/, as the URL paths that reach it. */
function appPaths(dir = 'app', prefix = ''): string[] {
  const paths: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const segment = entry.name.replace(/^\[\.\.\.(\w+)\]$/, 'a/b').replace(/^\[(\w+)\]$/, 'x1');
      paths.push(...appPaths(join(dir, entry.name), `${prefix}/${segment}`));
    } else if (/^(page|route)\.tsx?$/.test(entry.name)) {
      const path = prefix.replace(/^\/app/, '') || '/';
      paths.push(path);
      // A tenant host's pages are served from app/tenant/ under their plain path.
      if (path.startsWith('/tenant/')) paths.push(path.slice('/tenant'.length));
    }
  }
  return paths;
}

const NEAR_MISSES = [
  '/api/bench', '/api/bench/', '/api/bench/payload', '/api/bench/ceiling/', '/api/bench/ceiling/x', '/api/bench/ceilingx',
  '/api/bench/ceiling.rsc', '/api/bench/ceiling.json', '/api/bench/ceiling.segments/a.segment.rsc', '/x/api/bench/ceiling',
  '//api/bench/ceiling', '/API/bench/ceiling', '/api/bench/%63eiling', '/api/bench/ceiling%2F..%2Fprojects', '/api/bench/ceiling/../../projects',
];
const variants = (path: string) => [path, `${path}/`, `${path}.rsc`, `${path}.json`, `/_next/data/build1${path}`, `/_next/data/build1${path}.json`];

describe('the middleware matcher', () => {
  const routes = appPaths();

  it('finds the app\'s routes (so the checks below cover them)', () => {
    expect(routes).toEqual(expect.arrayContaining(['/', '/api/projects', '/api/baseline', CEILING, '/projects', '/tenant/projects', '/settings/members', '/auth/backchannel-logout', '/scim/v2/Users']));
  });

  it('leaves out the bench ceiling', () => {
    expect(runsMiddleware(CEILING)).toBe(false);
    expect(withoutBenchExclusion(CEILING)).toBe(true);
  });

  it('runs for every other route of the app, and for near misses of the ceiling\'s path', () => {
    const skipped = [...routes.filter((p) => p !== CEILING), ...NEAR_MISSES].filter((p) => !runsMiddleware(p));
    expect(skipped).toEqual([]);
  });

  it('skips only the static files themselves, not paths that start like them', () => {
    for (const path of ['/favicon.ico', '/robots.txt', '/_next/static/chunks/a.js', '/_next/image']) expect(runsMiddleware(path), path).toBe(false);
    const lookAlikes = ['/favicon.icoevil', '/faviconXico', '/favicon.ico/x', '/robotsXtxt/admin', '/robots.txt.bak', '/_next/staticx', '/_next/static', '/_next/imagex', '/_next/image/x'];
    expect(lookAlikes.filter((p) => !runsMiddleware(p))).toEqual([]);
  });

  it('skips nothing that it ran for before the exclusion, except the ceiling itself', () => {
    const corpus = [...routes, ...NEAR_MISSES, '/favicon.ico', '/robots.txt', '/_next/static/chunks/a.js', '/_next/image'].flatMap(variants);
    const newlySkipped = corpus.filter((p) => withoutBenchExclusion(p) && !runsMiddleware(p));
    expect(newlySkipped).toEqual([CEILING]);
  });
});
