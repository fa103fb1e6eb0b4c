import { notFound } from 'next/navigation';
import { authorizePage } from '@/lib/auth/page-guard';
import { projects } from '@/lib/data/projects';
import { Card, Page, TextLink } from '@/lib/ui/components';
import { DeleteProjectButton, ProjectForm } from '@/app/tenant/projects/project-form';
import { deleteProject, updateProject } from '@/app/tenant/projects/actions';

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await authorizePage({ permission: 'projects:read', returnTo: `/projects/${id}` });
  const project = await projects(ctx).get(id);
  if (!project) notFound();
  return (
    <Page title={project.name} wide>
      <p className="mb-4 text-sm text-slate-500">Created by {project.createdBy} on {project.createdAt.toISOString().slice(0, 10)}</p>
      {ctx.can('projects:write') ? (
        <div className="grid gap-6 md:grid-cols-[2fr_1fr]">
          <Card><ProjectForm action={updateProject.bind(null, project.id)} initial={project} submitLabel="Save changes" /></Card>
          <Card><DeleteProjectButton action={deleteProject.bind(null, project.id)} /></Card>
        </div>
      ) : (
        <Card><p className="whitespace-pre-wrap text-slate-700">{project.description || 'No description.'}</p></Card>
      )}
      <p className="mt-6"><TextLink href="/projects">All projects</TextLink></p>
    </Page>
  );
}
