// The benchmark's yardstick (npm run bench): the same JSON shape as GET /api/projects with
// 20 projects, but no authorization and no database. It serves no tenant data.
export const dynamic = 'force-dynamic';

const now = new Date(0).toISOString();
const body = {
  projects: Array.from({ length: 20 }, (_, i) => ({
    id: `baseline${String(i).padStart(17, '0')}`,
    name: `Project ${i + 1}`,
    description: 'A project used to measure the cost of the framework alone.',
    createdBy: 'bench@tenantry.local',
    createdAt: now,
    updatedAt: now,
  })),
};

export function GET() {
  return Response.json(body);
}
