// SCIM 2.0 /ResourceTypes/{name}.
import { scimJson } from '@/lib/scim/errors';
import { scimRoute } from '@/lib/scim/http';
import { resourceTypeDocument } from '@/lib/scim/schemas';

export const dynamic = 'force-dynamic';

export const GET = scimRoute<{ id: string }>(async (sc, _request, { id }) => scimJson(resourceTypeDocument(sc.baseUrl, id)));
