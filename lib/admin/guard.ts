// The last-admin rule, checked inside the transaction that makes the change: the
// organization's row is locked first, so two admins demoting each other at the same moment
// are serialized and the second one sees the first one's change.
import type { TenantData } from '@/lib/data/scope';
import { lockOrganization } from '@/lib/data/organization';
import { DomainError } from '@/lib/core/errors';
import { readSecurityPolicy } from '@/lib/data/security-policy';

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

export const BREAK_GLASS_MESSAGE =
  'This admin is a break-glass admin while the organization signs in through SSO only. Take them off the break-glass admins on the Security page first.';

/**
 * While SSO only is on, a break-glass admin keeps their admin role and their membership: the
 * post-login Action lets exactly these people sign in with a password (their ids are in the
 * Auth0 organization's metadata), so a demoted or removed one would keep a way around SSO, and
 * the last one gone would leave nobody to fix a broken identity provider. The Security page
 * takes them off the list (and the metadata) first.
 */
export async function requireNotBreakGlass(t: TenantData, userId: string, field?: string): Promise<void> {
  const policy = await readSecurityPolicy(t);
  if (policy.signInMethods === 'sso_only' && policy.breakGlassUserIds.includes(userId)) throw new DomainError(BREAK_GLASS_MESSAGE, field);
}

/** An admin may stop being one (demoted, removed, leaving, deleting their account): the last-admin and break-glass rules. */
export async function requireAdminMayStepDown(t: TenantData, userId: string, field?: string): Promise<void> {
  await requireAnotherAdmin(t, userId, field);
  await requireNotBreakGlass(t, userId, field);
}

/** Thrown when a change needs the admin to confirm it first (demoting or removing themself). */
export class ConfirmationNeeded extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfirmationNeeded';
  }
}
