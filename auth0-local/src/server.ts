// The local Auth0 tenant as one HTTP server: oidc-provider (Authentication API) with Auth0's
// paths and shims, Universal Login pages, the Management API v2, fault injection and the
// test-control endpoints. Started by cli.ts, or in-process by tests.
import './quiet-warnings.js';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type Koa from 'koa';
import type { JWK } from 'jose';
import { ModelStore } from './adapter.js';
import { boundPostLoginActions } from './actions.js';
import { createFaultMiddleware } from './faults.js';
import { createEnterpriseRouter } from './enterprise/routes.js';
import { createManagementRouter } from './management/router.js';
import { endSessionsOfUser } from './oidc/sessions.js';
import { DEFAULT_RATE_LIMIT_PLAN, parseRateLimitPlan, type RateLimitConfig, type RateLimitPlan } from './management/ratelimit.js';
import { loadOrCreateKeys } from './keys.js';
import { createLocalRouter } from './local-routes.js';
import { createPasswordResetRouter } from './password-reset.js';
import { createProvider } from './oidc/provider.js';
import { tokenEndpointShim } from './oidc/token-endpoint.js';
import type { Runtime } from './runtime.js';
import { DEFAULT_CONFIG_FILE, managementAudience, readTenantConfig, retargetManagementApi, seedActions, seedState } from './seed.js';
import { TenantStore } from './store.js';
import { DEFAULT_SUSPICIOUS_IP, DEFAULT_THROTTLE, LoginThrottle, SuspiciousIpThrottle, type SuspiciousIpOptions, type ThrottleOptions } from './throttle.js';
import { createMfaRouter } from './ui/mfa.js';
import { createUniversalLoginRouter } from './ui/routes.js';

export interface LocalTenantOptions {
  /** 0 picks a free port. */
  port: number;
  /** null = in memory (tests); otherwise state.json, jwks.json and oidc/*.json live here. */
  dataDir: string | null;
  configFile?: string;
  quiet?: boolean;
  /** Brute-force protection thresholds (tests lower them). */
  throttle?: Partial<ThrottleOptions>;
  /** Suspicious IP throttling (tests lower the attempts to trigger it quickly). */
  suspiciousIp?: Partial<SuspiciousIpOptions>;
  /** Management API rate limits: an Auth0 plan's (default: AUTH0_LOCAL_RATE_LIMITS, else essentials), 'off', or explicit buckets. */
  rateLimits?: RateLimitPlan | RateLimitConfig;
}

