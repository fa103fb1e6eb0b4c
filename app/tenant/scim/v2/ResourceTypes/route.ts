// SCIM 2.0 /ResourceTypes: User and Group.
import { scimJson } from '@/lib/scim/errors';
import { scimRoute } from '@/lib/scim/http';
import { listResponse, resourceTypeDocuments } from '@/lib/scim/schemas';

export const dynamic = 'force-dynamic';

export const GET = scimRoute(async (sc) => {
  const docs = resourceTypeDocuments(sc.baseUrl);
  return scimJson(listResponse(docs, docs.length, 1));
});
