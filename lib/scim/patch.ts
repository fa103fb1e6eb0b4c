// PATCH (RFC 7644 §3.5.2) with SCIMMY's PatchOp, after smoothing over what identity
// providers send that the RFC does not allow: Entra ID's capitalized op names ("Replace")
// and booleans as strings ("False").
import 'server-only';
import { Messages } from 'scimmy';
import { badRequest } from '@/lib/scim/errors';

type Json = Record<string, unknown>;

/** Entra ID sends booleans as "True"/"False" strings; SCIM wants JSON booleans. */
export function normalizeBooleans(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && (key === 'active' || key === 'primary') && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (Array.isArray(value)) return value.map((v) => normalizeBooleans(v, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeBooleans(v, k)]));
  return value;
}

/** Entra ID writes `"value": "False"` for booleans, and capitalized op names. */
function normalizeOperations(body: Json): Json {
  const operations = Array.isArray(body.Operations) ? body.Operations : body.operations;
  if (!Array.isArray(operations)) return body;
  return {
    ...body,
    Operations: operations.map((op: unknown) => {
      if (!op || typeof op !== 'object') return op;
      const { op: name, path, value } = op as { op?: unknown; path?: unknown; value?: unknown };
      const key = typeof path === 'string' ? (path.split('.').pop() ?? '').toLowerCase() : '';
      return {
        ...(op as Json),
        ...(typeof name === 'string' ? { op: name.toLowerCase() } : {}),
        ...(value !== undefined ? { value: normalizeBooleans(value, key === 'active' || key === 'primary' ? key : '') } : {}),
      };
    }),
  };
}

/** Applies a PatchOp message to `current` with SCIMMY; null when nothing changed. */
export async function applyPatch<T extends object>(schema: new (data: unknown, direction?: string) => T, current: Json, body: Json): Promise<Json | null> {
  const message = new Messages.PatchOp(normalizeOperations(body) as ConstructorParameters<typeof Messages.PatchOp>[0]);
  let source: T;
  try {
    source = new schema(current, 'in');
  } catch (error) {
    throw badRequest('invalidValue', error instanceof Error ? error.message : 'The stored resource could not be read.');
  }
  const patched = await message.apply(source as never);
  return patched ? (JSON.parse(JSON.stringify(patched)) as Json) : null;
}

