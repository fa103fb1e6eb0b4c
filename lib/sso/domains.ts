// Email domains an organization claims for home-realm discovery. A claim is proven by a DNS
// TXT record; only verified domains route people to the organization's SSO, and a domain
// verified by one organization cannot be verified by another. In "trust" mode (local
// development, DOMAIN_VERIFICATION=trust) an admin may mark a domain verified by hand.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { config } from '@/lib/config';
import type { TenantContext } from '@/lib/core/context';
import { auditFor } from '@/lib/data/audit';
import { domainVerifiedElsewhere, verifiedDomainOwner } from '@/lib/data/directory';
import { allDomains, claimDomain, domainClaimed, dropDomain, markDomainVerified, routeDomainTo, verifiedDomains } from '@/lib/data/domains';
import { withTenant } from '@/lib/data/scope';
import { DomainError } from '@/lib/core/errors';
import { allOrNothing } from '@/lib/core/undo';
import { syncDomainAliases } from '@/lib/sso/connections';
import { ownedConnection, ownedDomain, type OwnedDomain } from '@/lib/sso/owned';

export const VERIFICATION_PREFIX = '_tenantry-verification';
const DNS_TIMEOUT_MS = 5000;

/** The TXT record the admin publishes to prove the domain is theirs. */
export function verificationRecord(domain: { domain: string; verificationToken: string }) {
  return { name: `${VERIFICATION_PREFIX}.${domain.domain}`, type: 'TXT' as const, value: `tenantry-verification=${domain.verificationToken}` };
}

export async function listDomains(ctx: TenantContext) {
  return withTenant(ctx, allDomains);
}

export async function addDomain(ctx: TenantContext, domain: string) {
  if (await withTenant(ctx, (t) => domainClaimed(t, domain))) throw new DomainError(`${domain} is already on your list.`, 'domain');
  return withTenant(ctx, async (t) => {
    const row = await claimDomain(t, domain, randomBytes(16).toString('hex'));
    await auditFor(ctx)(t, 'sso.domain_added', domain);
    return row;
  });
}

export type TxtLookup = (name: string) => Promise<string[][]>;

function resolveTxtWithTimeout(name: string): Promise<string[][]> {
  // One try, bounded: a slow resolver must not hold the admin's page.
  const resolver = new Resolver({ timeout: DNS_TIMEOUT_MS, tries: 1 });
  return resolver.resolveTxt(name);
}

function dnsProblem(error: unknown, name: string): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOTFOUND' || code === 'ENODATA') return `There is no TXT record at ${name} yet. DNS changes can take a while to appear; try again in a few minutes.`;
  if (code === 'ETIMEOUT' || code === 'ECONNREFUSED') return 'The DNS lookup timed out. Please try again in a moment.';
  return `We could not look up ${name} (${code ?? 'DNS error'}). Please try again in a moment.`;
}

/** "Check now": looks for the TXT record and, when it is there, marks the domain verified. */
export async function checkDomain(ctx: TenantContext, id: string, lookup: TxtLookup = resolveTxtWithTimeout) {
  const row = await ownedDomain(ctx, id);
  if (row.verifiedAt) return row;
  const record = verificationRecord(row);
  let records: string[][];
  try {
    records = await lookup(record.name);
  } catch (error) {
    throw new DomainError(dnsProblem(error, record.name));
  }
  // A long TXT value may arrive in several strings; they join into one.
  if (!records.some((chunks) => chunks.join('').trim() === record.value)) {
    throw new DomainError(`We found no TXT record "${record.value}" at ${record.name}. Check the record's name and value, then try again.`);
  }
  return markVerified(ctx, row, 'dns');
}

export const LOCAL_ONLY = 'Marking a domain verified by hand is only for local development. Publish the TXT record and use Check now.';

/** Local development only: verification without DNS. Refused unless DOMAIN_VERIFICATION is "trust". */
export async function markVerifiedLocally(ctx: TenantContext, id: string) {
  if (config().domainVerification !== 'trust') throw new DomainError(LOCAL_ONLY);
  const row = await ownedDomain(ctx, id);
  if (row.verifiedAt) return row;
  return markVerified(ctx, row, 'trust');
}

export function verifiedElsewhereMessage(domain: string): string {
  return `${domain} is already verified by another organization, so it cannot be verified here. If that is a mistake, contact support.`;
}

async function markVerified(ctx: TenantContext, row: OwnedDomain, method: 'dns' | 'trust') {
  const tenantId = ctx.tenant.tenantId;
  if (await verifiedDomainOwner(row.domain, { exceptTenantId: tenantId })) throw new DomainError(verifiedElsewhereMessage(row.domain));
  const domains = [...new Set([...(await verifiedDomainNames(tenantId)), row.domain])].sort();
  return allOrNothing(async (undo) => {
    await syncDomainAliases(ctx, undo, domains);
    return withTenant(ctx, async (t) => {
      // Two organizations verifying the same domain at once are serialized on the domain.
      if (await domainVerifiedElsewhere(t, row.domain)) throw new DomainError(verifiedElsewhereMessage(row.domain));
      const saved = await markDomainVerified(t, row.id);
      await auditFor(ctx)(t, 'sso.domain_verified', row.domain, { method });
      return saved;
    });
  });
}

export async function verifiedDomainNames(tenantId: string): Promise<string[]> {
  return withTenant(tenantId, verifiedDomains);
}

export async function removeDomain(ctx: TenantContext, id: string) {
  const row = await ownedDomain(ctx, id);
  const tenantId = ctx.tenant.tenantId;
  await allOrNothing(async (undo) => {
    if (row.verifiedAt) await syncDomainAliases(ctx, undo, (await verifiedDomainNames(tenantId)).filter((d) => d !== row.domain).sort());
    await withTenant(ctx, async (t) => {
      await dropDomain(t, row.id);
      await auditFor(ctx)(t, 'sso.domain_removed', row.domain, { wasVerified: !!row.verifiedAt });
    });
  });
}

/** Which of the organization's connections people at this domain go to ("" = the oldest enabled one). */
export async function chooseDomainConnection(ctx: TenantContext, id: string, connectionId: string) {
  const row = await ownedDomain(ctx, id);
  const connection = connectionId ? await ownedConnection(ctx, connectionId) : null;
  return withTenant(ctx, async (t) => {
    const saved = await routeDomainTo(t, row.id, connection?.id ?? null);
    await auditFor(ctx)(t, 'sso.domain_routed', row.domain, { connection: connection?.name ?? null });
    return saved;
  });
}
