'use server';
// Webhook settings. Each action authorizes on its own (org:manage) through adminAction before
// anything else; the lib/webhooks operations write the audit events.
import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { actionArg, fieldErrors, formValues, serverAction } from '@/lib/http/forms';
import { adminAction, idAction, type AdminFormState } from '@/lib/handlers/authorized-action';
import {
  createEndpoint, deleteEndpoint, deliveryIdInput, endpointIdInput, endpointInput, replayDelivery, rotateEndpointSecret, sendTestEvent, setEndpointEnabled,
} from '@/lib/webhooks/endpoints';

export type WebhookFormState = AdminFormState & {
  /** A new signing secret, in full: shown once, right after it was made. */
  secret?: string;
  endpointId?: string;
};

export const createEndpointAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<WebhookFormState> => {
  const values = formValues(form);
  return adminAction('org:manage', values, async (ctx) => {
    const parsed = endpointInput.safeParse({ url: values.url, description: values.description ?? '', eventTypes: form.getAll('eventTypes').filter((v) => typeof v === 'string') });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    const created = await createEndpoint(ctx, parsed.data);
    refresh();
    return { ok: true, message: 'Endpoint added.', secret: created.secret, endpointId: created.id };
  });
});

export const setEndpointEnabledAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<WebhookFormState> => {
  const values = formValues(form);
  return adminAction('org:manage', values, async (ctx) => {
    const parsed = endpointIdInput.safeParse({ id: values.id });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    if (values.enabled !== 'on' && values.enabled !== 'off') return { message: 'Choose enable or disable.', values };
    await setEndpointEnabled(ctx, parsed.data.id, values.enabled === 'on');
    refresh();
    return { ok: true, message: values.enabled === 'on' ? 'Endpoint enabled.' : 'Endpoint disabled: no events are sent to it until you enable it.' };
  });
});

export const rotateSecretAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<WebhookFormState> => {
  const values = formValues(form);
  return adminAction('org:manage', values, async (ctx) => {
    const parsed = endpointIdInput.safeParse({ id: values.id });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    const { secret, previousValidUntil } = await rotateEndpointSecret(ctx, parsed.data.id);
    refresh();
    return { ok: true, secret, message: `New secret made. Until ${previousValidUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC every delivery is signed with both the old and the new secret.` };
  });
});

const remove = idAction('org:manage', endpointIdInput, deleteEndpoint, 'Endpoint deleted.');
export const deleteEndpointAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<WebhookFormState> => {
  const state = await remove(form);
  if (state.ok) redirect('/settings/webhooks'); // its page is gone
  return state;
});

const test = idAction('org:manage', endpointIdInput, sendTestEvent, 'Test event queued. It appears in the delivery log below within seconds.');
export const sendTestEventAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<WebhookFormState> => test(form));

const replay = idAction('org:manage', deliveryIdInput, replayDelivery, 'Replay queued.');
export const replayDeliveryAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<WebhookFormState> => replay(form));
