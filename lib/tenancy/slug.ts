// Rules for a tenant's subdomain, which is also its Auth0 organization `name`.
export const RESERVED_SLUGS = new Set([
  'www', 'app', 'api', 'auth', 'admin', 'login', 'logout', 'signup', 'static', 'assets', 'cdn', 'mail',
  'email', 'help', 'support', 'docs', 'status', 'blog', 'billing', 'dashboard', 'settings', 'account',
  'accounts', 'internal', 'system', 'root', 'tenantry', 'localhost', 'test', 'dev', 'staging', 'org',
]);

const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$/;

export type SlugProblem = 'format' | 'reserved';

/** Why a slug cannot be used, or null when its form is fine (whether it is taken is another question). */
export function slugProblem(slug: string): SlugProblem | null {
  if (!SLUG_PATTERN.test(slug) || slug.includes('--') || slug.startsWith('org_')) return 'format';
  if (RESERVED_SLUGS.has(slug)) return 'reserved';
  return null;
}

export const SLUG_RULES =
  '3 to 63 characters: lowercase letters, digits and single hyphens, not starting or ending with a hyphen';

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
    .slice(0, 63)
    .replace(/-+$/g, '');
}
