// The public audit event (tenantry.audit/v1): the mapper's output for every action the app
// records validates against the published JSON Schema, and says what the stored row says.
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import { AUDIT_ACTION_TARGETS, AUDIT_ACTIONS, AUDIT_ACTOR_TYPES } from '@/lib/audit/actions';
import { auditEventV1, auditEventV1JsonSchema, toAuditEventV1, type StoredAuditEvent } from '@/lib/audit/event-v1';

// Formats are checked by the patterns the schema carries beside them (ajv-formats not needed).
const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
const validate = ajv.compile(auditEventV1JsonSchema());
const ORG = { id: 'ten_acme', slug: 'acme' };

function row(overrides: Partial<StoredAuditEvent> = {}): StoredAuditEvent {
  return {
    id: 'cmabc123', createdAt: new Date('2026-03-01T12:34:56.789Z'), actor: 'auth0|alice', actorType: 'user', actorName: 'Alice', actorEmail: 'alice@acme.test',
    action: 'project.created', target: 'prj_1', details: { name: 'Rocket' }, ip: '203.0.113.9', userAgent: 'curl/8.5.0', ...overrides,
  };
}

function expectValid(event: unknown) {
  const ok = validate(event);
  expect(ok, JSON.stringify(validate.errors)).toBe(true);
  expect(auditEventV1.safeParse(event).success).toBe(true);
}

describe('toAuditEventV1', () => {
  it('maps a stored event to the v1 shape', () => {
    expect(toAuditEventV1(row(), ORG)).toEqual({
      schema: 'tenantry.audit/v1',
      id: 'cmabc123',
      time: '2026-03-01T12:34:56.789Z',
      organization: { id: 'ten_acme', slug: 'acme' },
      actor: { type: 'user', id: 'auth0|alice', name: 'Alice', email: 'alice@acme.test' },
      action: 'project.created',
      target: { type: 'project', id: 'prj_1' },
      request: { ip: '203.0.113.9', userAgent: 'curl/8.5.0' },
      data: { name: 'Rocket' },
    });
  });

  it.each(AUDIT_ACTIONS)('%s validates against the published schema, with and without what is optional', (action) => {
    const type = AUDIT_ACTION_TARGETS[action];
    for (const actorType of AUDIT_ACTOR_TYPES) {
      const full = toAuditEventV1(row({ action, actorType, target: type ? 'x-1' : null }), ORG);
      expectValid(full);
      expect(full.target).toEqual(type ? { type, id: 'x-1' } : undefined);
      expect(full.actor.type).toBe(actorType);
    }
    const bare = toAuditEventV1(row({ action, actorName: null, actorEmail: null, target: null, details: {}, ip: null, userAgent: null }), ORG);
    expectValid(bare);
    expect(bare).not.toHaveProperty('target');
    expect(bare).not.toHaveProperty('data');
    expect(bare.request).toEqual({});
    expect(bare.actor).toEqual({ type: 'user', id: 'auth0|alice' });
  });

  it('an IPv6 address validates; an action this build does not know names its family as the target type', () => {
    const event = toAuditEventV1(row({ action: 'apikey.created', target: 'key_1', ip: '2001:db8::7' }), ORG);
    expectValid(event);
    expect(event.target).toEqual({ type: 'apikey', id: 'key_1' });
  });

  it('the schema refuses what is not a v1 event', () => {
    const good = toAuditEventV1(row(), ORG);
    for (const bad of [
      { ...good, schema: 'tenantry.audit/v2' },
      { ...good, time: 'yesterday' },
      { ...good, actor: { ...good.actor, type: 'robot' } },
      { ...good, action: 'Project Created' },
      { ...good, request: { ip: 'not-an-ip' } },
      (({ organization: _o, ...rest }) => rest)(good),
    ]) {
      expect(validate(bare(bad))).toBe(false);
      expect(auditEventV1.safeParse(bad).success).toBe(false);
    }
  });

  it('allows fields added later within v1', () => {
    expectValid({ ...toAuditEventV1(row(), ORG), location: { country: 'DE' } });
  });
});

describe('GET /api/audit/schema', () => {
  it('publishes the JSON Schema the tests validate against', async () => {
    const { GET } = await import('@/app/api/audit/schema/route');
    const response = GET();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/schema+json');
    const published = await response.json();
    expect(published).toEqual(bare(auditEventV1JsonSchema()));
    expect(published).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', properties: { schema: { const: 'tenantry.audit/v1' } } });
  });
});

const bare = <T,>(v: T) => JSON.parse(JSON.stringify(v)) as T;
