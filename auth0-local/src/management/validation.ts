// Body validation with zod, reported the way Auth0's Management API reports it:
// one issue, as "Payload validation error: '<what>' on property <path>." (errorCode invalid_body).
import { z } from 'zod';
import type { Context } from 'koa';
import { badRequest, readJsonBody } from './http';

type Issue = z.core.$ZodIssue & { input?: unknown };

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function propertyPath(path: PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function describe(issue: Issue): string {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'integer' : issue.expected;
      return `Expected type ${expected} but found type ${typeName(input)}`;
    }
    case 'too_big':
      if (issue.origin === 'string') return `String is too long (${String(input ?? '').length} chars), maximum ${issue.maximum}`;
      if (issue.origin === 'array') return `Array is too long (${Array.isArray(input) ? input.length : '?'}), maximum ${issue.maximum}`;
      return `Value ${String(input)} is greater than maximum ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string') return `String is too short (${String(input ?? '').length} chars), minimum ${issue.minimum}`;
      if (issue.origin === 'array') return `Array is too short (${Array.isArray(input) ? input.length : '?'}), minimum ${issue.minimum}`;
      return `Value ${String(input)} is less than minimum ${issue.minimum}`;
    case 'invalid_format':
      if (issue.format === 'regex') {
        const pattern = (issue as { pattern?: string }).pattern?.replace(/^\/|\/[a-z]*$/g, '');
        return `String does not match pattern ${pattern}: ${String(input)}`;
      }
      return `Object didn't pass validation for format ${issue.format}: ${String(input)}`;
    case 'invalid_value':
      return `No enum match for: ${JSON.stringify(input)}`;
    case 'unrecognized_keys':
      return `Additional properties not allowed: ${issue.keys.join(',')}`;
    default:
      return issue.message;
  }
}

const isMissing = (issue: Issue) =>
  (issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined && issue.path.length > 0;

function rank(issue: Issue): number {
  if (issue.code === 'unrecognized_keys') return 0;
  if (isMissing(issue)) return 1;
  return 2;
}

/** The Auth0 message for the most relevant zod issue. */
export function auth0ValidationMessage(issues: Issue[]): string {
  const sorted = [...issues].sort((a, b) => rank(a) - rank(b) || a.path.length - b.path.length);
  const issue = sorted[0];
  if (!issue) return 'Payload validation error';
  if (isMissing(issue)) {
    const last = issue.path[issue.path.length - 1];
    const parent = propertyPath(issue.path.slice(0, -1));
    return `Payload validation error: 'Missing required property: ${String(last)}'${parent ? ` on property ${parent}` : ''}.`;
  }
  const where = propertyPath(issue.path);
  return `Payload validation error: '${describe(issue)}'${where ? ` on property ${where}` : ''}.`;
}

export function validate<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) throw badRequest(auth0ValidationMessage(result.error.issues as Issue[]), 'invalid_body');
  return result.data;
}

/** Read the JSON body and validate it; an empty body is validated as `null` (Auth0: "found type null"). */
export async function body<S extends z.ZodType>(ctx: Context, schema: S): Promise<z.infer<S>> {
  const raw = await readJsonBody(ctx);
  return validate(schema, raw === undefined ? null : raw);
}

// ---- schema pieces shared by several resources ----

export const hexColor = z.string().regex(/^#([0-9a-fA-F]{3}){1,2}$/);

/** An absolute http(s) URL. */
export const httpUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}, { error: (iss) => `Object didn't pass validation for format absolute-uri: ${String(iss.input)}` });

/** Auth0 org metadata: up to 25 string properties of at most 255 characters. */
export const orgMetadata = z
  .record(z.string().max(255), z.string().max(255).nullable())
  .refine((m) => Object.keys(m).length <= 25, {
    error: (iss) => `Too many properties defined (${Object.keys(iss.input as object).length}), maximum 25`,
  });

export const freeMetadata = z.record(z.string(), z.unknown());
