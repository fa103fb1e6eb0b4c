// Webhook endpoints as org admins manage them (org:manage): add (URL checked against the
// SSRF policy when saved), enable and disable, rotate the signing secret (the old one keeps
// signing for a grace period), delete, send a test event, replay a delivery. Every change is
// audited in its own transaction.
import 'server-only';
import { z } from 'zod';
import { config } from '@/lib/config';
import type { TenantContext } from '@/lib/core/context';
import { DomainError } from '@/lib/core/errors';
import { auditFor } from '@/lib/data/audit';
import { withTenant } from '@/lib/data/scope';
import { eventBody, newEventId } from '@/lib/data/webhook-outbox';
import {
  createWebhookDelivery, createWebhookEndpoint, deleteWebhookEndpoint, updateWebhookEndpoint, webhookDeliveryById, webhookDeliveryLog,
  webhookEndpointById, webhookEndpointCount, webhookEndpointList, webhookEndpointSecrets,
} from '@/lib/data/webhooks';
import { SUBSCRIBABLE_EVENT_TYPES } from '@/lib/events/catalogue';
import { newSigningSecret, sealSecret } from '@/lib/webhooks/secrets';
import { parseWebhookUrl, UnsafeWebhookUrl, vettedAddress, type Resolver } from '@/lib/webhooks/ssrf';

export const MAX_ENDPOINTS = 10;
/** After a rotation, deliveries carry the old secret's signature too for this long. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

export const endpointInput = z.object({
  url: z.string({ error: 'URL is required' }).trim().min(1, 'URL is required').max(2000, 'URL: at most 2000 characters'),
  description: z.string().trim().max(200, 'Description: at most 200 characters').regex(/^[^\u0000-\u001f]*$/, 'Description: no control characters').default(''),
  eventTypes: z.array(z.enum(SUBSCRIBABLE_EVENT_TYPES as [string, ...string[]], { error: 'Unknown event type' }), { error: 'Choose at least one event' }).min(1, 'Choose at least one event'),
});
export type EndpointInput = z.infer<typeof endpointInput>;

export const endpointIdInput = z.object({ id: z.string({ error: 'Endpoint is required' }).trim().min(1, 'Endpoint is required').max(64, 'Endpoint id is too long') });
export const deliveryIdInput = z.object({ id: z.string({ error: 'Delivery is required' }).trim().min(1, 'Delivery is required').max(64, 'Delivery id is too long') });

/** DNS for the save-time check; tests inject one. */
export interface SaveOptions { resolve?: Resolver }

/** The URL as it may be saved: a field error for anything the SSRF policy refuses. */
export async function checkedUrl(raw: string, options: SaveOptions = {}): Promise<string> {
  const policy = { allowLoopback: config().webhooks.allowLoopback, resolve: options.resolve };
  try {
    const url = parseWebhookUrl(raw, policy);
    await vettedAddress(url, policy);
    return url.toString();
  } catch (error) {
    if (error instanceof UnsafeWebhookUrl) throw new DomainError(error.message, 'url');
    throw error;
  }
}

export async function webhookEndpoints(ctx: TenantContext) {
  return withTenant(ctx, (t) => webhookEndpointList(t));
}

export async function webhookEndpointWithLog(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (t) => {
    const endpoint = await webhookEndpointById(t, id);
    return endpoint ? { endpoint, deliveries: await webhookDeliveryLog(t, id) } : null;
  });
}

/** Creates an endpoint; the signing secret is returned here and never again. */
export async function createEndpoint(ctx: TenantContext, input: EndpointInput, options: SaveOptions = {}): Promise<{ id: string; secret: string }> {
  const url = await checkedUrl(input.url, options);
  const secret = newSigningSecret();
  return withTenant(ctx, async (t) => {
    if ((await webhookEndpointCount(t)) >= MAX_ENDPOINTS) throw new DomainError(`An organization can have at most ${MAX_ENDPOINTS} webhook endpoints. Delete one first.`, 'url');
    const id = `ep_${crypto.randomUUID().replaceAll('-', '')}`;
    await createWebhookEndpoint(t, { id, url, description: input.description, eventTypes: input.eventTypes, secretSealed: sealSecret(id, secret), createdBy: ctx.principal.id });
    await auditFor(ctx)(t, 'webhook.endpoint_created', id, { url, eventTypes: input.eventTypes });
    return { id, secret };
  });
}

