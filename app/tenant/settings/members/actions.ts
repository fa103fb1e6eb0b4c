'use server';
// Member changes. Each action authorizes on its own (members:manage) before anything else.
import { refresh } from 'next/cache';
import { z } from 'zod';
import { rolesInput, userIdField } from '@/lib/admin/inputs';
import { changeRoles, removeMember, signOutMember, signOutOrganization, syncMembersFromAuth0 } from '@/lib/admin/members';
import { actionArg, fieldErrors, formValues, serverAction } from '@/lib/http/forms';
import { adminAction, type AdminFormState } from '@/lib/handlers/authorized-action';

const confirmed = (form: FormData) => form.get('confirmed') === 'yes';

export const changeMemberRoles = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = { ...formValues(form), roles: form.getAll('roles').filter((r) => typeof r === 'string').join(',') };
  return adminAction('members:manage', values, async (ctx) => {
    const parsed = rolesInput.safeParse({ userId: form.get('userId') ?? undefined, roles: form.getAll('roles') });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    await changeRoles(ctx, { ...parsed.data, confirmed: confirmed(form) });
    refresh();
    return { ok: true, message: 'Roles saved.' };
  });
});

export const removeMemberAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = formValues(form);
  return adminAction('members:manage', values, async (ctx) => {
    const parsed = z.object({ userId: userIdField }).safeParse({ userId: form.get('userId') ?? undefined });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    await removeMember(ctx, { userId: parsed.data.userId, confirmed: confirmed(form) });
    refresh();
    return { ok: true, message: 'Member removed.' };
  });
});

export const syncMembersAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  return adminAction('members:manage', formValues(form), async (ctx) => {
    const { added, updated } = await syncMembersFromAuth0(ctx);
    refresh();
    return { ok: true, message: `Up to date with Auth0: ${added} added, ${updated} updated.` };
  });
});

export const signOutMemberAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = formValues(form);
  return adminAction('members:manage', values, async (ctx) => {
    const parsed = z.object({ userId: userIdField }).safeParse({ userId: form.get('userId') ?? undefined });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    await signOutMember(ctx, { userId: parsed.data.userId });
    // Rendered again: an admin who signed themself out is sent to sign in at once.
    refresh();
    return { ok: true, message: 'Signed out of all sessions.' };
  });
});

export const signOutEveryoneAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  return adminAction('members:manage', formValues(form), async (ctx) => {
    await signOutOrganization(ctx);
    // The page is rendered again with the admin's own session, now ended: it sends them to sign in.
    refresh();
    return { ok: true, message: 'Everyone is signed out, you too.' };
  });
});
