// The body of every tenant server action (settings, projects): authorize again (a page check
// is not enough, actions are plain POSTs), run the change, and turn every refusal into a
// FormState the form shows: field errors, a plain message, or a request to confirm. Never an
// exception or a stack trace. The arguments are checked before this by serverAction (forms.ts).
import 'server-only';
import { refresh } from 'next/cache';
import type { z } from 'zod';
import { authorize, AuthError } from '@/lib/auth/authorize';
import type { TenantContext } from '@/lib/core/context';
import type { Permission } from '@/lib/core/permissions';
import { ManagementApiError } from '@/lib/management/errors';
import { DomainError } from '@/lib/core/errors';
import { ConfirmationNeeded } from '@/lib/admin/guard';
import { fieldErrors, formValues, type FormState } from '@/lib/http/forms';
import { currentPerson, type Person } from '@/lib/auth/person';

export type AdminFormState = FormState & {
  /** The change needs a second, confirmed submit. */
  confirm?: boolean;
  /** Invitations: the address already has an account that can be added directly. */
  existingUser?: { email: string; name: string | null };
};

export async function adminAction<S extends AdminFormState>(
  permission: Permission,
  values: Record<string, string>,
  work: (ctx: TenantContext) => Promise<S>,
): Promise<S | AdminFormState> {
  try {
    const ctx = await authorize({ permission });
    return await work(ctx);
  } catch (error) {
    if (error instanceof AuthError) return { message: error.message, values };
    if (error instanceof ConfirmationNeeded) return { confirm: true, message: error.message, values };
    if (error instanceof DomainError) return error.field ? { fields: { [error.field]: error.message }, values } : { message: error.message, values };
    if (error instanceof ManagementApiError) return { message: error.message, values };
    console.error('settings: unexpected error:', error);
    return { message: 'Something went wrong on our side. Please reload the page and try again.', values };
  }
}

/**
 * The body of every account-page action (lib/account): the signed-in person's own matters,
 * on any host, so no tenant and no permission: a live session is all it takes. Refusals
 * become a FormState as in adminAction.
 */
export async function accountAction<S extends FormState>(values: Record<string, string>, work: (person: Person) => Promise<S>): Promise<S | FormState> {
  try {
    return await work(await currentPerson());
  } catch (error) {
    if (error instanceof AuthError) return { message: error.message, values };
    if (error instanceof DomainError) return error.field ? { fields: { [error.field]: error.message }, values } : { message: error.message, values };
    if (error instanceof ManagementApiError) return { message: error.message, values };
    console.error('account: unexpected error:', error);
    return { message: 'Something went wrong on our side. Please reload the page and try again.', values };
  }
}

/**
 * An action on one record named by the form's `id` (checked with `input`): authorized like
 * adminAction, then `run`, a page refresh and the `done` message.
 */
export function idAction(
  permission: Permission,
  input: z.ZodType<{ id: string }>,
  run: (ctx: TenantContext, id: string) => Promise<unknown>,
  done: string,
): (form: FormData) => Promise<AdminFormState> {
  return async (form) => {
    const values = formValues(form);
    return adminAction(permission, values, async (ctx) => {
      const parsed = input.safeParse({ id: values.id });
      if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
      await run(ctx, parsed.data.id);
      refresh();
      return { ok: true, message: done };
    });
  };
}
