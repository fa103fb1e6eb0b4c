// The benchmark's middleware floor (npm run bench), scenario (b1): the same answer as
// /api/bench/ceiling, on a path middleware.ts runs for but leaves at once (BENCH_FLOOR_PATH), so
// (b1) against (b0) is what running any Edge middleware at all costs in `next start`, before
// one step of ours. Off (404) unless the app runs with BENCH_ROUTES=1; then middleware does
// nothing for it, so, like the ceiling, it has no host check and no security headers.
import { BENCH_PROJECTS, benchRoutesEnabled } from '@/app/api/bench/payload';

export const dynamic = 'force-dynamic';

export function GET() {
  if (!benchRoutesEnabled()) return Response.json({ error: 'not_found', message: 'Not found.' }, { status: 404 });
  return Response.json(BENCH_PROJECTS);
}
