'use client';
// Client pieces of the SCIM settings page: the on/off switch, creating a token (its value
// is shown once, here, right after creation) and revoking one.
import { useActionState } from 'react';
import { createScimTokenAction, revokeScimTokenAction, setScimEnabledAction, type ScimFormState } from '@/app/tenant/settings/scim/actions';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';
import { inputClass, secondaryButtonClass } from '@/lib/ui/components';

export function ScimSwitch({ enabled }: { enabled: boolean }) {
  const [state, action] = useActionState<ScimFormState, FormData>(setScimEnabledAction, {});
  return (
    <form action={action}>
      <FormMessage state={state} />
      <input type="hidden" name="enabled" value={enabled ? 'off' : 'on'} />
      <SubmitButton className={enabled ? secondaryButtonClass : undefined}>{enabled ? 'Turn off SCIM provisioning' : 'Turn on SCIM provisioning'}</SubmitButton>
    </form>
  );
}

export function CreateTokenForm() {
  const [state, action] = useActionState<ScimFormState, FormData>(createScimTokenAction, {});
  return (
    <div>
      <form action={action} noValidate aria-label="Create a SCIM token">
        {!state.token && <FormMessage state={state} />}
        <Field name="name" label="Token name" state={state.token ? {} : state} hint="Where it is used, e.g. Okta or Entra ID" required />
        <SubmitButton>Create token</SubmitButton>
      </form>
      {state.token && (
        <div role="status" className="mt-4 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900" data-testid="new-scim-token-panel">
          <p className="font-medium">{state.message} Copy this token now. It will not be shown again.</p>
          <label htmlFor="new-scim-token" className="mt-2 block font-medium">New token</label>
          <input id="new-scim-token" data-testid="new-scim-token" readOnly value={state.token} className={`${inputClass} font-mono`} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className={`${secondaryButtonClass} mt-2`} onClick={() => void navigator.clipboard?.writeText(state.token!)}>Copy</button>
        </div>
      )}
    </div>
  );
}

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const [state, action] = useActionState<ScimFormState, FormData>(revokeScimTokenAction, {});
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(`Revoke the token “${name}”? Your identity provider can no longer provision with it.`)) e.preventDefault();
      }}
    >
      <FormMessage state={state} />
      <input type="hidden" name="id" value={id} />
      <SubmitButton className={`${secondaryButtonClass} !px-3 !py-1.5 text-red-700`}>Revoke</SubmitButton>
    </form>
  );
}
