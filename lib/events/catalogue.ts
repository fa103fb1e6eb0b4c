// The webhook event catalogue: every event type an organization can subscribe to, its
// version and the schema of its `data` (zod, published as JSON Schema via z.toJSONSchema).
// Events come from the audit log: every change already passes the one audit writer
// (lib/data/audit.ts) inside its own transaction, so `eventsForAudit` maps an audit action
// to the events it stands for, and the outbox row is written in that same transaction.
// Pure: no database, no I/O (lib/data imports it).
import { z } from 'zod';

/** The envelope's `version`: bumped per type when its data changes incompatibly. */
const V1 = 1 as const;

const email = z.string().nullable().describe('Email address, when known');
const roles = z.array(z.string()).describe('Organization roles (org_admin, org_member, org_billing, org_readonly)');
const userId = z.string().describe('Auth0 user id of the member');

const member = { userId, email: email.optional() };
const connection = { connection: z.string().describe('Auth0 connection name') };
const domain = { domain: z.string().describe('Email domain, lower case') };
const scimUser = {
  userId,
  scimId: z.string().describe('The SCIM resource id'),
  userName: z.string().optional(),
  externalId: z.string().nullable().optional(),
  email: email.optional(),
  active: z.boolean().optional(),
};
const scimGroup = { groupId: z.string().describe('The SCIM group id'), displayName: z.string().optional() };

type Details = Record<string, unknown>;
/** Builds an event's data from the audit row's target and details. */
type FromAudit = (target: string | null, details: Details) => Record<string, unknown>;

interface EventType {
  description: string;
  version: typeof V1;
  data: z.ZodObject;
  /** Audit actions that report this event, with how their row becomes the event's data. */
  from: Record<string, FromAudit>;
}

const pick = (details: Details, ...keys: string[]) => Object.fromEntries(keys.filter((k) => details[k] !== undefined).map((k) => [k, details[k]]));

