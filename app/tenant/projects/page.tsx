import Link from 'next/link';
import { authorizePage } from '@/lib/auth/page-guard';
import { projects } from '@/lib/data/projects';
import { Card, Page } from '@/lib/ui/components';
import { ProjectForm } from '@/app/tenant/projects/project-form';
import { createProject } from '@/app/tenant/projects/actions';
import { ROLE_LABELS, isRole } from '@/lib/core/permissions';

export const metadata = { title: 'Projects' };

export default async function ProjectsPage() {
  const ctx = await authorizePage({ permission: 'projects:read', returnTo: '/projects' });
  const list = await projects(ctx).list();
  const canWrite = ctx.can('projects:write');
  return (
    <Page title="Projects" wide>
      <p className="mb-6 text-sm text-slate-600" data-testid="my-roles">
        Your role: {ctx.roles.map((r) => (isRole(r) ? ROLE_LABELS[r] : r)).join(', ') || 'none'}
      </p>
      <div className="grid gap-6 md:grid-cols-[2fr_1fr]">
        <Card>
          {list.length === 0 ? (
            <p className="text-slate-600">No projects yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Projects">
              {list.map((p) => (
                <li key={p.id} className="py-3">
                  <Link href={`/projects/${p.id}`} className="font-medium text-brand hover:underline">{p.name}</Link>
                  {p.description && <p className="text-sm text-slate-600">{p.description}</p>}
                </li>
              ))}
            </ul>
          )}
        </Card>
        {canWrite ? (
          <Card>
            <h2 className="mb-4 text-lg font-semibold">New project</h2>
            <ProjectForm action={createProject} submitLabel="Create project" />
          </Card>
        ) : (
          <Card><p className="text-sm text-slate-600">You can view projects. Ask an admin if you need to change them.</p></Card>
        )}
      </div>
    </Page>
  );
}
