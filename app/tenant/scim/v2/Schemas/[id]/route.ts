// SCIM 2.0 /Schemas/{urn}.
import { scimJson } from '@/lib/scim/errors';
import { scimRoute } from '@/lib/scim/http';
import { schemaDocument } from '@/lib/scim/schemas';

export const dynamic = 'force-dynamic';

export const GET = scimRoute<{ id: string }>(async (sc, _request, { id }) => scimJson(schemaDocument(sc.baseUrl, decodeURIComponent(id))));
