// Slug -> tenant, for middleware's cached lookup. Returns only what the login URL exposes
// anyway (the Auth0 organization id) plus our tenant id.
import { findTenantBySlug } from '@/lib/tenancy/organizations';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const org = await findTenantBySlug(slug);
  if (!org) return Response.json({ error: 'not_found', message: 'No such organization' }, { status: 404 });
  return Response.json({ slug: org.slug, auth0OrgId: org.auth0OrgId, tenantId: org.id }, { headers: { 'cache-control': 'no-store' } });
}
