// The tenant of the current request (from middleware's headers) with its branding row.
import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { tenantFromHeaders } from '@/lib/tenancy/headers';
import { organizationOfRequest } from '@/lib/tenancy/organizations';
import { config } from '@/lib/config';
import { tenantOrigin } from '@/lib/tenancy/host';

export const currentTenant = cache(async () => {
  const resolved = tenantFromHeaders(await headers());
  if (!resolved) return null;
  const org = await organizationOfRequest(resolved.auth0OrgId);
  if (!org || org.id !== resolved.tenantId) return null;
  const { sessionMaxAgeMinutes: _maxAge, sessionIdleMinutes: _idle, ...branding } = org;
  const cfg = config();
  return { ...branding, origin: tenantOrigin(org.slug, cfg.scheme, cfg.rootDomain) };
});

export type CurrentTenant = NonNullable<Awaited<ReturnType<typeof currentTenant>>>;
