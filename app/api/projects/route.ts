import { projectInput, projects, DuplicateProjectName } from '@/lib/data/projects';
import { HttpError, methodNotAllowed, readJson, tenantApi } from '@/lib/handlers/api';

export const dynamic = 'force-dynamic';

export const GET = tenantApi('projects:read', async (ctx) => Response.json({ projects: await projects(ctx).list() }));

export const POST = tenantApi('projects:write', async (ctx, request) => {
  const input = await readJson(request, projectInput);
  try {
    return Response.json(await projects(ctx).create(input), { status: 201 });
  } catch (error) {
    if (error instanceof DuplicateProjectName) throw new HttpError(409, 'conflict', error.message, { name: [error.message] });
    throw error;
  }
});

export const PUT = methodNotAllowed(['GET', 'POST']);
export const PATCH = PUT;
export const DELETE = PUT;
