'use server';
// Organization settings. Each action authorizes on its own (org:manage) before anything else.
import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { config } from '@/lib/config';
import { deleteOrganizationInput, organizationInput } from '@/lib/admin/inputs';
import { deleteOrganization, updateOrganization } from '@/lib/admin/organization';
import { actionArg, fieldErrors, formValues, serverAction } from '@/lib/http/forms';
import { adminAction, type AdminFormState } from '@/lib/handlers/authorized-action';

export const updateOrganizationAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = formValues(form);
  return adminAction('org:manage', values, async (ctx) => {
    // Only these four fields are read: nothing else (metadata, tenantId, slug) can be sent.
    const parsed = organizationInput.safeParse({
      displayName: values.displayName,
      logoUrl: values.logoUrl,
      primaryColor: values.primaryColor,
      pageBackgroundColor: values.pageBackgroundColor,
    });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    await updateOrganization(ctx, parsed.data);
    refresh();
    return { ok: true, message: 'Saved. Your pages and the sign-in page now use these settings.', values };
  });
});

export const deleteOrganizationAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = formValues(form);
  let slug: string | undefined;
  const state = await adminAction('org:manage', values, async (ctx) => {
    const parsed = deleteOrganizationInput.safeParse({ confirmSlug: values.confirmSlug });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    await deleteOrganization(ctx, parsed.data.confirmSlug);
    slug = ctx.tenant.slug;
    return { ok: true };
  });
  if (!state.ok || !slug) return state;
  redirect(`${config().apexOrigin}/?deleted=${encodeURIComponent(slug)}`);
});
