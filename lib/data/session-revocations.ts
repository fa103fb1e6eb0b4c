// Session revocations. Not tenant data, so not behind withTenant or row-level security: a
// key names Auth0 ids (a session, a user across every organization, or an Auth0
// organization), a back-channel logout arrives with no tenant at all, and the check runs on
// every request before any tenant transaction. Rows say nothing about a tenant's data.
import 'server-only';
import { db } from '@/lib/db/client';
import { transactionOf, type TenantData } from '@/lib/data/scope';

/**
 * Ends sessions matching `key` created up to `before`; never moves an existing cut-off back.
 * `within`: written in that tenant transaction (with the audit event of the admin who asked).
 */
export async function writeRevocation(key: string, before: Date, expiresAt: Date, within?: TenantData): Promise<void> {
  const client = within ? transactionOf(within) : await db();
  await client.sessionRevocation.createMany({ data: [{ key, before, expiresAt }], skipDuplicates: true });
  await client.sessionRevocation.updateMany({ where: { key, before: { lt: before } }, data: { before, expiresAt } });
  // A row matches only sessions created before it, which end within the absolute lifetime:
  // after that it matches nothing and goes.
  await client.sessionRevocation.deleteMany({ where: { expiresAt: { lt: new Date() } } });
}

/** Whether any of `keys` revokes a session created at `createdAt`. */
export async function anyRevocation(keys: string[], createdAt: Date): Promise<boolean> {
  const hit = await (await db()).sessionRevocation.findFirst({ where: { key: { in: keys }, before: { gte: createdAt } }, select: { key: true } });
  return hit !== null;
}
