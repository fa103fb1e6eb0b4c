// Management API rate limits as Auth0 applies them: token buckets per tenant, one for the API
// as a whole where the plan has one, then one per endpoint (group); a request takes a token
// from the global bucket first and then from its endpoint's bucket ("Tenant request limits
// order"), and an empty bucket answers 429 with Auth0's body. Every response carries the
// x-ratelimit-* headers of the bucket closest to empty.
//
// Sizes per plan (burst = bucket size, sustained = refill rate), from Auth0's docs:
//  - algorithm and evaluation order:
//    https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy
//    (management-api-endpoint-rate-limits): per-second refills add tokens by the millisecond,
//    per-minute (and slower) refills add them once a second.
//  - Free:        https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy/rate-limit-configurations/free-public
//  - Essentials / Professional:
//                 https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy/rate-limit-configurations/essentials-professional-b2b
//  - Enterprise (production tenant):
//                 https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy/rate-limit-configurations/enterprise-public
// Where the docs are unclear the stricter reading is emulated (see auth0-local/README.md,
// "Rate limits").
import type { Context, Middleware } from 'koa';
import { errorBody } from './http';

export type RateLimitPlan = 'free' | 'essentials' | 'enterprise' | 'off';
export const RATE_LIMIT_PLANS: readonly RateLimitPlan[] = ['free', 'essentials', 'enterprise', 'off'];

type Unit = 'second' | 'minute' | 'hour' | 'day';
const UNIT_MS: Record<Unit, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** `burst` tokens at most, `sustained` of them added back per `per`. */
export interface BucketSize { burst: number; sustained: number; per: Unit }

export interface EndpointLimit extends BucketSize {
  /** Auth0's name for the endpoint group: rows with the same name share one bucket. */
  name: string;
  methods: readonly string[];
  /** Matched against the path after /api/v2. */
  path: RegExp;
  /** Applies only when this query parameter is present (Read Clients with `q`). */
  query?: string;
}

export interface RateLimitConfig {
  /** The Management API as a whole (Free, Enterprise); absent when the plan lists none. */
  global?: BucketSize;
  endpoints: readonly EndpointLimit[];
  /** "All other Endpoints Combined" (Essentials): one shared bucket for unlisted endpoints. */
  others?: BucketSize;
}

export const TOO_MANY_REQUESTS_BODY = errorBody(429, 'Global limit has been reached', 'too_many_requests');

const ID = '[^/]+';
const re = (pattern: string) => new RegExp(`^${pattern.replaceAll('{id}', ID)}/?$`);
const limit = (name: string, methods: string[], path: string, burst: number, sustained: number, per: Unit, query?: string): EndpointLimit =>
  ({ name, methods, path: re(path), burst, sustained, per, ...(query ? { query } : {}) });

// Endpoints that neither plan table lists and that Free and Enterprise share.
const SHARED_SPECIALS = [
  limit('Read Status Connection', ['GET'], '/connections/{id}/status', 100, 15, 'second'),
  limit('Write Custom Domain', ['POST'], '/custom-domains/{id}/verify', 5, 5, 'minute'),
  limit('Write Signing Keys', ['POST'], '/keys/signing/rotate', 5, 5, 'day'),
];

