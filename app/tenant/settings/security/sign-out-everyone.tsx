'use client';
// "Sign out everyone now" (app/tenant/settings/security/sign-out-everyone-action.ts): confirmed
// in the browser first, since the admin's own session ends too.
import { useActionState } from 'react';
import type { AdminFormState } from '@/lib/handlers/authorized-action';
import { signOutEveryoneNow } from '@/app/tenant/settings/security/sign-out-everyone-action';
import { SubmitButton } from '@/lib/ui/form';
import { secondaryButtonClass } from '@/lib/ui/components';

export const SIGN_OUT_EVERYONE_CONFIRM = 'Sign out everyone in this organization now, you included? Every session ends on its next request and each person has to sign in again.';

export function SignOutEveryone() {
  const [state, action] = useActionState<AdminFormState, FormData>(signOutEveryoneNow, {});
  return (
    <section aria-labelledby="sign-out-everyone" className="space-y-2">
      <h2 id="sign-out-everyone" className="text-lg font-semibold">Sign out everyone</h2>
      <p className="text-sm text-slate-600">Ends every session in this organization, yours included, on its next request. Use it when a device or a session may be in the wrong hands.</p>
      <form
        action={action}
        className="flex items-end gap-2"
        onSubmit={(e) => {
          if (!confirm(SIGN_OUT_EVERYONE_CONFIRM)) e.preventDefault();
        }}
      >
        <SubmitButton className={secondaryButtonClass}>Sign out everyone now</SubmitButton>
        {state.message && <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-emerald-800' : 'text-red-700'}`}>{state.message}</p>}
      </form>
    </section>
  );
}
