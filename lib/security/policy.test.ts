// sessionExpiredBy: the rule the session check and middleware's lastSeenAt refresh share.
import { describe, expect, it } from 'vitest';
import { SESSION_POLICY_BOUNDS, sessionExpiredBy } from '@/lib/security/policy';
import { SESSION_LIFETIME } from '@/lib/auth/auth0';

const MINUTE = 60_000;
const NOW = 1_800_000_000_000;
const session = (startedMinutesAgo: number, seenMinutesAgo: number) => ({ startedAtMs: NOW - startedMinutesAgo * MINUTE, lastSeenAtMs: NOW - seenMinutesAgo * MINUTE });

describe('sessionExpiredBy', () => {
  it('no limits: never', () => {
    expect(sessionExpiredBy({ sessionMaxAgeMinutes: null, sessionIdleMinutes: null }, session(10_000, 10_000), NOW)).toBeNull();
  });

  it('the maximum age counts from sign-in, however active', () => {
    const policy = { sessionMaxAgeMinutes: 60, sessionIdleMinutes: null };
    expect(sessionExpiredBy(policy, session(60, 0), NOW)).toBeNull();
    expect(sessionExpiredBy(policy, session(61, 0), NOW)).toBe('max_age');
    expect(sessionExpiredBy(policy, { startedAtMs: NOW - 60 * MINUTE - 1, lastSeenAtMs: NOW }, NOW)).toBe('max_age');
  });

  it('the idle timeout counts from the last activity', () => {
    const policy = { sessionMaxAgeMinutes: null, sessionIdleMinutes: 15 };
    expect(sessionExpiredBy(policy, session(600, 15), NOW)).toBeNull();
    expect(sessionExpiredBy(policy, { startedAtMs: NOW - 600 * MINUTE, lastSeenAtMs: NOW - 15 * MINUTE - 1 }, NOW)).toBe('idle');
  });

  it('the maximum age is reported first when both are past', () => {
    expect(sessionExpiredBy({ sessionMaxAgeMinutes: 60, sessionIdleMinutes: 15 }, session(90, 30), NOW)).toBe('max_age');
  });

  it('the bounds never exceed the app’s own session lifetime', () => {
    expect(SESSION_POLICY_BOUNDS.maxAgeMinutes.max * 60).toBeLessThanOrEqual(SESSION_LIFETIME.absolute);
    expect(SESSION_POLICY_BOUNDS.idleMinutes.max * 60).toBeLessThanOrEqual(SESSION_LIFETIME.inactivity);
  });
});
