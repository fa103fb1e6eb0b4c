'use server';
import { redirect } from 'next/navigation';
import { actionArg, formValues, serverAction, type FormState } from '@/lib/http/forms';
import { signInEmail, ssoLoginUrl, ssoRouteFor } from '@/lib/sso/home-realm';

/**
 * "Find my organization". Never looks the address up before the person proves it is theirs:
 * every valid address gets the same answer (sign in as that address), in the same time, so
 * nobody can learn which addresses have accounts. After sign-in, /select-organization sends
 * them on to their organization, or shows the picker, or says they have none.
 * The one exception is a domain an organization has verified for single sign-on: that
 * answer depends on the domain only (public DNS already tells), never on the address.
 */
export const findOrganization = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<FormState> => {
  const values = formValues(form);
  const parsed = signInEmail.safeParse(values.email ?? '');
  if (!parsed.success) return { fields: { email: parsed.error.issues[0]!.message }, values };
  const route = await ssoRouteFor(parsed.data);
  if (route) redirect(ssoLoginUrl(parsed.data, route));
  redirect(`/auth/login?login_hint=${encodeURIComponent(parsed.data)}&returnTo=%2Fselect-organization`);
});
