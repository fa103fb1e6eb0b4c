// Browser tests only (app/api/internal/test/hooks.ts): sets parts of an organization's
// security policy through the data layer, so the enforcement tests do not depend on the
// settings page. The app holds the database (embedded PGlite is one process), so the tests
// cannot write it themselves. Real changes go through /settings/security (audited).
import { z } from 'zod';
import { withTenant } from '@/lib/data/scope';
import { readSecurityPolicy, saveSecurityPolicy } from '@/lib/data/security-policy';
import { tenantBySlug } from '@/lib/tenancy/tenant-directory';
import { parseCidr } from '@/lib/security/cidr';
import { SESSION_POLICY_BOUNDS } from '@/lib/security/policy';
import { badRequest, jsonBody, refuseTestHook } from '@/app/api/internal/test/hooks';

export const dynamic = 'force-dynamic';

const minutes = (b: { min: number; max: number }) => z.number().int().min(b.min).max(b.max).nullable();
const body = z.object({
  slug: z.string().min(1),
  policy: z
    .object({
      sessionMaxAgeMinutes: minutes(SESSION_POLICY_BOUNDS.maxAgeMinutes),
      sessionIdleMinutes: minutes(SESSION_POLICY_BOUNDS.idleMinutes),
      ipAllowlist: z.array(z.string()),
      ipAllowlistAppliesToScim: z.boolean(),
    })
    .partial()
    .strict(),
});

export async function POST(request: Request) {
  const refused = await refuseTestHook(request);
  if (refused) return refused;
  const parsed = body.safeParse(await jsonBody(request));
  if (!parsed.success) return badRequest(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { slug, policy } = parsed.data;
  let ipAllowlist: string[] | undefined;
  try {
    ipAllowlist = policy.ipAllowlist?.map((range) => parseCidr(range).text);
  } catch (error) {
    return badRequest(error instanceof Error ? error.message : 'invalid range');
  }
  const tenant = await tenantBySlug(slug);
  if (!tenant) return Response.json({ error: 'not_found', message: 'No such organization' }, { status: 404 });
  const saved = await withTenant(tenant.tenantId, async (t) => {
    const next = { ...(await readSecurityPolicy(t)), ...policy, ...(ipAllowlist ? { ipAllowlist } : {}) };
    await saveSecurityPolicy(t, next);
    return next;
  });
  return Response.json(saved);
}
