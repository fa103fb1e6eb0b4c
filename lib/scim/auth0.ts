// The Auth0 side of provisioning, every step through the one Management API client and
// each one registering its undo, so a failure half-way leaves Auth0 as it was:
//  - the organization's database connection (the one it has enabled),
//  - the person's Auth0 user (reused when one with the address exists there),
//  - their organization membership and Tenantry roles.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { config } from '@/lib/config';
import { isRole, ROLES, type Role } from '@/lib/auth/permissions';
import { call, isNotFound, ManagementApiError } from '@/lib/management/client';
import { roleIdsOf } from '@/lib/management/roles';
import type { UndoStack } from '@/lib/core/undo';
import { ScimError } from '@/lib/scim/errors';
import { isAuth0OrganizationMember } from '@/lib/tenancy/user-organizations';

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
  const page = await call((api) => api.organizations.enabledConnections.list(auth0OrgId, { per_page: 100 }));
  const databases = page.data.filter((c) => c.connection?.strategy === 'auth0' && c.connection.name).map((c) => c.connection!.name!);
  const preferred = config().auth0.dbConnection;
  const name = databases.includes(preferred) ? preferred : databases[0];
  if (!name) throw new ScimError(500, 'This organization has no database connection enabled in Auth0, so SCIM cannot create users. Ask Tenantry support.');
  return name;
}

export interface Auth0Profile { email: string; name: string; givenName?: string; familyName?: string }

/**
 * The user of `connection` with this address, or a new one (undone on failure). Creating
 * first costs one call for a new person (the usual case in a directory push); Auth0 answers
 * 409 when the connection already has a user with the address, and only then is it looked up.
 */
export async function findOrCreateUser(connection: string, tenantId: string, profile: Auth0Profile, undo: UndoStack): Promise<{ userId: string; created: boolean }> {
  let created;
  try {
    created = await call((api) =>
      api.users.create({
        connection,
        email: profile.email,
        name: profile.name,
        ...(profile.givenName ? { given_name: profile.givenName } : {}),
        ...(profile.familyName ? { family_name: profile.familyName } : {}),
        // Nobody knows this password: the person sets their own (reset) or signs in with SSO.
        password: `${randomBytes(24).toString('base64url')}aA1!`,
        email_verified: false,
        app_metadata: { [PROVISIONED_BY]: tenantId },
      }),
    );
  } catch (error) {
    if (!(error instanceof ManagementApiError && error.status === 409)) throw error;
    const existing = await call((api) => api.users.listUsersByEmail({ email: profile.email }));
    const user = existing.find((u) => u.user_id && (u.identities?.some((i) => i.connection === connection) ?? false));
    if (!user) throw error;
    // Linking an account whose address nobody proved would hand the organization's membership
    // to whoever signed up with it first; one this organization's SCIM created is its own.
    const createdHere = (user.app_metadata as Record<string, unknown> | undefined)?.[PROVISIONED_BY] === tenantId;
    if (user.email_verified !== true && !createdHere) {
      throw new ScimError(409, `An account with the address ${profile.email} exists but its email is not verified, so it cannot be linked. Ask the person to verify their address (or delete that account), then push the user again.`, 'uniqueness');
    }
    return { userId: user.user_id!, created: false };
  }
  const userId = created.user_id!;
  undo.push('create user', () => call((api) => api.users.delete(userId)));
  return { userId, created: true };
}

/** Whether SCIM of this tenant created the Auth0 user (and so may change its profile). */
export async function provisionedHere(userId: string, tenantId: string): Promise<{ owned: boolean; profile: Auth0Profile | null }> {
  try {
    const u = await call((api) => api.users.get(userId));
    const owned = (u.app_metadata as Record<string, unknown> | undefined)?.[PROVISIONED_BY] === tenantId;
    return { owned, profile: { email: u.email ?? '', name: u.name ?? '', givenName: u.given_name, familyName: u.family_name } };
  } catch (error) {
    if (isNotFound(error)) return { owned: false, profile: null };
    throw error;
  }
}

/** Updates a SCIM-created user's profile; the old values come back on undo. */
export async function updateProfile(userId: string, before: Auth0Profile, after: Auth0Profile, undo: UndoStack): Promise<void> {
  const body = (p: Auth0Profile) => ({
    name: p.name,
    ...(p.givenName ? { given_name: p.givenName } : {}),
    ...(p.familyName ? { family_name: p.familyName } : {}),
  });
  const emailChanged = after.email !== before.email;
  await call((api) => api.users.update(userId, { ...body(after), ...(emailChanged ? { email: after.email } : {}) }));
  undo.push('update user', () => call((api) => api.users.update(userId, { ...body(before), ...(emailChanged ? { email: before.email } : {}) })));
}

function roleIds(names: readonly Role[]): Promise<string[]> {
  return roleIdsOf(names, (name) => new ScimError(500, `The role ${name} is missing in Auth0. Ask Tenantry support to run npm run auth0:provision.`));
}

/**
 * The member's Tenantry roles in Auth0, or null when they are not a member there. Membership
 * comes from the documented list of the user's organizations (a member-roles lookup answering
 * 200 [] would not prove it).
 */
async function memberRoles(auth0OrgId: string, userId: string, knownMember: boolean): Promise<Role[] | null> {
  if (!knownMember && !(await isAuth0OrganizationMember(auth0OrgId, userId))) return null;
  const page = await call((api) => api.organizations.members.roles.list(auth0OrgId, userId, { per_page: 100 }));
  return page.data.map((r) => r.name ?? '').filter(isRole);
}

async function assign(auth0OrgId: string, userId: string, roles: Role[], undo: UndoStack) {
  if (!roles.length) return;
  const ids = await roleIds(roles);
  await call((api) => api.organizations.members.roles.assign(auth0OrgId, userId, { roles: ids }));
  undo.push('assign roles', () => call((api) => api.organizations.members.roles.delete(auth0OrgId, userId, { roles: ids })));
}

async function unassign(auth0OrgId: string, userId: string, roles: Role[], undo: UndoStack) {
  if (!roles.length) return;
  const ids = await roleIds(roles);
  await call((api) => api.organizations.members.roles.delete(auth0OrgId, userId, { roles: ids }));
  undo.push('remove roles', () => call((api) => api.organizations.members.roles.assign(auth0OrgId, userId, { roles: ids })));
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
  const current = known.newUser ? null : await memberRoles(auth0OrgId, userId, known.activeMember === true);
  if (desired.active) {
    if (current === null) {
      await call((api) => api.organizations.members.create(auth0OrgId, { members: [userId] }));
      undo.push('add member', () => call((api) => api.organizations.members.delete(auth0OrgId, { members: [userId] })));
    }
    const wanted = ROLES.filter((r) => desired.roles.includes(r));
    const have = current ?? [];
    await assign(auth0OrgId, userId, wanted.filter((r) => !have.includes(r)), undo);
    await unassign(auth0OrgId, userId, have.filter((r) => !wanted.includes(r)), undo);
  } else if (current !== null) {
    await call((api) => api.organizations.members.delete(auth0OrgId, { members: [userId] }));
    undo.push('remove member', async () => {
      await call((api) => api.organizations.members.create(auth0OrgId, { members: [userId] }));
      if (current.length) {
        const ids = await roleIds(current);
        await call((api) => api.organizations.members.roles.assign(auth0OrgId, userId, { roles: ids }));
      }
    });
  }
}
