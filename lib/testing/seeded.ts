// What the local tenant is seeded with (auth0-local/tenant.config.json, the one source): the
// clients and their secrets, the API, the demo password. Tests, the browser tests' settings
// and the benchmark read them from here instead of repeating them, in the app's terms; the
// reading is auth0-local/testing/seeded-tenant.ts's. Imports nothing from the app, so
// Playwright can load it too.
import { SEEDED_API_AUDIENCE, SEEDED_PASSWORD, seededClient } from '../../auth0-local/testing/seeded-tenant';

export interface SeededClient { id: string; secret: string }

function client(id: string): SeededClient {
  const { clientSecret } = seededClient(id);
  return { id, secret: clientSecret };
}

/** The app's own application (AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET). */
export const APP_CLIENT = client('tenantry-local-app');
/** The app's back end for the Management API (AUTH0_M2M_CLIENT_ID / AUTH0_M2M_CLIENT_SECRET). */
export const MANAGEMENT_CLIENT = client('tenantry-local-m2m');
/** The client `npm run auth0:provision` runs as. */
export const PROVISIONER_CLIENT = client('tenantry-local-provisioner');
/** A machine client of the Tenantry API (client credentials, per organization). */
export const API_CLIENT = client('tenantry-local-api-client');

/** The Tenantry API's identifier (TENANTRY_API_AUDIENCE). */
export const API_AUDIENCE = SEEDED_API_AUDIENCE;

/** Every demo account's password. */
export const DEMO_PASSWORD = SEEDED_PASSWORD;
