'use server';
// Single sign-on connections. Each action authorizes on its own (sso:manage) before anything
// else; the lib functions then load the connection by id AND organization.
import { refresh } from 'next/cache';
import { redirect } from 'next/navigation';
import { idInput, oidcInput, samlInput } from '@/lib/sso/inputs';
import {
  createOidcConnection, createSamlConnection, deleteConnection, disableConnection, enableConnection, updateOidcConnection, updateSamlConnection,
} from '@/lib/sso/connections';
import { actionArg, fieldErrors, formValues, serverAction } from '@/lib/http/forms';
import { DomainError } from '@/lib/core/errors';
import { adminAction, idAction, type AdminFormState } from '@/lib/handlers/authorized-action';

const MAX_UPLOAD_BYTES = 200_000;

/** Text of an uploaded file, or undefined when none was chosen; too large is an error on `field`. */
async function uploadedText(form: FormData, name: string, field: string): Promise<string | undefined> {
  const file = form.get(name);
  if (!(file instanceof Blob) || file.size === 0) return undefined;
  if (file.size > MAX_UPLOAD_BYTES) throw new DomainError(`This file is too large (at most ${MAX_UPLOAD_BYTES / 1000} KB).`, field);
  return file.text();
}

/** The SAML fields, with uploaded files standing in for empty text areas. */
async function samlFields(form: FormData, values: Record<string, string>) {
  const certificateFile = await uploadedText(form, 'certificateFile', 'certificate');
  const metadataFile = await uploadedText(form, 'metadataFile', 'metadataXml');
  return {
    displayName: values.displayName,
    autoMembership: values.autoMembership,
    defaultRole: values.defaultRole || undefined,
    signInUrl: values.signInUrl ?? '',
    certificate: values.certificate?.trim() ? values.certificate : (certificateFile ?? ''),
    metadataXml: values.metadataXml?.trim() ? values.metadataXml : (metadataFile ?? ''),
  };
}

function oidcFields(values: Record<string, string>) {
  return { displayName: values.displayName, autoMembership: values.autoMembership, defaultRole: values.defaultRole || undefined, issuer: values.issuer, clientId: values.clientId, clientSecret: values.clientSecret ?? '' };
}

/** Secrets and certificates are never echoed back into the page. */
function echo(values: Record<string, string>): Record<string, string> {
  const { clientSecret: _secret, ...rest } = values;
  return rest;
}

export const createConnectionAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = echo(formValues(form));
  let createdId: string | undefined;
  const state = await adminAction('sso:manage', values, async (ctx) => {
    if (values.strategy === 'samlp') {
      const parsed = samlInput('create').safeParse(await samlFields(form, values));
      if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
      createdId = (await createSamlConnection(ctx, parsed.data)).id;
    } else if (values.strategy === 'oidc') {
      const parsed = oidcInput('create').safeParse(oidcFields(formValues(form)));
      if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
      createdId = (await createOidcConnection(ctx, parsed.data)).id;
    } else {
      return { message: 'Choose SAML or OpenID Connect.', values };
    }
    return { ok: true };
  });
  if (!state.ok || !createdId) return state;
  redirect(`/settings/sso/${encodeURIComponent(createdId)}?created=1`);
});

export const updateConnectionAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = echo(formValues(form));
  return adminAction('sso:manage', values, async (ctx) => {
    const id = idInput.safeParse({ id: values.id });
    if (!id.success) return { fields: fieldErrors(id.error), values };
    if (values.strategy === 'samlp') {
      const parsed = samlInput('edit').safeParse(await samlFields(form, values));
      if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
      await updateSamlConnection(ctx, id.data.id, parsed.data);
    } else {
      const parsed = oidcInput('edit').safeParse(oidcFields(formValues(form)));
      if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
      await updateOidcConnection(ctx, id.data.id, parsed.data);
    }
    refresh();
    return { ok: true, message: 'Saved.', values };
  });
});

const disable = idAction('sso:manage', idInput, disableConnection, 'Disabled. Nobody can sign in with this connection until you enable it again.');
const enable = idAction('sso:manage', idInput, enableConnection, 'Enabled. People can sign in with this connection again.');

/** Enables or disables (hidden field "enable": "true" or "false"). */
export const setConnectionEnabledAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  return form.get('enable') === 'true' ? enable(form) : disable(form);
});

export const deleteConnectionAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = formValues(form);
  const state = await adminAction('sso:manage', values, async (ctx) => {
    const parsed = idInput.safeParse({ id: values.id });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    await deleteConnection(ctx, parsed.data.id);
    return { ok: true };
  });
  if (!state.ok) return state;
  redirect('/settings/sso?deleted=1');
});
