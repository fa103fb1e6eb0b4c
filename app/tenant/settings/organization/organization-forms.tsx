'use client';
import { useActionState } from 'react';
import type { AdminFormState } from '@/lib/handlers/authorized-action';
import { deleteOrganizationAction, updateOrganizationAction } from '@/app/tenant/settings/organization/actions';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';

type Settings = { displayName: string; logoUrl: string; primaryColor: string; pageBackgroundColor: string };

export function OrganizationForm({ initial, address }: { initial: Settings; address: string }) {
  const [state, action] = useActionState<AdminFormState, FormData>(updateOrganizationAction, {});
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <p className="mb-4 text-sm text-slate-600">Address: <strong>{address}</strong> (cannot be changed here)</p>
      <Field name="displayName" label="Display name" state={state} defaultValue={initial.displayName} required />
      <Field name="logoUrl" label="Logo URL" state={state} defaultValue={initial.logoUrl} hint="https://… (leave empty for no logo)" />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="primaryColor" label="Primary colour" state={state} defaultValue={initial.primaryColor} hint="#rrggbb, used for buttons and links" required />
        <Field name="pageBackgroundColor" label="Page colour" state={state} defaultValue={initial.pageBackgroundColor} hint="#rrggbb, the page background" required />
      </div>
      <SubmitButton>Save settings</SubmitButton>
    </form>
  );
}

export function DeleteOrganizationForm({ slug }: { slug: string }) {
  const [state, action] = useActionState<AdminFormState, FormData>(deleteOrganizationAction, {});
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <Field name="confirmSlug" label={`Type ${slug} to confirm`} state={state} required />
      <SubmitButton className="inline-flex items-center justify-center rounded-lg bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-50">Delete this organization</SubmitButton>
    </form>
  );
}
