'use client';
// Per-member controls: change roles (with a confirm step when an admin demotes themself)
// and remove (confirmed in the browser, and once more on the server for oneself).
import { useActionState } from 'react';
import type { AdminFormState } from '@/lib/handlers/authorized-action';
import { changeMemberRoles, removeMemberAction, signOutEveryoneAction, signOutMemberAction, syncMembersAction } from '@/app/tenant/settings/members/actions';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { secondaryButtonClass } from '@/lib/ui/components';
import { RoleCheckboxes } from '@/app/tenant/settings/role-checkboxes';

const small = `${secondaryButtonClass} !px-3 !py-1.5`;

export function MemberActions({ userId, label, roles, isSelf }: { userId: string; label: string; roles: string[]; isSelf: boolean }) {
  const [rolesState, rolesAction] = useActionState<AdminFormState, FormData>(changeMemberRoles, {});
  const [removeState, removeAction] = useActionState<AdminFormState, FormData>(removeMemberAction, {});
  const [signOutState, signOutAction] = useActionState<AdminFormState, FormData>(signOutMemberAction, {});
  // What was ticked survives the round trip (a confirm step or an error), else the saved roles.
  const selected = rolesState.ok || rolesState.values?.roles === undefined ? roles : rolesState.values.roles.split(',').filter(Boolean);
  return (
    <div className="min-w-56 space-y-2">
      <details open={!!rolesState.message || !!rolesState.fields}>
        <summary className="cursor-pointer text-sm font-medium text-brand">Change roles</summary>
        <form action={rolesAction} className="mt-2" aria-label={`Roles of ${label}`}>
          <FormMessage state={rolesState} />
          <input type="hidden" name="userId" value={userId} />
          {rolesState.confirm && <input type="hidden" name="confirmed" value="yes" />}
          <RoleCheckboxes key={selected.join()} selected={selected} error={rolesState.fields?.roles} idPrefix={`m-${userId}`} />
          <SubmitButton className={small}>{rolesState.confirm ? 'Yes, change my roles' : 'Save roles'}</SubmitButton>
        </form>
      </details>
      <form
        action={removeAction}
        onSubmit={(e) => {
          if (!removeState.confirm && !confirm(`Remove ${label} from the organization? They lose access at once.`)) e.preventDefault();
        }}
      >
        <FormMessage state={removeState} />
        <input type="hidden" name="userId" value={userId} />
        {removeState.confirm && <input type="hidden" name="confirmed" value="yes" />}
        <SubmitButton className={`${small} text-red-700`}>{removeState.confirm ? 'Yes, remove me' : isSelf ? 'Leave organization' : 'Remove'}</SubmitButton>
      </form>
      <form action={signOutAction} aria-label={`Sessions of ${label}`}>
        <FormMessage state={signOutState} />
        <input type="hidden" name="userId" value={userId} />
        <SubmitButton className={small}>Sign out of all sessions</SubmitButton>
      </form>
    </div>
  );
}

export function SyncButton() {
  const [state, action] = useActionState<AdminFormState, FormData>(syncMembersAction, {});
  return (
    <form action={action} className="flex items-end gap-2">
      <SubmitButton className={secondaryButtonClass}>Sync from Auth0</SubmitButton>
      {state.message && <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-emerald-800' : 'text-red-700'}`}>{state.message}</p>}
    </form>
  );
}

/** Ends every session in the organization, the admin's own included. */
export function SignOutEveryoneButton() {
  const [state, action] = useActionState<AdminFormState, FormData>(signOutEveryoneAction, {});
  return (
    <form
      action={action}
      className="flex items-end gap-2"
      onSubmit={(e) => {
        if (!confirm('Sign out everyone in the organization, you included? Each person has to sign in again.')) e.preventDefault();
      }}
    >
      <SubmitButton className={secondaryButtonClass}>Sign out everyone</SubmitButton>
      {state.message && <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-emerald-800' : 'text-red-700'}`}>{state.message}</p>}
    </form>
  );
}