const ESSENTIALS: RateLimitConfig = {
  endpoints: [
    limit('Read Organizations', ['GET'], '/organizations', 5, 50, 'minute'),
    limit('Read Organizations by Name', ['GET'], '/organizations/name/{id}', 10, 100, 'minute'),
    limit('Read Organizations by ID', ['GET'], '/organizations/{id}', 20, 200, 'minute'),
    limit('Write Organizations', ['POST'], '/organizations', 5, 25, 'minute'),
    limit('Write Organizations', ['PATCH', 'DELETE'], '/organizations/{id}', 5, 25, 'minute'),
    // The page lists "Read Organization Members" twice (40/500 and 20/200): the stricter applies.
    limit('Read Organization Members', ['GET'], '/organizations/{id}/members', 20, 200, 'minute'),
    limit('Write Organization Members', ['POST', 'DELETE'], '/organizations/{id}/members', 20, 200, 'minute'),
    limit('Read Organization Member Roles', ['GET'], '/organizations/{id}/members/{id}/roles', 20, 200, 'minute'),
    limit('Write Organization Member Roles', ['POST', 'DELETE'], '/organizations/{id}/members/{id}/roles', 20, 200, 'minute'),
    limit('Read Organization Connections', ['GET'], '/organizations/{id}/enabled_connections(/{id})?', 5, 50, 'minute'),
    limit('Write Organization Connections', ['POST'], '/organizations/{id}/enabled_connections', 5, 25, 'minute'),
    limit('Write Organization Connections', ['PATCH', 'DELETE'], '/organizations/{id}/enabled_connections/{id}', 5, 25, 'minute'),
    limit('Read Organization Client Grants', ['GET'], '/organizations/{id}/client-grants', 10, 100, 'minute'),
    limit('Write Organization Client Grants', ['POST'], '/organizations/{id}/client-grants', 5, 150, 'minute'),
    // "Read Users" links GET /users; a user's sub-resources and /users-by-email are other endpoints.
    limit('Read Users', ['GET'], '/users(/{id})?', 40, 500, 'minute'),
    limit('Write Users', ['POST'], '/users', 20, 200, 'minute'),
    limit('Write Users', ['PATCH'], '/users/{id}', 20, 200, 'minute'),
    // Listed as a second "Write Users" row of its own: a bucket of its own.
    limit('Write Users (DELETE)', ['DELETE'], '/users/{id}', 20, 200, 'minute'),
    limit('Read Logs', ['GET'], '/logs(/{id})?', 10, 100, 'minute'),
    // Two rows for GET /clients (5/100 per minute, and 5/150 with `q`): the stricter applies to all.
    limit('Read Clients', ['GET'], '/clients(/{id})?', 5, 100, 'minute'),
    limit('Read Status Connection', ['GET'], '/connections/{id}/status', 100, 15, 'second'),
    limit('Read Connections', ['GET'], '/connections(/{id})?', 5, 50, 'minute'),
    limit('Write Device Credentials', ['POST'], '/device-credentials', 5, 100, 'minute'),
    limit('Write Device Credentials', ['DELETE'], '/device-credentials/{id}', 5, 100, 'minute'),
    limit('Write Custom Domain', ['POST'], '/custom-domains/{id}/verify', 5, 5, 'minute'),
    limit('Write Signing Keys', ['POST'], '/keys/signing/rotate', 5, 5, 'day'),
    limit('Read Partials for a Prompt', ['GET'], '/prompts/{id}/partials', 5, 5, 'minute'),
    limit('Write Partials for a Prompt', ['PUT'], '/prompts/{id}/partials', 5, 5, 'minute'),
    limit('Write email templates', ['POST', 'PATCH', 'DELETE', 'PUT'], '/email-templates(/{id})?', 5, 25, 'minute'),
    limit('Read email templates', ['GET'], '/email-templates(/{id})?', 10, 50, 'minute'),
    limit('Write email provider', ['POST', 'PATCH', 'DELETE'], '/emails/provider', 5, 25, 'minute'),
    limit('Read email provider', ['GET'], '/emails/provider', 5, 25, 'minute'),
    limit('Write Token Exchange Profiles', ['POST', 'PATCH', 'DELETE'], '/token-exchange-profiles(/{id})?', 5, 100, 'minute'),
    limit('Read Token Exchange Profiles', ['GET'], '/token-exchange-profiles(/{id})?', 20, 200, 'minute'),
  ],
  others: { burst: 10, sustained: 150, per: 'minute' },
};

const FREE: RateLimitConfig = {
  global: { burst: 2, sustained: 2, per: 'second' },
  endpoints: [
    ...SHARED_SPECIALS,
    limit('Configure email templates', ['POST', 'PATCH', 'DELETE', 'PUT'], '/email-templates(/{id})?', 5, 25, 'minute'),
    limit('Read email templates', ['GET'], '/email-templates(/{id})?', 10, 50, 'minute'),
    limit('Configure email provider', ['POST', 'PATCH', 'DELETE'], '/emails/provider', 5, 25, 'minute'),
    limit('Read email provider', ['GET'], '/emails/provider', 5, 25, 'minute'),
  ],
};

