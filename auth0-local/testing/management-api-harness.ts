// The Management API alone, for its tests and the app's: the local tenant's Management API
// router in a small Koa app with its own RS256 key, a client-credentials /oauth/token, and the
// fault-injection routes; plus an `auth0` ManagementClient wired to it. State comes from
// tenant.config.json. (The whole tenant in process: local-tenant.ts.)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import Koa from 'koa';
import { ManagementClient } from 'auth0';
import { createFaultMiddleware } from '../src/faults';
import { emptyState, newId, TenantStore, type TenantState } from '../src/store';
import { createManagementRouter } from '../src/management/router';
import { gravatar } from '../src/management/serialize';
import type { RateLimitConfig, RateLimitPlan } from '../src/management/ratelimit';
import { seededClient } from './seeded-tenant';

/** The harness's default: a bucket too large to matter, so tests see the headers but no 429. */
export const UNLIMITED: RateLimitConfig = { global: { burst: 100_000, sustained: 100_000, per: 'second' }, endpoints: [] };

/** A seeded application's credentials in the shape the harness's `client()` takes. */
function seeded(clientId: string): { id: string; secret: string } {
  const { clientSecret } = seededClient(clientId);
  return { id: clientId, secret: clientSecret };
}
export const M2M = seeded('tenantry-local-m2m');
/** The M2M client `npm run auth0:provision` runs as: APIs, roles, clients, client grants, Actions. */
export const PROVISIONER = seeded('tenantry-local-provisioner');
export const READONLY_M2M = seeded('tenantry-local-readonly-m2m');
export const APP_CLIENT = 'tenantry-local-app';
export const API_IDENTIFIER = 'https://api.tenantry.local';

interface SeedConfig {
  clients: TenantState['clients'];
  client_grants: { client_id: string; audience: string; scope: string[]; organization_usage?: 'deny' | 'allow' | 'require'; allow_any_organization?: boolean; organizations?: string[] }[];
  resource_servers: Omit<TenantState['resourceServers'][number], 'id' | 'signing_alg'>[];
  roles: { name: string; description: string; permissions: string[] }[];
  connections: { name: string; strategy: string; enabled_clients: string[]; options: Record<string, unknown> }[];
  organizations: {
    name: string; display_name: string; branding?: TenantState['organizations'][number]['branding'];
    metadata: Record<string, string>; enabled_connections: { connection: string; assign_membership_on_login: boolean }[];
  }[];
  users: { email: string; name: string; connection: string; memberships: { organization: string; roles: string[] }[] }[];
}

/** A state shaped like the seeded tenant (passwords left unhashed: these tests never log in). */
export function fixtureState(managementAudience: string): TenantState {
  const cfg = JSON.parse(readFileSync(new URL('../tenant.config.json', import.meta.url), 'utf8')) as SeedConfig;
  const s = emptyState();
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const at = (i: number) => new Date(t0 + i * 1000).toISOString();
  s.clients = cfg.clients.map((c) => ({ ...c }));
  s.resourceServers = [
    { id: newId.resourceServer(), name: 'Auth0 Management API', identifier: managementAudience, scopes: [], enforce_policies: false,
      token_dialect: 'access_token', signing_alg: 'RS256', token_lifetime: 86400, is_system: true },
    ...cfg.resource_servers.map((r) => ({ ...r, id: newId.resourceServer(), signing_alg: 'RS256' as const })),
  ];
  s.clientGrants = cfg.client_grants.map((g) => ({
    id: newId.clientGrant(), client_id: g.client_id, audience: g.audience === '$MANAGEMENT_API' ? managementAudience : g.audience, scope: g.scope,
    ...(g.organization_usage ? { organization_usage: g.organization_usage } : {}),
    ...(g.allow_any_organization !== undefined ? { allow_any_organization: g.allow_any_organization } : {}),
  }));
  s.roles = cfg.roles.map((r) => ({
    id: newId.role(), name: r.name, description: r.description,
    permissions: r.permissions.map((p) => ({ resource_server_identifier: API_IDENTIFIER, permission_name: p })),
  }));
  s.connections = cfg.connections.map((c) => ({ id: newId.connection(), ...c, realms: [c.name] }));
  cfg.organizations.forEach((o, i) => {
    const id = newId.org();
    s.organizations.push({ id, name: o.name, display_name: o.display_name, branding: o.branding, metadata: o.metadata, created_at: at(i) });
    for (const e of o.enabled_connections) {
      s.enabledConnections.push({
        org_id: id, connection_id: s.connections.find((c) => c.name === e.connection)!.id,
        assign_membership_on_login: e.assign_membership_on_login, show_as_button: true, is_signup_enabled: false,
      });
    }
  });
  cfg.client_grants.forEach((g, i) => {
    for (const name of g.organizations ?? []) {
      s.organizationClientGrants.push({ org_id: s.organizations.find((o) => o.name === name)!.id, grant_id: s.clientGrants[i]!.id });
    }
  });
  cfg.users.forEach((u, i) => {
    const hex = `${'0'.repeat(22)}${String(i).padStart(2, '0')}`;
    s.users.push({
      user_id: `auth0|${hex}`, email: u.email, email_verified: true, name: u.name, nickname: u.email.split('@')[0]!,
      picture: gravatar(u.email), connection: u.connection, app_metadata: {}, user_metadata: {},
      identities: [{ provider: 'auth0', user_id: hex, connection: u.connection, isSocial: false }],
      created_at: at(i), updated_at: at(i), logins_count: 0,
    });
    for (const m of u.memberships) {
      s.members.push({
        org_id: s.organizations.find((o) => o.name === m.organization)!.id, user_id: `auth0|${hex}`,
        roles: m.roles.map((r) => s.roles.find((x) => x.name === r)!.id), created_at: at(i),
      });
    }
  });
  return s;
}

