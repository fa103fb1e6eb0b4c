'use server';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { liveSession } from '@/lib/auth/session';
import { config } from '@/lib/config';
import { createOrganization, ProvisioningError } from '@/lib/tenancy/provisioning';
import { tenantOrigin } from '@/lib/tenancy/host';
import { clientInfo } from '@/lib/http/client-ip';
import { actionArg, fieldErrors, formValues, serverAction, type FormState } from '@/lib/http/forms';

const signupInput = z.object({
  displayName: z.string().trim().min(2, 'Company name: at least 2 characters').max(100, 'Company name: at most 100 characters'),
  slug: z.string().trim().toLowerCase().min(1, 'Choose an address for your workspace'),
});

export const createOrganizationAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<FormState> => {
  const values = formValues(form);
  const session = await liveSession();
  if (!session) return { message: 'Your session has ended. Sign in again to create the organization.', values };
  const parsed = signupInput.safeParse(values);
  if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
  let slug: string;
  try {
    ({ slug } = await createOrganization({
      slug: parsed.data.slug,
      displayName: parsed.data.displayName,
      owner: { userId: session.user.sub, email: session.user.email, name: session.user.name, client: clientInfo(await headers()) },
    }));
  } catch (error) {
    if (error instanceof ProvisioningError) return error.field ? { fields: { [error.field]: error.message }, values } : { message: error.message, values };
    throw error;
  }
  const cfg = config();
  // Sign in on the new subdomain within the new organization (Auth0's session makes it silent).
  redirect(`${tenantOrigin(slug, cfg.scheme, cfg.rootDomain)}/auth/login?returnTo=%2Fprojects`);
});