const ENTERPRISE: RateLimitConfig = {
  // The production tenant's figures (a non-production tenant has burst 10, 2/second).
  global: { burst: 50, sustained: 16, per: 'second' },
  endpoints: [
    limit('Read Organizations by Name', ['GET'], '/organizations/name/{id}', 20, 200, 'minute'),
    limit('Write Organizations', ['POST'], '/organizations', 5, 150, 'minute'),
    limit('Write Organizations', ['PATCH', 'DELETE'], '/organizations/{id}', 5, 150, 'minute'),
    limit('Read Organization Members', ['GET'], '/organizations/{id}/members', 40, 500, 'minute'),
    limit('Write Organization Members', ['POST', 'DELETE'], '/organizations/{id}/members', 20, 200, 'minute'),
    limit('Read Organization invitation', ['GET'], '/organizations/{id}/invitations/{id}', 20, 200, 'minute'),
    limit('Read Organization Member Roles', ['GET'], '/organizations/{id}/members/{id}/roles', 20, 200, 'minute'),
    limit('Write Organization Member Roles', ['POST', 'DELETE'], '/organizations/{id}/members/{id}/roles', 20, 200, 'minute'),
    limit('Read Organization Connections', ['GET'], '/organizations/{id}/enabled_connections(/{id})?', 10, 100, 'minute'),
    limit('Write Organization Connections', ['POST'], '/organizations/{id}/enabled_connections', 5, 150, 'minute'),
    limit('Write Organization Connections', ['PATCH', 'DELETE'], '/organizations/{id}/enabled_connections/{id}', 5, 150, 'minute'),
    limit('Read Organization Client Grants', ['GET'], '/organizations/{id}/client-grants', 10, 100, 'minute'),
    limit('Write Organization Client Grants', ['POST'], '/organizations/{id}/client-grants', 5, 150, 'minute'),
    ...SHARED_SPECIALS,
    limit('Read Partials for a Prompt', ['GET'], '/prompts/{id}/partials', 5, 5, 'minute'),
    limit('Write Partials for a Prompt', ['PUT'], '/prompts/{id}/partials', 5, 5, 'minute'),
    limit('Read Clients', ['GET'], '/clients', 5, 150, 'minute', 'q'),
    limit('Write email templates', ['POST', 'PATCH', 'DELETE', 'PUT'], '/email-templates(/{id})?', 10, 100, 'minute'),
    limit('Read email templates', ['GET'], '/email-templates(/{id})?', 15, 150, 'minute'),
    limit('Write email provider', ['POST', 'PATCH', 'DELETE'], '/emails/provider', 10, 100, 'minute'),
    limit('Read email provider', ['GET'], '/emails/provider', 15, 150, 'minute'),
  ],
};

export const PLAN_LIMITS: Record<Exclude<RateLimitPlan, 'off'>, RateLimitConfig> = { free: FREE, essentials: ESSENTIALS, enterprise: ENTERPRISE };

/** The plan named by a flag or environment value; unknown names are an error, not a silent default. */
export function parseRateLimitPlan(value: string): RateLimitPlan {
  const plan = value.trim().toLowerCase();
  if (!(RATE_LIMIT_PLANS as readonly string[]).includes(plan)) throw new Error(`unknown rate-limit plan "${value}": use ${RATE_LIMIT_PLANS.join(', ')}`);
  return plan as RateLimitPlan;
}

/** What `npm run dev` and the local tenant use unless told otherwise (AUTH0_LOCAL_RATE_LIMITS, --rate-limits). */
export const DEFAULT_RATE_LIMIT_PLAN: RateLimitPlan = 'essentials';

export function rateLimitConfig(setting: RateLimitPlan | RateLimitConfig): RateLimitConfig | null {
  if (typeof setting !== 'string') return setting;
  return setting === 'off' ? null : PLAN_LIMITS[setting];
}

