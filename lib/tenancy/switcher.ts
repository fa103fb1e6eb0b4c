// The organizations a person can switch to from inside a tenant: their other active
// memberships in our database (no Management API call on member-facing pages).
import 'server-only';
import { organizationsOfMember } from '@/lib/data/directory';
import { config } from '@/lib/config';
import { tenantOrigin } from '@/lib/tenancy/host';

export async function otherOrganizationsOf(userId: string, exceptTenantId: string) {
  const organizations = await organizationsOfMember(userId, exceptTenantId);
  const cfg = config();
  return organizations.map((o) => ({ ...o, origin: tenantOrigin(o.slug, cfg.scheme, cfg.rootDomain) }));
}
