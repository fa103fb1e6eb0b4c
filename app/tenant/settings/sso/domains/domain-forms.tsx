'use client';
import { useActionState } from 'react';
import type { AdminFormState } from '@/lib/handlers/authorized-action';
import { addDomainAction, checkDomainAction, chooseDomainConnectionAction, markDomainVerifiedAction, removeDomainAction } from '@/app/tenant/settings/sso/domains/actions';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';
import { inputClass, secondaryButtonClass } from '@/lib/ui/components';

export function AddDomainForm() {
  const [state, action] = useActionState<AdminFormState, FormData>(addDomainAction, {});
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <Field name="domain" label="Domain" state={state.ok ? {} : state} hint="Your company’s email domain, e.g. acme.com" required />
      <SubmitButton>Add domain</SubmitButton>
    </form>
  );
}

/** Check now, remove, and (only when the server allows it) the local-development shortcut. */
export function DomainActions({ id, domain, verified, allowLocalTrust }: { id: string; domain: string; verified: boolean; allowLocalTrust: boolean }) {
  const [checkState, check] = useActionState<AdminFormState, FormData>(checkDomainAction, {});
  const [trustState, trust] = useActionState<AdminFormState, FormData>(markDomainVerifiedAction, {});
  const [removeState, remove] = useActionState<AdminFormState, FormData>(removeDomainAction, {});
  const small = `${secondaryButtonClass} !px-3 !py-1.5`;
  const shown = [checkState, trustState, removeState].find((s) => s.message) ?? {};
  return (
    <div>
      <div className="flex flex-wrap gap-2">
        {!verified && (
          <form action={check}>
            <input type="hidden" name="id" value={id} />
            <SubmitButton className={small}>Check now</SubmitButton>
          </form>
        )}
        {!verified && allowLocalTrust && (
          <form action={trust}>
            <input type="hidden" name="id" value={id} />
            <SubmitButton className={`${small} border-amber-400 bg-amber-50 text-amber-900`}>Mark verified (local development only)</SubmitButton>
          </form>
        )}
        <form action={remove} onSubmit={(e) => { if (!confirm(`Remove ${domain}?`)) e.preventDefault(); }}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton className={`${small} text-red-700`}>Remove</SubmitButton>
        </form>
      </div>
      <div className="mt-2"><FormMessage state={shown} /></div>
    </div>
  );
}

/** Which connection people at this domain are sent to. */
export function DomainRouteForm({ id, domain, connectionId, connections }: { id: string; domain: string; connectionId: string; connections: { id: string; label: string }[] }) {
  const [state, action] = useActionState<AdminFormState, FormData>(chooseDomainConnectionAction, {});
  return (
    <form action={action} className="mb-2 flex flex-wrap items-end gap-2">
      <input type="hidden" name="id" value={id} />
      <label className="text-sm text-slate-700">
        People at {domain} sign in with
        <select name="connectionId" defaultValue={connectionId} className={inputClass}>
          <option value="">The first enabled connection</option>
          {connections.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
        </select>
      </label>
      <SubmitButton className={`${secondaryButtonClass} !px-3 !py-1.5`}>Save</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
