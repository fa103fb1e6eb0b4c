// Server-action form results: field errors from zod, or a message, never an exception.
// And the one way every server action checks its arguments (serverAction below).
import { z } from 'zod';

export type FormState = {
  ok?: boolean;
  message?: string;
  fields?: Record<string, string>;
  values?: Record<string, string>;
};

export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_');
    out[key] ??= issue.message;
  }
  return out;
}

/** The submitted text fields, echoed back so a form with errors keeps what was typed. */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string' && !k.startsWith('$')) out[k] = v;
  return out;
}

// Postgres text cannot hold NUL, and no field has a use for it: refused up front as a form
// error instead of failing in the database or at Auth0 (a 500).
const NUL = '\u0000';
const NOT_ALLOWED = 'contains a character that is not allowed (NUL)';

/**
 * The arguments a server action can be posted. An action is a public POST endpoint: React
 * decodes whatever the client sends (strings, objects, arrays, files) into its arguments,
 * bound ones (`action.bind(null, id)`) included, so none of them can be trusted by type.
 */
export const actionArg = {
  /** useActionState's previous state. Actions never read it, but it must be a plain object. */
  state: z.record(z.string(), z.unknown(), { error: 'The previous form state is not an object' }),
  /** The submitted form: FormData whose text fields hold no NUL. */
  form: z.instanceof(FormData, { error: 'The form data is missing' }).superRefine((form, ctx) => {
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string' && (value.includes(NUL) || name.includes(NUL))) {
        ctx.addIssue({ code: 'custom', path: [name.replaceAll(NUL, '')], message: `${name.replaceAll(NUL, '')}: ${NOT_ALLOWED}` });
      }
    }
  }),
  /** A record id bound to the action (our ids are cuid-like: letters, digits, - and _). */
  id: z.string({ error: 'The record id is not text' }).min(1, 'The record id is empty').max(100, 'The record id is too long').regex(/^[A-Za-z0-9_-]+$/, 'The record id is not one of ours'),
};

type ArgSchemas = [z.ZodType, ...z.ZodType[]];
type Outputs<A extends ArgSchemas> = { [K in keyof A]: z.output<A[K]> };
type Inputs<A extends ArgSchemas> = { [K in keyof A]: z.input<A[K]> };

/** What an action answers when its arguments are not what its form sends. */
export const MALFORMED_ACTION_MESSAGE = 'This request is not one our form sends. Reload the page and try again.';

/**
 * A server action whose arguments are checked against `args` (one schema per argument, in
 * order) before `run` sees them. Anything else gets a FormState with a message (and the
 * field named, for a bad form field): never an exception, never a call of `run`.
 *
 *   export const deleteProject = serverAction([actionArg.id, actionArg.state, actionArg.form], async (id, _prev, form) => ...);
 */
export function serverAction<A extends ArgSchemas, S extends FormState>(
  args: A,
  run: (...values: Outputs<A>) => Promise<S>,
): (...values: Inputs<A>) => Promise<S> {
  const schema = z.tuple(args as unknown as [z.ZodType, ...z.ZodType[]]);
  return async (...values) => {
    const parsed = schema.safeParse(values);
    if (!parsed.success) return malformed(parsed.error, args) as S;
    return run(...(parsed.data as Outputs<A>));
  };
}

function malformed(error: z.ZodError, args: ArgSchemas): FormState {
  const formIndex = args.indexOf(actionArg.form);
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.path[0] === formIndex && issue.path.length > 1) fields[String(issue.path[1])] ??= issue.message;
  }
  return Object.keys(fields).length > 0 ? { fields, message: 'Some fields contain a character that is not allowed.' } : { message: MALFORMED_ACTION_MESSAGE };
}
