// Webhook delivery without a scheduler: a timer inside the server process drains the outbox
// every few seconds, so `npm run dev` and `npm start` deliver with no extra command. Started
// once per process by instrumentation.ts. Not on Vercel, where instances sleep between
// requests: there Vercel Cron calls /api/internal/webhooks/drain instead. Several processes
// (scale-out) may each run one: claims use SKIP LOCKED and a lease, never a double send.
import 'server-only';
import { drainWebhooks, pruneDeliveryLog } from '@/lib/webhooks/drain';

export const BACKGROUND_INTERVAL_MS = 3_000;
const PRUNE_EVERY_MS = 60 * 60_000;

const state = globalThis as unknown as { __tenantryWebhookTimer?: ReturnType<typeof setInterval> };

export function startBackgroundDrain(intervalMs = BACKGROUND_INTERVAL_MS): boolean {
  if (state.__tenantryWebhookTimer) return false;
  let running = false;
  let prunedAt = 0;
  state.__tenantryWebhookTimer = setInterval(() => {
    if (running) return; // the previous run is still sending
    running = true;
    const prune = Date.now() - prunedAt > PRUNE_EVERY_MS;
    if (prune) prunedAt = Date.now();
    drainWebhooks()
      .then(() => (prune ? pruneDeliveryLog() : 0))
      .catch((error) => console.error('webhooks: drain failed:', error instanceof Error ? error.message : error))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  state.__tenantryWebhookTimer.unref?.(); // never keeps a process alive by itself
  return true;
}

export function stopBackgroundDrain(): void {
  if (state.__tenantryWebhookTimer) clearInterval(state.__tenantryWebhookTimer);
  state.__tenantryWebhookTimer = undefined;
}
