// The webhook settings' server actions: each authorizes on its own (org:manage) through
// authorize(), so a member without it and another organization's admin are refused before
// anything changes; bad input comes back as field errors; an admin's changes are audited.
// Real actions, authorize() and database; credentials from a stand-in issuer.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACME, ALICE, BOB, GINA, GLOBEX, as, form, request, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import type { WebhookFormState } from '@/app/tenant/settings/webhooks/actions';

vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock('next/cache', () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn(), forbidden: vi.fn(), notFound: vi.fn() }));

let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let actions: typeof import('@/app/tenant/settings/webhooks/actions');
let endpointId: string;
let deliveryId: string;

beforeAll(async () => {
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '0', WEBHOOKS_ALLOW_LOOPBACK: 'true' } }));
  actions = await import('@/app/tenant/settings/webhooks/actions');
  await seedAcmeAndGlobex(prisma);
});
afterAll(stopWorld);

beforeEach(async () => {
  await prisma.webhookEndpoint.deleteMany();
  await prisma.auditEvent.deleteMany();
  await as(ALICE, ACME);
  const created = await actions.createEndpointAction({}, form({ url: 'http://127.0.0.1:9/hooks', eventTypes: ['project.created'] }));
  endpointId = created.endpointId!;
  deliveryId = (await prisma.webhookDelivery.create({ data: { tenantId: ACME.tenantId, endpointId, eventId: 'evt_1', eventType: 'webhook.test', payload: '{}' } })).id;
  await prisma.auditEvent.deleteMany();
});

type Action = (prev: WebhookFormState, data: FormData) => Promise<WebhookFormState>;
const cases: [string, () => Action, () => Record<string, string | string[]>][] = [
  ['add an endpoint', () => actions.createEndpointAction, () => ({ url: 'http://127.0.0.1:9/other', eventTypes: ['project.created'] })],
  ['disable', () => actions.setEndpointEnabledAction, () => ({ id: endpointId, enabled: 'off' })],
  ['rotate the secret', () => actions.rotateSecretAction, () => ({ id: endpointId })],
  ['delete', () => actions.deleteEndpointAction, () => ({ id: endpointId })],
  ['send a test event', () => actions.sendTestEventAction, () => ({ id: endpointId })],
  ['replay', () => actions.replayDeliveryAction, () => ({ id: deliveryId })],
];

const snapshot = async () => JSON.stringify([await prisma.webhookEndpoint.findMany({ orderBy: { id: 'asc' } }), await prisma.webhookDelivery.findMany({ orderBy: { id: 'asc' } })]);

describe('refusals: nothing changes', () => {
  it.each(cases)('a member without org:manage: %s', async (_name, action, fields) => {
    const before = await snapshot();
    await as(BOB, ACME);
    const state = await action()({}, form(fields()));
    expect(state.message).toBe('This needs the org:manage permission, which your role does not have.');
    expect(state.secret).toBeUndefined();
    expect(await snapshot()).toBe(before);
    expect(await prisma.auditEvent.count()).toBe(0);
  });

  it.each(cases)('another organization’s admin: %s', async (_name, action, fields) => {
    const before = await snapshot();
    await as(GINA, GLOBEX, ACME);
    const state = await action()({}, form(fields()));
    expect(state.message).toBe('This token is for another organization.');
    expect(await snapshot()).toBe(before);
  });

  it('an admin of another organization, on their own host, does not find this one’s endpoint or delivery', async () => {
    await as(GINA, GLOBEX);
    expect((await actions.sendTestEventAction({}, form({ id: endpointId }))).message).toBe('This webhook endpoint does not exist.');
    expect((await actions.replayDeliveryAction({}, form({ id: deliveryId }))).message).toBe('This delivery does not exist.');
  });

  it('bad input comes back as field errors', async () => {
    expect((await actions.createEndpointAction({}, form({ url: '', eventTypes: ['project.created'] }))).fields).toEqual({ url: 'URL is required' });
    expect((await actions.createEndpointAction({}, form({ url: 'https://example.com/x' }))).fields).toEqual({ eventTypes: 'Choose at least one event' });
    expect((await actions.createEndpointAction({}, form({ url: 'https://example.com/x', eventTypes: ['nope'] }))).fields).toEqual({ eventTypes: 'Unknown event type' });
    expect((await actions.createEndpointAction({}, form({ url: 'ftp://example.com/x', eventTypes: ['project.created'] }))).fields).toEqual({ url: 'The URL must start with https://.' });
    expect((await actions.createEndpointAction({}, form({ url: 'http://10.0.0.1/x', eventTypes: ['project.created'] }))).fields).toEqual({ url: expect.stringContaining('is not a public internet address') });
    expect(await prisma.webhookEndpoint.count()).toBe(1);
  });
});

describe('an admin', () => {
  it('adds an endpoint (secret shown once), disables, enables, rotates, tests, replays and deletes it; each audited', async () => {
    const added = await actions.createEndpointAction({}, form({ url: 'http://127.0.0.1:9/new', description: 'CRM', eventTypes: ['project.created', 'member.joined'] }));
    expect(added).toMatchObject({ ok: true, secret: expect.stringMatching(/^whsec_/) });
    expect((await actions.setEndpointEnabledAction({}, form({ id: endpointId, enabled: 'off' }))).ok).toBe(true);
    expect((await actions.sendTestEventAction({}, form({ id: endpointId }))).message).toBe('This endpoint is disabled. Enable it first.');
    expect((await actions.setEndpointEnabledAction({}, form({ id: endpointId, enabled: 'on' }))).ok).toBe(true);
    const rotated = await actions.rotateSecretAction({}, form({ id: endpointId }));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect((await actions.sendTestEventAction({}, form({ id: endpointId }))).ok).toBe(true);
    expect((await actions.replayDeliveryAction({}, form({ id: deliveryId }))).ok).toBe(true);
    expect((await actions.deleteEndpointAction({}, form({ id: endpointId }))).ok).toBe(true);
    expect(await prisma.webhookEndpoint.count({ where: { id: endpointId } })).toBe(0);
    const audit = await prisma.auditEvent.findMany({ orderBy: { createdAt: 'asc' }, select: { action: true, actor: true } });
    expect(audit.map((a) => a.action)).toEqual([
      'webhook.endpoint_created', 'webhook.endpoint_disabled', 'webhook.endpoint_enabled', 'webhook.secret_rotated', 'webhook.test_sent', 'webhook.delivery_replayed', 'webhook.endpoint_deleted',
    ]);
    expect(new Set(audit.map((a) => a.actor))).toEqual(new Set([ALICE]));
  });
});
