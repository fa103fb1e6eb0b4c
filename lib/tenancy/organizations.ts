// Reads of the Organization table (the tenant registry). Organization rows are not
// tenant-owned data: they are the tenants themselves (lib/data/directory.ts).
import { organizationByAuth0Id, organizationById, organizationBySlug } from '@/lib/data/directory';

export async function findTenantBySlug(slug: string) {
  return organizationBySlug(slug);
}

export async function findTenantById(id: string) {
  return organizationById(id);
}

export async function findTenantByAuth0OrgId(auth0OrgId: string) {
  return organizationByAuth0Id(auth0OrgId);
}
