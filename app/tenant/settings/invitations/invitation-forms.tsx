'use client';
import { useActionState } from 'react';
import type { AdminFormState } from '@/lib/handlers/authorized-action';
import { inviteAction, resendInvitationAction, revokeInvitationAction } from '@/app/tenant/settings/invitations/actions';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';
import { buttonClass, inputClass, secondaryButtonClass } from '@/lib/ui/components';
import { RoleCheckboxes } from '@/app/tenant/settings/role-checkboxes';

export interface ConnectionChoice { id: string; label: string }

export function InviteForm({ connections }: { connections: ConnectionChoice[] }) {
  const [state, action] = useActionState<AdminFormState, FormData>(inviteAction, {});
  const selected = state.values?.roles !== undefined && !state.ok ? state.values.roles.split(',').filter(Boolean) : ['org_member'];
  const existing = state.existingUser;
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <Field name="email" label="Email" type="email" state={state.ok ? {} : state} required />
      <RoleCheckboxes key={selected.join()} selected={selected} error={state.fields?.roles} idPrefix="invite" />
      {connections.length > 0 && <ConnectionSelect connections={connections} state={state} />}
      {existing ? (
        <div role="status" className="mb-4 rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900">
          <p className="mb-3">{existing.name ? `${existing.name} (${existing.email})` : existing.email} already has an account your organization vouches for (your single sign-on, or a verified address at your verified domain). Add them to the organization now, or send an invitation they accept themselves.</p>
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

/** Which way the invitee must sign in: any, the password connection, or one of the org's SSO connections. */
function ConnectionSelect({ connections, state }: { connections: ConnectionChoice[]; state: AdminFormState }) {
  const error = state.fields?.connection;
  return (
    <div className="mb-4">
      <label htmlFor="field-connection" className="block text-sm font-medium text-slate-700">Sign in with</label>
      <select
        id="field-connection"
        name="connection"
        key={state.ok ? 'reset' : state.values?.connection}
        defaultValue={state.ok ? '' : (state.values?.connection ?? '')}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'field-connection-error' : undefined}
      >
        <option value="">Any way the organization allows</option>
        <option value="database">Email and password</option>
        {connections.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
      </select>
      {error && <p id="field-connection-error" role="alert" className="mt-1 text-sm text-red-700">{error}</p>}
    </div>
  );
}
