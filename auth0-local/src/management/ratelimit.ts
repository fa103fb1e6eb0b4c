// A token bucket, as Auth0 describes its Management API limits: `burst` tokens at most,
// refilled at `perSecond`. Every response carries the x-ratelimit-* headers; an empty
// bucket answers 429 with Auth0's body.
import type { Middleware } from 'koa';
import { errorBody } from './http';

export interface RateLimitOptions {
  burst: number;
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 50, perSecond: 16 };

export const TOO_MANY_REQUESTS_BODY = errorBody(429, 'Global limit has been reached', 'too_many_requests');

export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(private readonly opts: RateLimitOptions, private readonly now: () => number) {
    this.tokens = opts.burst;
    this.last = now();
  }

  private refill(): number {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last) / 1000;
    this.tokens = Math.min(this.opts.burst, this.tokens + elapsed * this.opts.perSecond);
    this.last = t;
    return t;
  }

  /** Take one token. `reset` is the epoch second at which the bucket is full again (or, when empty, has a token). */
  take(): { allowed: boolean; limit: number; remaining: number; reset: number } {
    const t = this.refill();
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    const missing = allowed ? this.opts.burst - this.tokens : 1 - this.tokens;
    const reset = Math.ceil((t + (missing / this.opts.perSecond) * 1000) / 1000);
    return { allowed, limit: this.opts.burst, remaining: Math.floor(this.tokens), reset };
  }
}

export function rateLimitMiddleware(bucket: TokenBucket): Middleware {
  return async (ctx, next) => {
    const r = bucket.take();
    ctx.set('x-ratelimit-limit', String(r.limit));
    ctx.set('x-ratelimit-remaining', String(r.remaining));
    ctx.set('x-ratelimit-reset', String(r.reset));
    if (!r.allowed) {
      ctx.status = 429;
      ctx.body = TOO_MANY_REQUESTS_BODY;
      return;
    }
    await next();
  };
}
