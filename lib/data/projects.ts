// Projects: the sample tenant-owned resource. Every function takes the authorized
// TenantContext and scopes every query by its org: there is no way to reach another
// tenant's rows through this module.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/context';
import { auditFor } from '@/lib/data/audit';

// Postgres text cannot hold NUL: refused here rather than failing in the database (a 500).
const NO_NUL = /^[^\u0000]*$/;
const name = z.string({ error: 'Name must be text' }).trim().min(1, 'Name is required').max(100, 'Name: at most 100 characters').regex(NO_NUL, 'Name: no NUL characters');
const description = z.string({ error: 'Description must be text' }).trim().max(2000, 'Description: at most 2000 characters').regex(NO_NUL, 'Description: no NUL characters');
/** An id the database could hold (no NUL): anything else is simply not found. */
const storableId = (id: string) => NO_NUL.test(id);

export const projectInput = z.object({ name, description: description.default('') });
/** A partial update: only the fields sent change (no defaults here). */
export const projectPatch = z
  .object({ name, description })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one of name, description');
export type ProjectInput = z.infer<typeof projectInput>;

export class DuplicateProjectName extends Error {
  constructor() {
    super('A project with this name already exists.');
  }
}

const publicFields = { id: true, name: true, description: true, createdBy: true, createdAt: true, updatedAt: true } as const;

function isUniqueViolation(error: unknown) {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: string }).code === 'P2002';
}

export function projects(ctx: TenantContext) {
  const orgId = ctx.tenant.tenantId;
  const audit = auditFor(ctx);
  return {
    async list() {
      return (await db()).project.findMany({ where: { orgId }, orderBy: { createdAt: 'desc' }, select: publicFields, take: 500 });
    },
    async get(id: string) {
      if (!storableId(id)) return null;
      return (await db()).project.findFirst({ where: { id, orgId }, select: publicFields });
    },
    async create(input: ProjectInput) {
      try {
        return await (await db()).$transaction(async (tx) => {
          const project = await tx.project.create({ data: { ...input, orgId, createdBy: ctx.principal.email ?? ctx.principal.id }, select: publicFields });
          await audit(tx, 'project.created', project.id, { name: project.name });
          return project;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateProjectName();
        throw error;
      }
    },
    /** Returns null when the project does not exist in this tenant. */
    async update(id: string, input: Partial<ProjectInput>) {
      if (!storableId(id)) return null;
      try {
        return await (await db()).$transaction(async (tx) => {
          const { count } = await tx.project.updateMany({ where: { id, orgId }, data: input });
          if (count === 0) return null;
          await audit(tx, 'project.updated', id, input);
          return tx.project.findFirst({ where: { id, orgId }, select: publicFields });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateProjectName();
        throw error;
      }
    },
    /** Returns false when the project does not exist in this tenant. */
    async remove(id: string) {
      if (!storableId(id)) return false;
      return (await db()).$transaction(async (tx) => {
        const { count } = await tx.project.deleteMany({ where: { id, orgId } });
        if (count > 0) await audit(tx, 'project.deleted', id);
        return count > 0;
      });
    },
  };
}
