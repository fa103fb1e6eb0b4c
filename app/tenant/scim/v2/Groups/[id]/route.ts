// SCIM 2.0 /Groups/{id}: read, replace, patch (members add/remove), delete.
import { scimJson } from '@/lib/scim/errors';
import { projection, readScimBody, scimRoute } from '@/lib/scim/http';
import { deleteGroup, getGroup, patchGroup, replaceGroup } from '@/lib/scim/groups';

export const dynamic = 'force-dynamic';
type Params = { id: string };

export const GET = scimRoute<Params>(async (sc, request, { id }) => scimJson(await getGroup(sc, id, projection(request.url))));
export const PUT = scimRoute<Params>(async (sc, request, { id }) => scimJson(await replaceGroup(sc, id, await readScimBody(request))));
export const PATCH = scimRoute<Params>(async (sc, request, { id }) => scimJson(await patchGroup(sc, id, await readScimBody(request), projection(request.url))));
export const DELETE = scimRoute<Params>(async (sc, _request, { id }) => {
  await deleteGroup(sc, id);
  return new Response(null, { status: 204 });
});
