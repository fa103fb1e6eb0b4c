// The last-admin rule, checked inside the transaction that makes the change: the
// organization's row is locked first, so two admins demoting each other at the same moment
// are serialized and the second one sees the first one's change.
import type { Prisma } from '@/lib/db/generated/client';
import { DomainError } from '@/lib/core/errors';

type Tx = Prisma.TransactionClient;

export const LAST_ADMIN_MESSAGE = 'This is the last admin of the organization. Make someone else an admin first.';

export async function lockOrganization(tx: Tx, orgId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${orgId} FOR UPDATE`;
}

/** Active admins other than `userId`. */
export function otherAdmins(tx: Pick<Tx, 'membership'>, orgId: string, userId: string): Promise<number> {
  return tx.membership.count({ where: { orgId, removedAt: null, roles: { has: 'org_admin' }, NOT: { userId } } });
}

export async function requireAnotherAdmin(tx: Pick<Tx, 'membership'>, orgId: string, userId: string, field?: string): Promise<void> {
  if ((await otherAdmins(tx, orgId, userId)) === 0) throw new DomainError(LAST_ADMIN_MESSAGE, field);
}

/** Thrown when a change needs the admin to confirm it first (demoting or removing themself). */
export class ConfirmationNeeded extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfirmationNeeded';
  }
}
