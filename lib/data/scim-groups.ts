// SCIM groups (ScimGroup) and who is in them. Every function takes a TenantData, so it reads
// and writes one tenant's rows only and composes with memberships and the audit writer in
// one transaction.
import 'server-only';
import type { Prisma } from '@/lib/db/generated/client';
import type { TenantData } from '@/lib/data/scope';

export const scimGroupFields = { id: true, displayName: true, externalId: true, memberIds: true, createdAt: true, updatedAt: true } as const;
export type ScimGroupRow = Prisma.ScimGroupGetPayload<{ select: typeof scimGroupFields }>;

/** Equality terms of a SCIM filter (any one matches); displayName compares without case. */
export type ScimGroupTerms = { displayName?: string; externalId?: string; id?: string }[];

export function scimGroupById(t: TenantData, id: string) {
  return t.scimGroups.findFirst({ where: { id }, select: scimGroupFields });
}

/** Groups matching any of the terms (all groups when there are none), oldest first. */
export function scimGroupsMatching(t: TenantData, terms: ScimGroupTerms | null) {
  let where: Prisma.ScimGroupWhereInput = {};
  if (terms) {
    where = {
      OR: terms.map((term) => ({
        ...(term.displayName !== undefined ? { displayName: { equals: term.displayName, mode: 'insensitive' as const } } : {}),
        ...(term.externalId !== undefined ? { externalId: term.externalId } : {}),
        ...(term.id !== undefined ? { id: term.id } : {}),
      })),
    };
  }
  return t.scimGroups.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: scimGroupFields });
}

/** Another group (not `exceptId`) with this displayName, in any case. */
export function scimGroupByDisplayName(t: TenantData, displayName: string, exceptId?: string) {
  return t.scimGroups.findFirst({ where: { displayName: { equals: displayName, mode: 'insensitive' }, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
}

/** Another group (not `exceptId`) with this externalId. */
export function scimGroupByExternalId(t: TenantData, externalId: string, exceptId?: string) {
  return t.scimGroups.findFirst({ where: { externalId, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
}

/** Every group with its members (what decides members' roles). */
export function groupMemberLists(t: TenantData) {
  return t.scimGroups.findMany({ select: { id: true, displayName: true, memberIds: true } });
}

/** Every group with its members, by name (what a user's `groups` attribute lists). */
export function groupMemberListsByName(t: TenantData) {
  return t.scimGroups.findMany({ select: { id: true, displayName: true, memberIds: true }, orderBy: { displayName: 'asc' } });
}

/** Names of the groups this SCIM user is in. */
export function groupNamesOf(t: TenantData, scimUserId: string) {
  return t.scimGroups.findMany({ where: { memberIds: { has: scimUserId } }, select: { displayName: true } });
}

export interface ScimGroupData { displayName: string; externalId: string | null; memberIds: string[] }

export function createScimGroup(t: TenantData, data: ScimGroupData) {
  return t.scimGroups.create({ data: { ...data, tenantId: t.tenantId }, select: scimGroupFields });
}

export function updateScimGroup(t: TenantData, id: string, data: ScimGroupData) {
  return t.scimGroups.update({ where: { id }, data, select: scimGroupFields });
}

export async function deleteScimGroup(t: TenantData, id: string) {
  await t.scimGroups.delete({ where: { id } });
}

/** Takes a SCIM user out of every group they are in (before the user is deleted). */
export async function removeFromAllGroups(t: TenantData, scimUserId: string) {
  const groups = await t.scimGroups.findMany({ where: { memberIds: { has: scimUserId } }, select: { id: true, memberIds: true } });
  for (const g of groups) await t.scimGroups.update({ where: { id: g.id }, data: { memberIds: g.memberIds.filter((m) => m !== scimUserId) } });
}
