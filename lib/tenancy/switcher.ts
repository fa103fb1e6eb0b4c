// The organizations a person can switch to from inside a tenant: their other active
// memberships in our database (no Management API call on member-facing pages).
import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';
import { tenantOrigin } from '@/lib/tenancy/host';

export async function otherOrganizationsOf(userId: string, exceptTenantId: string) {
  const memberships = await (await db()).membership.findMany({
    where: { userId, removedAt: null, orgId: { not: exceptTenantId } },
    select: { organization: { select: { slug: true, displayName: true } } },
    orderBy: { organization: { displayName: 'asc' } },
    take: 50,
  });
  const cfg = config();
  return memberships.map(({ organization: o }) => ({ ...o, origin: tenantOrigin(o.slug, cfg.scheme, cfg.rootDomain) }));
}
