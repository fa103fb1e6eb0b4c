// The bench's floor route is passed through by middleware when bench routes are on (no host
// check, no security headers), so it must answer nothing unless the bench turned it on.
import { afterEach, expect, it, vi } from 'vitest';
import { GET } from './route';

afterEach(() => vi.unstubAllEnvs());

it('is 404 unless BENCH_ROUTES=1, then the baseline’s 20 made-up projects', async () => {
  vi.stubEnv('BENCH_ROUTES', '');
  expect(GET().status).toBe(404);
  vi.stubEnv('BENCH_ROUTES', 'true');
  expect(GET().status).toBe(404);
  vi.stubEnv('BENCH_ROUTES', '1');
  const on = GET();
  expect(on.status).toBe(200);
  expect(((await on.json()) as { projects: unknown[] }).projects).toHaveLength(20);
});
