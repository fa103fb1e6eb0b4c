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

// Suspicious IP throttling: failed logins from one IP address, whatever accounts they target,
// draw on a bucket of `maxAttempts` that refills one attempt every `rateSeconds`. When it is
// empty, password logins and sign-ups from that address are refused (429) until it refills.
// Auth0's defaults: 100 attempts, one more every 864 s (100 a day); blocked addresses get an
// attempt back after about 15 minutes.
// https://auth0.com/docs/secure/attack-protection/suspicious-ip-throttling
// https://auth0.com/docs/api/management/v2/attack-protection/get-suspicious-ip-throttling (stage.pre-login)

export interface SuspiciousIpOptions {
  enabled: boolean;
  maxAttempts: number;
  rateSeconds: number;
  /** Addresses never throttled (Auth0's IP AllowList; exact addresses here, no CIDR ranges). */
  allowlist: string[];
}
export const DEFAULT_SUSPICIOUS_IP: SuspiciousIpOptions = { enabled: true, maxAttempts: 100, rateSeconds: 864, allowlist: [] };

export class SuspiciousIpThrottle {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly opts: SuspiciousIpOptions, private readonly now: () => number) {}

  /** Normalise IPv4-mapped IPv6 (::ffff:127.0.0.1) to the IPv4 form. */
  private key(ip: string) { return ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1'); }

  private exempt(ip: string) { return !this.opts.enabled || this.opts.allowlist.includes(this.key(ip)); }

  private tokens(ip: string): number {
    const b = this.buckets.get(this.key(ip));
    if (!b) return this.opts.maxAttempts;
    const refilled = Math.min(this.opts.maxAttempts, b.tokens + (this.now() - b.at) / this.opts.rateSeconds);
    if (refilled >= this.opts.maxAttempts) this.buckets.delete(this.key(ip));
    return refilled;
  }

  /** True while the address may not try to log in or sign up. */
  blocked(ip: string): boolean {
    return !this.exempt(ip) && this.tokens(ip) < 1;
  }

  /** Records a failed login from this address. */
  fail(ip: string): void {
    if (this.exempt(ip)) return;
    this.buckets.set(this.key(ip), { tokens: Math.max(0, this.tokens(ip) - 1), at: this.now() });
  }

  clear(): void { this.buckets.clear(); }
}
