// Audit events: the one writer (recordAudit), always inside the tenant transaction of the
// change it describes, and the read side for the audit log page, its exports and the stream.
import 'server-only';
import { Prisma } from '@/lib/db/generated/client';
import type { ClientInfo, TenantContext } from '@/lib/core/context';
import type { AuditAction, AuditActorType } from '@/lib/audit/actions';
import { TRANSACTION_TIMEOUT_MS, transactionOf, type TenantData } from '@/lib/data/scope';
import { enqueueForAudit } from '@/lib/data/webhook-outbox';

/**
 * Who acted: an Auth0 user id, an API client id, "scim:<token name>" or "tenantry" (system),
 * a name to show, and where the request came from when there was one.
 */
export interface AuditActor {
  type: AuditActorType;
  id: string;
  name: string | null;
  email?: string | null;
  client?: ClientInfo;
}

/** Tenantry itself, for what the app does on its own (no request behind it). */
export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: 'tenantry', name: 'Tenantry' };

export type AuditDetails = Prisma.InputJsonObject;
/** One value in an event's details. */
export type AuditValue = Prisma.InputJsonValue;

export function actorOf(ctx: TenantContext): AuditActor {
  const p = ctx.principal;
  return { type: p.kind, id: p.id, name: p.name ?? p.email ?? null, email: p.email ?? null, client: ctx.client };
}

/**
 * Records the event and, in the same transaction, the webhook deliveries it calls for
 * (lib/data/webhook-outbox.ts): a change, its audit row and its webhooks commit together.
 */
export async function recordAudit(t: TenantData, actor: AuditActor, action: AuditAction, target: string | null, details: AuditDetails = {}): Promise<void> {
  const row = await t.auditEvents.create({
    data: {
      tenantId: t.tenantId, actorType: actor.type, actor: actor.id, actorName: actor.name, actorEmail: actor.email ?? null,
      action, target, details, ip: actor.client?.ip ?? null, userAgent: actor.client?.userAgent ?? null,
    },
    select: { id: true, createdAt: true },
  });
  await enqueueForAudit(t, { ...row, actor: actor.id, actorName: actor.name, action, target, details: details as Record<string, unknown> });
}

/** recordAudit with the caller of `ctx` as the actor. */
export function auditFor(ctx: TenantContext) {
  const actor = actorOf(ctx);
  return (t: TenantData, action: AuditAction, target: string | null, details: AuditDetails = {}) => recordAudit(t, actor, action, target, details);
}

const eventFields = {
  id: true, createdAt: true, actor: true, actorType: true, actorName: true, actorEmail: true, action: true, target: true, details: true, ip: true, userAgent: true,
} as const;
export type AuditRow = Prisma.AuditEventGetPayload<{ select: typeof eventFields }>;
export type AuditWhere = Prisma.AuditEventWhereInput;

/** Newest first, keyset order (createdAt, id): index AuditEvent(tenantId, createdAt, id), read backwards. */
export function auditEventsPage(t: TenantData, where: AuditWhere, take: number): Promise<AuditRow[]> {
  return t.auditEvents.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take, select: eventFields });
}

/** A position in the stream: after the event with this time and id. */
export interface StreamPosition {
  createdAt: Date;
  id: string;
}

/**
 * An event's createdAt is stamped when its row is written, but other readers see the row only
 * when its transaction commits, up to the transaction timeout later. A reader that went past a
 * time could then miss an event committed afterwards with an earlier time, so the stream serves
 * only events older than this: no transaction still open can add to them. The margin covers
 * clock differences between app instances and the database.
 */
export const STREAM_SETTLE_MS = TRANSACTION_TIMEOUT_MS + 5_000;

/** The database's clock (one clock for every app instance), less the settle time: events before it are final. */
async function settledBefore(t: TenantData): Promise<Date> {
  const [row] = await transactionOf(t).$queryRaw<{ now: Date }[]>(Prisma.sql`SELECT clock_timestamp() AS now`);
  return new Date(row!.now.getTime() - STREAM_SETTLE_MS);
}

/** The stream's filter: after `after`, settled. Sargable on (tenantId, createdAt, id): createdAt >= bounds the scan. */
export function streamWhere(after: StreamPosition | null, before: Date): AuditWhere {
  const and: AuditWhere[] = [{ createdAt: { lt: before } }];
  if (after) and.push({ createdAt: { gte: after.createdAt } }, { OR: [{ createdAt: { gt: after.createdAt } }, { id: { gt: after.id } }] });
  return { AND: and };
}

/** Oldest first, after `after`: the next `take` settled events of the stream. */
export async function auditStreamPage(t: TenantData, after: StreamPosition | null, take: number): Promise<AuditRow[]> {
  const before = await settledBefore(t);
  return t.auditEvents.findMany({ where: streamWhere(after, before), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take, select: eventFields });
}
