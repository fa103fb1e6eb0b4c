// The bench's page yardstick is not a page of the product: 404 unless the bench turned it on.
import { afterEach, expect, it, vi } from 'vitest';
import BenchPage from './page';

afterEach(() => vi.unstubAllEnvs());

it('is not found unless BENCH_ROUTES=1', () => {
  vi.stubEnv('BENCH_ROUTES', '');
  expect(() => BenchPage()).toThrow(expect.objectContaining({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' }));
  vi.stubEnv('BENCH_ROUTES', '1');
  expect(BenchPage()).toBeTruthy();
});
