// SCIM 2.0 /Users on the tenant host (middleware rewrites /scim/v2/... to /tenant/scim/v2/...).
import { scimJson } from '@/lib/scim/errors';
import { listParams, readScimBody, scimRoute } from '@/lib/scim/http';
import { createUser, listUsers } from '@/lib/scim/users';

export const dynamic = 'force-dynamic';

export const GET = scimRoute(async (sc, request) => scimJson(await listUsers(sc, listParams(request.url))));

export const POST = scimRoute(async (sc, request) => {
  const user = await createUser(sc, await readScimBody(request));
  return scimJson(user, 201, { location: String((user.meta as { location?: string } | undefined)?.location ?? '') });
});
