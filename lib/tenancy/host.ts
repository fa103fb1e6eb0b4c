// Parses a request's Host against the configured root domain. The single source of truth
// for "which tenant is this request for", used by middleware.ts only.
import { slugProblem } from '@/lib/tenancy/slug';

export type HostMatch = { kind: 'apex' } | { kind: 'tenant'; slug: string } | { kind: 'invalid' };

/**
 * "example.com" -> apex, "acme.example.com" -> tenant acme; anything else (other domains,
 * nested subdomains, reserved or malformed labels, a different port) -> invalid.
 */
export function matchHost(host: string | null, rootDomain: string): HostMatch {
  if (!host) return { kind: 'invalid' };
  const normalized = host.trim().toLowerCase().replace(/\.$/, '');
  if (normalized === rootDomain) return { kind: 'apex' };
  const suffix = `.${rootDomain}`;
  if (!normalized.endsWith(suffix)) return { kind: 'invalid' };
  const label = normalized.slice(0, -suffix.length);
  if (label.includes('.')) return { kind: 'invalid' };
  if (label === 'www') return { kind: 'apex' };
  return slugProblem(label) ? { kind: 'invalid' } : { kind: 'tenant', slug: label };
}

/** Origin of a tenant's subdomain, e.g. https://acme.example.com. */
export function tenantOrigin(slug: string, scheme: string, rootDomain: string): string {
  return `${scheme}://${slug}.${rootDomain}`;
}
