// The webhook outbox: deliveries written in the transaction of the change they report, and the
// drainer's cross-tenant claim of the ones that are due.
//
// Writing: recordAudit (lib/data/audit.ts), which every change calls inside its own
// transaction, hands each audit row to enqueueForAudit; the catalogue (lib/events) says which
// events the row stands for, and each enabled endpoint subscribed to one gets a delivery row.
// Roll the change back and the audit row and its deliveries go with it.
//
// Claiming: the one write that crosses tenants, under its own named scope ('webhook-drain',
// policies in prisma/migrations/*_webhooks): due deliveries of enabled endpoints are locked
// with FOR UPDATE SKIP LOCKED (concurrent drainers on other instances take other rows) and
// their nextAttemptAt pushed past a lease, so a drainer that dies mid-delivery leaves the row
// to be tried again (at-least-once). Outcomes are written per tenant (withTenant).
import 'server-only';
import { randomUUID } from 'node:crypto';
import { eventsForAudit, type EventTypeName } from '@/lib/events/catalogue';
import { acrossTenants, type TenantData } from '@/lib/data/scope';

export const DRAIN_SCOPE = 'webhook-drain';

export interface AuditRowForEvents {
  id: string;
  createdAt: Date;
  actor: string;
  actorName: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

/** The JSON body of one event, as signed and sent (and replayed byte for byte). */
export function eventBody(id: string, type: EventTypeName, at: Date, tenantId: string, actor: { id: string; name: string | null }, data: Record<string, unknown>): string {
  return JSON.stringify({ id, type, version: 1, timestamp: at.toISOString(), organization: { id: tenantId }, actor, data });
}

export const newEventId = () => `evt_${randomUUID().replaceAll('-', '')}`;

/** Writes the deliveries `audit` calls for, in `t` (the change's own transaction). */
export async function enqueueForAudit(t: TenantData, audit: AuditRowForEvents): Promise<void> {
  const events = eventsForAudit(audit);
  if (events.length === 0) return;
  const endpoints = await t.webhookEndpoints.findMany({ where: { enabled: true }, select: { id: true, eventTypes: true } });
  if (endpoints.length === 0) return;
  const wanted = new Set(endpoints.flatMap((e) => e.eventTypes));
  // An invitation is "accepted" when someone joins at an address that was invited (and not
  // revoked since): the join is the acceptance, Auth0 tells nothing more.
  if (audit.action === 'member.joined' && wanted.has('invitation.accepted') && typeof audit.details.email === 'string') {
    const last = await t.auditEvents.findFirst({
      where: { action: { in: ['invitation.created', 'invitation.resent', 'invitation.revoked'] }, target: audit.details.email },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { action: true },
    });
    if (last && last.action !== 'invitation.revoked') {
      events.push({ type: 'invitation.accepted', data: { userId: audit.target, email: audit.details.email, roles: audit.details.roles ?? [] } });
    }
  }
  const rows = events.flatMap(({ type, data }) => {
    const subscribers = endpoints.filter((e) => e.eventTypes.includes(type));
    if (subscribers.length === 0) return [];
    const eventId = newEventId();
    const payload = eventBody(eventId, type, audit.createdAt, t.tenantId, { id: audit.actor, name: audit.actorName }, data);
    return subscribers.map((e) => ({ tenantId: t.tenantId, endpointId: e.id, eventId, eventType: type, payload }));
  });
  if (rows.length) await t.webhookDeliveries.createMany({ data: rows });
}

/** A timestamp column's value for raw SQL (Prisma keeps DateTime as UTC `timestamp(3)`). */
const utc = (d: Date) => d.toISOString().slice(0, 23);

/**
 * Claims up to `limit` deliveries due at `now` whose endpoint is enabled, in every tenant, and
 * leases them until `leaseUntil`. Works on Postgres and PGlite alike.
 */
export function claimDueDeliveries(now: Date, leaseUntil: Date, limit: number): Promise<{ id: string; tenantId: string }[]> {
  return acrossTenants(DRAIN_SCOPE, {}, (tx) => tx.$queryRaw<{ id: string; tenantId: string }[]>`
    UPDATE "WebhookDelivery" SET "nextAttemptAt" = ${utc(leaseUntil)}::timestamp
    WHERE id IN (
      SELECT d.id FROM "WebhookDelivery" d
      WHERE d.status = 'pending' AND d."nextAttemptAt" <= ${utc(now)}::timestamp
        AND EXISTS (SELECT 1 FROM "WebhookEndpoint" e WHERE e.id = d."endpointId" AND e.enabled)
      ORDER BY d."nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, "tenantId"`);
}

/** Deletes up to `limit` finished deliveries (delivered or failed) created before `before`, in every tenant. */
export function pruneFinishedDeliveries(before: Date, limit: number): Promise<number> {
  return acrossTenants(DRAIN_SCOPE, {}, (tx) => tx.$executeRaw`
    DELETE FROM "WebhookDelivery" WHERE id IN (
      SELECT id FROM "WebhookDelivery" WHERE status <> 'pending' AND "createdAt" < ${utc(before)}::timestamp LIMIT ${limit}
    )`);
}
