// The JSON Schema of tenantry.audit/v1, the shape of every event the audit export gives
// (lib/audit/event-v1.ts). Public: it describes the format, not anyone's data.
import { auditEventV1JsonSchema } from '@/lib/audit/event-v1';
import { methodNotAllowed } from '@/lib/handlers/api';

export const dynamic = 'force-static';

export function GET(): Response {
  return Response.json(auditEventV1JsonSchema(), { headers: { 'content-type': 'application/schema+json', 'cache-control': 'public, max-age=3600' } });
}

export const POST = methodNotAllowed(['GET']);
