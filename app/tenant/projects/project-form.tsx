'use client';
import { useActionState } from 'react';
import type { FormState } from '@/lib/http/forms';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';
import { secondaryButtonClass } from '@/lib/ui/components';

type Action = (prev: FormState, form: FormData) => Promise<FormState>;

export function ProjectForm({ action, initial, submitLabel }: { action: Action; initial?: { name: string; description: string }; submitLabel: string }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      <Field name="name" label="Name" state={state} defaultValue={initial?.name} required />
      <Field name="description" label="Description" state={state} defaultValue={initial?.description} multiline />
      <SubmitButton>{submitLabel}</SubmitButton>
    </form>
  );
}

export function DeleteProjectButton({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} onSubmit={(e) => { if (!confirm('Delete this project? This cannot be undone.')) e.preventDefault(); }}>
      <FormMessage state={state} />
      <button type="submit" className={`${secondaryButtonClass} text-red-700`}>Delete project</button>
    </form>
  );
}