export interface LocalTenant {
  /** http://localhost:PORT */
  url: string;
  /** url + '/' */
  issuer: string;
  port: number;
  store: TenantStore;
  managementAudience: string;
  publicJwks: { keys: JWK[] };
  clock: { offsetSeconds: number };
  /** The Management API rate limits in force. */
  rateLimits: RateLimitPlan | RateLimitConfig;
  /** Re-seed from the config: fresh state, no sessions, clock back to now. */
  reset(): Promise<void>;
  /** The ids of the user's live Auth0 (SSO) sessions, for tests. */
  sessionsOf(userId: string): string[];
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    // No host: Node listens on :: with IPv4 mapped, so both ::1 and 127.0.0.1 reach "localhost".
    server.listen(port, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function createLocalTenant(opts: LocalTenantOptions): Promise<LocalTenant> {
  const configFile = opts.configFile ?? DEFAULT_CONFIG_FILE;
  const config = readTenantConfig(configFile);
  const server = createServer();
  server.keepAliveTimeout = 5_000;
  const port = await listen(server, opts.port);
  const url = `http://localhost:${port}`;
  const issuer = `${url}/`;
  const mgmtAudience = managementAudience(port);
  const clock = { offsetSeconds: 0 };
  const now = () => Date.now() / 1000 + clock.offsetSeconds;
  const rateLimits = opts.rateLimits ?? (process.env.AUTH0_LOCAL_RATE_LIMITS ? parseRateLimitPlan(process.env.AUTH0_LOCAL_RATE_LIMITS) : DEFAULT_RATE_LIMIT_PLAN);

  try {
    const keys = await loadOrCreateKeys(opts.dataDir);
    const stateFile = opts.dataDir ? join(opts.dataDir, 'state.json') : null;
    let store: TenantStore;
    if (stateFile && existsSync(stateFile)) {
      store = new TenantStore(stateFile);
      if (retargetManagementApi(store.state, port)) store.save();
    } else {
      store = new TenantStore(stateFile, await seedState({ port, configFile, config }));
    }
    store.mutate((s) => seedActions(s, configFile, config));
    const models = new ModelStore(opts.dataDir);
    const throttle = new LoginThrottle({ ...DEFAULT_THROTTLE, ...opts.throttle }, now);
    const ipThrottle = new SuspiciousIpThrottle({ ...DEFAULT_SUSPICIOUS_IP, ...opts.suspiciousIp }, now);
    const rt = {
      store, models, url, issuer, managementAudience: mgmtAudience, throttle, ipThrottle, clock, now,
      // What Auth0 runs at login: the deployed versions bound to post-login right now.
      get actions() { return boundPostLoginActions(store.state); },
    } as Omit<Runtime, 'provider'>;
    const provider = createProvider(rt, keys);
    (rt as Runtime).provider = provider;
    const runtime = rt as Runtime;

    const reset = async () => {
      const seeded = await seedState({ port, configFile, config });
      store.mutate((s) => { Object.assign(s, seeded); seedActions(s, configFile, config); });
      models.clear();
      throttle.clear();
      ipThrottle.clear();
      clock.offsetSeconds = 0;
    };

    // Counts what clients asked of the tenant (GET /__local/stats): the bench checks the
    // app makes no Management API calls on its hot paths.
    const stats = { management_api_requests: 0, management_api_rate_limited: 0, token_requests: 0, authorize_requests: 0 };
    provider.use(async (ctx, next) => {
      const management = ctx.path.startsWith('/api/v2/');
      if (management) stats.management_api_requests += 1;
      else if (ctx.path === '/oauth/token') stats.token_requests += 1;
      else if (ctx.path === '/authorize') stats.authorize_requests += 1;
      await next();
      if (management && ctx.status === 429) stats.management_api_rate_limited += 1;
    });
    const faults = createFaultMiddleware();
    provider.use(faults.middleware);
    provider.use(faults.router.routes());
    provider.use(tokenEndpointShim(runtime));
    const mgmt = createManagementRouter({
      store, issuer, managementAudience: mgmtAudience, publicJwks: keys.publicJwks as { keys: JsonWebKey[] },
      now: () => now() * 1000,
      tokenNow: () => Date.now(),
      rateLimits,
      endSessionsOfUser: (userId) => endSessionsOfUser(runtime, userId),
    });
    provider.use(mgmt.routes() as Koa.Middleware);
    provider.use(createLocalRouter(runtime, { publicJwks: keys.publicJwks, reset, stats }).routes() as Koa.Middleware);
    provider.use(createUniversalLoginRouter(runtime).routes() as Koa.Middleware);
    provider.use(createMfaRouter(runtime).routes() as Koa.Middleware);
    provider.use(createEnterpriseRouter(runtime).routes() as Koa.Middleware);
    provider.use(createPasswordResetRouter(runtime).routes() as Koa.Middleware);
    if (!opts.quiet) {
      provider.on('server_error', (_ctx: unknown, err: Error) => console.error('[auth0-local] server error:', err));
      // Auth0 logs these as "fslo" (oidc_backchannel_logout_failed); the logout itself goes on.
      provider.on('backchannel.error', (_ctx: unknown, err: Error, client: { clientId: string }) => console.warn(`[auth0-local] back-channel logout to ${client.clientId} failed: ${err.message}`));
    }
    server.on('request', provider.callback());

    let closed = false;
    return {
      url, issuer, port, store, managementAudience: mgmtAudience, publicJwks: keys.publicJwks, clock, rateLimits, reset,
      sessionsOf: (userId) => models.entries('Session').filter(([, p]) => p.accountId === userId).map(([id]) => id),
      async close() {
        if (closed) return;
        closed = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        // Give in-process clients (tests) a turn to see their pooled keep-alive sockets end, so a
        // tenant restarted on the same port is not sent a request on a dead socket.
        await new Promise((resolve) => setTimeout(resolve, 20));
        models.flush();
      },
    };
  } catch (err) {
    server.close();
    throw err;
  }
}
