// SCIM 2.0 /Schemas: the User (with the enterprise extension) and Group schemas.
import { scimJson } from '@/lib/scim/errors';
import { scimRoute } from '@/lib/scim/http';
import { listResponse, schemaDocuments } from '@/lib/scim/schemas';

export const dynamic = 'force-dynamic';

export const GET = scimRoute(async (sc) => {
  const docs = schemaDocuments(sc.baseUrl);
  return scimJson(listResponse(docs, docs.length, 1));
});
