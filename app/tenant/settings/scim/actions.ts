'use server';
// SCIM provisioning settings. Each action authorizes on its own (sso:manage) through the one
// authorization function before anything else, and writes an audit event.
import { refresh } from 'next/cache';
import { actionArg, fieldErrors, formValues, serverAction } from '@/lib/http/forms';
import { createScimToken, revokeScimToken, setScimEnabled, tokenIdInput, tokenNameInput } from '@/lib/scim/tokens';
import { adminAction, idAction, type AdminFormState } from '@/lib/handlers/authorized-action';

export type ScimFormState = AdminFormState & {
  /** The new token, in full: shown once, right after it was created. */
  token?: string;
  tokenName?: string;
};

export const setScimEnabledAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<ScimFormState> => {
  const values = formValues(form);
  return adminAction('sso:manage', values, async (ctx) => {
    const enabled = values.enabled === 'on';
    if (values.enabled !== 'on' && values.enabled !== 'off') return { message: 'Choose on or off.', values };
    await setScimEnabled(ctx, enabled);
    refresh();
    return { ok: true, message: enabled ? 'SCIM provisioning is on.' : 'SCIM provisioning is off. Identity providers are refused until you turn it on again.' };
  });
});

export const createScimTokenAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<ScimFormState> => {
  const values = formValues(form);
  return adminAction('sso:manage', values, async (ctx) => {
    const parsed = tokenNameInput.safeParse({ name: values.name });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    const created = await createScimToken(ctx, parsed.data.name);
    refresh();
    const state: ScimFormState = { ok: true, message: `Token “${created.name}” created.`, token: created.token, tokenName: created.name };
    return state;
  });
});

const revoke = idAction('sso:manage', tokenIdInput, revokeScimToken, 'Token revoked. Calls with it are refused from now on.');

export const revokeScimTokenAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<ScimFormState> => {
  return revoke(form);
});
