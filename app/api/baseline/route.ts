// The benchmark's yardstick (npm run bench), scenario (b): the same JSON shape as
// GET /api/projects with 20 projects, through middleware, but no authorization and no
// database. It serves no tenant data.
import { BENCH_PROJECTS } from '@/app/api/bench/payload';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json(BENCH_PROJECTS);
}
