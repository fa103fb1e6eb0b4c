// What the local tenant is seeded with, read from tenant.config.json (the one source: seed.ts
// builds the tenant from it) so that no test repeats a secret. Reads the file itself and
// imports nothing else, so Playwright's settings (e2e/support/env.ts) can load it too.
import { readFileSync } from 'node:fs';

interface SeedFile {
  clients?: { client_id: string; client_secret?: string }[];
  resource_servers?: { identifier: string }[];
  users?: { email: string; password?: string }[];
}

const seed = JSON.parse(readFileSync(new URL('../tenant.config.json', import.meta.url), 'utf8')) as SeedFile;

export interface SeededClient { clientId: string; clientSecret: string }

export function seededClient(clientId: string): SeededClient {
  const secret = seed.clients?.find((c) => c.client_id === clientId)?.client_secret;
  if (!secret) throw new Error(`tenant.config.json has no application ${clientId} with a secret`);
  return { clientId, clientSecret: secret };
}

/** The password every seeded demo account shares. */
export const SEEDED_PASSWORD: string = (() => {
  const passwords = new Set((seed.users ?? []).map((u) => u.password));
  const [only] = passwords;
  if (passwords.size !== 1 || !only) throw new Error('tenant.config.json: the demo accounts should share one password');
  return only;
})();

/** The one API the tenant is seeded with: the Tenantry API. */
export const SEEDED_API_AUDIENCE: string = (() => {
  const [api, ...others] = seed.resource_servers ?? [];
  if (!api || others.length) throw new Error('tenant.config.json: expected exactly one resource server, the Tenantry API');
  return api.identifier;
})();
