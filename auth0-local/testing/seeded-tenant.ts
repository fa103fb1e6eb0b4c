// The seeded tenant's application credentials and demo password, read from tenant.config.json
// (their one source) so that no test file repeats a secret.
import { readTenantConfig } from '../src/seed.js';

const config = readTenantConfig();

export interface SeededClient { clientId: string; clientSecret: string }

export function seededClient(clientId: string): SeededClient {
  const secret = config.clients?.find((c) => c.client_id === clientId)?.client_secret;
  if (!secret) throw new Error(`tenant.config.json has no application ${clientId} with a secret`);
  return { clientId, clientSecret: secret };
}

/** The password of the seeded demo accounts. */
export const SEEDED_PASSWORD: string = (() => {
  const password = config.users?.find((u) => u.password)?.password;
  if (!password) throw new Error('tenant.config.json seeds no user with a password');
  return password;
})();
