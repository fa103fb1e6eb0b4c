// The webhook event catalogue for integrators: every event type, its version and the JSON
// Schema of its body (lib/events/catalogue.ts). Public: it describes the product, not a tenant.
import { catalogueDocument } from '@/lib/events/catalogue';

export const dynamic = 'force-static';

export function GET() {
  return Response.json(catalogueDocument(), { headers: { 'cache-control': 'public, max-age=3600' } });
}