export interface Take { allowed: boolean; limit: number; remaining: number; reset: number }

export class TokenBucket {
  // Tokens are counted in 1/UNIT_MS parts so that refills stay whole numbers: 200/minute adds
  // 3 1/3 tokens a second, and three such seconds must make exactly 10 tokens.
  private parts: number;
  private last: number;
  private readonly partsPerToken: number;
  private readonly capacity: number;
  /** Per-second refills add tokens continuously (each millisecond); slower ones once per whole second. */
  private readonly stepMs: number;
  private readonly partsPerStep: number;

  constructor(private readonly size: BucketSize, private readonly now: () => number) {
    this.partsPerToken = UNIT_MS[size.per];
    this.capacity = size.burst * this.partsPerToken;
    this.parts = this.capacity;
    this.last = now();
    this.stepMs = size.per === 'second' ? 1 : 1000;
    this.partsPerStep = size.sustained * this.stepMs;
  }

  private refill(): void {
    const t = this.now();
    const steps = Math.floor(Math.max(0, t - this.last) / this.stepMs);
    if (steps > 0) {
      this.parts = Math.min(this.capacity, this.parts + steps * this.partsPerStep);
      this.last += steps * this.stepMs;
    }
    if (this.parts >= this.capacity) this.last = t;
  }

  /** Epoch second by which the bucket holds `want` tokens. */
  private resetFor(want: number): number {
    const missing = Math.max(0, want * this.partsPerToken - this.parts);
    const at = missing === 0 ? this.now() : this.last + Math.ceil(missing / this.partsPerStep) * this.stepMs;
    return Math.ceil(at / 1000);
  }

  /** Take one token. `reset` is when the bucket is full again or, when it is empty, has a token. */
  take(): Take {
    this.refill();
    const allowed = this.parts >= this.partsPerToken;
    if (allowed) this.parts -= this.partsPerToken;
    const reset = allowed ? this.resetFor(this.size.burst) : this.resetFor(1);
    return { allowed, limit: this.size.burst, remaining: Math.floor(this.parts / this.partsPerToken), reset };
  }
}

/** The buckets of one tenant, made as endpoints are first used. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(private readonly config: RateLimitConfig, private readonly now: () => number) {}

  private bucket(key: string, size: BucketSize): TokenBucket {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new TokenBucket(size, this.now)));
    return b;
  }

  /** The endpoint limit a request falls under, or the "all other endpoints" bucket. */
  endpointOf(method: string, path: string, query: Record<string, unknown> = {}): { key: string; size: BucketSize } | null {
    const m = method.toUpperCase();
    const e = this.config.endpoints.find((x) => x.methods.includes(m) && x.path.test(path) && (!x.query || query[x.query] !== undefined));
    if (e) return { key: e.name, size: e };
    return this.config.others ? { key: 'All other Endpoints Combined', size: this.config.others } : null;
  }

  /** Global bucket first, then the endpoint's: a request the endpoint refuses has still used a global token. */
  take(method: string, path: string, query: Record<string, unknown> = {}): Take {
    const steps: TokenBucket[] = [];
    if (this.config.global) steps.push(this.bucket('global', this.config.global));
    const endpoint = this.endpointOf(method, path, query);
    if (endpoint) steps.push(this.bucket(endpoint.key, endpoint.size));
    let shown: Take | null = null;
    for (const b of steps) {
      const r = b.take();
      if (!r.allowed) return r;
      if (!shown || r.remaining < shown.remaining) shown = r;
    }
    return shown ?? { allowed: true, limit: 0, remaining: 0, reset: 0 };
  }
}

export function rateLimitMiddleware(setting: RateLimitPlan | RateLimitConfig, now: () => number): Middleware {
  const config = rateLimitConfig(setting);
  if (!config) return (_ctx, next) => next();
  const limiter = new RateLimiter(config, now);
  return async (ctx: Context, next) => {
    const path = ctx.path.replace(/^\/api\/v2/, '') || '/';
    const r = limiter.take(ctx.method, path, ctx.query as Record<string, unknown>);
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
