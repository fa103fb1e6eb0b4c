// The tenant's own Organization row (t.organization, pinned to its id): settings, branding,
// SCIM switch, deletion, and the row lock that serializes last-admin checks.
import 'server-only';
import { transactionOf, type TenantData } from '@/lib/data/scope';

/**
 * Locks the organization's row until the transaction ends, so two admins demoting each other
 * at the same moment are serialized and the second one sees the first one's change.
 */
export async function lockOrganization(t: TenantData): Promise<void> {
  await transactionOf(t).$queryRaw`SELECT id FROM "Organization" WHERE id = ${t.tenantId} FOR UPDATE`;
}
