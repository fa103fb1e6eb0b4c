'use server';
// Project changes. adminAction authorizes each one (projects:write) and turns refusals into
// form messages; redirect() throws, so it runs after adminAction, never inside it.
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { projectInput, projects, DuplicateProjectName } from '@/lib/data/projects';
import { actionArg, fieldErrors, formValues, serverAction, type FormState } from '@/lib/http/forms';
import { adminAction } from '@/lib/handlers/authorized-action';

/** A name already taken in this tenant is a field error; anything else goes to adminAction. */
function nameTaken(error: unknown, values: Record<string, string>): FormState {
  if (error instanceof DuplicateProjectName) return { fields: { name: error.message }, values };
  throw error;
}

export const createProject = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<FormState> => {
  const values = formValues(form);
  const state = await adminAction('projects:write', values, async (ctx): Promise<FormState & { created?: string }> => {
    const parsed = projectInput.safeParse(values);
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    try {
      return { ok: true, created: (await projects(ctx).create(parsed.data)).id };
    } catch (error) {
      return nameTaken(error, values);
    }
  });
  if (!('created' in state) || !state.created) return state;
  revalidatePath('/projects');
  redirect(`/projects/${state.created}`);
});

// The project id is bound by the page (.bind) but still arrives from the client: checked too.
export const updateProject = serverAction([actionArg.id, actionArg.state, actionArg.form], async (id, _prev, form): Promise<FormState> => {
  const values = formValues(form);
  const state = await adminAction('projects:write', values, async (ctx): Promise<FormState> => {
    const parsed = projectInput.safeParse(values);
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    try {
      if (!(await projects(ctx).update(id, parsed.data))) return { message: 'This project no longer exists.' };
    } catch (error) {
      return nameTaken(error, values);
    }
    return { ok: true, message: 'Saved.', values };
  });
  if (state.ok) revalidatePath(`/projects/${id}`);
  return state;
});

export const deleteProject = serverAction([actionArg.id, actionArg.state, actionArg.form], async (id, _prev, _form): Promise<FormState> => {
  const state = await adminAction('projects:write', {}, async (ctx): Promise<FormState> =>
    (await projects(ctx).remove(id)) ? { ok: true } : { message: 'This project no longer exists.' });
  if (!state.ok) return state;
  revalidatePath('/projects');
  redirect('/projects');
});
