'use client';
import { useActionState } from 'react';
import type { AdminFormState } from '@/lib/handlers/authorized-action';
import {
  createConnectionAction, deleteConnectionAction, setConnectionEnabledAction, updateConnectionAction,
} from '@/app/tenant/settings/sso/actions';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';
import { inputClass, secondaryButtonClass } from '@/lib/ui/components';
import { ROLES, ROLE_LABELS } from '@/lib/core/permissions';

export interface ConnectionFormInitial {
  id?: string;
  strategy: 'samlp' | 'oidc';
  displayName: string;
  autoMembership: boolean;
  defaultRole: string;
  signInUrl?: string;
  issuer?: string;
  clientId?: string;
  /** Edit only: what the current certificate is / whether a secret is stored. */
  certificateSummary?: string;
  hasSecret?: boolean;
}

function FileField({ name, label, accept, hint }: { name: string; label: string; accept: string; hint: string }) {
  return (
    <div className="mb-4">
      <label htmlFor={`field-${name}`} className="block text-sm font-medium text-slate-700">{label}</label>
      <input id={`field-${name}`} name={name} type="file" accept={accept} className="mt-1 block text-sm" aria-describedby={`field-${name}-hint`} />
      <p id={`field-${name}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p>
    </div>
  );
}

export function ConnectionForm({ initial }: { initial: ConnectionFormInitial }) {
  const editing = !!initial.id;
  const [state, action] = useActionState<AdminFormState, FormData>(editing ? updateConnectionAction : createConnectionAction, {});
  const values = state.values;
  const auto = values ? values.autoMembership === 'on' : initial.autoMembership;
  const role = values?.defaultRole ?? initial.defaultRole;
  const roleError = state.fields?.defaultRole;
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="strategy" value={initial.strategy} />
      {initial.id && <input type="hidden" name="id" value={initial.id} />}
      <Field name="displayName" label="Display name" state={state} defaultValue={initial.displayName} hint="Shown on the sign-in button, e.g. “Acme Okta”" required />
      {initial.strategy === 'samlp' ? (
        <>
          <Field name="signInUrl" label="Identity provider sign-in URL" state={state} defaultValue={initial.signInUrl} hint="The IdP’s single sign-on URL (HTTP-Redirect binding), https://…" />
          <Field
            name="certificate"
            label="Signing certificate (PEM)"
            state={state}
            multiline
            hint={editing ? `Leave empty to keep the current certificate${initial.certificateSummary ? ` (${initial.certificateSummary})` : ''}.` : 'Paste from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, or upload the file below.'}
          />
          <FileField name="certificateFile" label="…or upload the certificate file" accept=".pem,.crt,.cer,.txt" hint="A .pem or .crt file with one certificate." />
          <Field name="metadataXml" label="Identity provider metadata XML (optional)" state={state} multiline hint="Pasting your IdP’s metadata fills in the sign-in URL and certificate." />
          <FileField name="metadataFile" label="…or upload the metadata file" accept=".xml,text/xml,application/xml" hint="The IdP’s metadata .xml file." />
        </>
      ) : (
        <>
          <Field name="issuer" label="Issuer URL" state={state} defaultValue={initial.issuer} hint="The provider’s issuer, or its /.well-known/openid-configuration address" required />
          <Field name="clientId" label="Client ID" state={state} defaultValue={initial.clientId} required />
          <Field name="clientSecret" label="Client secret" type="password" state={state} hint={editing ? (initial.hasSecret ? 'Leave empty to keep the stored secret.' : 'No secret stored yet.') : 'From the application you registered at your provider.'} required={!editing} />
        </>
      )}
      <div className="mb-4">
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="autoMembership" defaultChecked={auto} key={String(auto)} className="mt-0.5 accent-brand" />
          <span>
            <span className="font-medium">Add people automatically (just-in-time membership)</span>
            <span className="block text-slate-600">Anyone your identity provider lets sign in becomes a member on first sign-in. When off, only invited or provisioned people get in.</span>
          </span>
        </label>
      </div>
      <div className="mb-4">
        <label htmlFor="field-defaultRole" className="block text-sm font-medium text-slate-700">Role for people who join this way</label>
        <select id="field-defaultRole" name="defaultRole" defaultValue={role} key={role} className={inputClass} aria-invalid={roleError ? true : undefined}>
          {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
        </select>
        {roleError && <p role="alert" className="mt-1 text-sm text-red-700">{roleError}</p>}
      </div>
      <SubmitButton>{editing ? 'Save changes' : 'Create connection'}</SubmitButton>
    </form>
  );
}

export function ConnectionStatusActions({ id, enabled, displayName }: { id: string; enabled: boolean; displayName: string }) {
  const [toggleState, toggle] = useActionState<AdminFormState, FormData>(setConnectionEnabledAction, {});
  const [deleteState, remove] = useActionState<AdminFormState, FormData>(deleteConnectionAction, {});
  return (
    <div>
      <FormMessage state={toggleState.message ? toggleState : deleteState} />
      <div className="flex flex-wrap gap-2">
        <form action={toggle}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="enable" value={String(!enabled)} />
          <SubmitButton className={secondaryButtonClass}>{enabled ? 'Disable connection' : 'Enable connection'}</SubmitButton>
        </form>
        <form action={remove} onSubmit={(e) => { if (!confirm(`Delete ${displayName}? People who sign in with it will lose access, and its settings are gone.`)) e.preventDefault(); }}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton className={`${secondaryButtonClass} text-red-700`}>Delete connection</SubmitButton>
        </form>
      </div>
    </div>
  );
}
