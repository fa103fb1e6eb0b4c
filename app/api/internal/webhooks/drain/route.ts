// Webhook delivery on Vercel: Vercel Cron calls this every minute (vercel.json) with
// `Authorization: Bearer $CRON_SECRET`; it drains the outbox for up to ~45 s. Anything else
// is refused (401), and so is every call when CRON_SECRET is not set. Locally the server's own
// timer does the same work (lib/webhooks/background.ts), so nothing needs to call this.
// https://vercel.com/docs/cron-jobs/manage-cron-jobs#securing-cron-jobs
import { timingSafeEqual } from 'node:crypto';
import { config } from '@/lib/config';
import { drainWebhooks, pruneDeliveryLog } from '@/lib/webhooks/drain';

export const dynamic = 'force-dynamic';
export const maxDuration = 60;

const BUDGET_MS = 45_000;
/** Small batches: each attempt may take its 10 s timeout, and a batch must end within maxDuration. */
const BATCH = 3;

function authorized(request: Request): boolean {
  const secret = config().webhooks.cronSecret;
  if (!secret) return false;
  const given = Buffer.from(request.headers.get('authorization') ?? '');
  const wanted = Buffer.from(`Bearer ${secret}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export async function GET(request: Request) {
  if (!authorized(request)) {
    return Response.json({ error: 'unauthorized', message: 'This route is for the scheduler only.' }, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  }
  const started = Date.now();
  const total = { claimed: 0, delivered: 0, failed: 0 };
  // Batches until nothing is due or the time budget is spent (the rest waits a minute).
  while (Date.now() - started < BUDGET_MS) {
    const report = await drainWebhooks({ limit: BATCH });
    total.claimed += report.claimed;
    total.delivered += report.delivered;
    total.failed += report.failed;
    if (report.claimed === 0) break;
  }
  const pruned = await pruneDeliveryLog();
  return Response.json({ ...total, pruned });
}

export const POST = () => Response.json({ error: 'method_not_allowed', message: 'Use GET.' }, { status: 405, headers: { allow: 'GET' } });
