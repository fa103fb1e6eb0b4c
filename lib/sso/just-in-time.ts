// Just-in-time members: Auth0's auto-membership adds a person who signs in through an
// enterprise connection to the organization, without any role. On their first request we
// give them the connection's default role, in Auth0 (so their next tokens carry it) and in
// our Membership row. Runs once per person, never on later requests.
import 'server-only';
import { withTenant } from '@/lib/data/scope';
import type { Role } from '@/lib/auth/permissions';
import { call } from '@/lib/management/client';
import { roleIdsByName } from '@/lib/management/roles';
import { defaultRoleOf } from '@/lib/sso/connections';

/** Auth0 names enterprise users "<strategy>|<connection>|<id>". */
export function enterpriseConnectionOf(userId: string): string | null {
  const match = /^(?:samlp|oidc)\|([^|]+)\|/.exec(userId);
  return match ? match[1]! : null;
}

export interface JustInTimeGrant { role: Role; connection: string }

/** The role for a person who arrived role-less through one of this org's auto-membership connections, or null. */
export async function justInTimeGrant(orgId: string, userId: string): Promise<JustInTimeGrant | null> {
  const name = enterpriseConnectionOf(userId);
  if (!name) return null;
  const connection = await withTenant(orgId, (t) => t.ssoConnections.findFirst({
    where: { name, autoMembership: true },
    select: { name: true, defaultRole: true, organization: { select: { auth0OrgId: true } } },
  }));
  if (!connection) return null;
  const role = defaultRoleOf(connection);
  try {
    const roleId = (await roleIdsByName()).get(role);
    if (!roleId) throw new Error(`role ${role} is missing in Auth0`);
    await call((api) => api.organizations.members.roles.assign(connection.organization.auth0OrgId, userId, { roles: [roleId] }));
  } catch (error) {
    // Our row decides what the person may do here; Auth0 catches up on the next member sync.
    console.error(`sso: could not assign ${role} to ${userId} in Auth0:`, error instanceof Error ? error.message : error);
  }
  return { role, connection: connection.name };
}
