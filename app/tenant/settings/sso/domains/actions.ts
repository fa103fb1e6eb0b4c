'use server';
// Verified domains. Each action authorizes on its own (sso:manage); the lib functions load
// the domain by id AND organization.
import { refresh } from 'next/cache';
import { z } from 'zod';
import { domainInput, idInput } from '@/lib/sso/inputs';
import { addDomain, checkDomain, chooseDomainConnection, markVerifiedLocally, removeDomain } from '@/lib/sso/domains';
import { actionArg, fieldErrors, formValues, serverAction } from '@/lib/http/forms';
import { adminAction, idAction, type AdminFormState } from '@/lib/handlers/authorized-action';

export const addDomainAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = formValues(form);
  return adminAction('sso:manage', values, async (ctx) => {
    const parsed = domainInput.safeParse({ domain: values.domain });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    const row = await addDomain(ctx, parsed.data.domain);
    refresh();
    return { ok: true, message: `${row.domain} added. Publish the TXT record shown below, then check it.` };
  });
});

const check = idAction('sso:manage', idInput, (ctx, id) => checkDomain(ctx, id), 'Verified. People at this domain are now sent to your single sign-on.');
const trust = idAction('sso:manage', idInput, markVerifiedLocally, 'Marked verified (local development).');
const remove = idAction('sso:manage', idInput, removeDomain, 'Domain removed.');

export const checkDomainAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  return check(form);
});

export const markDomainVerifiedAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  return trust(form);
});

export const removeDomainAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  return remove(form);
});

const routeInput = idInput.extend({ connectionId: z.string().trim().max(64, 'Unknown connection').default('') });

export const chooseDomainConnectionAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const values = formValues(form);
  return adminAction('sso:manage', values, async (ctx) => {
    const parsed = routeInput.safeParse({ id: values.id, connectionId: values.connectionId });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    await chooseDomainConnection(ctx, parsed.data.id, parsed.data.connectionId);
    refresh();
    return { ok: true, message: 'Saved.' };
  });
});
