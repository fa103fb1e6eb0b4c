// An organization's API keys, as its admins manage them. A key is an Auth0 machine-to-machine
// application for this organization only (lib/management/machine-clients.ts) plus our row
// (lib/data/api-keys.ts), which authorize() reads on every machine request: the row's
// permissions bound what a token may do, and revoking or expiring the row ends its tokens at
// once. The secret is Auth0's: shown to the admin once, on create and on rotate, never stored.
// Every change writes an audit event.
import 'server-only';
import { z } from 'zod';
import type { TenantContext } from '@/lib/core/context';
import { DomainError } from '@/lib/core/errors';
import { PERMISSIONS, type Permission } from '@/lib/core/permissions';
import { allOrNothing } from '@/lib/core/undo';
import { config } from '@/lib/config';
import { tenantOrigin } from '@/lib/tenancy/host';
import { auditFor } from '@/lib/data/audit';
import { activeApiKeyCount, activeApiKeyNamed, apiKeyById, apiKeyList, liveApiKeyClients, markApiKeyRevoked, recordApiKey } from '@/lib/data/api-keys';
import { withTenant } from '@/lib/data/scope';
import { createOrganizationMachineClient, deleteMachineClient, rotateMachineClientSecret } from '@/lib/management/machine-clients';

/** Auth0 allows 100 client grants per organization; an organization needs far fewer keys. */
export const MAX_ACTIVE_KEYS = 25;
/** The expiry choices the form offers, in days ('' = never). */
export const EXPIRY_DAYS = ['', '7', '30', '90', '365'] as const;

export const apiKeyInput = z.object({
  name: z
    .string({ error: 'Name is required' })
    .trim()
    .min(1, 'Name is required')
    .max(100, 'Name: at most 100 characters')
    .regex(/^[^\u0000-\u001f]*$/, 'Name: no control characters')
    // Auth0 refuses < and > in an application's name, which carries the key's.
    .regex(/^[^<>]*$/, 'Name: no < or >'),
  permissions: z
    .array(z.enum(PERMISSIONS, { error: 'Unknown permission' }), { error: 'Choose at least one permission' })
    .min(1, 'Choose at least one permission')
    .transform((list) => [...new Set(list)]),
  expiresInDays: z.enum(EXPIRY_DAYS, { error: 'Choose an expiry from the list' }).default(''),
});
export type ApiKeyInput = z.infer<typeof apiKeyInput>;

export const apiKeyIdInput = z.object({ id: z.string({ error: 'Key is required' }).trim().min(1, 'Key is required').max(64, 'Key id is too long') });

export interface ApiKeyRow {
  id: string; name: string; auth0ClientId: string; permissions: string[]; createdBy: string; createdByName: string | null;
  createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null;
}

export function listApiKeys(ctx: TenantContext): Promise<ApiKeyRow[]> {
  return withTenant(ctx, apiKeyList);
}

/** What the admin gets once: the credentials and everything needed for a first call. */
export interface IssuedKey {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
  /** Where the token comes from, and what the token request names. */
  tokenUrl: string;
  audience: string;
  organization: string;
  /** The tenant's projects API, for a first call. */
  apiUrl: string;
  /** A ready shell snippet: get a token, call apiUrl (firstCallCurl). */
  curl: string;
}

function issued(ctx: TenantContext, key: { id: string; name: string; clientId: string; clientSecret: string }): IssuedKey {
  const { auth0, scheme, rootDomain } = config();
  const parts = {
    ...key, tokenUrl: `${auth0.origin}/oauth/token`, audience: auth0.apiAudience, organization: ctx.tenant.auth0OrgId,
    apiUrl: `${tenantOrigin(ctx.tenant.slug, scheme, rootDomain)}/api/projects`,
  };
  return { ...parts, curl: firstCallCurl(parts) };
}

/**
 * Creates a key carrying `input.permissions`, which must all be the creating admin's own (the
 * form shows only those; this is the check). The Auth0 application is deleted again when
 * recording the key fails.
 */
