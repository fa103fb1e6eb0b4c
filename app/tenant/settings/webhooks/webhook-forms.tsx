'use client';
// Client pieces of the webhook settings: adding an endpoint (its secret shown once, here),
// the per-endpoint buttons and replaying a delivery.
import { useActionState } from 'react';
import {
  createEndpointAction, deleteEndpointAction, replayDeliveryAction, rotateSecretAction, sendTestEventAction, setEndpointEnabledAction, type WebhookFormState,
} from '@/app/tenant/settings/webhooks/actions';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';
import { inputClass, secondaryButtonClass } from '@/lib/ui/components';

const small = `${secondaryButtonClass} !px-3 !py-1.5`;

function SecretPanel({ state, title }: { state: WebhookFormState; title: string }) {
  if (!state.secret) return null;
  return (
    <div role="status" className="mt-4 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900" data-testid="webhook-secret-panel">
      <p className="font-medium">{state.message} Copy the signing secret now. It will not be shown again.</p>
      <label htmlFor="webhook-secret" className="mt-2 block font-medium">{title}</label>
      <input id="webhook-secret" data-testid="webhook-secret" readOnly value={state.secret} className={`${inputClass} font-mono`} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" className={`${secondaryButtonClass} mt-2`} onClick={() => void navigator.clipboard?.writeText(state.secret!)}>Copy</button>
    </div>
  );
}

export function AddEndpointForm({ eventTypes }: { eventTypes: { name: string; description: string }[] }) {
  const [state, action] = useActionState<WebhookFormState, FormData>(createEndpointAction, {});
  const shown = state.secret ? {} : state;
  return (
    <div>
      <form action={action} noValidate aria-label="Add a webhook endpoint">
        {!state.secret && <FormMessage state={state} />}
        <Field name="url" label="Endpoint URL" state={shown} hint="https://… on the public internet. We POST signed JSON (Standard Webhooks) to it." required />
        <Field name="description" label="Description (optional)" state={shown} />
        <fieldset className="mb-4" aria-describedby={shown.fields?.eventTypes ? 'event-types-error' : undefined}>
          <legend className="mb-1 text-sm font-medium text-slate-700">Events to send</legend>
          <div className="grid gap-1 sm:grid-cols-2">
            {eventTypes.map((t) => (
              <label key={t.name} className="flex items-start gap-2 text-sm" title={t.description}>
                <input type="checkbox" name="eventTypes" value={t.name} className="mt-1 accent-brand" />
                <code>{t.name}</code>
              </label>
            ))}
          </div>
          {shown.fields?.eventTypes && <p id="event-types-error" role="alert" className="mt-1 text-sm text-red-700">{shown.fields.eventTypes}</p>}
        </fieldset>
        <SubmitButton>Add endpoint</SubmitButton>
      </form>
      <SecretPanel state={state} title="Signing secret" />
    </div>
  );
}

export function EndpointActions({ id, enabled, url }: { id: string; enabled: boolean; url: string }) {
  const [toggleState, toggle] = useActionState<WebhookFormState, FormData>(setEndpointEnabledAction, {});
  const [testState, test] = useActionState<WebhookFormState, FormData>(sendTestEventAction, {});
  const [rotateState, rotate] = useActionState<WebhookFormState, FormData>(rotateSecretAction, {});
  const [deleteState, remove] = useActionState<WebhookFormState, FormData>(deleteEndpointAction, {});
  return (
    <div>
      <FormMessage state={toggleState} />
      <FormMessage state={testState} />
      {!rotateState.secret && <FormMessage state={rotateState} />}
      <FormMessage state={deleteState} />
      <div className="flex flex-wrap gap-2">
        <form action={test}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton className={small}>Send test event</SubmitButton>
        </form>
        <form action={toggle}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="enabled" value={enabled ? 'off' : 'on'} />
          <SubmitButton className={small}>{enabled ? 'Disable' : 'Enable'}</SubmitButton>
        </form>
        <form action={rotate} onSubmit={(e) => { if (!confirm('Make a new signing secret? The current one keeps working for 24 hours.')) e.preventDefault(); }}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton className={small}>Rotate secret</SubmitButton>
        </form>
        <form action={remove} onSubmit={(e) => { if (!confirm(`Delete the endpoint ${url}? Its delivery log goes with it.`)) e.preventDefault(); }}>
          <input type="hidden" name="id" value={id} />
          <SubmitButton className={`${small} text-red-700`}>Delete</SubmitButton>
        </form>
      </div>
      <SecretPanel state={rotateState} title="New signing secret" />
    </div>
  );
}

export function ReplayButton({ deliveryId }: { deliveryId: string }) {
  const [state, action] = useActionState<WebhookFormState, FormData>(replayDeliveryAction, {});
  return (
    <form action={action}>
      <FormMessage state={state} />
      <input type="hidden" name="id" value={deliveryId} />
      <SubmitButton className={small}>Replay</SubmitButton>
    </form>
  );
}
