// What every resource module gets: the store, the clock, and a guard that checks scopes.
import type { Router, RouterContext, RouterMiddleware } from '@koa/router';
import type { TenantStore } from '../store';
import { requireScope } from './auth';

export type Ctx = RouterContext;
export type ApiRouter = Router;

export interface Env {
  store: TenantStore;
  issuer: string;
  now: () => number;
  /** Ends every Auth0 session of a user (the OIDC side owns sessions); returns how many ended. */
  endSessionsOfUser?: (userId: string) => Promise<number>;
}

export const isoNow = (env: Env) => new Date(env.now()).toISOString();

/** A route handler that runs only when the token has one of `scopes`. */
export function guarded(scopes: string | string[], handler: (ctx: Ctx) => unknown): RouterMiddleware {
  const list = Array.isArray(scopes) ? scopes : [scopes];
  return async (ctx) => {
    requireScope(ctx, list);
    await handler(ctx);
  };
}

/** Route params arrive decoded by @koa/router; this only narrows the type. */
export function param(ctx: Ctx, name: string): string {
  return ctx.params[name] ?? '';
}
