// SCIM users and groups (t.scimUsers, t.scimGroups): the shapes lib/scim reads and the
// Prisma types it filters with, so lib/scim needs nothing from the generated client.
import type { Prisma } from '@/lib/db/generated/client';

export const scimUserFields = { id: true, userId: true, userName: true, externalId: true, active: true, resource: true, createdAt: true, updatedAt: true } as const;
export type ScimUserRow = Prisma.ScimUserGetPayload<{ select: typeof scimUserFields }>;
export type ScimUserWhere = Prisma.ScimUserWhereInput;
/** The SCIM representation stored on a user. */
export type ScimResource = Prisma.InputJsonObject;

export const scimGroupFields = { id: true, displayName: true, externalId: true, memberIds: true, createdAt: true, updatedAt: true } as const;
export type ScimGroupRow = Prisma.ScimGroupGetPayload<{ select: typeof scimGroupFields }>;
export type ScimGroupWhere = Prisma.ScimGroupWhereInput;