export const EVENT_TYPES = {
  'member.joined': {
    description: 'Someone became a member: accepted an invitation, signed in through SSO with just-in-time membership, or was added by an admin.',
    version: V1,
    data: z.looseObject({ ...member, roles, connection: z.string().optional().describe('The SSO connection, for just-in-time members') }),
    from: {
      'member.joined': (target, d) => ({ userId: target, ...pick(d, 'email', 'roles', 'connection') }),
      'member.added': (target, d) => ({ userId: target, ...pick(d, 'email', 'roles') }),
    },
  },
  'member.removed': {
    description: 'A member was removed from the organization (by an admin; SCIM deactivations are scim.user.*).',
    version: V1,
    data: z.looseObject({ ...member, roles: roles.optional() }),
    from: { 'member.removed': (target, d) => ({ userId: target, ...pick(d, 'email', 'roles') }) },
  },
  'member.role_changed': {
    description: 'A member’s roles changed.',
    version: V1,
    data: z.looseObject({ ...member, from: roles, to: roles }),
    from: { 'member.roles_changed': (target, d) => ({ userId: target, ...pick(d, 'email', 'from', 'to') }) },
  },
  'invitation.sent': {
    description: 'An invitation was sent (or sent again).',
    version: V1,
    data: z.looseObject({ email: z.string(), invitationId: z.string(), roles: roles.optional(), resent: z.boolean() }),
    from: {
      'invitation.created': (target, d) => ({ email: target, ...pick(d, 'invitationId', 'roles'), resent: false }),
      'invitation.resent': (target, d) => ({ email: target, ...pick(d, 'invitationId', 'roles'), resent: true }),
    },
  },
  'invitation.accepted': {
    description: 'Someone joined whose address had been invited (always together with member.joined).',
    version: V1,
    data: z.looseObject({ userId, email: z.string(), roles }),
    // Not an audit action of its own: lib/data/webhook-outbox.ts adds it to a member.joined
    // whose address had an invitation.
    from: {},
  },
  'invitation.revoked': {
    description: 'A pending invitation was revoked.',
    version: V1,
    data: z.looseObject({ email: z.string().nullable(), invitationId: z.string() }),
    from: { 'invitation.revoked': (target, d) => ({ email: target, ...pick(d, 'invitationId') }) },
  },
  'sso.connection.created': {
    description: 'An SSO connection (SAML or OIDC) was created.',
    version: V1,
    data: z.looseObject({ ...connection, strategy: z.string(), displayName: z.string().optional() }),
    from: { 'sso.connection_created': (target, d) => ({ connection: target, ...pick(d, 'strategy', 'displayName', 'autoMembership', 'defaultRole') }) },
  },
  'sso.connection.updated': {
    description: 'An SSO connection’s settings changed, or it was enabled or disabled (`change`).',
    version: V1,
    data: z.looseObject({ ...connection, change: z.enum(['updated', 'enabled', 'disabled']) }),
    from: {
      'sso.connection_updated': (target, d) => ({ connection: target, change: 'updated', changed: Object.keys(d) }),
      'sso.connection_enabled': (target, d) => ({ connection: target, change: 'enabled', ...pick(d, 'strategy') }),
      'sso.connection_disabled': (target, d) => ({ connection: target, change: 'disabled', ...pick(d, 'strategy') }),
    },
  },
  'sso.connection.deleted': {
    description: 'An SSO connection was deleted.',
    version: V1,
    data: z.looseObject({ ...connection }),
    from: { 'sso.connection_deleted': (target, d) => ({ connection: target, ...pick(d, 'strategy', 'displayName') }) },
  },
  'sso.domain.changed': {
    description: 'A claimed email domain was added, verified, routed to a connection or removed (`change`).',
    version: V1,
    data: z.looseObject({ ...domain, change: z.enum(['added', 'verified', 'routed', 'removed']) }),
    from: {
      'sso.domain_added': (target) => ({ domain: target, change: 'added' }),
      'sso.domain_verified': (target, d) => ({ domain: target, change: 'verified', ...pick(d, 'method') }),
      'sso.domain_routed': (target, d) => ({ domain: target, change: 'routed', ...pick(d, 'connection') }),
      'sso.domain_removed': (target) => ({ domain: target, change: 'removed' }),
    },
  },
  'scim.user.provisioned': {
    description: 'The identity provider created, updated, deactivated, reactivated or deleted a user through SCIM (`change`).',
    version: V1,
    data: z.looseObject({ ...scimUser, change: z.enum(['created', 'updated', 'deactivated', 'reactivated', 'deleted']) }),
    from: Object.fromEntries(
      (['created', 'updated', 'deactivated', 'reactivated', 'deleted'] as const).map((change) => [
        `scim.user.${change}`,
        (target: string | null, d: Details) => ({ userId: target, change, ...pick(d, 'scimId', 'userName', 'externalId', 'email', 'active', 'roles') }),
      ]),
    ),
  },
  'scim.group.provisioned': {
    description: 'The identity provider created, updated or deleted a group through SCIM (`change`).',
    version: V1,
    data: z.looseObject({ ...scimGroup, change: z.enum(['created', 'updated', 'deleted']) }),
    from: Object.fromEntries(
      (['created', 'updated', 'deleted'] as const).map((change) => [
        `scim.group.${change}`,
        (target: string | null, d: Details) => ({ groupId: target, change, ...pick(d, 'displayName', 'renamedFrom', 'role') }),
      ]),
    ),
  },
  'project.created': {
    description: 'A project was created.',
    version: V1,
    data: z.looseObject({ projectId: z.string(), name: z.string() }),
    from: { 'project.created': (target, d) => ({ projectId: target, ...pick(d, 'name') }) },
  },
  'project.updated': {
    description: 'A project’s name or description changed.',
    version: V1,
    data: z.looseObject({ projectId: z.string(), name: z.string().optional(), description: z.string().optional() }),
    from: { 'project.updated': (target, d) => ({ projectId: target, ...pick(d, 'name', 'description') }) },
  },
  'project.deleted': {
    description: 'A project was deleted.',
    version: V1,
    data: z.looseObject({ projectId: z.string() }),
    from: { 'project.deleted': (target) => ({ projectId: target }) },
  },
  'organization.updated': {
    description: 'Organization settings changed: name and branding, or SCIM provisioning switched on or off (`changed` names what).',
    version: V1,
    data: z.looseObject({ changed: z.array(z.string()) }),
    from: {
      // details.changed: { field: { from, to } } for the fields that changed.
      'organization.updated': (_target, d) => (typeof d.changed === 'object' && d.changed ? { changed: Object.keys(d.changed), changes: d.changed } : { changed: [] }),
      'scim.enabled': () => ({ changed: ['scimEnabled'], scimEnabled: true }),
      'scim.disabled': () => ({ changed: ['scimEnabled'], scimEnabled: false }),
    },
  },
  'webhook.test': {
    description: 'Sent by “Send test event” on the webhooks page; subscribed to by every endpoint.',
    version: V1,
    data: z.looseObject({ message: z.string() }),
    from: {},
  },
} satisfies Record<string, EventType>;

