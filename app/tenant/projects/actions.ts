'use server';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { authorize, AuthError } from '@/lib/auth/authorize';
import { projectInput, projects, DuplicateProjectName } from '@/lib/data/projects';
import { actionArg, fieldErrors, formValues, serverAction, type FormState } from '@/lib/http/forms';

function refused(error: unknown): FormState {
  if (error instanceof AuthError) return { message: error.message };
  throw error;
}

export const createProject = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<FormState> => {
  const values = formValues(form);
  let id: string;
  try {
    const ctx = await authorize({ permission: 'projects:write' });
    const parsed = projectInput.safeParse(values);
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    id = (await projects(ctx).create(parsed.data)).id;
  } catch (error) {
    if (error instanceof DuplicateProjectName) return { fields: { name: error.message }, values };
    return { ...refused(error), values };
  }
  revalidatePath('/projects');
  redirect(`/projects/${id}`);
});

// The project id is bound by the page (.bind) but still arrives from the client: checked too.
export const updateProject = serverAction([actionArg.id, actionArg.state, actionArg.form], async (id, _prev, form): Promise<FormState> => {
  const values = formValues(form);
  try {
    const ctx = await authorize({ permission: 'projects:write' });
    const parsed = projectInput.safeParse(values);
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    const updated = await projects(ctx).update(id, parsed.data);
    if (!updated) return { message: 'This project no longer exists.' };
  } catch (error) {
    if (error instanceof DuplicateProjectName) return { fields: { name: error.message }, values };
    return { ...refused(error), values };
  }
  revalidatePath(`/projects/${id}`);
  return { ok: true, message: 'Saved.', values };
});

export const deleteProject = serverAction([actionArg.id, actionArg.state, actionArg.form], async (id, _prev, _form): Promise<FormState> => {
  try {
    const ctx = await authorize({ permission: 'projects:write' });
    if (!(await projects(ctx).remove(id))) return { message: 'This project no longer exists.' };
  } catch (error) {
    return refused(error);
  }
  revalidatePath('/projects');
  redirect('/projects');
});
