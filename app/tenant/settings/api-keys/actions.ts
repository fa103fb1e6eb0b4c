'use server';
// API keys. Each action authorizes on its own (org:manage) through the one authorization
// function before anything else, and writes an audit event (lib/api-keys).
import { refresh } from 'next/cache';
import { actionArg, fieldErrors, formValues, serverAction } from '@/lib/http/forms';
import { apiKeyIdInput, apiKeyInput, createApiKey, revokeApiKey, rotateApiKeySecret, type IssuedKey } from '@/lib/api-keys/keys';
import { adminAction, idAction, type AdminFormState } from '@/lib/handlers/authorized-action';

export type ApiKeyFormState = AdminFormState & {
  /** The key's credentials, right after it was created or its secret rotated: shown once. */
  issued?: IssuedKey;
};

export const createApiKeyAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<ApiKeyFormState> => {
  const permissions = form.getAll('permissions').filter((p) => typeof p === 'string');
  const values = { ...formValues(form), permissions: permissions.join(',') };
  return adminAction('org:manage', values, async (ctx) => {
    const parsed = apiKeyInput.safeParse({ name: form.get('name') ?? undefined, permissions, expiresInDays: form.get('expiresInDays') ?? undefined });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    const issued = await createApiKey(ctx, parsed.data);
    refresh();
    return { ok: true, message: `API key “${issued.name}” created.`, issued };
  });
});

export const rotateApiKeyAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<ApiKeyFormState> => {
  const values = formValues(form);
  return adminAction('org:manage', values, async (ctx) => {
    const parsed = apiKeyIdInput.safeParse({ id: values.id });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    const issued = await rotateApiKeySecret(ctx, parsed.data.id);
    refresh();
    return { ok: true, message: `New secret for “${issued.name}”. The old one no longer works.`, issued };
  });
});

const revoke = idAction('org:manage', apiKeyIdInput, revokeApiKey, 'API key revoked. Its tokens are refused from now on.');

export const revokeApiKeyAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<ApiKeyFormState> => revoke(form));
