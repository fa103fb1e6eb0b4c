'use client';
import { useActionState } from 'react';
import type { AdminFormState } from '@/lib/handlers/authorized-action';
import { updateSecurityPolicyAction } from '@/app/tenant/settings/security/actions';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';
import type { SecurityPolicy } from '@/lib/security/policy';

interface Props {
  policy: SecurityPolicy;
  admins: { userId: string; email: string | null; name: string | null }[];
  ssoConnections: number;
  bounds: { maxAgeMinutes: { min: number; max: number }; idleMinutes: { min: number; max: number } };
  yourAddress: string | null;
}

function FieldError({ state, name }: { state: AdminFormState; name: string }) {
  const error = state.fields?.[name];
  return error ? <p id={`field-${name}-error`} role="alert" className="mt-1 text-sm text-red-700">{error}</p> : null;
}

const section = 'mb-8 border-b border-slate-200 pb-6';

export function SecurityPolicyForm({ policy, admins, ssoConnections, bounds, yourAddress }: Props) {
  const [state, action] = useActionState<AdminFormState, FormData>(updateSecurityPolicyAction, {});
  // After a submit the form shows what was sent (React resets uncontrolled fields to their defaults).
  const sent = state.values;
  const value = (name: string, initial: string) => sent?.[name] ?? initial;
  const ticked = (name: string, initial: boolean) => (sent ? sent[name] === 'on' : initial);
  const breakGlass = new Set(sent ? (sent.breakGlassUserIds ?? '').split(',').filter(Boolean) : policy.breakGlassUserIds);
  return (
    <form action={action} noValidate key={JSON.stringify(sent ?? {})}>
      <FormMessage state={state} />

      <fieldset className={section}>
        <legend className="mb-2 text-lg font-semibold">Multi-factor authentication</legend>
        <p className="mb-3 text-sm text-slate-600">Members confirm each sign-in with a code from an authenticator app. Those without one set it up at their next sign-in; people already signed in are asked to sign in again.</p>
        <label className="mr-6 text-sm"><input type="radio" name="mfa" value="off" defaultChecked={value('mfa', policy.mfa) === 'off'} /> Off</label>
        <label className="text-sm"><input type="radio" name="mfa" value="required" defaultChecked={value('mfa', policy.mfa) === 'required'} /> Required for everyone</label>
        <FieldError state={state} name="mfa" />
        <div className="mt-3">
          <label className="text-sm">
            <input type="checkbox" name="mfaSsoExempt" disabled={ssoConnections === 0} defaultChecked={ticked('mfaSsoExempt', policy.mfaSsoExempt)} />{' '}
            People signing in through our SSO connections are exempt (our identity provider does MFA)
          </label>
          {ssoConnections === 0 && <p className="mt-1 text-xs text-slate-500">Only meaningful with a single sign-on connection: this organization has none yet.</p>}
        </div>
      </fieldset>

      <fieldset className={section}>
        <legend className="mb-2 text-lg font-semibold">Allowed sign-in methods</legend>
        <label className="mr-6 text-sm"><input type="radio" name="signInMethods" value="any" defaultChecked={value('signInMethods', policy.signInMethods) === 'any'} /> Password and single sign-on</label>
        <label className="text-sm"><input type="radio" name="signInMethods" value="sso_only" defaultChecked={value('signInMethods', policy.signInMethods) === 'sso_only'} /> Single sign-on only</label>
        <FieldError state={state} name="signInMethods" />
        {ssoConnections === 0 && <p className="mt-1 text-xs text-slate-500">SSO only needs an enabled single sign-on connection first.</p>}
        <div className="mt-4">
          <p className="text-sm font-medium text-slate-700">Break-glass admins</p>
          <p className="mb-2 text-xs text-slate-500">
            With SSO only, these admins can still sign in with their password. Keep at least one: if your identity provider is down or
            misconfigured, they are the only way back in to fix it. Nobody else is told who they are.
          </p>
          {admins.map((a) => (
            <label key={a.userId} className="block text-sm">
              <input type="checkbox" name="breakGlassUserIds" value={a.userId} defaultChecked={breakGlass.has(a.userId)} /> {a.name ?? a.email ?? a.userId}
              {a.email && a.name ? <span className="text-slate-500"> ({a.email})</span> : null}
            </label>
          ))}
          <FieldError state={state} name="breakGlassUserIds" />
        </div>
      </fieldset>

      <fieldset className={section}>
        <legend className="mb-2 text-lg font-semibold">Session lifetime</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field name="sessionMaxAgeMinutes" label="Maximum session age (minutes)" state={state} defaultValue={policy.sessionMaxAgeMinutes?.toString() ?? ''}
            hint={`${bounds.maxAgeMinutes.min}–${bounds.maxAgeMinutes.max}; empty: the standard ${bounds.maxAgeMinutes.max} (3 days)`} />
          <Field name="sessionIdleMinutes" label="Idle timeout (minutes)" state={state} defaultValue={policy.sessionIdleMinutes?.toString() ?? ''}
            hint={`${bounds.idleMinutes.min}–${bounds.idleMinutes.max}; empty: the standard ${bounds.idleMinutes.max} (1 day)`} />
        </div>
        {/* Reserved: "Sign out everyone now" (sessions enforcement, added separately). */}
      </fieldset>

      <fieldset className={section}>
        <legend className="mb-2 text-lg font-semibold">IP allowlist</legend>
        <Field name="ipAllowlist" label="Allowed address ranges (CIDR, one a line; IPv4 or IPv6; empty: no allowlist)" multiline state={state}
          defaultValue={policy.ipAllowlist.join('\n')} hint="For example 203.0.113.0/24 or 2001:db8::/32. Requests from elsewhere get a plain “access denied” page." />
        <p className="-mt-2 mb-3 text-xs text-slate-500" id="your-address">Your current address: {yourAddress ?? 'unknown'}</p>
        <label className="block text-sm">
          <input type="checkbox" name="ipAllowlistAppliesToScim" defaultChecked={ticked('ipAllowlistAppliesToScim', policy.ipAllowlistAppliesToScim)} />{' '}
          Also apply to SCIM provisioning (your identity provider must then call from an allowed address)
        </label>
        <label className="mt-2 block text-sm">
          <input type="checkbox" name="confirmLockout" /> I understand I will lose access if my current address is not in this list
        </label>
      </fieldset>

      <SubmitButton>Save security policy</SubmitButton>
    </form>
  );
}
