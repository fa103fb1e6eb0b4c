// Next.js calls register() once when a server process starts (next dev, next start).
// Long-lived work of the app starts here: the webhook delivery timer (not on Vercel, where
// Vercel Cron drives delivery, and not while building).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.VERCEL || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startBackgroundDrain } = await import('@/lib/webhooks/background');
  startBackgroundDrain();
}
