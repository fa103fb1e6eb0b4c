// Organization roles and the API permissions each grants. The same roles and permissions
// exist in Auth0 (the local tenant's seed, and `npm run auth0:provision` for a real one);
// the app decides with this table so a role change applies on the member's next request.
export const PERMISSIONS = [
  'projects:read', 'projects:write', 'members:read', 'members:manage',
  'org:manage', 'sso:manage', 'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['org_admin', 'org_member', 'org_billing', 'org_readonly'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  org_admin: PERMISSIONS,
  org_member: ['projects:read', 'projects:write', 'members:read'],
  // A billing contact. Tenantry has no billing feature yet, so no billing permission: a
  // permission exists only where the app checks it.
  org_billing: ['projects:read'],
  org_readonly: ['projects:read', 'members:read'],
};

export const ROLE_LABELS: Record<Role, string> = {
  org_admin: 'Admin',
  org_member: 'Member',
  org_billing: 'Billing',
  org_readonly: 'Read-only',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) if (isRole(role)) for (const p of ROLE_PERMISSIONS[role]) out.add(p);
  return out;
}
