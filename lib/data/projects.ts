// Projects: the sample tenant-owned resource. Made from the authorized TenantContext; every
// query runs in withTenant for its tenant: there is no way to reach another tenant's rows
// through this module.
import 'server-only';
import { z } from 'zod';
import type { TenantContext } from '@/lib/core/context';
import { auditFor } from '@/lib/data/audit';
import { withTenant } from '@/lib/data/scope';

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
  const audit = auditFor(ctx);
  return {
    async list() {
      return withTenant(ctx, (t) => t.projects.findMany({ orderBy: { createdAt: 'desc' }, select: publicFields, take: 500 }));
    },
    async get(id: string) {
      if (!storableId(id)) return null;
      return withTenant(ctx, (t) => t.projects.findFirst({ where: { id }, select: publicFields }));
    },
    async create(input: ProjectInput) {
      try {
        return await withTenant(ctx, async (t) => {
          const project = await t.projects.create({ data: { ...input, tenantId: t.tenantId, createdBy: ctx.principal.email ?? ctx.principal.id }, select: publicFields });
          await audit(t, 'project.created', project.id, { name: project.name });
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
        return await withTenant(ctx, async (t) => {
          const { count } = await t.projects.updateMany({ where: { id }, data: input });
          if (count === 0) return null;
          await audit(t, 'project.updated', id, input);
          return t.projects.findFirst({ where: { id }, select: publicFields });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateProjectName();
        throw error;
      }
    },
    /** Returns false when the project does not exist in this tenant. */
    async remove(id: string) {
      if (!storableId(id)) return false;
      return withTenant(ctx, async (t) => {
        const { count } = await t.projects.deleteMany({ where: { id } });
        if (count > 0) await audit(t, 'project.deleted', id);
        return count > 0;
      });
    },
  };
}
