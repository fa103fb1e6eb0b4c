// One organization's webhook endpoints and their deliveries (the outbox rows, which are also
// the delivery log). Every function takes the tenant's transaction `t`.
import 'server-only';
import type { TenantData } from '@/lib/data/scope';

const endpointFields = {
  id: true, url: true, description: true, eventTypes: true, enabled: true, disabledReason: true,
  previousSecretUntil: true, failingSince: true, consecutiveFailures: true, createdBy: true, createdAt: true,
} as const;

export type EndpointRow = Awaited<ReturnType<typeof webhookEndpointList>>[number];

export function webhookEndpointList(t: TenantData) {
  return t.webhookEndpoints.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: endpointFields });
}

export function webhookEndpointCount(t: TenantData) {
  return t.webhookEndpoints.count();
}

/** Scoped to the tenant: another organization's endpoint id is not found. */
export function webhookEndpointById(t: TenantData, id: string) {
  return t.webhookEndpoints.findFirst({ where: { id }, select: endpointFields });
}

/** What a delivery attempt needs: the endpoint's address and sealed secrets. */
export function webhookEndpointSecrets(t: TenantData, id: string) {
  return t.webhookEndpoints.findFirst({ where: { id }, select: { id: true, url: true, enabled: true, secretSealed: true, previousSecretSealed: true, previousSecretUntil: true, failingSince: true, consecutiveFailures: true } });
}

export function createWebhookEndpoint(t: TenantData, data: { id: string; url: string; description: string; eventTypes: string[]; secretSealed: string; createdBy: string }) {
  return t.webhookEndpoints.create({ data: { ...data, tenantId: t.tenantId }, select: endpointFields });
}

export function updateWebhookEndpoint(
  t: TenantData,
  id: string,
  data: Partial<{ enabled: boolean; disabledReason: string | null; failingSince: Date | null; consecutiveFailures: number; secretSealed: string; previousSecretSealed: string | null; previousSecretUntil: Date | null; eventTypes: string[] }>,
) {
  return t.webhookEndpoints.update({ where: { id }, data, select: endpointFields });
}

export function deleteWebhookEndpoint(t: TenantData, id: string) {
  return t.webhookEndpoints.deleteMany({ where: { id } });
}

/** One more failed attempt: the count, and the start of the failing run if it is new. */
export async function recordEndpointFailure(t: TenantData, id: string, at: Date) {
  await t.webhookEndpoints.updateMany({ where: { id, failingSince: null }, data: { failingSince: at } });
  return t.webhookEndpoints.update({ where: { id }, data: { consecutiveFailures: { increment: 1 } }, select: { failingSince: true, consecutiveFailures: true, enabled: true, url: true } });
}

export function recordEndpointSuccess(t: TenantData, id: string) {
  return t.webhookEndpoints.updateMany({ where: { id, OR: [{ consecutiveFailures: { gt: 0 } }, { failingSince: { not: null } }] }, data: { consecutiveFailures: 0, failingSince: null } });
}

const deliveryFields = {
  id: true, endpointId: true, eventId: true, eventType: true, status: true, attempts: true, nextAttemptAt: true, lastAttemptAt: true,
  lastStatusCode: true, lastDurationMs: true, lastError: true, deliveredAt: true, replayOf: true, createdAt: true,
} as const;

export type DeliveryRow = Awaited<ReturnType<typeof webhookDeliveryLog>>[number];

/** An endpoint's deliveries, newest first. */
export function webhookDeliveryLog(t: TenantData, endpointId: string, take = 50) {
  return t.webhookDeliveries.findMany({ where: { endpointId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take, select: deliveryFields });
}

export function webhookDeliveryById(t: TenantData, id: string) {
  return t.webhookDeliveries.findFirst({ where: { id }, select: { ...deliveryFields, payload: true } });
}

export function createWebhookDelivery(t: TenantData, data: { endpointId: string; eventId: string; eventType: string; payload: string; replayOf?: string; nextAttemptAt?: Date }) {
  return t.webhookDeliveries.create({ data: { ...data, tenantId: t.tenantId }, select: deliveryFields });
}

/** The outcome of one attempt. */
export function recordDeliveryAttempt(
  t: TenantData,
  id: string,
  outcome: { status: 'pending' | 'delivered' | 'failed'; at: Date; statusCode: number | null; durationMs: number; error: string | null; nextAttemptAt: Date | null },
) {
  return t.webhookDeliveries.update({
    where: { id },
    data: {
      status: outcome.status,
      attempts: { increment: 1 },
      lastAttemptAt: outcome.at,
      lastStatusCode: outcome.statusCode,
      lastDurationMs: outcome.durationMs,
      lastError: outcome.error,
      nextAttemptAt: outcome.nextAttemptAt,
      ...(outcome.status === 'delivered' ? { deliveredAt: outcome.at } : {}),
    },
    select: deliveryFields,
  });
}
