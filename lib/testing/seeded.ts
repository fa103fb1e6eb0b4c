// What the local tenant is seeded with (auth0-local/tenant.config.json, the one source): the
// clients and their secrets, the API, the demo password. Tests, the browser tests' settings
// and the benchmark read them from here instead of repeating them. Reads the file itself and
// imports nothing from the app, so Playwright can load it too.
import { readFileSync } from 'node:fs';

interface SeedFile {
  clients: { client_id: string; client_secret?: string }[];
  resource_servers: { identifier: string }[];
  users: { email: string; password?: string }[];
}

const seed = JSON.parse(readFileSync(new URL('../../auth0-local/tenant.config.json', import.meta.url), 'utf8')) as SeedFile;

export interface SeededClient { id: string; secret: string }

function client(id: string): SeededClient {
  const found = seed.clients.find((c) => c.client_id === id);
  if (!found?.client_secret) throw new Error(`tenant.config.json: no client ${id} with a secret`);
  return { id, secret: found.client_secret };
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
export const API_AUDIENCE = (() => {
  const [api, ...others] = seed.resource_servers;
  if (!api || others.length) throw new Error('tenant.config.json: expected exactly one resource server, the Tenantry API');
  return api.identifier;
})();

/** Every demo account's password. */
export const DEMO_PASSWORD = (() => {
  const passwords = new Set(seed.users.map((u) => u.password));
  const [only] = passwords;
  if (passwords.size !== 1 || !only) throw new Error('tenant.config.json: the demo accounts should share one password');
  return only;
})();
