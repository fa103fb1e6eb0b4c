// SCIM bearer tokens and the organization's SCIM switch, as org admins manage them.
// A token is random, shown once, and stored only as its SHA-256 hash with a short prefix
// so people can tell tokens apart. Every change writes an audit event.
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/context';
import { auditFor } from '@/lib/data/audit';
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
  const database = await db();
  const org = await database.organization.findUnique({ where: { id: ctx.tenant.tenantId }, select: { scimEnabled: true } });
  const tokens = await database.scimToken.findMany({
    where: { orgId: ctx.tenant.tenantId },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdBy: true },
  });
  return { enabled: org?.scimEnabled ?? false, tokens };
}

export async function setScimEnabled(ctx: TenantContext, enabled: boolean): Promise<void> {
  const orgId = ctx.tenant.tenantId;
  await (await db()).$transaction(async (tx) => {
    const { count } = await tx.organization.updateMany({ where: { id: orgId, scimEnabled: !enabled }, data: { scimEnabled: enabled } });
    if (count === 0) return; // already so: nothing to record
    await auditFor(ctx)(tx, enabled ? 'scim.enabled' : 'scim.disabled', null, {});
  });
}

/** Creates a token; the full value is returned here and never again. */
export async function createScimToken(ctx: TenantContext, name: string): Promise<{ id: string; token: string; prefix: string; name: string }> {
  const orgId = ctx.tenant.tenantId;
  const { token, hash, prefix } = generateToken();
  const created = await (await db()).$transaction(async (tx) => {
    const active = await tx.scimToken.count({ where: { orgId, revokedAt: null } });
    if (active >= MAX_ACTIVE_TOKENS) throw new DomainError(`An organization can have at most ${MAX_ACTIVE_TOKENS} active tokens. Revoke one first.`, 'name');
    if (await tx.scimToken.count({ where: { orgId, revokedAt: null, name } })) throw new DomainError('An active token already has this name.', 'name');
    const row = await tx.scimToken.create({ data: { orgId, name, tokenHash: hash, prefix, createdBy: ctx.principal.id }, select: { id: true } });
    await auditFor(ctx)(tx, 'scim.token.created', row.id, { name, prefix });
    return row;
  });
  return { id: created.id, token, prefix, name };
}

export async function revokeScimToken(ctx: TenantContext, id: string): Promise<void> {
  const orgId = ctx.tenant.tenantId;
  await (await db()).$transaction(async (tx) => {
    // Scoped by orgId: another organization's token id is simply not found.
    const row = await tx.scimToken.findFirst({ where: { id, orgId }, select: { name: true, prefix: true, revokedAt: true } });
    if (!row) throw new DomainError('This token does not exist.');
    if (row.revokedAt) throw new DomainError('This token is already revoked.');
    await tx.scimToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await auditFor(ctx)(tx, 'scim.token.revoked', id, { name: row.name, prefix: row.prefix });
  });
}
