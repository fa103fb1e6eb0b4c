// Rules for a tenant's subdomain, which is also its Auth0 organization `name`.
export const RESERVED_SLUGS = new Set([
  'www', 'app', 'api', 'auth', 'admin', 'login', 'logout', 'signup', 'static', 'assets', 'cdn', 'mail',
  'email', 'help', 'support', 'docs', 'status', 'blog', 'billing', 'dashboard', 'settings', 'account',
  'accounts', 'internal', 'system', 'root', 'tenantry', 'localhost', 'test', 'dev', 'staging', 'org',
]);

/**
 * Auth0 organization names stop at 50 characters
 * (https://auth0.com/docs/manage-users/organizations/configure-organizations/create-organizations),
 * shorter than a DNS label (63): the form holds slugs to Auth0's limit so Auth0 never refuses one.
 */
export const SLUG_MAX_LENGTH = 50;
const SLUG_PATTERN = new RegExp(`^[a-z0-9][a-z0-9-]{1,${SLUG_MAX_LENGTH - 2}}[a-z0-9]$`);

export type SlugProblem = 'format' | 'reserved';

/** Why a slug cannot be used, or null when its form is fine (whether it is taken is another question). */
export function slugProblem(slug: string): SlugProblem | null {
  if (!SLUG_PATTERN.test(slug) || slug.includes('--') || slug.startsWith('org_')) return 'format';
  if (RESERVED_SLUGS.has(slug)) return 'reserved';
  return null;
}

export const SLUG_RULES =
  `3 to ${SLUG_MAX_LENGTH} characters: lowercase letters, digits and single hyphens, not starting or ending with a hyphen`;

export function describeSlugProblem(problem: SlugProblem): string {
  return problem === 'reserved' ? 'That address is reserved. Please choose another.' : `Use ${SLUG_RULES}.`;
}

/** Suggest a slug from a company name: "Acme Corp." -> "acme-corp". */
export function suggestSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/g, '');
}
