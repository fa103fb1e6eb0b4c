'use server';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { authorize, AuthError } from '@/lib/auth/authorize';
import { projectInput, projects, DuplicateProjectName } from '@/lib/data/projects';
import { fieldErrors, formValues, type FormState } from '@/lib/http/forms';

function refused(error: unknown): FormState {
  if (error instanceof AuthError) return { message: error.message };
  throw error;
}

export async function createProject(_prev: FormState, form: FormData): Promise<FormState> {
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
}

export async function updateProject(id: string, _prev: FormState, form: FormData): Promise<FormState> {
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
}

export async function deleteProject(id: string, _prev: FormState, _form: FormData): Promise<FormState> {
  try {
    const ctx = await authorize({ permission: 'projects:write' });
    if (!(await projects(ctx).remove(id))) return { message: 'This project no longer exists.' };
  } catch (error) {
    return refused(error);
  }
  revalidatePath('/projects');
  redirect('/projects');
}
