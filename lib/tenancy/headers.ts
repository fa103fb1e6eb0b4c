// Request headers that carry the resolved tenant from middleware to the app. Middleware
// deletes any that arrive from the client, so only middleware can set them.
import type { ResolvedTenant } from '@/lib/core/context';

export const TENANT_HEADERS = {
  slug: 'x-tenant-slug',
  auth0OrgId: 'x-tenant-org-id',
  tenantId: 'x-tenant-id',
} as const;

/** Prefixes stripped from every incoming request (x-nonce: the CSP nonce, lib/http/security-headers.ts). */
export const INTERNAL_HEADER_PREFIXES = ['x-tenant-', 'x-tenantry-', 'x-nonce'];

/** Reads the tenant middleware resolved; null on the apex. */
export function tenantFromHeaders(headers: Headers): ResolvedTenant | null {
  const slug = headers.get(TENANT_HEADERS.slug);
  const auth0OrgId = headers.get(TENANT_HEADERS.auth0OrgId);
  const tenantId = headers.get(TENANT_HEADERS.tenantId);
  return slug && auth0OrgId && tenantId ? { slug, auth0OrgId, tenantId } : null;
}
