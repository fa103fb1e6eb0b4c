// The local tenant's Management API v2: one @koa/router under /api/v2.
// Order per request: rate limit (headers on every answer) -> errors as Auth0 JSON ->
// bearer token -> route (scope check, body validation, then the change).
import Router from '@koa/router';
import type { TenantStore } from '../store';
import { registerActions } from './actions';
import { registerAuthenticationMethods } from './authentication-methods';
import { createAuthMiddleware } from './auth';
import { registerClients } from './clients';
import { registerConnections } from './connections';
import type { Env } from './context';
import { registerEnabledConnections } from './enabled-connections';
import { registerGuardianFactors } from './guardian-factors';
import { ApiError, sendError } from './http';
import { registerInvitations } from './invitations';
import { registerMembers } from './members';
import { registerOrganizationClientGrants } from './organization-client-grants';
import { registerOrganizations } from './organizations';
import { DEFAULT_RATE_LIMIT_PLAN, type RateLimitConfig, type RateLimitPlan, rateLimitMiddleware } from './ratelimit';
import { registerResourceServers } from './resource-servers';
import { registerRoles } from './roles';
import { registerUsers } from './users';

export interface ManagementDeps {
  store: TenantStore;
  /** 'http://localhost:PORT/' */
  issuer: string;
  /** 'https://localhost:PORT/api/v2/' (what the auth0 SDK asks for); the http:// form is accepted too. */
  managementAudience: string;
  publicJwks: { keys: JsonWebKey[] };
  /** Milliseconds since the epoch; tests may offset it. */
  now: () => number;
  /**
   * The clock bearer tokens are checked against (default: `now`). The tenant passes real
   * time: moving the test clock forward (POST /__local/clock) to expire invitations must
   * not expire the Management API token the app cached with a real-time expiry.
   */
  tokenNow?: () => number;
  /** Rate limits of an Auth0 plan (per endpoint, see ratelimit.ts), 'off', or explicit buckets (tests). */
  rateLimits?: RateLimitPlan | RateLimitConfig;
  /** DELETE /users/{id}/sessions: ends the user's sessions on the OIDC side (src/oidc/sessions.ts). */
  endSessionsOfUser?: (userId: string) => Promise<number>;
}

export function createManagementRouter(deps: ManagementDeps): Router {
  const router = new Router({ prefix: '/api/v2' });
  const env: Env = { store: deps.store, issuer: deps.issuer, now: deps.now, endSessionsOfUser: deps.endSessionsOfUser };
  const audiences = [deps.managementAudience, deps.managementAudience.replace(/^https:/, 'http:'), `${deps.issuer}api/v2/`];

  // Buckets run on real time (like bearer tokens): callers read x-ratelimit-reset against
  // their own clock, so a test clock moved days ahead must not make every reset look far off.
  router.use(rateLimitMiddleware(deps.rateLimits ?? DEFAULT_RATE_LIMIT_PLAN, deps.tokenNow ?? deps.now));
  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (err instanceof ApiError) return sendError(ctx, err);
      console.error('[auth0-local] management API error', err);
      sendError(ctx, new ApiError(500, 'Internal Server Error', 'internal_error'));
    }
  });
  router.use(createAuthMiddleware({ publicJwks: deps.publicJwks, issuer: deps.issuer, audiences: [...new Set(audiences)], now: deps.tokenNow ?? deps.now }));

  registerOrganizations(router, env);
  registerOrganizationClientGrants(router, env);
  registerMembers(router, env);
  registerInvitations(router, env);
  registerEnabledConnections(router, env);
  registerConnections(router, env);
  registerUsers(router, env);
  registerAuthenticationMethods(router, env);
  registerGuardianFactors(router, env);
  registerRoles(router, env);
  registerResourceServers(router, env);
  registerClients(router, env);
  registerActions(router, env);

  // Anything else under /api/v2 (unknown path or method): Auth0's 404.
  router.all('/{*rest}', () => {
    throw new ApiError(404, 'Not Found', 'not_found');
  });
  return router;
}
