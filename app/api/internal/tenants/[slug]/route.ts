// Slug -> tenant, for middleware's cached lookup. Returns only what the login URL exposes
// anyway (the Auth0 organization id) plus our tenant id.
import { findTenantBySlug } from '@/lib/tenancy/organizations';
import { slugProblem } from '@/lib/tenancy/slug';

export const dynamic = 'force-dynamic';

const notFound = () => Response.json({ error: 'not_found', message: 'No such organization' }, { status: 404 });

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  // Not a slug's form (a NUL, a space, upper case...): no organization can have it, and the
  // database is not asked (Postgres refuses NUL in text: that would be a 500).
  if (slugProblem(slug) === 'format') return notFound();
  const org = await findTenantBySlug(slug);
  if (!org) return notFound();
  return Response.json({ slug: org.slug, auth0OrgId: org.auth0OrgId, tenantId: org.id }, { headers: { 'cache-control': 'no-store' } });
}
