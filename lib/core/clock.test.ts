import { afterEach, expect, it } from 'vitest';
import { now, setClockOffset } from '@/lib/core/clock';

afterEach(() => setClockOffset(0));

it('is the real clock until the test hook moves it, and moves back', () => {
  expect(Math.abs(now() - Date.now())).toBeLessThan(50);
  setClockOffset(20 * 60_000);
  expect(now() - Date.now()).toBeGreaterThanOrEqual(20 * 60_000 - 50);
  setClockOffset(0);
  expect(Math.abs(now() - Date.now())).toBeLessThan(50);
});
