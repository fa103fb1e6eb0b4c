// Who is asking, for which tenant, with which rights: what authorize() answers
// (lib/auth/authorize.ts). A module of types only, so the feature modules that take a context
// do not import the authorizer (and the authorizer's own imports cannot loop back to it).
import type { Permission } from '@/lib/core/permissions';

/** The tenant of a request, as middleware resolved it from the host (lib/tenancy/headers.ts). */
export interface ResolvedTenant {
  slug: string;
  auth0OrgId: string;
  tenantId: string;
}

/** Where a request came from, where known (lib/http/client-ip.ts): recorded with audit events. */
export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export interface Principal {
  kind: 'user' | 'machine';
  /** Auth0 user id, or the client id of a machine caller. */
  id: string;
  email?: string;
  name?: string;
}

export interface TenantContext {
  tenant: ResolvedTenant;
  principal: Principal;
  roles: string[];
  permissions: ReadonlySet<Permission>;
  can(permission: Permission): boolean;
  via: 'session' | 'bearer';
  /** A machine caller's API key (lib/api-keys), for recording its use. */
  apiKey?: { id: string; lastUsedAt: Date | null };
  /** The request's address and user agent (authorize() fills it in; absent outside a request). */
  client?: ClientInfo;
}
