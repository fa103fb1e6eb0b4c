// Renders a stored resource through its SCIMMY schema (outbound), honouring the
// `attributes` / `excludedAttributes` query parameters (RFC 7644 §3.4.2.5).
import 'server-only';
import { Types } from 'scimmy';
import { badRequest } from '@/lib/scim/errors';

export interface Projection { attributes?: string; excludedAttributes?: string }

function projectionFilter(p: Projection): Types.Filter | undefined {
  const list = p.attributes ?? p.excludedAttributes;
  if (!list) return undefined;
  const names = list.split(',').map((a) => a.trim()).filter(Boolean);
  if (!names.length || names.some((n) => !/^[A-Za-z0-9:._$-]+$/.test(n))) throw badRequest('invalidValue', 'attributes and excludedAttributes are comma-separated attribute names.');
  try {
    return new Types.Filter(names.map((n) => `${n} ${p.attributes ? 'pr' : 'np'}`).join(' and '));
  } catch {
    throw badRequest('invalidValue', 'attributes and excludedAttributes are comma-separated attribute names.');
  }
}

type SchemaClass = new (resource: unknown, direction?: string, basepath?: string, filters?: Types.Filter) => object;

export function render(schema: SchemaClass, data: Record<string, unknown>, location: string, projection: Projection = {}): Record<string, unknown> {
  const out = JSON.parse(JSON.stringify(new schema(data, 'out', location, projectionFilter(projection)))) as Record<string, unknown>;
  // id and schemas are always returned (RFC 7643 §7, "returned: always").
  return { schemas: out.schemas ?? [(schema as unknown as { id: string }).id], id: data.id, ...out };
}
