// SCIM 2.0 /Groups on the tenant host.
import { scimJson } from '@/lib/scim/errors';
import { listParams, readScimBody, scimRoute } from '@/lib/scim/http';
import { createGroup, listGroups } from '@/lib/scim/groups';

export const dynamic = 'force-dynamic';

export const GET = scimRoute(async (sc, request) => scimJson(await listGroups(sc, listParams(request.url))));

export const POST = scimRoute(async (sc, request) => {
  const group = await createGroup(sc, await readScimBody(request));
  return scimJson(group, 201, { location: String((group.meta as { location?: string } | undefined)?.location ?? '') });
});
