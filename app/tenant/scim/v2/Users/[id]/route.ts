// SCIM 2.0 /Users/{id}: read, replace, patch, delete.
import { scimJson } from '@/lib/scim/errors';
import { projection, readScimBody, scimRoute } from '@/lib/scim/http';
import { deleteUser, getUser, patchUser, replaceUser } from '@/lib/scim/users';

export const dynamic = 'force-dynamic';
type Params = { id: string };

export const GET = scimRoute<Params>(async (sc, request, { id }) => scimJson(await getUser(sc, id, projection(request.url))));
export const PUT = scimRoute<Params>(async (sc, request, { id }) => scimJson(await replaceUser(sc, id, await readScimBody(request))));
export const PATCH = scimRoute<Params>(async (sc, request, { id }) => scimJson(await patchUser(sc, id, await readScimBody(request))));
export const DELETE = scimRoute<Params>(async (sc, _request, { id }) => {
  await deleteUser(sc, id);
  return new Response(null, { status: 204 });
});
