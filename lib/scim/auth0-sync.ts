// The Auth0 side of a SCIM change, through the Management API gateway, each step
// registering its undo so a failure half-way leaves Auth0 as it was:
//  - the organization's database connection (the one it has enabled),
//  - the person's Auth0 user (reused when one with the address exists there),
//  - their organization membership and Tenantry roles.
// What is SCIM's own here: which account may be linked, and SCIM's error answers.
import 'server-only';
import { config } from '@/lib/config';
import { ROLES, type Role } from '@/lib/core/permissions';
import type { UndoStack } from '@/lib/core/undo';
import { isConflict } from '@/lib/management/errors';
import { enabledConnectionsOf } from '@/lib/management/connections';
import { addMemberWithRoles, memberRoles, membershipOf, removeMember, setMemberRoles } from '@/lib/management/members';
import { createUser, findUsersByEmail, getUser, type UserProfile } from '@/lib/management/users';
import { ScimError } from '@/lib/scim/errors';

/** app_metadata key marking an Auth0 user that SCIM created, with the tenant that did. */
export const PROVISIONED_BY = 'tenantry_scim_tenant';

/** How long an organization's database connection is remembered: a directory push creates many users in a row. */
const CONNECTION_CACHE_MS = 5 * 60_000;
const connections = new Map<string, { name: Promise<string>; until: number }>();

/**
 * The organization's database connection: among the connections enabled on the
 * organization, the one of strategy "auth0", preferring the configured AUTH0_DB_CONNECTION
 * (the one signup enables on every new organization). Remembered for a few minutes per
 * organization: Auth0 allows few reads of enabled connections (Essentials: 5, then 50 a
 * minute), and it does not change from one SCIM request to the next.
 */
export function databaseConnection(auth0OrgId: string): Promise<string> {
  const hit = connections.get(auth0OrgId);
  if (hit && hit.until > Date.now()) return hit.name;
  const name = readDatabaseConnection(auth0OrgId);
  connections.set(auth0OrgId, { name, until: Date.now() + CONNECTION_CACHE_MS });
  name.catch(() => connections.delete(auth0OrgId));
  return name;
}

async function readDatabaseConnection(auth0OrgId: string): Promise<string> {
  const enabled = await enabledConnectionsOf(auth0OrgId);
  const databases = enabled.filter((c) => c.strategy === 'auth0' && c.name).map((c) => c.name);
  const preferred = config().auth0.dbConnection;
  const name = databases.includes(preferred) ? preferred : databases[0];
  if (!name) throw new ScimError(500, 'This organization has no database connection enabled in Auth0, so SCIM cannot create users. Ask Tenantry support.');
  return name;
}

/**
 * The user of `connection` with this address, or a new one (undone on failure). Creating
 * first costs one call for a new person (the usual case in a directory push); Auth0 answers
 * 409 when the connection already has a user with the address, and only then is it looked up.
 */
export async function findOrCreateUser(connection: string, tenantId: string, profile: UserProfile, undo: UndoStack): Promise<{ userId: string; created: boolean }> {
  let conflict;
  try {
    return { userId: await createUser(connection, profile, { [PROVISIONED_BY]: tenantId }, undo), created: true };
  } catch (error) {
    if (!isConflict(error)) throw error;
    conflict = error;
  }
  const existing = await findUsersByEmail(profile.email);
  const user = existing.find((u) => u.connections.includes(connection));
  if (!user) throw conflict;
  // Linking an account whose address nobody proved would hand the organization's membership
  // to whoever signed up with it first; one this organization's SCIM created is its own.
  const createdHere = user.appMetadata[PROVISIONED_BY] === tenantId;
  if (!user.emailVerified && !createdHere) {
    throw new ScimError(409, `An account with the address ${profile.email} exists but its email is not verified, so it cannot be linked. Ask the person to verify their address (or delete that account), then push the user again.`, 'uniqueness');
  }
  return { userId: user.userId, created: false };
}

/** Whether SCIM of this tenant created the Auth0 user (and so may change its profile). */
export async function provisionedHere(userId: string, tenantId: string): Promise<{ owned: boolean; profile: UserProfile | null }> {
  const u = await getUser(userId);
  if (!u) return { owned: false, profile: null };
  const owned = u.appMetadata[PROVISIONED_BY] === tenantId;
  return { owned, profile: { email: u.email ?? '', name: u.name ?? '', givenName: u.givenName, familyName: u.familyName } };
}

/**
 * Brings the person's membership in the Auth0 organization to `desired`: a member with
 * exactly these Tenantry roles, or not a member. Other (non-Tenantry) roles are left alone.
 * Auth0 is read first (only what differs is written), unless the caller knows for certain:
 * `newUser` for a user it has just created, who belongs to no organization yet.
 */
export async function syncOrgMember(auth0OrgId: string, userId: string, desired: { active: boolean; roles: readonly Role[] }, undo: UndoStack, known: { newUser?: boolean; activeMember?: boolean } = {}): Promise<void> {
  // A group change touches only people our membership table has as active members (made so
  // through Auth0 by this code): the membership test would be one more call per member.
  const current = known.newUser ? null : known.activeMember ? await memberRoles(auth0OrgId, userId) : await membershipOf(auth0OrgId, userId);
  if (desired.active) {
    const wanted = ROLES.filter((r) => desired.roles.includes(r));
    if (current === null) await addMemberWithRoles(auth0OrgId, userId, wanted, undo);
    else await setMemberRoles(auth0OrgId, userId, wanted, undo, current);
  } else if (current !== null) {
    await removeMember(auth0OrgId, userId, current, undo);
  }
}
