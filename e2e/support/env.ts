// The environment the browser tests run the app with: the same settings a real deployment
// uses, pointed at the local Auth0 tenant and a fresh database.
import { API_AUDIENCE, APP_CLIENT, DEMO_PASSWORD, MANAGEMENT_CLIENT } from '../../lib/testing/seeded';

export { DEMO_PASSWORD };
export const APP_PORT = 3100;
export const AUTH0_PORT = 4100;
export const ROOT_DOMAIN = `localhost:${APP_PORT}`;
export const APEX = `http://${ROOT_DOMAIN}`;
export const AUTH0_ORIGIN = `http://localhost:${AUTH0_PORT}`;
export const DATA_DIR = '.data/e2e';

export const tenantUrl = (slug: string, path = '/') => `http://${slug}.${ROOT_DOMAIN}${path}`;

export function appEnv(databaseUrl?: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    ROOT_DOMAIN,
    AUTH0_DOMAIN: AUTH0_ORIGIN,
    AUTH0_CLIENT_ID: APP_CLIENT.id,
    AUTH0_CLIENT_SECRET: APP_CLIENT.secret,
    AUTH0_SECRET: 'e2e-session-secret-0123456789abcdef0123456789abcdef',
    AUTH0_M2M_CLIENT_ID: MANAGEMENT_CLIENT.id,
    AUTH0_M2M_CLIENT_SECRET: MANAGEMENT_CLIENT.secret,
    TENANTRY_API_AUDIENCE: API_AUDIENCE,
    // No DNS to publish TXT records in: domains are marked verified by hand, as in local development.
    DOMAIN_VERIFICATION: 'trust',
    // Membership lookups cached as in production, but longer than any test step takes, so a
    // change that fails to clear the one process-wide cache shows as a stale answer.
    MEMBERSHIP_CACHE_SECONDS: '60',
    // The hooks e2e/support/hooks.ts calls: the session clock (an idle timeout without waiting)
    // and policy writes. Never set in a deployment (lib/config refuses it away from localhost).
    TEST_HOOKS: '1',
    // An IP allowlist change reaches middleware within this (30 s in production), so a test
    // waits a second, not half a minute.
    TENANT_LOOKUP_TTL_MS: '1000',
    // Webhook receivers started by the tests listen on this machine (allowed on localhost only).
    WEBHOOKS_ALLOW_LOOPBACK: 'true',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DATA_DIR: `${DATA_DIR}/pglite` }),
  };
}
