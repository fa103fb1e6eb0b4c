// Fault injection for tests, off by default: latency, 429 with retry-after, 5xx (or any
// status) for chosen paths. Faults are added and cleared over HTTP at /__local/faults.
// A fault with a status answers before any route runs, so a faulted request changes nothing.
import Router from '@koa/router';
import type Koa from 'koa';
import { z } from 'zod';
import { ApiError, errorBody, noContent, sendError, sendJson } from './management/http';
import { TOO_MANY_REQUESTS_BODY } from './management/ratelimit';
import { body } from './management/validation';
import { randomAlnum } from './store';

export interface Fault {
  id: string;
  /** A path prefix ("/api/v2/organizations"), or a regular expression written "/.../flags". */
  path: string;
  method?: string;
  status?: number;
  latency_ms?: number;
  retry_after?: number;
  /** How many more requests it applies to; absent = unlimited. */
  times?: number;
  created_at: string;
}

const faultSchema = z.strictObject({
  path: z.string().min(1),
  method: z.string().min(1).optional(),
  status: z.int().min(400).max(599).optional(),
  latency_ms: z.int().min(0).max(60_000).optional(),
  retry_after: z.int().min(0).max(3600).optional(),
  times: z.int().min(1).optional(),
});

const REGEX_META = /[\\^$.*+?()[\]{}|]/;

/**
 * "/.../flags" is a regular expression when its inner part uses a regex metacharacter;
 * otherwise (e.g. "/api/v2/") the string is a plain path prefix.
 */
export function pathMatcher(path: string): (p: string) => boolean {
  const m = /^\/(.+)\/([a-z]*)$/.exec(path);
  if (m && REGEX_META.test(m[1]!)) {
    const re = new RegExp(m[1]!, m[2]);
    return (p) => re.test(p);
  }
  return (p) => p.startsWith(path);
}

const ERROR_CODES: Record<number, string> = {
  429: 'too_many_requests',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createFaultMiddleware(): { middleware: Koa.Middleware; router: Router; faults: Fault[] } {
  const faults: (Fault & { test: (p: string) => boolean })[] = [];

  const middleware: Koa.Middleware = async (ctx, next) => {
    if (faults.length === 0 || ctx.path.startsWith('/__local/')) return next();
    const fault = faults.find((f) => (!f.method || f.method.toUpperCase() === ctx.method) && f.test(ctx.path));
    if (!fault) return next();
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
    }
    if (fault.latency_ms) await sleep(fault.latency_ms);
    if (!fault.status) return next();

    if (fault.status === 429) {
      const retryAfter = fault.retry_after ?? 1;
      const reset = Math.ceil(Date.now() / 1000) + retryAfter;
      ctx.set('retry-after', String(retryAfter));
      ctx.set('x-ratelimit-limit', '50');
      ctx.set('x-ratelimit-remaining', '0');
      ctx.set('x-ratelimit-reset', String(reset));
      sendJson(ctx, 429, TOO_MANY_REQUESTS_BODY);
      return;
    }
    if (fault.retry_after !== undefined) ctx.set('retry-after', String(fault.retry_after));
    const body = errorBody(fault.status, `${errorBody(fault.status, '').error} (injected fault)`, ERROR_CODES[fault.status] ?? 'injected_fault');
    sendJson(ctx, fault.status, body);
  };

  const router = new Router({ prefix: '/__local/faults' });
  const publicView = ({ test: _t, ...f }: Fault & { test: unknown }): Fault => f;
  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (err instanceof ApiError) return sendError(ctx, err);
      throw err;
    }
  });
  router.post('/', async (ctx) => {
    const input = await body(ctx, faultSchema);
    let test: (p: string) => boolean;
    try {
      test = pathMatcher(input.path);
    } catch {
      throw new ApiError(400, `Invalid regular expression: ${input.path}`, 'invalid_body');
    }
    const fault = { id: `flt_${randomAlnum(12)}`, ...input, created_at: new Date().toISOString(), test };
    faults.push(fault);
    sendJson(ctx, 201, { id: fault.id });
  });
  router.get('/', (ctx) => {
    ctx.body = faults.map(publicView);
  });
  router.delete('/', (ctx) => {
    faults.length = 0;
    noContent(ctx);
  });
  router.delete('/:id', (ctx) => {
    const i = faults.findIndex((f) => f.id === ctx.params.id);
    if (i < 0) throw new ApiError(404, 'No fault with that id', 'not_found');
    faults.splice(i, 1);
    noContent(ctx);
  });

  return { middleware, router, faults: faults as Fault[] };
}
