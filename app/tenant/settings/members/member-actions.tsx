'use client';
// Per-member controls: change roles (with a confirm step when an admin demotes themself)
// and remove (confirmed in the browser, and once more on the server for oneself).
// A page has up to 50 rows: each renders only a "Manage" button on the server, and its
// three server-action forms (each with React's hidden fields) mount when the admin opens it.
import { useActionState, useId, useState } from 'react';
import type { AdminFormState } from '@/lib/handlers/authorized-action';
import { changeMemberRoles, removeMemberAction, signOutEveryoneAction, signOutMemberAction, syncMembersAction } from '@/app/tenant/settings/members/actions';
import { FormMessage, SubmitButton } from '@/lib/ui/form';
import { secondaryButtonClass } from '@/lib/ui/components';
import { RoleCheckboxes } from '@/app/tenant/settings/role-checkboxes';

const small = `${secondaryButtonClass} !px-3 !py-1.5`;

interface Member { userId: string; label: string; roles: string[]; isSelf: boolean }

/**
 * The row's disclosure. Only the admin's click opens or closes it, so the forms stay mounted
 * (with their message, confirm step or field error) through the action and the page's refresh.
 */
export function MemberActions(member: Member) {
  const [open, setOpen] = useState(false);
  const panel = useId();
  return (
    <div className="min-w-56">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={open ? panel : undefined}
        aria-label={`Manage ${member.label}`}
        onClick={() => setOpen(!open)}
        className="cursor-pointer text-sm font-medium text-brand"
      >
        Manage
      </button>
      {open && (
        <div id={panel} className="mt-2 space-y-2">
          <MemberForms {...member} />
        </div>
      )}
    </div>
  );
}

function MemberForms({ userId, label, roles, isSelf }: Member) {
  const [rolesState, rolesAction] = useActionState<AdminFormState, FormData>(changeMemberRoles, {});
  const [removeState, removeAction] = useActionState<AdminFormState, FormData>(removeMemberAction, {});
  const [signOutState, signOutAction] = useActionState<AdminFormState, FormData>(signOutMemberAction, {});
  // What was ticked survives the round trip (a confirm step or an error), else the saved roles.
  const selected = rolesState.ok || rolesState.values?.roles === undefined ? roles : rolesState.values.roles.split(',').filter(Boolean);
  return (
    <>
      <form action={rolesAction} aria-label={`Roles of ${label}`}>
        <FormMessage state={rolesState} />
        <input type="hidden" name="userId" value={userId} />
        {rolesState.confirm && <input type="hidden" name="confirmed" value="yes" />}
        <RoleCheckboxes key={selected.join()} selected={selected} error={rolesState.fields?.roles} idPrefix={`m-${userId}`} />
        <SubmitButton className={small}>{rolesState.confirm ? 'Yes, change my roles' : 'Save roles'}</SubmitButton>
      </form>
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
    </>
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
