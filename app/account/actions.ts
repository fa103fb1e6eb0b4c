'use server';
// The account page's actions (apex and tenant hosts). Each checks its form with zod, then acts
// for the signed-in person only (accountAction); redirect() throws, so it runs after it.
import { redirect } from 'next/navigation';
import { refresh } from 'next/cache';
import type { z } from 'zod';
import { accountAction } from '@/lib/handlers/authorized-action';
import { actionArg, fieldErrors, formValues, serverAction, type FormState } from '@/lib/http/forms';
import { deleteAccountInput, factorInput, nameInput, organizationInput } from '@/lib/account/inputs';
import {
  authenticatorEnrollmentLink, deleteMyAccount, leaveOrganization, passwordChangeLink, removeMyFactor, renameMe, signOutEverywhere,
} from '@/lib/account/account';
import { currentTenant } from '@/lib/tenancy/current';
import { config } from '@/lib/config';

export type AccountFormState = FormState & {
  /** Where the browser goes next (Auth0's ticket page, sign-out): the action redirects there. */
  goTo?: string;
};

/** This host's origin: the tenant's, or the apex. */
async function hereOrigin(): Promise<string> {
  return (await currentTenant())?.origin ?? config().apexOrigin;
}

/** The form's fields through `schema`: the parsed values, or the field errors to show. */
function parse<T extends z.ZodType>(schema: T, form: FormData): { data: z.output<T> } | { fields: Record<string, string> } {
  const parsed = schema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')));
  return parsed.success ? { data: parsed.data } : { fields: fieldErrors(parsed.error) };
}

export const renameAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AccountFormState> => {
  const values = formValues(form);
  return accountAction(values, async (person) => {
    const input = parse(nameInput, form);
    if ('fields' in input) return { fields: input.fields, values };
    await renameMe(person, input.data.name);
    refresh();
    return { ok: true, message: 'Name saved.' };
  });
});

export const leaveOrganizationAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AccountFormState> => {
  const values = formValues(form);
  return accountAction(values, async (person) => {
    const input = parse(organizationInput, form);
    if ('fields' in input) return { fields: input.fields, values };
    const { displayName } = await leaveOrganization(person, input.data.tenantId);
    refresh();
    return { ok: true, message: `You left ${displayName}.` };
  });
});

export const changePasswordAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AccountFormState> => {
  const origin = await hereOrigin();
  const state: AccountFormState = await accountAction<AccountFormState>(formValues(form), async (person) => ({ goTo: await passwordChangeLink(person, `${origin}/account?password=changed`) }));
  if (state.goTo) redirect(state.goTo);
  return state;
});

export const enrolAuthenticatorAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AccountFormState> => {
  const state: AccountFormState = await accountAction<AccountFormState>(formValues(form), async (person) => ({ goTo: await authenticatorEnrollmentLink(person) }));
  if (state.goTo) redirect(state.goTo);
  return state;
});

export const removeFactorAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AccountFormState> => {
  const values = formValues(form);
  return accountAction(values, async (person) => {
    const input = parse(factorInput, form);
    if ('fields' in input) return { fields: input.fields, values };
    await removeMyFactor(person, input.data.factorId);
    refresh();
    return { ok: true, message: 'Factor removed.' };
  });
});

/**
 * Every session of the person ends on the server at once (every device and host), and their
 * Auth0 sessions with them; then this browser goes through sign-out. A redirect, not a message:
 * after the action the page would render again without a session. When Auth0 could not end
 * its sessions, the message says so instead (this browser's Tenantry session is already over).
 */
export const signOutEverywhereAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AccountFormState> => {
  const origin = await hereOrigin();
  const state: AccountFormState = await accountAction<AccountFormState>(formValues(form), async (person) => {
    const { auth0Problem } = await signOutEverywhere(person);
    if (auth0Problem) return { message: auth0Problem };
    return { ok: true, goTo: `/auth/logout?returnTo=${encodeURIComponent(origin)}` };
  });
  if (state.goTo) redirect(state.goTo);
  return state;
});

export const deleteAccountAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AccountFormState> => {
  const values = formValues(form);
  const apex = config().apexOrigin;
  const state: AccountFormState = await accountAction<AccountFormState>(values, async (person) => {
    const input = parse(deleteAccountInput, form);
    if ('fields' in input) return { fields: input.fields, values };
    await deleteMyAccount(person, input.data.confirmEmail);
    return { ok: true, goTo: `/auth/logout?returnTo=${encodeURIComponent(`${apex}/?account=deleted`)}` };
  });
  if (state.goTo) redirect(state.goTo);
  return state;
});
