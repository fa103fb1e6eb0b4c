'use client';
import { useActionState } from 'react';
import type { AdminFormState } from '@/app/tenant/settings/action-state';
import { inviteAction, resendInvitationAction, revokeInvitationAction } from '@/app/tenant/settings/invitations/actions';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';
import { buttonClass, secondaryButtonClass } from '@/lib/ui/components';
import { RoleCheckboxes } from '@/app/tenant/settings/role-checkboxes';

export function InviteForm() {
  const [state, action] = useActionState<AdminFormState, FormData>(inviteAction, {});
  const selected = state.values?.roles !== undefined && !state.ok ? state.values.roles.split(',').filter(Boolean) : ['org_member'];
  const existing = state.existingUser;
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <Field name="email" label="Email" type="email" state={state.ok ? {} : state} required />
      <RoleCheckboxes key={selected.join()} selected={selected} error={state.fields?.roles} idPrefix="invite" />
      {existing ? (
        <div role="status" className="mb-4 rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900">
          <p className="mb-3">{existing.name ? `${existing.name} (${existing.email})` : existing.email} already has an account. Add them to the organization now, or send an invitation they accept themselves.</p>
          <div className="flex flex-wrap gap-2">
            <button type="submit" name="mode" value="add" className={buttonClass}>Add to organization</button>
            <button type="submit" name="mode" value="invite" className={secondaryButtonClass}>Send invitation instead</button>
          </div>
        </div>
      ) : (
        <SubmitButton>Send invitation</SubmitButton>
      )}
    </form>
  );
}

export function InvitationActions({ id, email }: { id: string; email: string }) {
  const [resendState, resend] = useActionState<AdminFormState, FormData>(resendInvitationAction, {});
  const [revokeState, revoke] = useActionState<AdminFormState, FormData>(revokeInvitationAction, {});
  const small = `${secondaryButtonClass} !px-3 !py-1.5`;
  const message = revokeState.message ?? resendState.message;
  return (
    <div className="text-right">
      <div className="flex gap-2">
        <form action={resend}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton className={small}>Resend</SubmitButton>
        </form>
        <form action={revoke} onSubmit={(e) => { if (!confirm(`Revoke the invitation for ${email}?`)) e.preventDefault(); }}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton className={`${small} text-red-700`}>Revoke</SubmitButton>
        </form>
      </div>
      {message && <p role={revokeState.ok || resendState.ok ? 'status' : 'alert'} className="mt-1 max-w-64 text-sm text-red-700">{message}</p>}
    </div>
  );
}
