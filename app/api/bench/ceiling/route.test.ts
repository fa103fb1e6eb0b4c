// The bench's ceiling route is outside middleware (no host check, no security headers), so
// it must answer nothing unless the bench turned it on.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GET } from './route';

afterEach(() => vi.unstubAllEnvs());

describe('GET /api/bench/ceiling', () => {
  it('is 404 unless BENCH_ROUTES=1', async () => {
    vi.stubEnv('BENCH_ROUTES', '');
    const off = GET();
    expect(off.status).toBe(404);
    expect(await off.json()).toEqual({ error: 'not_found', message: 'Not found.' });
    vi.stubEnv('BENCH_ROUTES', 'true');
    expect(GET().status).toBe(404);
  });

  it('answers the baseline\'s 20 made-up projects with BENCH_ROUTES=1', async () => {
    vi.stubEnv('BENCH_ROUTES', '1');
    const on = GET();
    expect(on.status).toBe(200);
    const body = (await on.json()) as { projects: { createdBy: string }[] };
    expect(body.projects).toHaveLength(20);
    expect(new Set(body.projects.map((p) => p.createdBy))).toEqual(new Set(['bench@tenantry.local']));
  });
});
