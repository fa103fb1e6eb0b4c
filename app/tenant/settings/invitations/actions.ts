'use server';
// Invitations. Each action authorizes on its own (members:manage) before anything else.
import { refresh } from 'next/cache';
import { z } from 'zod';
import { inviteInput } from '@/lib/admin/inputs';
import { invite, resendInvitation, revokeInvitation } from '@/lib/admin/invitations';
import { actionArg, fieldErrors, formValues, serverAction } from '@/lib/http/forms';
import { adminAction, type AdminFormState } from '@/lib/handlers/authorized-action';

const modeField = z.enum(['auto', 'invite', 'add']).catch('auto');
const invitationId = z.object({ id: z.string({ error: 'Invitation is required' }).min(1, 'Invitation is required').max(100) });

export const inviteAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = { ...formValues(form), roles: form.getAll('roles').filter((r) => typeof r === 'string').join(',') };
  return adminAction('members:manage', values, async (ctx) => {
    const parsed = inviteInput.safeParse({ email: form.get('email') ?? undefined, roles: form.getAll('roles'), connection: form.get('connection') ?? undefined });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    const outcome = await invite(ctx, { ...parsed.data, mode: modeField.parse(form.get('mode') ?? 'auto') });
    if (outcome.kind === 'existing_user') {
      return { existingUser: { email: outcome.user.email, name: outcome.user.name }, values: { ...values, email: parsed.data.email } };
    }
    refresh();
    if (outcome.kind === 'added') return { ok: true, message: `${outcome.user.email} is now a member.` };
    return { ok: true, message: `Invitation sent to ${outcome.invitation.email}.` };
  });
});

export const revokeInvitationAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = formValues(form);
  return adminAction('members:manage', values, async (ctx) => {
    const parsed = invitationId.safeParse({ id: form.get('id') ?? undefined });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    await revokeInvitation(ctx, parsed.data.id);
    refresh();
    return { ok: true, message: 'Invitation revoked.' };
  });
});

export const resendInvitationAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = formValues(form);
  return adminAction('members:manage', values, async (ctx) => {
    const parsed = invitationId.safeParse({ id: form.get('id') ?? undefined });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    const fresh = await resendInvitation(ctx, parsed.data.id);
    refresh();
    return { ok: true, message: `A new invitation was sent to ${fresh.email}.` };
  });
});
