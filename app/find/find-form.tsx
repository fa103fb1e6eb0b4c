'use client';
import { useActionState } from 'react';
import { findOrganization } from '@/app/find/actions';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';

export function FindForm() {
  const [state, action] = useActionState(findOrganization, {});
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <Field name="email" label="Work email" type="email" state={state} required />
      <SubmitButton>Continue</SubmitButton>
    </form>
  );
}
