'use server';
import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { actionArg, formValues, serverAction, type FormState } from '@/lib/http/forms';
import { tenantFromHeaders } from '@/lib/tenancy/headers';
import { signInEmail, ssoOnlyRoute, ssoRouteFor, tenantLoginPath } from '@/lib/sso/home-realm';

/**
 * The tenant's email-first sign-in: an address at a domain THIS organization verified goes
 * to its SSO connection; any other address to the password login, pre-filled, unless the
 * organization is "SSO only": then to its SSO connection too (break-glass admins use the
 * page's separate password link).
 */
export const tenantSignIn = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<FormState> => {
  const values = formValues(form);
  const parsed = signInEmail.safeParse(values.email ?? '');
  if (!parsed.success) return { fields: { email: parsed.error.issues[0]!.message }, values };
  const tenant = tenantFromHeaders(await headers());
  if (!tenant) return { message: 'This address is not an organization.', values };
  const route = (await ssoRouteFor(parsed.data, { tenantId: tenant.tenantId })) ?? (await ssoOnlyRoute(tenant.tenantId));
  redirect(tenantLoginPath(parsed.data, route, values.returnTo));
});
