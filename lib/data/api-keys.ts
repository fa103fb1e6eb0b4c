// API keys (the Auth0 machine clients of one organization). Every function takes a TenantData,
// so a key is only ever found in the organization of the host its token was sent to.
import 'server-only';
import type { TenantData } from '@/lib/data/scope';

const listFields = {
  id: true, name: true, auth0ClientId: true, permissions: true, createdBy: true, createdByName: true,
  createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true,
} as const;

/** The settings page's list: active first, newest first. */
export function apiKeyList(t: TenantData) {
  return t.apiKeys.findMany({ orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }], select: listFields });
}

export function activeApiKeyCount(t: TenantData) {
  return t.apiKeys.count({ where: { revokedAt: null } });
}

export async function activeApiKeyNamed(t: TenantData, name: string): Promise<boolean> {
  return (await t.apiKeys.count({ where: { revokedAt: null, name } })) > 0;
}

export function recordApiKey(t: TenantData, key: { auth0ClientId: string; name: string; permissions: string[]; createdBy: string; createdByName: string | null; expiresAt: Date | null }) {
  return t.apiKeys.create({ data: { tenantId: t.tenantId, ...key }, select: { id: true } });
}

export function apiKeyById(t: TenantData, id: string) {
  return t.apiKeys.findFirst({ where: { id }, select: listFields });
}

export async function markApiKeyRevoked(t: TenantData, id: string, at: Date) {
  await t.apiKeys.update({ where: { id }, data: { revokedAt: at } });
}

/** The Auth0 clients of keys still alive in Auth0 (not revoked), for deleting the organization. */
export function liveApiKeyClients(t: TenantData) {
  return t.apiKeys.findMany({ where: { revokedAt: null }, select: { auth0ClientId: true } });
}

/** The key behind a machine token's client in this tenant (revoked and expired ones too: the caller decides). */
export function apiKeyForClient(t: TenantData, auth0ClientId: string) {
  return t.apiKeys.findFirst({
    where: { auth0ClientId },
    select: { id: true, name: true, permissions: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
  });
}

/** Records a use unless one was recorded since `notBefore` (a conditional write: instances may race). */
export async function markApiKeyUsed(t: TenantData, id: string, at: Date, notBefore: Date) {
  await t.apiKeys.updateMany({
    where: { id, revokedAt: null, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: notBefore } }] },
    data: { lastUsedAt: at },
  });
}