export async function createApiKey(ctx: TenantContext, input: ApiKeyInput): Promise<IssuedKey> {
  const beyond = input.permissions.filter((p) => !ctx.can(p));
  if (beyond.length > 0) throw new DomainError(`You cannot give a key permissions you do not have yourself: ${beyond.join(', ')}.`, 'permissions');
  await withTenant(ctx, async (t) => {
    if ((await activeApiKeyCount(t)) >= MAX_ACTIVE_KEYS) throw new DomainError(`An organization can have at most ${MAX_ACTIVE_KEYS} active API keys. Revoke one first.`, 'name');
    if (await activeApiKeyNamed(t, input.name)) throw new DomainError('An active key already has this name.', 'name');
  });
  const expiresAt = input.expiresInDays ? new Date(Date.now() + Number(input.expiresInDays) * 86_400_000) : null;
  const permissions = PERMISSIONS.filter((p: Permission) => input.permissions.includes(p));
  return allOrNothing(async (undo) => {
    const credentials = await createOrganizationMachineClient({
      // Recognizable in the Auth0 dashboard: whose key it is.
      name: `${ctx.tenant.slug}: ${input.name}`.slice(0, 200),
      auth0OrgId: ctx.tenant.auth0OrgId,
      audience: config().auth0.apiAudience,
      scopes: permissions,
    }, undo);
    const row = await withTenant(ctx, async (t) => {
      const created = await recordApiKey(t, {
        auth0ClientId: credentials.clientId, name: input.name, permissions: [...permissions],
        createdBy: ctx.principal.id, createdByName: ctx.principal.name ?? ctx.principal.email ?? null, expiresAt,
      });
      await auditFor(ctx)(t, 'api_key.created', created.id, {
        name: input.name, clientId: credentials.clientId, permissions: [...permissions], expiresAt: expiresAt?.toISOString() ?? null,
      });
      return created;
    });
    return issued(ctx, { id: row.id, name: input.name, ...credentials });
  });
}

async function activeKey(ctx: TenantContext, id: string) {
  // Scoped to the tenant: another organization's key id is simply not found.
  const key = await withTenant(ctx, (t) => apiKeyById(t, id));
  if (!key) throw new DomainError('This API key does not exist.');
  if (key.revokedAt) throw new DomainError('This API key is revoked.');
  return key;
}

/** A new secret for the key (the old one stops working); shown once. */
export async function rotateApiKeySecret(ctx: TenantContext, id: string): Promise<IssuedKey> {
  const key = await activeKey(ctx, id);
  if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) throw new DomainError('This API key has expired: create a new one.');
  const clientSecret = await rotateMachineClientSecret(key.auth0ClientId);
  await withTenant(ctx, (t) => auditFor(ctx)(t, 'api_key.secret_rotated', key.id, { name: key.name, clientId: key.auth0ClientId }));
  return issued(ctx, { id: key.id, name: key.name, clientId: key.auth0ClientId, clientSecret });
}

/**
 * Deletes the key's Auth0 application (no new tokens) and marks the row revoked (tokens
 * already issued are refused on their next request). A retry after a failed database step
 * finishes the job: an application already gone counts as deleted.
 */
export async function revokeApiKey(ctx: TenantContext, id: string): Promise<void> {
  const key = await activeKey(ctx, id);
  await deleteMachineClient(key.auth0ClientId);
  await withTenant(ctx, async (t) => {
    await markApiKeyRevoked(t, key.id, new Date());
    await auditFor(ctx)(t, 'api_key.revoked', key.id, { name: key.name, clientId: key.auth0ClientId });
  });
}

/**
 * For deleting the organization: deletes the Auth0 applications of its keys that are still
 * alive (the rows go with the organization's row). Returns how many there were.
 */
export async function deleteOrganizationApiKeys(ctx: TenantContext): Promise<number> {
  const clients = await withTenant(ctx, liveApiKeyClients);
  for (const { auth0ClientId } of clients) await deleteMachineClient(auth0ClientId);
  return clients.length;
}

/**
 * A shell snippet that gets a token with the key and calls the projects API: curl and sed
 * only (no jq), every value single-quoted (ids, secrets and URLs never contain a quote).
 */
export function firstCallCurl(key: Omit<IssuedKey, 'curl'>): string {
  return [
    `TOKEN=$(curl -s --request POST --url '${key.tokenUrl}' \\`,
    `  --header 'content-type: application/x-www-form-urlencoded' \\`,
    `  --data 'grant_type=client_credentials' \\`,
    `  --data 'client_id=${key.clientId}' \\`,
    `  --data 'client_secret=${key.clientSecret}' \\`,
    `  --data 'audience=${key.audience}' \\`,
    `  --data 'organization=${key.organization}' \\`,
    `  | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
    `curl -s '${key.apiUrl}' --header "authorization: Bearer $TOKEN"`,
  ].join('\n');
}
