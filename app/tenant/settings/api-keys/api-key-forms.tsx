'use client';
// Client pieces of the API keys page: creating a key (its secret and a ready curl are shown
// once, here, right after creation or rotation), rotating its secret and revoking it.
import { useActionState, useState } from 'react';
import { createApiKeyAction, revokeApiKeyAction, rotateApiKeyAction, type ApiKeyFormState } from '@/app/tenant/settings/api-keys/actions';
import type { IssuedKey } from '@/lib/api-keys/keys';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';
import { inputClass, secondaryButtonClass } from '@/lib/ui/components';

const EXPIRY_LABELS: [string, string][] = [['', 'Never'], ['7', 'In 7 days'], ['30', 'In 30 days'], ['90', 'In 90 days'], ['365', 'In a year']];

function CopyButton({ text, label, testId }: { text: string; label: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      data-testid={testId}
      className={`${secondaryButtonClass} !px-3 !py-1.5`}
      onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}
    >
      {copied ? 'Copied' : label}
    </button>
  );
}

/** The credentials, once: client id, secret and the first call. */
function IssuedPanel({ state }: { state: ApiKeyFormState & { issued: IssuedKey } }) {
  const key = state.issued;
  return (
    <div role="status" className="mt-4 space-y-3 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900" data-testid="issued-api-key">
      <p className="font-medium">{state.message} Copy the secret now. It will not be shown again.</p>
      <div>
        <label htmlFor="issued-client-id" className="block font-medium">Client ID</label>
        <input id="issued-client-id" data-testid="issued-client-id" readOnly value={key.clientId} className={`${inputClass} font-mono`} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <div>
        <label htmlFor="issued-client-secret" className="block font-medium">Client secret</label>
        <input id="issued-client-secret" data-testid="issued-client-secret" readOnly value={key.clientSecret} className={`${inputClass} font-mono`} onFocus={(e) => e.currentTarget.select()} />
        <div className="mt-2"><CopyButton text={key.clientSecret} label="Copy secret" testId="copy-secret" /></div>
      </div>
      <div>
        <p className="font-medium">First call: get a token, then list projects</p>
        <pre data-testid="issued-curl" className="mt-1 overflow-x-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">{key.curl}</pre>
        <div className="mt-2"><CopyButton text={key.curl} label="Copy curl" testId="copy-curl" /></div>
      </div>
    </div>
  );
}

export function CreateApiKeyForm({ grantable }: { grantable: readonly string[] }) {
  const [state, action] = useActionState<ApiKeyFormState, FormData>(createApiKeyAction, {});
  const chosen = state.values?.permissions?.split(',') ?? ['projects:read'];
  const shown = state.issued ? {} : state;
  return (
    <div>
      <form action={action} noValidate aria-label="Create an API key">
        {!state.issued && <FormMessage state={state} />}
        <Field name="name" label="Name" state={shown} hint="What uses it, e.g. CI pipeline or Data warehouse sync" required />
        <fieldset className="mb-4" aria-describedby={shown.fields?.permissions ? 'api-key-permissions-error' : undefined}>
          <legend className="mb-1 text-sm font-medium text-slate-700">Permissions</legend>
          <div className="flex flex-wrap gap-3">
            {grantable.map((p) => (
              <label key={p} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" name="permissions" value={p} defaultChecked={chosen.includes(p)} className="accent-brand" />
                <code>{p}</code>
              </label>
            ))}
          </div>
          <p className="mt-1 text-xs text-slate-500">Only permissions you hold yourself can go on a key.</p>
          {shown.fields?.permissions && <p id="api-key-permissions-error" role="alert" className="mt-1 text-sm text-red-700">{shown.fields.permissions}</p>}
        </fieldset>
        <div className="mb-4">
          <label htmlFor="field-expiresInDays" className="block text-sm font-medium text-slate-700">Expires</label>
          <select id="field-expiresInDays" name="expiresInDays" defaultValue={state.values?.expiresInDays ?? ''} className={inputClass}>
            {EXPIRY_LABELS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
          {shown.fields?.expiresInDays && <p role="alert" className="mt-1 text-sm text-red-700">{shown.fields.expiresInDays}</p>}
        </div>
        <SubmitButton>Create key</SubmitButton>
      </form>
      {state.issued && <IssuedPanel state={state as ApiKeyFormState & { issued: IssuedKey }} />}
    </div>
  );
}

export function RotateApiKeyButton({ id, name }: { id: string; name: string }) {
  const [state, action] = useActionState<ApiKeyFormState, FormData>(rotateApiKeyAction, {});
  return (
    <div>
      <form
        action={action}
        onSubmit={(e) => {
          if (!confirm(`Give “${name}” a new secret? The current secret stops working at once.`)) e.preventDefault();
        }}
      >
        {!state.issued && <FormMessage state={state} />}
        <input type="hidden" name="id" value={id} />
        <SubmitButton className={`${secondaryButtonClass} !px-3 !py-1.5`}>Rotate secret</SubmitButton>
      </form>
      {state.issued && <IssuedPanel state={state as ApiKeyFormState & { issued: IssuedKey }} />}
    </div>
  );
}

export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const [state, action] = useActionState<ApiKeyFormState, FormData>(revokeApiKeyAction, {});
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!confirm(`Revoke “${name}”? Systems using it are refused from the next request.`)) e.preventDefault();
      }}
    >
      <FormMessage state={state} />
      <input type="hidden" name="id" value={id} />
      <SubmitButton className={`${secondaryButtonClass} !px-3 !py-1.5 text-red-700`}>Revoke</SubmitButton>
    </form>
  );
}
