// People provisioned through SCIM (ScimUser), as the identity provider sees them. Every
// function takes a TenantData, so it reads and writes one tenant's rows only and composes
// with memberships and the audit writer in one transaction.
import 'server-only';
import type { Prisma } from '@/lib/db/generated/client';
import type { TenantData } from '@/lib/data/scope';

export const scimUserFields = { id: true, userId: true, userName: true, externalId: true, active: true, resource: true, createdAt: true, updatedAt: true } as const;
export type ScimUserRow = Prisma.ScimUserGetPayload<{ select: typeof scimUserFields }>;
/** The SCIM representation stored on a user. */
export type ScimResource = Prisma.InputJsonObject;

/** Equality terms of a SCIM filter (any one matches); userName compares without case. */
export type ScimUserTerms = { userName?: string; externalId?: string; id?: string }[];

const listOrder = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

export function scimUserById(t: TenantData, id: string) {
  return t.scimUsers.findFirst({ where: { id }, select: scimUserFields });
}

export function scimUserCount(t: TenantData) {
  return t.scimUsers.count();
}

/** One page of users, oldest first (startIndex counts from 1, as SCIM does). */
export function scimUserPage(t: TenantData, startIndex: number, count: number) {
  return t.scimUsers.findMany({ orderBy: listOrder, skip: startIndex - 1, take: count, select: scimUserFields });
}

/** Users matching any of the terms (all users when there are none), oldest first. */
export function scimUsersMatching(t: TenantData, terms: ScimUserTerms | null) {
  const where: Prisma.ScimUserWhereInput = terms
    ? {
        OR: terms.map((term) => ({
          ...(term.userName !== undefined ? { userName: { equals: term.userName, mode: 'insensitive' as const } } : {}),
          ...(term.externalId !== undefined ? { externalId: term.externalId } : {}),
          ...(term.id !== undefined ? { id: term.id } : {}),
        })),
      }
    : {};
  return t.scimUsers.findMany({ where, orderBy: listOrder, select: scimUserFields });
}

/** Another user (not `exceptId`) with this userName, in any case. */
export function scimUserByUserName(t: TenantData, userName: string, exceptId?: string) {
  return t.scimUsers.findFirst({ where: { userName: { equals: userName, mode: 'insensitive' }, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
}

/** Another user (not `exceptId`) with this externalId. */
export function scimUserByExternalId(t: TenantData, externalId: string, exceptId?: string) {
  return t.scimUsers.findFirst({ where: { externalId, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
}

/** The SCIM user already linked to this Auth0 user, if any. */
export function scimUserLinkedTo(t: TenantData, userId: string) {
  return t.scimUsers.findFirst({ where: { userId }, select: { userName: true } });
}

/** userName of each of these ids that exists in the tenant. */
export function scimUserNames(t: TenantData, ids: string[]) {
  return t.scimUsers.findMany({ where: { id: { in: ids } }, select: { id: true, userName: true } });
}

/** The active users among these ids, with their Auth0 user ids. */
export function activeScimUsersAmong(t: TenantData, ids: string[]) {
  return t.scimUsers.findMany({ where: { id: { in: ids }, active: true }, select: { id: true, userId: true } });
}

export interface ScimUserData { userName: string; externalId: string | null; active: boolean; resource: ScimResource }

export function createScimUser(t: TenantData, userId: string, data: ScimUserData) {
  return t.scimUsers.create({ data: { ...data, tenantId: t.tenantId, userId }, select: scimUserFields });
}

export function updateScimUser(t: TenantData, id: string, data: ScimUserData) {
  return t.scimUsers.update({ where: { id }, data, select: scimUserFields });
}

export async function deleteScimUser(t: TenantData, id: string) {
  await t.scimUsers.delete({ where: { id } });
}
