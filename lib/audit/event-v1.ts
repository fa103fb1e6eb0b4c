// The public shape of an audit event, version 1 ("tenantry.audit/v1"): what the export
// stream (/api/audit/export) and the JSON Lines download give a customer's systems, and what
// /api/audit/schema publishes as JSON Schema. Stable within v1: fields may be added, never
// removed, renamed or retyped; a breaking change is v2. So objects allow properties they do not
// list (a collector validating with this schema keeps working when one is added). Pure: no
// database, no request.
import { z } from 'zod';
import { AUDIT_ACTION_TARGETS, AUDIT_ACTIONS, AUDIT_ACTOR_TYPES, AUDIT_TARGET_TYPES, isAuditAction, type AuditActorType } from '@/lib/audit/actions';

export const AUDIT_SCHEMA_V1 = 'tenantry.audit/v1';

const text = z.string().min(1);

export const auditEventV1 = z
  .looseObject({
    schema: z.literal(AUDIT_SCHEMA_V1),
    id: text.meta({ description: 'Unique and stable; events with the same time are ordered by id.' }),
    time: z.iso.datetime().meta({ description: 'When the change happened (UTC, millisecond precision).' }),
    organization: z.looseObject({
      id: text.meta({ description: 'Tenantry organization id.' }),
      slug: text.meta({ description: 'The organization address, <slug>.<your Tenantry domain>.' }),
    }),
    actor: z.looseObject({
      type: z.enum(AUDIT_ACTOR_TYPES).meta({ description: 'user: a person; machine: an API client (client credentials); scim: a directory-sync token; system: Tenantry itself.' }),
      id: text.meta({ description: 'Auth0 user id, API client id, "scim:<token name>", or "tenantry".' }),
      name: text.optional(),
      email: text.optional(),
    }),
    action: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_]+)+$/)
      .meta({ description: 'What happened. New actions may appear within v1.', examples: [...AUDIT_ACTIONS] }),
    target: z
      .looseObject({
        type: z.string().regex(/^[a-z_]+$/).meta({ description: 'What kind of thing `id` names. New types may appear within v1.', examples: [...AUDIT_TARGET_TYPES] }),
        id: text,
      })
      .optional()
      .meta({ description: 'What the action was done to; absent when it applies to the organization as a whole.' }),
    request: z
      .looseObject({
        ip: z.union([z.ipv4(), z.ipv6()]).optional().meta({ description: 'The caller’s address, where known.' }),
        userAgent: text.optional(),
      })
      .meta({ description: 'Where the change came from, where known (not for changes made before v1 recorded it).' }),
    data: z.record(z.string(), z.unknown()).optional().meta({ description: 'Action-specific details.' }),
  })
  .meta({ title: 'Tenantry audit event, v1', description: 'One event of an organization’s audit log.' });
export type AuditEventV1 = z.infer<typeof auditEventV1>;

/** The JSON Schema (draft 2020-12) of a v1 event, as /api/audit/schema serves it. */
export function auditEventV1JsonSchema() {
  return { $id: 'urn:tenantry:audit:v1', ...z.toJSONSchema(auditEventV1, { target: 'draft-2020-12' }) };
}

/** A stored event, as lib/data/audit.ts reads it. */
export interface StoredAuditEvent {
  id: string;
  createdAt: Date;
  actor: string;
  actorType: string;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  target: string | null;
  details: unknown;
  ip: string | null;
  userAgent: string | null;
}

const ACTOR_TYPES: readonly string[] = AUDIT_ACTOR_TYPES;

/** What kind of thing the target of `action` is; otherwise (an action this build does not know) its family. */
function targetType(action: string): string {
  const known = isAuditAction(action) ? AUDIT_ACTION_TARGETS[action] : null;
  return known ?? (action.split('.')[0]!.replace(/[^a-z_]/g, '_') || 'unknown');
}

/** A stored event in the public v1 shape. */
export function toAuditEventV1(row: StoredAuditEvent, organization: { id: string; slug: string }): AuditEventV1 {
  const details = row.details && typeof row.details === 'object' && !Array.isArray(row.details) ? (row.details as Record<string, unknown>) : {};
  const request = { ...(row.ip ? { ip: row.ip } : {}), ...(row.userAgent ? { userAgent: row.userAgent } : {}) };
  return {
    schema: AUDIT_SCHEMA_V1,
    id: row.id,
    time: row.createdAt.toISOString(),
    organization: { id: organization.id, slug: organization.slug },
    actor: {
      type: (ACTOR_TYPES.includes(row.actorType) ? row.actorType : 'user') as AuditActorType,
      id: row.actor,
      ...(row.actorName ? { name: row.actorName } : {}),
      ...(row.actorEmail ? { email: row.actorEmail } : {}),
    },
    action: row.action,
    ...(row.target ? { target: { type: targetType(row.action), id: row.target } } : {}),
    request,
    ...(Object.keys(details).length ? { data: details } : {}),
  };
}
