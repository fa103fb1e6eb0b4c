// SCIM 2.0 /Schemas/{urn}.
import { scimJson } from '@/lib/scim/errors';
import { scimRoute } from '@/lib/scim/http';
import { schemaDocument } from '@/lib/scim/schemas';

export const dynamic = 'force-dynamic';

/** The id once more decoded when it still carries escapes; a stray "%" is no schema (404, not 500). */
function schemaId(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

export const GET = scimRoute<{ id: string }>(async (sc, _request, { id }) => scimJson(schemaDocument(sc.baseUrl, schemaId(id))));
