'use server';
// Security policy settings. The action authorizes on its own (org:manage) before anything else.
import { headers } from 'next/headers';
import { refresh } from 'next/cache';
import { config } from '@/lib/config';
import { clientIp } from '@/lib/http/client-ip';
import { actionArg, fieldErrors, formValues, serverAction } from '@/lib/http/forms';
import { adminAction, type AdminFormState } from '@/lib/handlers/authorized-action';
import { updateSecurityPolicy } from '@/lib/admin/security-policy';
import { securityPolicyForm } from '@/lib/security/policy';

export const updateSecurityPolicyAction = serverAction([actionArg.state, actionArg.form], async (_prev, form): Promise<AdminFormState> => {
  const breakGlassUserIds = form.getAll('breakGlassUserIds').filter((v): v is string => typeof v === 'string');
  // Echoed back so the form keeps every ticked admin (formValues keeps one value per name).
  const values: Record<string, string> = { ...formValues(form), breakGlassUserIds: breakGlassUserIds.join(',') };
  return adminAction('org:manage', values, async (ctx) => {
    // Only the policy's fields are read.
    const parsed = securityPolicyForm.safeParse({
      mfa: values.mfa,
      mfaSsoExempt: values.mfaSsoExempt,
      signInMethods: values.signInMethods,
      breakGlassUserIds,
      sessionMaxAgeMinutes: values.sessionMaxAgeMinutes ?? '',
      sessionIdleMinutes: values.sessionIdleMinutes ?? '',
      ipAllowlist: values.ipAllowlist ?? '',
      ipAllowlistAppliesToScim: values.ipAllowlistAppliesToScim,
    });
    if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
    const ip = clientIp(await headers(), config().trustedProxyHops);
    const { changed } = await updateSecurityPolicy(ctx, parsed.data, { ip, confirmedLockout: values.confirmLockout === 'on' });
    refresh();
    return { ok: true, message: changed.length ? 'Saved. The new policy applies from the next request and the next sign-in.' : 'Nothing changed.', values };
  });
});
