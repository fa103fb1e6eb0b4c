// The organizations a signed-in person belongs to, for the apex picker. Auth0 is the
// source of truth (invitations accepted there may not have reached our database yet);
// only organizations registered in our database are shown.
import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';
import { call } from '@/lib/management/client';
import { tenantOrigin } from '@/lib/tenancy/host';

export async function organizationsOfUser(userId: string) {
  const auth0Orgs = await call(async (api) => {
    const ids: string[] = [];
    let page = await api.users.organizations.list(userId, { per_page: 100 });
    for (let pages = 0; pages < 10; pages++) {
      for (const org of page.data) if (org.id) ids.push(org.id);
      if (!page.hasNextPage()) break;
      page = await page.getNextPage();
    }
    return ids;
  });
  if (auth0Orgs.length === 0) return [];
  const rows = await (await db()).organization.findMany({
    where: { auth0OrgId: { in: auth0Orgs } },
    select: { slug: true, displayName: true, logoUrl: true },
    orderBy: { displayName: 'asc' },
  });
  const cfg = config();
  return rows.map((o) => ({ ...o, origin: tenantOrigin(o.slug, cfg.scheme, cfg.rootDomain) }));
}
