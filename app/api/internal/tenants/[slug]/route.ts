// Slug -> tenant, for middleware's cached lookup (lib/middleware/tenant-lookup.ts).
// Answers only middleware's signed calls (lib/http/internal-call.ts): the Auth0 organization
// ids of all tenants are not for anyone to list.
import { config } from '@/lib/config';
import { refuseUnsignedCall } from '@/lib/http/internal-call';
import { tenantBySlug } from '@/lib/tenancy/tenant-directory';
import { organizationAccessPolicy } from '@/lib/data/directory';
import type { TenantAccess, TenantLookup } from '@/lib/middleware/tenant-lookup';
import { slugProblem } from '@/lib/tenancy/slug';

export const dynamic = 'force-dynamic';

const notFound = () => Response.json({ error: 'not_found', message: 'No such organization' }, { status: 404 });

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const refused = await refuseUnsignedCall(request, config().auth0.secret);
  if (refused) return refused;
  const { slug } = await params;
  // Not a slug's form (a NUL, a space, upper case...): no organization can have it, and the
  // database is not asked (Postgres refuses NUL in text: that would be a 500).
  if (slugProblem(slug) === 'format') return notFound();
  const tenant = await tenantBySlug(slug);
  if (!tenant) return notFound();
  // The access policy is read fresh (not from the directory's cache): middleware's TTL is
  // then the only delay before a change applies.
  const policy = await organizationAccessPolicy(slug);
  if (!policy) return notFound();
  const access: TenantAccess = {
    ipAllowlist: policy.ipAllowlist ?? [],
    ipAllowlistAppliesToScim: policy.ipAllowlistAppliesToScim,
    sessionMaxAgeMinutes: policy.sessionMaxAgeMinutes,
    sessionIdleMinutes: policy.sessionIdleMinutes,
  };
  return Response.json({ ...tenant, access } satisfies TenantLookup, { headers: { 'cache-control': 'no-store' } });
}