async function owned(t: Parameters<typeof webhookEndpointById>[0], id: string) {
  const endpoint = await webhookEndpointById(t, id);
  if (!endpoint) throw new DomainError('This webhook endpoint does not exist.');
  return endpoint;
}

export async function setEndpointEnabled(ctx: TenantContext, id: string, enabled: boolean): Promise<void> {
  await withTenant(ctx, async (t) => {
    const endpoint = await owned(t, id);
    if (endpoint.enabled === enabled) return;
    // Switching on starts a fresh count: the next failures are judged on their own.
    await updateWebhookEndpoint(t, id, enabled ? { enabled, disabledReason: null, failingSince: null, consecutiveFailures: 0 } : { enabled, disabledReason: null });
    await auditFor(ctx)(t, enabled ? 'webhook.endpoint_enabled' : 'webhook.endpoint_disabled', id, { url: endpoint.url });
  });
}

/** A new signing secret (returned once); the old one also signs until the grace period ends. */
export async function rotateEndpointSecret(ctx: TenantContext, id: string, now = new Date()): Promise<{ secret: string; previousValidUntil: Date }> {
  const secret = newSigningSecret();
  const previousValidUntil = new Date(now.getTime() + ROTATION_GRACE_MS);
  await withTenant(ctx, async (t) => {
    const current = await webhookEndpointSecrets(t, id);
    if (!current) throw new DomainError('This webhook endpoint does not exist.');
    await updateWebhookEndpoint(t, id, { secretSealed: sealSecret(id, secret), previousSecretSealed: current.secretSealed, previousSecretUntil: previousValidUntil });
    await auditFor(ctx)(t, 'webhook.secret_rotated', id, { url: current.url, previousValidUntil: previousValidUntil.toISOString() });
  });
  return { secret, previousValidUntil };
}

export async function deleteEndpoint(ctx: TenantContext, id: string): Promise<void> {
  await withTenant(ctx, async (t) => {
    const endpoint = await owned(t, id);
    await deleteWebhookEndpoint(t, id);
    await auditFor(ctx)(t, 'webhook.endpoint_deleted', id, { url: endpoint.url });
  });
}

/** Queues a `webhook.test` event for this endpoint; the drainer sends it. */
export async function sendTestEvent(ctx: TenantContext, id: string): Promise<{ deliveryId: string }> {
  return withTenant(ctx, async (t) => {
    const endpoint = await owned(t, id);
    if (!endpoint.enabled) throw new DomainError('This endpoint is disabled. Enable it first.');
    const eventId = newEventId();
    const payload = eventBody(eventId, 'webhook.test', new Date(), t.tenantId, { id: ctx.principal.id, name: ctx.principal.name ?? ctx.principal.email ?? null }, { message: 'A test event from Tenantry.' });
    const delivery = await createWebhookDelivery(t, { endpointId: id, eventId, eventType: 'webhook.test', payload });
    await auditFor(ctx)(t, 'webhook.test_sent', id, { url: endpoint.url, deliveryId: delivery.id });
    return { deliveryId: delivery.id };
  });
}

/** Sends a delivery's event again, as a new delivery with the same event id and body. */
export async function replayDelivery(ctx: TenantContext, deliveryId: string): Promise<{ deliveryId: string; endpointId: string }> {
  return withTenant(ctx, async (t) => {
    const original = await webhookDeliveryById(t, deliveryId);
    if (!original) throw new DomainError('This delivery does not exist.');
    const endpoint = await owned(t, original.endpointId);
    if (!endpoint.enabled) throw new DomainError('This endpoint is disabled. Enable it first.');
    const replay = await createWebhookDelivery(t, { endpointId: original.endpointId, eventId: original.eventId, eventType: original.eventType, payload: original.payload, replayOf: original.id });
    await auditFor(ctx)(t, 'webhook.delivery_replayed', original.endpointId, { deliveryId: original.id, replayId: replay.id, eventId: original.eventId, eventType: original.eventType });
    return { deliveryId: replay.id, endpointId: original.endpointId };
  });
}
