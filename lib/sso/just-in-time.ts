// Just-in-time members: Auth0's auto-membership adds a person who signs in through an
// enterprise connection to the organization, without any role. When admission records them
// (lib/admission, right after sign-in) we give them the connection's default role, in Auth0
// (so their next tokens carry it) and in our Membership row. Runs once per person.
import 'server-only';
import { withTenant } from '@/lib/data/scope';
import { autoMembershipConnectionNamed } from '@/lib/data/sso-connections';
import type { Role } from '@/lib/core/permissions';
import { assignRoles } from '@/lib/management/members';
import { defaultRoleOf } from '@/lib/sso/connections';

/** Auth0 names enterprise users "<strategy>|<connection>|<id>". */
export function enterpriseConnectionOf(userId: string): string | null {
  const match = /^(?:samlp|oidc)\|([^|]+)\|/.exec(userId);
  return match ? match[1]! : null;
}

export interface JustInTimeGrant { role: Role; connection: string }

/** The role for a person who arrived role-less through one of this org's auto-membership connections, or null. */
export async function justInTimeGrant(tenantId: string, userId: string): Promise<JustInTimeGrant | null> {
  const name = enterpriseConnectionOf(userId);
  if (!name) return null;
  const connection = await withTenant(tenantId, (t) => autoMembershipConnectionNamed(t, name));
  if (!connection) return null;
  const role = defaultRoleOf(connection);
  try {
    await assignRoles(connection.organization.auth0OrgId, userId, [role]);
  } catch (error) {
    // Our row decides what the person may do here; Auth0 catches up on the next member sync.
    console.error(`sso: could not assign ${role} to ${userId} in Auth0:`, error instanceof Error ? error.message : error);
  }
  return { role, connection: connection.name };
}
