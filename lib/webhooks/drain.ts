// The delivery loop: claim due deliveries in every tenant (lib/data/webhook-outbox.ts), send
// each once, record the outcome in its tenant. Called by the cron route on Vercel
// (app/api/internal/webhooks/drain) and by a timer inside the server elsewhere
// (lib/webhooks/background.ts). Safe to run on many instances at once (SKIP LOCKED + lease).
//
// Guarantees: at-least-once (a row is only finished after its attempt; a drainer that dies
// leaves it leased, and it is tried again when the lease ends). Retries back off
// exponentially with jitter and go on for at least RETRY_WINDOW_MS; an endpoint whose every
// attempt failed for DISABLE_AFTER_MS is switched off, with an audit event and a banner.
import 'server-only';
import { config } from '@/lib/config';
import { SYSTEM_ACTOR, recordAudit } from '@/lib/data/audit';
import { claimDueDeliveries, pruneFinishedDeliveries } from '@/lib/data/webhook-outbox';
import { recordDeliveryAttempt, recordEndpointFailure, recordEndpointSuccess, updateWebhookEndpoint, webhookDeliveryById, webhookEndpointSecrets } from '@/lib/data/webhooks';
import { withTenant } from '@/lib/data/scope';
import { openSecret } from '@/lib/webhooks/secrets';
import { sendSigned, type Attempt } from '@/lib/webhooks/send';
import type { Resolver } from '@/lib/webhooks/ssrf';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A delivery is retried for at least this long after it was queued, then given up. */
export const RETRY_WINDOW_MS = 24 * HOUR;
/** An endpoint with nothing but failures for this long is switched off. */
export const DISABLE_AFTER_MS = 24 * HOUR;
/** How long a claimed delivery is the claimer's before another drainer may try it. */
export const LEASE_MS = 5 * MINUTE;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 4 * HOUR;

/** The delivery log keeps finished deliveries this long. */
export const LOG_RETENTION_MS = 30 * 24 * HOUR;

/** Removes finished deliveries older than LOG_RETENTION_MS (a batch at a time); how many went. */
export function pruneDeliveryLog(now = new Date(), limit = 1000): Promise<number> {
  return pruneFinishedDeliveries(new Date(now.getTime() - LOG_RETENTION_MS), limit);
}

/**
 * Wait before the next attempt after `attempts` failed ones: 30 s doubling per attempt up to
 * 4 h, "equal jitter" (between half and all of it) so failed deliveries do not retry in step.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface DrainOptions {
  /** The clock: what is due, when the next attempt is, how long an endpoint has failed. */
  now?: Date;
  limit?: number;
  /** DNS for the delivery-time SSRF check (tests inject one). */
  resolve?: Resolver;
  timeoutMs?: number;
  random?: () => number;
}

export interface DrainReport { claimed: number; delivered: number; failed: number }

export async function drainWebhooks(options: DrainOptions = {}): Promise<DrainReport> {
  const now = options.now ?? new Date();
  const claimed = await claimDueDeliveries(now, new Date(now.getTime() + LEASE_MS), options.limit ?? 25);
  const report: DrainReport = { claimed: claimed.length, delivered: 0, failed: 0 };
  // One at a time: a slow endpoint costs this run its timeout, not the database its connections.
  for (const { id, tenantId } of claimed) {
    const ok = await deliverOne(tenantId, id, now, options);
    if (ok === true) report.delivered++;
    else if (ok === false) report.failed++;
  }
  return report;
}

/** Sends one claimed delivery and records the outcome; null when there was nothing to send. */
async function deliverOne(tenantId: string, deliveryId: string, now: Date, options: DrainOptions): Promise<boolean | null> {
  const job = await withTenant(tenantId, async (t) => {
    const delivery = await webhookDeliveryById(t, deliveryId);
    if (!delivery || delivery.status !== 'pending') return null;
    const endpoint = await webhookEndpointSecrets(t, delivery.endpointId);
    if (!endpoint?.enabled) return null;
    const secrets = [openSecret(endpoint.id, endpoint.secretSealed)];
    if (endpoint.previousSecretSealed && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now) secrets.push(openSecret(endpoint.id, endpoint.previousSecretSealed));
    return { delivery, endpoint, secrets };
  });
  if (!job) return null;
  const attempt = await sendSigned(job.endpoint.url, { id: job.delivery.eventId, body: job.delivery.payload, secrets: job.secrets }, {
    allowLoopback: config().webhooks.allowLoopback,
    resolve: options.resolve,
    timeoutMs: options.timeoutMs,
  });
  await withTenant(tenantId, (t) => recordOutcome(t, job.delivery, job.endpoint.id, attempt, now, options.random));
  return attempt.ok;
}

async function recordOutcome(
  t: Parameters<typeof recordDeliveryAttempt>[0],
  delivery: { id: string; createdAt: Date; attempts: number },
  endpointId: string,
  attempt: Attempt,
  now: Date,
  random?: () => number,
): Promise<void> {
  const base = { at: now, statusCode: attempt.statusCode, durationMs: attempt.durationMs, error: attempt.error };
  if (attempt.ok) {
    await recordDeliveryAttempt(t, delivery.id, { ...base, status: 'delivered', nextAttemptAt: null });
    await recordEndpointSuccess(t, endpointId);
    return;
  }
  const attempts = delivery.attempts + 1;
  const givingUp = now.getTime() - delivery.createdAt.getTime() >= RETRY_WINDOW_MS;
  await recordDeliveryAttempt(t, delivery.id, { ...base, status: givingUp ? 'failed' : 'pending', nextAttemptAt: givingUp ? null : new Date(now.getTime() + retryDelayMs(attempts, random)) });
  const endpoint = await recordEndpointFailure(t, endpointId, now);
  if (endpoint.enabled && endpoint.failingSince && now.getTime() - endpoint.failingSince.getTime() >= DISABLE_AFTER_MS) {
    await updateWebhookEndpoint(t, endpointId, { enabled: false, disabledReason: 'failing' });
    await recordAudit(t, SYSTEM_ACTOR, 'webhook.endpoint_disabled', endpointId, {
      url: endpoint.url, reason: 'failing', failingSince: endpoint.failingSince.toISOString(), consecutiveFailures: endpoint.consecutiveFailures,
    });
  }
}
