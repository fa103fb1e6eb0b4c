// Audit events: the one writer (recordAudit), always inside the tenant transaction of the
// change it describes, and the read side for the audit log page and its exports.
import 'server-only';
import type { Prisma } from '@/lib/db/generated/client';
import type { TenantContext } from '@/lib/core/context';
import type { TenantData } from '@/lib/data/scope';
import { enqueueForAudit } from '@/lib/data/webhook-outbox';

/** Who acted: an Auth0 user id or client id (or "scim:<token name>"), and a name to show. */
export interface AuditActor { id: string; name: string | null }

export type AuditDetails = Prisma.InputJsonObject;
/** One value in an event's details. */
export type AuditValue = Prisma.InputJsonValue;

export function actorOf(ctx: TenantContext): AuditActor {
  return { id: ctx.principal.id, name: ctx.principal.name ?? ctx.principal.email ?? null };
}

/**
 * Records the event and, in the same transaction, the webhook deliveries it calls for
 * (lib/data/webhook-outbox.ts): a change, its audit row and its webhooks commit together.
 */
export async function recordAudit(t: TenantData, actor: AuditActor, action: string, target: string | null, details: AuditDetails = {}): Promise<void> {
  const row = await t.auditEvents.create({ data: { tenantId: t.tenantId, actor: actor.id, actorName: actor.name, action, target, details }, select: { id: true, createdAt: true } });
  await enqueueForAudit(t, { ...row, actor: actor.id, actorName: actor.name, action, target, details: details as Record<string, unknown> });
}

/** recordAudit with the caller of `ctx` as the actor. */
export function auditFor(ctx: TenantContext) {
  const actor = actorOf(ctx);
  return (t: TenantData, action: string, target: string | null, details: AuditDetails = {}) => recordAudit(t, actor, action, target, details);
}

const eventFields = { id: true, createdAt: true, actor: true, actorName: true, action: true, target: true, details: true } as const;
export type AuditRow = Prisma.AuditEventGetPayload<{ select: typeof eventFields }>;
export type AuditWhere = Prisma.AuditEventWhereInput;

/** Newest first, keyset order (createdAt, id): index AuditEvent(tenantId, createdAt, id). */
export function auditEventsPage(t: TenantData, where: AuditWhere, take: number): Promise<AuditRow[]> {
  return t.auditEvents.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take, select: eventFields });
}
