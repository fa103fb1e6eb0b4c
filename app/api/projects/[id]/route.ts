import { projectPatch, projects, DuplicateProjectName } from '@/lib/data/projects';
import { HttpError, methodNotAllowed, notFound, readJson, tenantApi } from '@/lib/handlers/api';

export const dynamic = 'force-dynamic';
type Params = { id: string };

// Another tenant's id is indistinguishable from a missing one: 404, never 403.
export const GET = tenantApi<Params>('projects:read', async (ctx, _request, { id }) => {
  const project = await projects(ctx).get(id);
  if (!project) throw notFound('No such project');
  return Response.json(project);
});

export const PATCH = tenantApi<Params>('projects:write', async (ctx, request, { id }) => {
  const input = await readJson(request, projectPatch);
  try {
    const project = await projects(ctx).update(id, input);
    if (!project) throw notFound('No such project');
    return Response.json(project);
  } catch (error) {
    if (error instanceof DuplicateProjectName) throw new HttpError(409, 'conflict', error.message, { name: [error.message] });
    throw error;
  }
});

export const DELETE = tenantApi<Params>('projects:write', async (ctx, _request, { id }) => {
  if (!(await projects(ctx).remove(id))) throw notFound('No such project');
  return new Response(null, { status: 204 });
});

export const POST = methodNotAllowed(['GET', 'PATCH', 'DELETE']);
export const PUT = POST;
