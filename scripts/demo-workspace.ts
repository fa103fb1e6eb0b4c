// The local tenant's demo organizations start as a living workspace on `npm run dev`: the
// members its seed put in each Auth0 organization are registered with their roles (so the
// members page shows them before anyone signs in or presses "Sync from Auth0"), and an
// organization without projects gets a few samples. Safe to run on every start: it only adds
// what is missing and never revives a removed member (their row stays, marked removed).
import { db } from '@/lib/db/client';
import { call } from '@/lib/management/client';
import { isRole } from '@/lib/auth/permissions';

export const SAMPLE_PROJECTS = [
  { name: 'Website relaunch', description: 'New marketing site: copy, design and the move to the new CMS.' },
  { name: 'Customer onboarding', description: 'Checklist and welcome emails for new customers.' },
  { name: 'Security review', description: 'Yearly review: access rights, SSO settings and the audit log.' },
];

export interface DemoSeeded { slug: string; members: number; projects: number }

/** Seeds the organizations named by `slugs` that are registered here (others are skipped). */
export async function seedDemoWorkspace(slugs: readonly string[]): Promise<DemoSeeded[]> {
  const database = await db();
  const seeded: DemoSeeded[] = [];
  for (const org of await database.organization.findMany({ where: { slug: { in: [...slugs] } }, orderBy: { slug: 'asc' } })) {
    const members: { userId: string; email?: string; name?: string; roles: string[] }[] = [];
    await call(async (api) => {
      let page = await api.organizations.members.list(org.auth0OrgId, { fields: 'user_id,email,name,roles', include_fields: true, take: 100 });
      for (;;) {
        for (const m of page.data) {
          if (m.user_id) members.push({ userId: m.user_id, email: m.email?.toLowerCase(), name: m.name, roles: (m.roles ?? []).map((r) => r.name ?? '').filter(isRole) });
        }
        if (!page.hasNextPage()) break;
        page = await page.getNextPage();
      }
    });
    const added = await database.membership.createMany({
      data: members.map((m) => ({ orgId: org.id, userId: m.userId, email: m.email, name: m.name, roles: m.roles, source: 'auth0' })),
      skipDuplicates: true,
    });
    let projects = 0;
    if ((await database.project.count({ where: { orgId: org.id } })) === 0) {
      const author = members.find((m) => m.roles.includes('org_admin'))?.email ?? 'demo';
      projects = (await database.project.createMany({ data: SAMPLE_PROJECTS.map((p) => ({ ...p, orgId: org.id, createdBy: author })), skipDuplicates: true })).count;
    }
    seeded.push({ slug: org.slug, members: added.count, projects });
  }
  return seeded;
}
