'use client';
import { useActionState } from 'react';
import { tenantSignIn } from '@/app/tenant/login/actions';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';

export function TenantLoginForm({ returnTo }: { returnTo: string }) {
  const [state, action] = useActionState(tenantSignIn, {});
  return (
    <form action={action} noValidate className="text-left">
      <FormMessage state={state} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <Field name="email" label="Work email" type="email" state={state} required />
      <SubmitButton>Continue</SubmitButton>
    </form>
  );
}
