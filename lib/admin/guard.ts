// The last-admin rule, checked inside the transaction that makes the change: the
// organization's row is locked first, so two admins demoting each other at the same moment
// are serialized and the second one sees the first one's change.
import type { TenantData } from '@/lib/data/scope';
import { lockOrganization } from '@/lib/data/organization';
import { DomainError } from '@/lib/core/errors';

export { lockOrganization };

export const LAST_ADMIN_MESSAGE = 'This is the last admin of the organization. Make someone else an admin first.';

/** The same rule, said to the admin themself about one of their organizations (the account page). */
export const lastAdminMessageFor = (organization: string) => `You are the last admin of ${organization}. Make someone else an admin there first.`;

/** Active admins other than `userId`. */
export function otherAdmins(t: TenantData, userId: string): Promise<number> {
  return t.memberships.count({ where: { removedAt: null, roles: { has: 'org_admin' }, NOT: { userId } } });
}

export async function requireAnotherAdmin(t: TenantData, userId: string, field?: string): Promise<void> {
  if ((await otherAdmins(t, userId)) === 0) throw new DomainError(LAST_ADMIN_MESSAGE, field);
}

/** Thrown when a change needs the admin to confirm it first (demoting or removing themself). */
export class ConfirmationNeeded extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfirmationNeeded';
  }
}
