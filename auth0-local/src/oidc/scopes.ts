// Scope strings as oidc-provider and Auth0 pass them around.

/** The OIDC scopes the tenant knows; every other scope is an API's. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

export function scopeList(s: unknown): string[] {
  return typeof s === 'string' ? s.split(' ').filter(Boolean) : [];
}
