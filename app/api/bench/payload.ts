// The benchmark's yardsticks answer the same JSON shape as GET /api/projects with 20 projects,
// built once, with no tenant data and no database.
const now = new Date(0).toISOString();

export const BENCH_PROJECTS = {
  projects: Array.from({ length: 20 }, (_, i) => ({
    id: `baseline${String(i).padStart(17, '0')}`,
    name: `Project ${i + 1}`,
    description: 'A project used to measure the cost of the framework alone.',
    createdBy: 'bench@tenantry.local',
    createdAt: now,
    updatedAt: now,
  })),
};

/** The bench's middleware floor (b1): middleware.ts returns at once for it when bench routes are on. */
export const BENCH_FLOOR_PATH = '/api/bench/floor';

/**
 * The bench-only routes (/api/bench/ceiling, /api/bench/floor, the tenant page /bench) answer only when the app
 * runs with BENCH_ROUTES=1, as `npm run bench` starts it; a deployment serves them as 404.
 */
export const benchRoutesEnabled = () => process.env.BENCH_ROUTES === '1';
