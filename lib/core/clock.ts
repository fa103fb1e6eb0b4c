// The time the session check judges by (lib/auth/session.ts). It is the real clock, plus an
// offset that only the browser tests move (app/api/internal/test/clock, TEST_HOOKS=1), so an
// idle timeout can be proven without waiting. Nothing else moves it: a deployment never runs
// with the hooks on (lib/config refuses them away from the local tenant), so its offset is 0.

// One offset per process, not per chunk: the build bundles this module into several chunks,
// each with its own module state (as lib/auth/membership.ts).
const KEY = Symbol.for('tenantry.clockOffsetMs');
const processWide = globalThis as typeof globalThis & { [KEY]?: number };

/** Milliseconds since the epoch, as the session check sees them. */
export function now(): number {
  return Date.now() + (processWide[KEY] ?? 0);
}

/** Moves the clock to the real time plus `offsetMs` (0: back to the real time). Test hooks only. */
export function setClockOffset(offsetMs: number): void {
  processWide[KEY] = offsetMs;
}
