// The local tenant in process, for tests: its seeded applications and password, the `auth0`
// Management SDK pointed at it, raw /oauth/token requests and JWT decoding.
import { ManagementClient } from 'auth0';
import { createLocalTenant, type LocalTenant, type LocalTenantOptions } from '../src/server.js';
import { httpFetch } from './management-api-harness.js';
import { SEEDED_PASSWORD, seededClient } from './seeded-tenant.js';

export const APP = { ...seededClient('tenantry-local-app'), redirectUri: 'http://localhost:3000/auth/callback' };
export const M2M = seededClient('tenantry-local-m2m');
export const API_CLIENT = seededClient('tenantry-local-api-client');
export const API = 'https://api.tenantry.local';
export const PASSWORD = SEEDED_PASSWORD;

export function startTenant(opts: Partial<LocalTenantOptions> = {}): Promise<LocalTenant> {
  return createLocalTenant({ port: 0, dataDir: null, quiet: true, ...opts });
}

/**
 * The `auth0` SDK pointed at the local tenant (it hard-codes https; httpFetch sends it to http).
 * The tenant applies Essentials rate limits, so the SDK retries a 429 after x-ratelimit-reset.
 */
export function managementClient(tenant: LocalTenant): ManagementClient {
  return new ManagementClient({
    domain: `localhost:${tenant.port}`, clientId: M2M.clientId, clientSecret: M2M.clientSecret, fetch: httpFetch(tenant.port), maxRetries: 3,
  });
}

export function decode(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}
export function decodeHeader(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString());
}

export async function postToken(tenant: LocalTenant, body: Record<string, string> | string, json = false) {
  const res = await fetch(`${tenant.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: typeof body === 'string' ? body : json ? JSON.stringify(body) : new URLSearchParams(body),
  });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}
