'use server';
// "Sign out everyone now" on the security settings (org:manage): every session of the
// organization, the admin's own included, is refused from its next request on every instance
// (lib/auth/revocation.ts), audited as organization.signed_out in the same transaction.
// The admin's session ends too on purpose: "everyone" is what an admin who fears a leaked
// session means, and the cut-off (every session created until now) cannot tell theirs apart
// from a stolen copy of it. The form says so before it is sent.
import { refresh } from 'next/cache';
import { signOutOrganization } from '@/lib/admin/members';
import { actionArg, formValues, serverAction } from '@/lib/http/forms';
import { adminAction, type AdminFormState } from '@/lib/handlers/authorized-action';

export const signOutEveryoneNow = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  return adminAction('org:manage', formValues(form), async (ctx) => {
    await signOutOrganization(ctx);
    // The page is rendered again with the admin's own session, now ended: it sends them to sign in.
    refresh();
    return { ok: true, message: 'Everyone is signed out, you too: each person signs in again on their next request.' };
  });
});
