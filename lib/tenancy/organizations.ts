// Reads of the Organization table (the tenant registry). Organization rows are not
// tenant-owned data: they are the tenants themselves.
import { db } from '@/lib/db/client';

export async function findTenantBySlug(slug: string) {
  return (await db()).organization.findUnique({ where: { slug } });
}

export async function findTenantById(id: string) {
  return (await db()).organization.findUnique({ where: { id } });
}

export async function findTenantByAuth0OrgId(auth0OrgId: string) {
  return (await db()).organization.findUnique({ where: { auth0OrgId } });
}
