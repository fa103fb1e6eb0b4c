// SCIM bearer tokens and the organization's SCIM switch, as org admins manage them.
// A token is random, shown once, and stored only as its SHA-256 hash with a short prefix
// so people can tell tokens apart. Every change writes an audit event.
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { TenantContext } from '@/lib/core/context';
import { auditFor } from '@/lib/data/audit';
import { activeScimTokenCount, activeScimTokenNamed, recordScimToken, revokeScimTokenRow, scimTokenList, scimTokenOwnedBy } from '@/lib/data/scim-tokens';
import { withTenant } from '@/lib/data/scope';
import { DomainError } from '@/lib/core/errors';

/** Tokens start with this, so secret scanners and people recognize them. */
export const TOKEN_PREFIX = 'tnt_scim_';
const PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
export const MAX_ACTIVE_TOKENS = 10;

export const tokenNameInput = z.object({
  name: z
    .string({ error: 'Name is required' })
    .trim()
    .min(1, 'Name is required')
    .max(100, 'Name: at most 100 characters')
    .regex(/^[^\u0000-\u001f]*$/, 'Name: no control characters'),
});
export const tokenIdInput = z.object({ id: z.string({ error: 'Token is required' }).trim().min(1, 'Token is required').max(64, 'Token id is too long') });

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, PREFIX_LENGTH) };
}

export interface ScimSettings {
  enabled: boolean;
  tokens: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; createdBy: string }[];
}

export async function scimSettings(ctx: TenantContext): Promise<ScimSettings> {
  const { org, tokens } = await withTenant(ctx, async (t) => ({
    org: await t.organization.findFirst({ select: { scimEnabled: true } }),
    tokens: await scimTokenList(t),
  }));
  return { enabled: org?.scimEnabled ?? false, tokens };
}

export async function setScimEnabled(ctx: TenantContext, enabled: boolean): Promise<void> {
  await withTenant(ctx, async (t) => {
    const { count } = await t.organization.updateMany({ where: { scimEnabled: !enabled }, data: { scimEnabled: enabled } });
    if (count === 0) return; // already so: nothing to record
    await auditFor(ctx)(t, enabled ? 'scim.enabled' : 'scim.disabled', null, {});
  });
}

/** Creates a token; the full value is returned here and never again. */
export async function createScimToken(ctx: TenantContext, name: string): Promise<{ id: string; token: string; prefix: string; name: string }> {
  const { token, hash, prefix } = generateToken();
  const created = await withTenant(ctx, async (t) => {
    const active = await activeScimTokenCount(t);
    if (active >= MAX_ACTIVE_TOKENS) throw new DomainError(`An organization can have at most ${MAX_ACTIVE_TOKENS} active tokens. Revoke one first.`, 'name');
    if (await activeScimTokenNamed(t, name)) throw new DomainError('An active token already has this name.', 'name');
    const row = await recordScimToken(t, { name, tokenHash: hash, prefix, createdBy: ctx.principal.id });
    await auditFor(ctx)(t, 'scim.token.created', row.id, { name, prefix });
    return row;
  });
  return { id: created.id, token, prefix, name };
}

export async function revokeScimToken(ctx: TenantContext, id: string): Promise<void> {
  await withTenant(ctx, async (t) => {
    // Scoped to the tenant: another organization's token id is simply not found.
    const row = await scimTokenOwnedBy(t, id);
    if (!row) throw new DomainError('This token does not exist.');
    if (row.revokedAt) throw new DomainError('This token is already revoked.');
    await revokeScimTokenRow(t, id);
    await auditFor(ctx)(t, 'scim.token.revoked', id, { name: row.name, prefix: row.prefix });
  });
}
