// Members of Auth0 organizations and the Tenantry roles they hold there. Every write that is
// one step of a larger change takes the caller's UndoStack and registers how to take it back,
// so a later failure leaves Auth0 as it was. Roles other than Tenantry's are left alone.
import 'server-only';
import { isRole, type Role } from '@/lib/core/permissions';
import { call } from '@/lib/management/client';
import { missingRole, roleIdsOf } from '@/lib/management/roles';
import { organizationIdsOfUser } from '@/lib/management/users';
import type { UndoStack } from '@/lib/core/undo';

/** The member's Tenantry roles in Auth0 (200 [] for a non-member too: this does not prove membership). */
export async function memberRoles(auth0OrgId: string, userId: string): Promise<Role[]> {
  const page = await call((api) => api.organizations.members.roles.list(auth0OrgId, userId, { per_page: 100 }));
  return page.data.map((r) => r.name ?? '').filter(isRole);
}

/** Whether the user is a member of the Auth0 organization (the documented list of their organizations). */
export async function isMember(auth0OrgId: string, userId: string): Promise<boolean> {
  return (await organizationIdsOfUser(userId)).includes(auth0OrgId);
}

/** The member's Tenantry roles, or null when they are not a member (the roles are read only for a member). */
export async function membershipOf(auth0OrgId: string, userId: string): Promise<Role[] | null> {
  return (await isMember(auth0OrgId, userId)) ? memberRoles(auth0OrgId, userId) : null;
}

// The only two role writes: everything else goes through them.
const addRoleIds = (auth0OrgId: string, userId: string, ids: string[]) =>
  call((api) => api.organizations.members.roles.assign(auth0OrgId, userId, { roles: ids }));
const dropRoleIds = (auth0OrgId: string, userId: string, ids: string[]) =>
  call((api) => api.organizations.members.roles.delete(auth0OrgId, userId, { roles: ids }));

/** Gives the member these roles (they keep the ones they have); taken away again on undo. */
export async function assignRoles(auth0OrgId: string, userId: string, roles: readonly Role[], undo?: UndoStack): Promise<void> {
  if (!roles.length) return;
  const ids = await roleIdsOf(roles, missingRole);
  await addRoleIds(auth0OrgId, userId, ids);
  undo?.push('assign roles', () => dropRoleIds(auth0OrgId, userId, ids));
}

/** Takes these roles from the member; given back on undo. */
export async function removeRoles(auth0OrgId: string, userId: string, roles: readonly Role[], undo?: UndoStack): Promise<void> {
  if (!roles.length) return;
  const ids = await roleIdsOf(roles, missingRole);
  await dropRoleIds(auth0OrgId, userId, ids);
  undo?.push('remove roles', () => addRoleIds(auth0OrgId, userId, ids));
}

/**
 * Brings the member's Tenantry roles to exactly `wanted`: what is missing is assigned first,
 * then what is extra removed, each undone on failure. `current` saves the read when the caller
 * has just made it. Returns the roles the member had.
 */
export async function setMemberRoles(auth0OrgId: string, userId: string, wanted: readonly Role[], undo: UndoStack, current?: readonly Role[]): Promise<Role[]> {
  const before = current ? [...current] : await memberRoles(auth0OrgId, userId);
  await assignRoles(auth0OrgId, userId, wanted.filter((r) => !before.includes(r)), undo);
  await removeRoles(auth0OrgId, userId, before.filter((r) => !wanted.includes(r)), undo);
  return before;
}

/** Makes a user who is not a member yet one, with these roles; on undo they are no member again. */
export async function addMemberWithRoles(auth0OrgId: string, userId: string, roles: readonly Role[], undo?: UndoStack): Promise<void> {
  await call((api) => api.organizations.members.create(auth0OrgId, { members: [userId] }));
  undo?.push('add member', () => call((api) => api.organizations.members.delete(auth0OrgId, { members: [userId] })));
  await assignRoles(auth0OrgId, userId, roles, undo);
}

/**
 * Ends the membership (Auth0 drops the member's roles in the organization with it). On undo the
 * person is a member again with `roles`, the ones they had: the caller read them first.
 */
export async function removeMember(auth0OrgId: string, userId: string, roles: readonly Role[], undo?: UndoStack): Promise<void> {
  await call((api) => api.organizations.members.delete(auth0OrgId, { members: [userId] }));
  undo?.push('remove member', () => addMemberWithRoles(auth0OrgId, userId, roles));
}

export interface Auth0Member { userId: string; email?: string; name?: string; roles: Role[] }

/** Every member of the Auth0 organization with their Tenantry roles (pages through the list: rate limited, use sparingly). */
export async function listMembers(auth0OrgId: string): Promise<Auth0Member[]> {
  return call(async (api) => {
    const seen: Auth0Member[] = [];
    let page = await api.organizations.members.list(auth0OrgId, { fields: 'user_id,email,name,picture,roles', include_fields: true, take: 100 });
    for (;;) {
      for (const m of page.data) {
        if (m.user_id) seen.push({ userId: m.user_id, email: m.email, name: m.name, roles: (m.roles ?? []).map((r) => r.name ?? '').filter(isRole) });
      }
      if (!page.hasNextPage()) break;
      page = await page.getNextPage();
    }
    return seen;
  });
}
