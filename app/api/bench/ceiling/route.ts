// The benchmark's ceiling (npm run bench), scenario (b0): the same answer as /api/baseline on
// the one path middleware.ts's matcher leaves out, so it measures the framework alone.
// Outside middleware it gets no host check and no security headers: it is off (404) unless
// the app runs with BENCH_ROUTES=1, so a deployment has no path middleware does not see.
import { BENCH_PROJECTS, benchRoutesEnabled } from '@/app/api/bench/payload';

export const dynamic = 'force-dynamic';

export function GET() {
  if (!benchRoutesEnabled()) return Response.json({ error: 'not_found', message: 'Not found.' }, { status: 404 });
  return Response.json(BENCH_PROJECTS);
}
