// SCIM 2.0 /ServiceProviderConfig: what this service supports (RFC 7644 §4).
import { scimJson } from '@/lib/scim/errors';
import { scimRoute } from '@/lib/scim/http';
import { serviceProviderConfig } from '@/lib/scim/schemas';

export const dynamic = 'force-dynamic';

export const GET = scimRoute(async (sc) => scimJson(serviceProviderConfig(sc.baseUrl)));
