// The organizations a person belongs to, as the apex picker lists them: Auth0's documented
// list of the user's memberships (lib/management/users.ts), narrowed to registered tenants.
import 'server-only';
import { organizationsByAuth0Ids } from '@/lib/data/directory';
import { config } from '@/lib/config';
import { organizationIdsOfUser } from '@/lib/management/users';
import { tenantOrigin } from '@/lib/tenancy/host';

/**
 * The organizations a signed-in person belongs to, for the apex picker. Auth0 is the
 * source of truth (invitations accepted there may not have reached our database yet);
 * only organizations registered in our database are shown.
 */
export async function organizationsOfUser(userId: string) {
  const auth0Orgs = await organizationIdsOfUser(userId);
  if (auth0Orgs.length === 0) return [];
  const rows = await organizationsByAuth0Ids(auth0Orgs);
  const cfg = config();
  return rows.map((o) => ({ ...o, origin: tenantOrigin(o.slug, cfg.scheme, cfg.rootDomain) }));
}
