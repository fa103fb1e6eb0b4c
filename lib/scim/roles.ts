// How SCIM groups give organization roles: a group whose displayName is a role's name
// (org_admin, org_member, org_billing, org_readonly) or its label (Admin, Member, Billing,
// Read-only), compared case-insensitively, gives that role to its members. A person in no
// such group is a Member (org_member).
import { ROLES, ROLE_LABELS, type Role } from '@/lib/core/permissions';

export const DEFAULT_SCIM_ROLE: Role = 'org_member';

export function roleOfGroup(displayName: string): Role | null {
  const name = displayName.trim().toLowerCase();
  return ROLES.find((role) => role === name || ROLE_LABELS[role].toLowerCase() === name) ?? null;
}

/** The roles the given groups give, or the default role when none of them names one. */
export function rolesFromGroupNames(displayNames: readonly string[]): Role[] {
  const roles = ROLES.filter((role) => displayNames.some((n) => roleOfGroup(n) === role));
  return roles.length ? roles : [DEFAULT_SCIM_ROLE];
}
