// Brute-force protection per account identifier: after `maxFailures` failed logins within
// `windowSeconds`, further attempts for that identifier are refused for `blockSeconds`.
// Keyed by the identifier typed (lower-cased), so it says nothing about whether an account exists.

export interface ThrottleOptions { maxFailures: number; windowSeconds: number; blockSeconds: number }
export const DEFAULT_THROTTLE: ThrottleOptions = { maxFailures: 5, windowSeconds: 15 * 60, blockSeconds: 15 * 60 };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();
  constructor(private readonly opts: ThrottleOptions, private readonly now: () => number) {}

  private key(identifier: string) { return identifier.trim().toLowerCase(); }

  /** Seconds left on a block, or 0. */
  blocked(identifier: string): number {
    const until = this.blockedUntil.get(this.key(identifier));
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left <= 0) { this.blockedUntil.delete(this.key(identifier)); return 0; }
    return Math.ceil(left);
  }

  /** Records a failure; returns true when this failure starts a block. */
  fail(identifier: string): boolean {
    const key = this.key(identifier);
    const now = this.now();
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - this.opts.windowSeconds);
    recent.push(now);
    if (recent.length >= this.opts.maxFailures) {
      this.failures.delete(key);
      this.blockedUntil.set(key, now + this.opts.blockSeconds);
      return true;
    }
    this.failures.set(key, recent);
    return false;
  }

  succeed(identifier: string): void { this.failures.delete(this.key(identifier)); }
  clear(): void { this.failures.clear(); this.blockedUntil.clear(); }
}
