// The event catalogue: every audit action a change writes that a customer can hear about maps to
// an event whose data fits its published schema, and every type has a versioned JSON Schema.
import { describe, expect, it } from 'vitest';
import { EVENT_TYPE_NAMES, envelopeSchema, eventsForAudit, jsonSchemaOf, validEventData } from '@/lib/events/catalogue';

// Audit rows as the features write them (targets and details from lib/admin, lib/sso, lib/scim, lib/data).
const AUDITS: [string, string | null, Record<string, unknown>, string][] = [
  ['member.joined', 'auth0|a', { roles: ['org_member'], email: 'a@x.test' }, 'member.joined'],
  ['member.added', 'auth0|a', { email: 'a@x.test', roles: ['org_member'] }, 'member.joined'],
  ['member.removed', 'auth0|a', { email: 'a@x.test', roles: ['org_member'] }, 'member.removed'],
  ['member.roles_changed', 'auth0|a', { email: 'a@x.test', from: ['org_member'], to: ['org_admin'] }, 'member.role_changed'],
  ['invitation.created', 'a@x.test', { invitationId: 'uinv_1', roles: ['org_member'], expiresAt: null }, 'invitation.sent'],
  ['invitation.resent', 'a@x.test', { invitationId: 'uinv_2', replaces: 'uinv_1', roles: ['org_member'] }, 'invitation.sent'],
  ['invitation.revoked', 'a@x.test', { invitationId: 'uinv_2' }, 'invitation.revoked'],
  ['sso.connection_created', 'acme-saml', { strategy: 'samlp', displayName: 'Okta', autoMembership: false, defaultRole: 'org_member' }, 'sso.connection.created'],
  ['sso.connection_updated', 'acme-saml', { displayName: { from: 'a', to: 'b' } }, 'sso.connection.updated'],
  ['sso.connection_enabled', 'acme-saml', { strategy: 'samlp' }, 'sso.connection.updated'],
  ['sso.connection_disabled', 'acme-saml', { strategy: 'samlp' }, 'sso.connection.updated'],
  ['sso.connection_deleted', 'acme-saml', { strategy: 'samlp', displayName: 'Okta' }, 'sso.connection.deleted'],
  ['sso.domain_added', 'acme.com', {}, 'sso.domain.changed'],
  ['sso.domain_verified', 'acme.com', { method: 'dns' }, 'sso.domain.changed'],
  ['sso.domain_routed', 'acme.com', { connection: 'acme-saml' }, 'sso.domain.changed'],
  ['sso.domain_removed', 'acme.com', { wasVerified: true }, 'sso.domain.changed'],
  ['scim.user.created', 'auth0|a', { scimId: 's1', userName: 'a@x.test', externalId: 'e1', email: 'a@x.test', active: true, roles: ['org_member'], tokenId: 't' }, 'scim.user.provisioned'],
  ['scim.user.deactivated', 'auth0|a', { scimId: 's1', userName: 'a@x.test', externalId: null, email: 'a@x.test', active: false, tokenId: 't' }, 'scim.user.provisioned'],
  ['scim.user.deleted', 'auth0|a', { scimId: 's1', userName: 'a@x.test', externalId: null, wasMember: true, tokenId: 't' }, 'scim.user.provisioned'],
  ['scim.group.created', 'g1', { displayName: 'Admin', role: 'org_admin', tokenId: 't' }, 'scim.group.provisioned'],
  ['project.created', 'p1', { name: 'Apollo' }, 'project.created'],
  ['project.updated', 'p1', { description: 'new' }, 'project.updated'],
  ['project.deleted', 'p1', {}, 'project.deleted'],
  ['organization.updated', 'acme', { changed: { displayName: { from: 'A', to: 'B' } } }, 'organization.updated'],
  ['scim.enabled', null, {}, 'organization.updated'],
];

describe('event catalogue', () => {
  it.each(AUDITS)('%s becomes a valid %s event', (action, target, details, type) => {
    const events = eventsForAudit({ action, target, details });
    expect(events.map((e) => e.type)).toEqual([type]);
    expect(validEventData(events[0]!.type, events[0]!.data)).toBe(true);
  });

  it('sign-ins, token changes and webhook administration are not events', () => {
    for (const action of ['member.login', 'scim.token.created', 'member.signed_out', 'webhook.endpoint_created', 'webhook.endpoint_disabled']) {
      expect(eventsForAudit({ action, target: 'x', details: {} })).toEqual([]);
    }
  });

  it('every type has a versioned JSON Schema of its envelope', () => {
    for (const type of EVENT_TYPE_NAMES) {
      const schema = jsonSchemaOf(type);
      expect(schema).toMatchObject({ $id: `https://tenantry.dev/schemas/webhooks/${type}/v1.json`, type: 'object', required: expect.arrayContaining(['id', 'type', 'version', 'timestamp', 'data']) });
      expect((schema.properties as Record<string, { const?: string }>).type!.const).toBe(type);
    }
  });

  it('an envelope with data of the wrong shape does not parse', () => {
    const base = { id: 'evt_1', type: 'project.created', version: 1, timestamp: new Date().toISOString(), organization: { id: 't' }, actor: { id: 'a', name: null } };
    expect(envelopeSchema('project.created').safeParse({ ...base, data: { projectId: 'p', name: 'x' } }).success).toBe(true);
    expect(envelopeSchema('project.created').safeParse({ ...base, data: { projectId: 'p' } }).success).toBe(false);
  });
});

describe('the published catalogue', () => {
  it('GET /api/webhooks/event-types lists every type with its schema', async () => {
    const { GET } = await import('@/app/api/webhooks/event-types/route');
    const body = await GET().json();
    expect(body.eventTypes.map((e: { type: string }) => e.type)).toEqual(EVENT_TYPE_NAMES);
    expect(body.eventTypes[0]).toMatchObject({ version: 1, schema: { $id: expect.stringContaining('/v1.json') } });
  });
});
