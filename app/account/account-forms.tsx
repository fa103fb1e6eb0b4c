'use client';
// The account page's forms: each posts to its server action and shows that action's field
// errors and message; the actions that end in sign-out or at Auth0 redirect there.
import { useActionState } from 'react';
import {
  changePasswordAction, deleteAccountAction, enrolAuthenticatorAction, leaveOrganizationAction, removeFactorAction, renameAction, signOutEverywhereAction,
  type AccountFormState,
} from '@/app/account/actions';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';
import { buttonClass, secondaryButtonClass } from '@/lib/ui/components';

const small = `${secondaryButtonClass} !px-3 !py-1.5`;
const danger = 'inline-flex items-center justify-center rounded-lg bg-red-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-red-800 disabled:opacity-50';

export function RenameForm({ name }: { name: string }) {
  const [state, action] = useActionState<AccountFormState, FormData>(renameAction, {});
  return (
    <form action={action} aria-label="Your name">
      <FormMessage state={state} />
      <Field name="name" label="Name" state={state} defaultValue={name} required />
      <SubmitButton>Save name</SubmitButton>
    </form>
  );
}

export function LeaveForm({ tenantId, displayName }: { tenantId: string; displayName: string }) {
  const [state, action] = useActionState<AccountFormState, FormData>(leaveOrganizationAction, {});
  return (
    <form
      action={action}
      aria-label={`Leave ${displayName}`}
      onSubmit={(e) => {
        if (!confirm(`Leave ${displayName}? You lose access at once; an admin has to invite you again.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="tenantId" value={tenantId} />
      <SubmitButton className={`${small} text-red-700`}>Leave</SubmitButton>
      {(state.message || state.fields) && (
        <p role={state.ok ? 'status' : 'alert'} className={`mt-1 text-sm ${state.ok ? 'text-emerald-800' : 'text-red-700'}`}>{state.message ?? Object.values(state.fields ?? {})[0]}</p>
      )}
    </form>
  );
}

export function ChangePasswordForm() {
  const [state, action] = useActionState<AccountFormState, FormData>(changePasswordAction, {});
  return (
    <form action={action}>
      <FormMessage state={state} />
      <SubmitButton className={secondaryButtonClass}>Change password</SubmitButton>
    </form>
  );
}

export function EnrolAuthenticatorForm() {
  const [state, action] = useActionState<AccountFormState, FormData>(enrolAuthenticatorAction, {});
  return (
    <form action={action}>
      <FormMessage state={state} />
      <SubmitButton className={buttonClass}>Set up authenticator app</SubmitButton>
    </form>
  );
}

export function RemoveFactorForm({ factorId, label }: { factorId: string; label: string }) {
  const [state, action] = useActionState<AccountFormState, FormData>(removeFactorAction, {});
  return (
    <form
      action={action}
      aria-label={`Remove ${label}`}
      onSubmit={(e) => {
        if (!confirm(`Remove ${label}? You can set it up again afterwards.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="factorId" value={factorId} />
      <SubmitButton className={`${small} text-red-700`}>Remove</SubmitButton>
      {(state.message || state.fields) && (
        <p role={state.ok ? 'status' : 'alert'} className={`mt-1 text-sm ${state.ok ? 'text-emerald-800' : 'text-red-700'}`}>{state.message ?? Object.values(state.fields ?? {})[0]}</p>
      )}
    </form>
  );
}

export function SignOutEverywhereForm() {
  const [state, action] = useActionState<AccountFormState, FormData>(signOutEverywhereAction, {});
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm('Sign out on every device and in every organization, this browser included?')) e.preventDefault();
      }}
    >
      <FormMessage state={state} />
      <SubmitButton className={secondaryButtonClass}>Sign out everywhere</SubmitButton>
    </form>
  );
}

export function DeleteAccountForm({ email }: { email: string }) {
  const [state, action] = useActionState<AccountFormState, FormData>(deleteAccountAction, {});
  return (
    <form action={action} aria-label="Delete my account">
      <FormMessage state={state} />
      <Field name="confirmEmail" label={`Type your email address (${email}) to confirm`} state={state} required />
      <SubmitButton className={danger}>Delete my account</SubmitButton>
    </form>
  );
}