export type EventTypeName = keyof typeof EVENT_TYPES;
export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventTypeName[];
/** What an admin can choose for an endpoint (the test event goes to every endpoint). */
export const SUBSCRIBABLE_EVENT_TYPES = EVENT_TYPE_NAMES.filter((t) => t !== 'webhook.test');

export function isEventType(value: string): value is EventTypeName {
  return Object.hasOwn(EVENT_TYPES, value);
}

/** The envelope every delivery's body is. */
export function envelopeSchema<T extends EventTypeName>(type: T) {
  const def = EVENT_TYPES[type] as EventType;
  // Loose objects: fields may be added within a version, so receivers must ignore unknown ones.
  return z.looseObject({
    id: z.string().describe('Unique per event; also the webhook-id header. The same on retries and replays: use it to ignore duplicates.'),
    type: z.literal(type),
    version: z.literal(def.version),
    timestamp: z.string().describe('When the change happened (ISO 8601, UTC)'),
    organization: z.looseObject({ id: z.string().describe('Tenantry organization (tenant) id') }),
    actor: z.looseObject({ id: z.string().describe('Auth0 user id, client id, scim:<token name> or "tenantry"'), name: z.string().nullable() }),
    data: def.data,
  });
}

export type WebhookEnvelope = z.infer<ReturnType<typeof envelopeSchema>>;

/** The JSON Schema of a type's envelope, with a versioned $id. */
export function jsonSchemaOf(type: EventTypeName): Record<string, unknown> {
  const def = EVENT_TYPES[type] as EventType;
  return {
    $id: `https://tenantry.dev/schemas/webhooks/${type}/v${def.version}.json`,
    title: type,
    description: def.description,
    ...z.toJSONSchema(envelopeSchema(type)),
  };
}

export interface AuditFacts {
  action: string;
  target: string | null;
  details: Details;
}

/** The events an audit row reports (none for most: sign-ins, token changes, ...), with their data. */
export function eventsForAudit(audit: AuditFacts): { type: EventTypeName; data: Record<string, unknown> }[] {
  const out: { type: EventTypeName; data: Record<string, unknown> }[] = [];
  for (const type of EVENT_TYPE_NAMES) {
    const from = (EVENT_TYPES[type] as EventType).from[audit.action];
    if (from) out.push({ type, data: from(audit.target, audit.details) });
  }
  return out;
}

/** The whole catalogue as published (GET /api/webhooks/event-types). */
export function catalogueDocument() {
  return { eventTypes: EVENT_TYPE_NAMES.map((type) => ({ type, version: EVENT_TYPES[type].version, description: EVENT_TYPES[type].description, schema: jsonSchemaOf(type) })) };
}

/** The events' data checked against the catalogue (tests, and the drainer before signing). */
export function validEventData(type: EventTypeName, data: unknown): boolean {
  return (EVENT_TYPES[type] as EventType).data.safeParse(data).success;
}
