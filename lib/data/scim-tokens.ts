// SCIM bearer tokens (only their hashes are stored). Every function takes a TenantData, so it
// reads and writes one tenant's tokens only: a token is looked up in the organization of the
// host it was sent to, never across tenants.
import 'server-only';
import type { TenantData } from '@/lib/data/scope';

/** The tenant's tokens for the settings page: active first, newest first. */
export function scimTokenList(t: TenantData) {
  return t.scimTokens.findMany({
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdBy: true },
  });
}

export function activeScimTokenCount(t: TenantData) {
  return t.scimTokens.count({ where: { revokedAt: null } });
}

export async function activeScimTokenNamed(t: TenantData, name: string): Promise<boolean> {
  return (await t.scimTokens.count({ where: { revokedAt: null, name } })) > 0;
}

export function recordScimToken(t: TenantData, token: { name: string; tokenHash: string; prefix: string; createdBy: string }) {
  return t.scimTokens.create({ data: { tenantId: t.tenantId, ...token }, select: { id: true } });
}

export function scimTokenOwnedBy(t: TenantData, id: string) {
  return t.scimTokens.findFirst({ where: { id }, select: { name: true, prefix: true, revokedAt: true } });
}

export async function revokeScimTokenRow(t: TenantData, id: string) {
  await t.scimTokens.update({ where: { id }, data: { revokedAt: new Date() } });
}

/** The token with this hash in this tenant, with whether SCIM is on (revoked ones too: the caller decides). */
export function scimTokenByHash(t: TenantData, tokenHash: string) {
  return t.scimTokens.findUnique({
    where: { tokenHash },
    select: { id: true, name: true, revokedAt: true, lastUsedAt: true, organization: { select: { scimEnabled: true } } },
  });
}

export async function markScimTokenUsed(t: TenantData, id: string, at: Date) {
  await t.scimTokens.update({ where: { id }, data: { lastUsedAt: at } });
}
