// Liveness and readiness: the app's version and whether the database answers.
// 200 when it does, 503 when it does not. Never includes settings or error details.
import { databaseProbe } from '@/lib/data/health';
import { APP_VERSION } from '@/lib/version';

export const dynamic = 'force-dynamic';

const DB_TIMEOUT_MS = 3000;

export async function GET() {
  const started = Date.now();
  let database: 'ok' | 'unavailable' = 'ok';
  try {
    const probe = await databaseProbe();
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), DB_TIMEOUT_MS)),
    ]);
  } catch (error) {
    database = 'unavailable';
    console.error('health: database check failed:', error instanceof Error ? error.message : error);
  }
  const ok = database === 'ok';
  return Response.json(
    { status: ok ? 'ok' : 'degraded', version: APP_VERSION, database, latencyMs: Date.now() - started },
    { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
