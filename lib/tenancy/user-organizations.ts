// The organizations a person belongs to in Auth0. `GET /users/{id}/organizations` is the
// documented list of a user's memberships
// (https://auth0.com/docs/manage-users/organizations/configure-organizations/retrieve-user-membership),
// so it is also the one membership test: a member-roles lookup answering 200 [] does not
// prove membership.
import 'server-only';
import { organizationsByAuth0Ids } from '@/lib/data/directory';
import { config } from '@/lib/config';
import { call } from '@/lib/management/client';
import { tenantOrigin } from '@/lib/tenancy/host';

/** Auth0 organization ids the user is a member of (up to 1,000: ten pages). */
export async function auth0OrganizationIdsOf(userId: string): Promise<string[]> {
  return call(async (api) => {
    const ids: string[] = [];
    let page = await api.users.organizations.list(userId, { per_page: 100 });
    for (let pages = 0; pages < 10; pages++) {
      for (const org of page.data) if (org.id) ids.push(org.id);
      if (!page.hasNextPage()) break;
      page = await page.getNextPage();
    }
    return ids;
  });
}

/** Whether the user is a member of the Auth0 organization (the documented test, see above). */
export async function isAuth0OrganizationMember(auth0OrgId: string, userId: string): Promise<boolean> {
  return (await auth0OrganizationIdsOf(userId)).includes(auth0OrgId);
}

/**
 * The organizations a signed-in person belongs to, for the apex picker. Auth0 is the
 * source of truth (invitations accepted there may not have reached our database yet);
 * only organizations registered in our database are shown.
 */
export async function organizationsOfUser(userId: string) {
  const auth0Orgs = await auth0OrganizationIdsOf(userId);
  if (auth0Orgs.length === 0) return [];
  const rows = await organizationsByAuth0Ids(auth0Orgs);
  const cfg = config();
  return rows.map((o) => ({ ...o, origin: tenantOrigin(o.slug, cfg.scheme, cfg.rootDomain) }));
}
