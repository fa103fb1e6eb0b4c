'use client';
import { useActionState, useEffect, useRef, useState } from 'react';
import { createOrganizationAction } from '@/app/signup/actions';
import { Field, FormMessage, SubmitButton } from '@/lib/ui/form';
import { SLUG_MAX_LENGTH, suggestSlug as toSlug } from '@/lib/tenancy/slug';

type Availability = { available: true } | { available: false; message: string };

export function SignupForm({ rootDomain }: { rootDomain: string }) {
  const [state, formAction] = useActionState(createOrganizationAction, {});
  const [slug, setSlug] = useState(state.values?.slug ?? '');
  const [slugEdited, setSlugEdited] = useState(false);
  const [availability, setAvailability] = useState<Availability | null>(null);
  const slugInput = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    if (!slug) return setAvailability(null);
    const timer = setTimeout(async () => {
      const response = await fetch(`/api/slug-availability?slug=${encodeURIComponent(slug)}`);
      if (response.ok) setAvailability(await response.json());
    }, 250);
    return () => clearTimeout(timer);
  }, [slug]);

  const slugError = state.fields?.slug ?? (availability && !availability.available ? availability.message : undefined);
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      <Field name="displayName" label="Company name" state={state} required onChange={(v) => { if (!slugEdited) { setSlug(toSlug(v)); if (slugInput.current) slugInput.current.value = toSlug(v); } }} />
      <div className="mb-4">
        <label htmlFor="field-slug" className="block text-sm font-medium text-slate-700">Workspace address</label>
        <div className="mt-1 flex items-center rounded-lg border border-slate-300 bg-white focus-within:ring-1 focus-within:ring-brand">
          <input
            ref={slugInput}
            id="field-slug"
            name="slug"
            defaultValue={slug}
            required
            aria-invalid={slugError ? true : undefined}
            aria-describedby="field-slug-status"
            onChange={(e) => { setSlugEdited(true); setSlug(e.target.value.trim().toLowerCase()); }}
            className="w-full rounded-l-lg px-3 py-2 text-sm focus:outline-none"
          />
          <span className="pr-3 text-sm text-slate-500">.{rootDomain}</span>
        </div>
        <p id="field-slug-status" role={slugError ? 'alert' : 'status'} className={`mt-1 text-sm ${slugError ? 'text-red-700' : 'text-emerald-700'}`}>
          {slugError ?? (availability?.available ? 'Available' : '')}
        </p>
        <p className="mt-1 text-xs text-slate-500">3 to {SLUG_MAX_LENGTH} characters: lowercase letters, digits and hyphens.</p>
      </div>
      <SubmitButton>Create organization</SubmitButton>
    </form>
  );
}