export interface Harness {
  url: string;
  port: number;
  domain: string;
  issuer: string;
  managementAudience: string;
  store: TenantStore;
  /** Shift the tenant's clock (ms). */
  clock: { offset: number };
  /** Management API requests received, how many of them were answered 429, and /oauth/token requests (zero them to measure a step). */
  stats: { management_api_requests: number; too_many_requests: number; token_requests: number };
  /** A ManagementClient that gets its token from /oauth/token with client credentials. */
  client(creds?: { id: string; secret: string }, opts?: { maxRetries?: number }): ManagementClient;
  /** A signed token with exactly these scopes (other claims overridable). */
  token(scope: string, claims?: Record<string, unknown>, opts?: { expiresIn?: number }): Promise<string>;
  /** fetch against /api/v2 with a bearer token; returns status, headers and parsed JSON. */
  api(method: string, path: string, opts?: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

/** The SDK hard-codes https://{domain}; send it to the plain-http server instead. */
export function httpFetch(port: number): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return fetch(url.replace(`https://localhost:${port}`, `http://localhost:${port}`), init);
  };
}

export async function startHarness(opts: { rateLimits?: RateLimitPlan | RateLimitConfig } = {}): Promise<Harness> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const clock = { offset: 0 };
  const now = () => Date.now() + clock.offset;

  const app = new Koa();
  // Koa composes its middleware when the handler is made: make it lazily, once all are added.
  let handler: ReturnType<Koa['callback']> | undefined;
  const server = createServer((req, res) => (handler ??= app.callback())(req, res)).listen(0);
  await new Promise<void>((r) => server.once('listening', () => r()));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://localhost:${port}/`;
  const managementAudience = `https://localhost:${port}/api/v2/`;
  const store = new TenantStore(null, fixtureState(managementAudience));

  const sign = (claims: Record<string, unknown>, expiresIn = 3600) =>
    new SignJWT({ iss: issuer, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })
      .setIssuedAt(Math.floor(now() / 1000))
      .setExpirationTime(Math.floor(now() / 1000) + expiresIn)
      .sign(privateKey);

  const stats = { management_api_requests: 0, too_many_requests: 0, token_requests: 0 };
  app.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/api/v2/')) return next();
    stats.management_api_requests += 1;
    await next();
    if (ctx.status === 429) stats.too_many_requests += 1;
  });
  const faults = createFaultMiddleware();
  app.use(faults.middleware);
  app.use(faults.router.routes());
  // A minimal client-credentials token endpoint (the real one is oidc-provider's).
  app.use(async (ctx, next) => {
    if (ctx.path !== '/oauth/token' || ctx.method !== 'POST') return next();
    stats.token_requests += 1;
    let raw = '';
    for await (const chunk of ctx.req) raw += chunk;
    const form = new URLSearchParams(raw);
    const client = store.client(form.get('client_id') ?? '');
    if (!client || client.client_secret !== form.get('client_secret')) {
      ctx.status = 401;
      ctx.body = { error: 'access_denied', error_description: 'Unauthorized' };
      return;
    }
    const audience = (form.get('audience') ?? '').replace(/^http:/, 'https:');
    const grant = store.state.clientGrants.find((g) => g.client_id === client.client_id && g.audience === audience);
    if (!grant) {
      ctx.status = 403;
      ctx.body = { error: 'access_denied', error_description: `Client has not been granted scopes: ${audience}` };
      return;
    }
    const scope = grant.scope.join(' ');
    const access_token = await sign({ sub: `${client.client_id}@clients`, aud: audience, azp: client.client_id, scope, gty: 'client-credentials' });
    ctx.body = { access_token, expires_in: 3600, scope, token_type: 'Bearer' };
  });
  const router = createManagementRouter({ store, issuer, managementAudience, publicJwks: { keys: [publicJwk] }, now, rateLimits: opts.rateLimits ?? UNLIMITED });
  app.use(router.routes());

  const domain = `localhost:${port}`;
  const url = `http://${domain}`;
  return {
    url, port, domain, issuer, managementAudience, store, clock, stats,
    client: (creds = M2M, o = {}) =>
      new ManagementClient({ domain, clientId: creds.id, clientSecret: creds.secret, fetch: httpFetch(port), maxRetries: o.maxRetries ?? 0 }),
    token: (scope, claims = {}, o = {}) =>
      sign({ sub: `${M2M.id}@clients`, aud: managementAudience, azp: M2M.id, scope, gty: 'client-credentials', ...claims }, o.expiresIn),
    api: async (method, path, o = {}) => {
      const headers: Record<string, string> = { ...o.headers };
      if (o.token !== null) headers.authorization = `Bearer ${o.token ?? (await sign({ sub: `${M2M.id}@clients`, aud: managementAudience, azp: M2M.id, scope: store.state.clientGrants.find((g) => g.client_id === M2M.id)!.scope.join(' ') }))}`;
      let payload: string | undefined = o.rawBody;
      if (o.body !== undefined) payload = JSON.stringify(o.body);
      if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, { method, headers, body: payload });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Run `fn` and assert (by returning the diff flag) that the tenant state did not change. */
export async function stateAfter(store: TenantStore, fn: () => Promise<unknown>): Promise<{ changed: boolean; error: unknown }> {
  const before = JSON.stringify(store.state);
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  return { changed: JSON.stringify(store.state) !== before, error };
}
