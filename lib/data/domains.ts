// Email domains an organization claims (OrganizationDomain). Every function takes a
// TenantData, so it reads and writes one tenant's rows only. Which tenant verified a domain
// is a cross-tenant question: lib/data/directory.ts answers it.
import 'server-only';
import type { TenantData } from '@/lib/data/scope';

/** The domain with this id, if this tenant claims it. */
export function domainOwnedBy(t: TenantData, id: string) {
  return t.domains.findFirst({ where: { id } });
}

export function allDomains(t: TenantData) {
  return t.domains.findMany({ orderBy: { domain: 'asc' } });
}

export function domainClaimed(t: TenantData, domain: string) {
  return t.domains.findFirst({ where: { domain } });
}

/** The names of the tenant's verified domains, sorted. */
export async function verifiedDomains(t: TenantData): Promise<string[]> {
  const rows = await t.domains.findMany({ where: { verifiedAt: { not: null } }, select: { domain: true }, orderBy: { domain: 'asc' } });
  return rows.map((r) => r.domain);
}

export function claimDomain(t: TenantData, domain: string, verificationToken: string) {
  return t.domains.create({ data: { tenantId: t.tenantId, domain, verificationToken } });
}

export function markDomainVerified(t: TenantData, id: string) {
  return t.domains.update({ where: { id }, data: { verifiedAt: new Date() } });
}

/** Where people at this domain sign in (null: the organization's oldest enabled connection). */
export function routeDomainTo(t: TenantData, id: string, connectionId: string | null) {
  return t.domains.update({ where: { id }, data: { connectionId } });
}

/** Domains routed to a connection about to go fall back to the default route. */
export async function unrouteDomainsFrom(t: TenantData, connectionId: string) {
  await t.domains.updateMany({ where: { connectionId }, data: { connectionId: null } });
}

export async function dropDomain(t: TenantData, id: string) {
  await t.domains.delete({ where: { id } });
}
