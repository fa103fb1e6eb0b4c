// Webhooks end to end below the UI: real changes, the real outbox, the real drainer and a test
// receiver (an HTTP server on this machine, allowed by WEBHOOKS_ALLOW_LOOPBACK) that verifies
// every signature with the `standardwebhooks` library. The drainer's clock is a parameter, so
// 24 hours of retries take milliseconds.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACME, ALICE, GLOBEX, GINA, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import { permissionsOf, type Role } from '@/lib/core/permissions';
import type { TenantContext } from '@/lib/core/context';
import type { PrismaClient } from '@/lib/db/client';
import type { ResolvedAddress } from '@/lib/webhooks/ssrf';

type Endpoints = typeof import('@/lib/webhooks/endpoints');
type Drain = typeof import('@/lib/webhooks/drain');
let prisma: PrismaClient;
let endpoints: Endpoints;
let drain: Drain;
let projects: typeof import('@/lib/data/projects');
let scope: typeof import('@/lib/data/scope');

function ctxOf(tenant: typeof ACME, userId: string, roles: Role[] = ['org_admin']): TenantContext {
  const permissions = permissionsOf(roles);
  return { tenant, principal: { kind: 'user', id: userId, email: `${userId}@test`, name: userId }, roles, permissions, can: (p) => permissions.has(p), via: 'session' };
}
const alice = () => ctxOf(ACME, ALICE);
const gina = () => ctxOf(GLOBEX, GINA);

/** The test receiver: answers as `mode` says and verifies what it is sent with each secret it knows. */
interface Received { id: string; type: string; body: any; headers: IncomingHttpHeaders; verifiedWith: string[] }
class Receiver {
  server!: Server;
  mode: 'ok' | 'down' | 'redirect' = 'ok';
  secrets: string[] = [];
  received: Received[] = [];
  get url() { return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`; }
  async start() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = req.headers as Record<string, string>;
        const verifiedWith = this.secrets.filter((s) => {
          try {
            new Webhook(s).verify(raw, headers);
            return true;
          } catch {
            return false;
          }
        });
        const body = JSON.parse(raw);
        this.received.push({ id: headers['webhook-id']!, type: body.type, body, headers: req.headers, verifiedWith });
        if (this.mode === 'down') res.writeHead(503).end('down');
        else if (this.mode === 'redirect') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
  }
  delivered(type?: string) { return this.received.filter((r) => this.mode !== 'down' && (!type || r.type === type)); }
}
const receiver = new Receiver();

beforeAll(async () => {
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { WEBHOOKS_ALLOW_LOOPBACK: 'true' } }));
  endpoints = await import('@/lib/webhooks/endpoints');
  drain = await import('@/lib/webhooks/drain');
  projects = await import('@/lib/data/projects');
  scope = await import('@/lib/data/scope');
  await seedAcmeAndGlobex(prisma);
  await receiver.start();
});

afterAll(async () => {
  await stopWorld();
  await new Promise((r) => receiver.server?.close(r));
});

beforeEach(async () => {
  await prisma.webhookEndpoint.deleteMany();
  await prisma.project.deleteMany();
  await prisma.auditEvent.deleteMany();
  receiver.mode = 'ok';
  receiver.received = [];
  receiver.secrets = [];
});

/** An Acme endpoint at the receiver for `types`; its secret is what the receiver verifies with. */
async function endpointFor(types: string[], ctx = alice(), url = receiver.url) {
  const created = await endpoints.createEndpoint(ctx, { url, description: '', eventTypes: types });
  receiver.secrets.push(created.secret);
  return created;
}
const deliveries = (endpointId?: string) => prisma.webhookDelivery.findMany({ where: endpointId ? { endpointId } : {}, orderBy: { createdAt: 'asc' } });
const auditOf = (action: string) => prisma.auditEvent.findMany({ where: { action }, orderBy: { createdAt: 'asc' } });
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const HOUR = 3600_000;

describe('endpoints', () => {
  it('an admin adds an endpoint: the secret is shown once and stored sealed; audited', async () => {
    const { id, secret } = await endpointFor(['project.created']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const row = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ tenantId: ACME.tenantId, url: receiver.url, eventTypes: ['project.created'], enabled: true, createdBy: ALICE });
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
    expect(await auditOf('webhook.endpoint_created')).toEqual([expect.objectContaining({ tenantId: ACME.tenantId, actor: ALICE, target: id })]);
  });

  it('at most 10 endpoints per organization', async () => {
    for (let i = 0; i < endpoints.MAX_ENDPOINTS; i++) await endpointFor(['project.created']);
    await expect(endpointFor(['project.created'])).rejects.toMatchObject({ field: 'url', message: 'An organization can have at most 10 webhook endpoints. Delete one first.' });
    expect(await prisma.webhookEndpoint.count()).toBe(10);
    await endpointFor(['project.created'], gina()); // another organization has its own ten
  });

  it('another organization’s endpoint cannot be touched', async () => {
    const { id } = await endpointFor(['project.created'], gina());
    await expect(endpoints.deleteEndpoint(alice(), id)).rejects.toThrow('This webhook endpoint does not exist.');
    await expect(endpoints.setEndpointEnabled(alice(), id, false)).rejects.toThrow('This webhook endpoint does not exist.');
    await expect(endpoints.rotateEndpointSecret(alice(), id)).rejects.toThrow('This webhook endpoint does not exist.');
    await expect(endpoints.sendTestEvent(alice(), id)).rejects.toThrow('This webhook endpoint does not exist.');
    expect(await endpoints.webhookEndpoints(alice())).toEqual([]);
    expect(await prisma.webhookEndpoint.count({ where: { id, enabled: true } })).toBe(1);
  });
});

describe('the outbox is written with the change', () => {
  it('a project created → one signed delivery of project.created, verified by the receiver', async () => {
    const { id } = await endpointFor(['project.created', 'project.deleted']);
    const project = await projects.projects(alice()).create({ name: 'Apollo', description: '' });
    const queued = await deliveries(id);
    expect(queued).toEqual([expect.objectContaining({ eventType: 'project.created', status: 'pending', attempts: 0 })]);

    expect(await drain.drainWebhooks()).toEqual({ claimed: 1, delivered: 1, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(got!.verifiedWith).toEqual(receiver.secrets);
    expect(got!.id).toBe(queued[0]!.eventId);
    expect(got!.body).toMatchObject({ id: queued[0]!.eventId, type: 'project.created', version: 1, organization: { id: ACME.tenantId }, actor: { id: ALICE }, data: { projectId: project.id, name: 'Apollo' } });
    expect(await deliveries(id)).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1, lastStatusCode: 204, nextAttemptAt: null })]);
    // Nothing left to send.
    expect(await drain.drainWebhooks()).toEqual({ claimed: 0, delivered: 0, failed: 0 });
  });

  it('the change rolled back → no audit row and no delivery', async () => {
    await endpointFor(['project.created']);
    await expect(scope.withTenant(ACME.tenantId, async () => {
      await projects.projects(alice()).create({ name: 'Never', description: '' }); // joins this transaction
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await prisma.project.count({ where: { name: 'Never' } })).toBe(0);
    expect(await auditOf('project.created')).toEqual([]);
    expect(await deliveries()).toEqual([]);
    await drain.drainWebhooks();
    expect(receiver.received).toEqual([]);
  });

  it('only enabled endpoints subscribed to the type get the event, and only their own organization’s', async () => {
    const wants = await endpointFor(['project.created']);
    const other = await endpointFor(['project.deleted']);
    const off = await endpointFor(['project.created']);
    await endpoints.setEndpointEnabled(alice(), off.id, false);
    const globex = await endpointFor(['project.created'], gina());
    await projects.projects(alice()).create({ name: 'Zeus', description: '' });
    expect((await deliveries()).map((d) => d.endpointId)).toEqual([wants.id]);
    expect(await deliveries(other.id)).toEqual([]);
    expect(await deliveries(globex.id)).toEqual([]);
  });
});

describe('invitations', () => {
  it('someone joining at an invited address is member.joined and invitation.accepted; without an invitation only member.joined', async () => {
    const { id } = await endpointFor(['member.joined', 'invitation.accepted', 'invitation.sent']);
    const { recordAudit } = await import('@/lib/data/audit');
    const { recordJoin } = await import('@/lib/data/admission');
    await scope.withTenant(ACME.tenantId, (t) => recordAudit(t, { type: 'user', id: ALICE, name: 'Alice' }, 'invitation.created', 'new@acme.test', { invitationId: 'uinv_1', roles: ['org_member'] }));
    await recordJoin(ACME.tenantId, { userId: 'auth0|new', email: 'new@acme.test' }, { roles: ['org_member'], at: new Date() });
    await recordJoin(ACME.tenantId, { userId: 'auth0|walkin', email: 'walkin@acme.test' }, { roles: ['org_member'], at: new Date() });
    expect((await deliveries(id)).map((d) => d.eventType)).toEqual(['invitation.sent', 'member.joined', 'invitation.accepted', 'member.joined']);
    await drain.drainWebhooks();
    const accepted = receiver.received.find((r) => r.type === 'invitation.accepted')!;
    expect(accepted.body.data).toEqual({ userId: 'auth0|new', email: 'new@acme.test', roles: ['org_member'] });
    expect(accepted.verifiedWith).toHaveLength(1);
  });
});

describe('delivery guarantees', () => {
  it('receiver down → retries with growing, jittered delays → recovery delivers once', async () => {
    const { id } = await endpointFor(['project.created']);
    await projects.projects(alice()).create({ name: 'Hermes', description: '' });
    receiver.mode = 'down';
    const t0 = new Date(Date.now() + 1000);
    expect(await drain.drainWebhooks({ now: t0, random: () => 0.5 })).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    let [row] = await deliveries(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 503, lastError: 'The endpoint answered 503.' });
    const first = row!.nextAttemptAt!.getTime() - t0.getTime();
    expect(first).toBe(22_500); // 30 s ceiling, equal jitter at 0.5
    // Not due yet: nothing is sent.
    expect(await drain.drainWebhooks({ now: at(t0, first - 1000) })).toMatchObject({ claimed: 0 });
    const t1 = row!.nextAttemptAt!;
    expect(await drain.drainWebhooks({ now: t1, random: () => 0.5 })).toMatchObject({ claimed: 1, failed: 1 });
    [row] = await deliveries(id);
    expect(row!.attempts).toBe(2);
    expect(row!.nextAttemptAt!.getTime() - t1.getTime()).toBe(45_000); // doubled
    expect(receiver.received).toHaveLength(2);

    receiver.mode = 'ok';
    expect(await drain.drainWebhooks({ now: row!.nextAttemptAt! })).toMatchObject({ claimed: 1, delivered: 1 });
    expect(await drain.drainWebhooks({ now: at(t1, 48 * HOUR) })).toMatchObject({ claimed: 0 });
    const ok = receiver.received.slice(2);
    expect(ok).toHaveLength(1);
    expect(ok[0]!.verifiedWith).toHaveLength(1);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1); // the same event id on every attempt
    expect(await deliveries(id)).toEqual([expect.objectContaining({ status: 'delivered', attempts: 3, lastStatusCode: 204 })]);
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toMatchObject({ enabled: true, consecutiveFailures: 0, failingSince: null });
  });

  it('the backoff keeps retrying for at least 24 hours', () => {
    let total = 0;
    for (let n = 1; total < 24 * HOUR; n++) {
      const low = drain.retryDelayMs(n, () => 0);
      const high = drain.retryDelayMs(n, () => 1);
      expect(high).toBeGreaterThanOrEqual(low);
      expect(high).toBeLessThanOrEqual(4 * HOUR);
      total += low;
      expect(n).toBeLessThan(40);
    }
  });

  it('sustained failure: the delivery is given up after 24 h and the endpoint switched off, with an audit event', async () => {
    const { id } = await endpointFor(['project.created']);
    await projects.projects(alice()).create({ name: 'Icarus', description: '' });
    receiver.mode = 'down';
    let now = new Date(Date.now() + 1000);
    await drain.drainWebhooks({ now });
    // Attempts as each comes due, for a little over a day.
    for (let i = 0; i < 40; i++) {
      const [row] = await deliveries(id);
      if (row!.status !== 'pending') break;
      const endpoint = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
      if (!endpoint.enabled) break;
      now = row!.nextAttemptAt!;
      await drain.drainWebhooks({ now });
    }
    const [row] = await deliveries(id);
    const endpoint = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: 'failing' });
    expect(now.getTime() - endpoint.failingSince!.getTime()).toBeGreaterThanOrEqual(24 * HOUR);
    expect(row!.status).toBe('failed');
    expect(row!.lastAttemptAt!.getTime() - row!.createdAt.getTime()).toBeGreaterThanOrEqual(24 * HOUR);
    expect(await auditOf('webhook.endpoint_disabled')).toEqual([
      expect.objectContaining({ tenantId: ACME.tenantId, actor: 'tenantry', target: id, details: expect.objectContaining({ reason: 'failing', url: receiver.url }) }),
    ]);
    // Switched off: new events are not queued for it.
    await projects.projects(alice()).create({ name: 'Daedalus', description: '' });
    expect(await deliveries(id)).toHaveLength(1);
  });

  it('replay sends the event again, same id and body, and is audited', async () => {
    const { id } = await endpointFor(['project.created']);
    await projects.projects(alice()).create({ name: 'Orpheus', description: '' });
    await drain.drainWebhooks();
    const [original] = await deliveries(id);
    const { deliveryId } = await endpoints.replayDelivery(alice(), original!.id);
    await drain.drainWebhooks();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.id).toBe(receiver.received[0]!.id);
    expect(receiver.received[1]!.body).toEqual(receiver.received[0]!.body);
    expect(receiver.received[1]!.verifiedWith).toHaveLength(1);
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ status: 'delivered', replayOf: original!.id });
    expect(await auditOf('webhook.delivery_replayed')).toEqual([expect.objectContaining({ actor: ALICE, target: id })]);
    // Another organization's delivery is not found.
    await expect(endpoints.replayDelivery(gina(), original!.id)).rejects.toThrow('This delivery does not exist.');
  });

  it('send test event: a webhook.test delivery, verified', async () => {
    const { id } = await endpointFor(['project.created']);
    await endpoints.sendTestEvent(alice(), id);
    await drain.drainWebhooks();
    expect(receiver.received.map((r) => [r.type, r.verifiedWith.length])).toEqual([['webhook.test', 1]]);
    expect(await auditOf('webhook.test_sent')).toHaveLength(1);
  });

  it('rotation: during the grace period both signatures are sent, after it only the new one', async () => {
    const { id, secret: old } = await endpointFor(['project.created']);
    const t0 = new Date();
    const { secret: fresh } = await endpoints.rotateEndpointSecret(alice(), id, t0);
    receiver.secrets = [old, fresh];
    await projects.projects(alice()).create({ name: 'Janus', description: '' });
    await drain.drainWebhooks({ now: at(t0, 1000) });
    expect(String(receiver.received[0]!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(receiver.received[0]!.verifiedWith).toEqual([old, fresh]);
    await projects.projects(alice()).create({ name: 'Janus 2', description: '' });
    await drain.drainWebhooks({ now: at(t0, 25 * HOUR) });
    expect(receiver.received[1]!.verifiedWith).toEqual([fresh]);
    expect(await auditOf('webhook.secret_rotated')).toHaveLength(1);
  });

  it('two drainers at once deliver each event once', async () => {
    await endpointFor(['project.created']);
    for (const name of ['A', 'B', 'C', 'D']) await projects.projects(alice()).create({ name, description: '' });
    const reports = await Promise.all([drain.drainWebhooks({ limit: 2 }), drain.drainWebhooks({ limit: 2 }), drain.drainWebhooks({ limit: 2 })]);
    await drain.drainWebhooks();
    expect(reports.reduce((n, r) => n + r.delivered, 0)).toBeGreaterThan(0);
    expect(receiver.received.map((r) => r.body.data.name).sort()).toEqual(['A', 'B', 'C', 'D']);
  });
});

describe('the delivery log', () => {
  it('keeps finished deliveries 30 days, then prunes them; pending ones are never pruned', async () => {
    const { id } = await endpointFor(['project.created']);
    const old = new Date(Date.now() - 31 * 24 * HOUR);
    const row = (status: string, createdAt: Date) => ({ tenantId: ACME.tenantId, endpointId: id, eventId: `evt_${status}_${createdAt.getTime()}`, eventType: 'project.created', payload: '{}', status, createdAt, nextAttemptAt: status === 'pending' ? new Date(Date.now() + HOUR) : null });
    await prisma.webhookDelivery.createMany({ data: [row('delivered', old), row('failed', old), row('pending', old), row('delivered', new Date())] });
    expect(await drain.pruneDeliveryLog()).toBe(2);
    expect((await deliveries(id)).map((d) => d.status).sort()).toEqual(['delivered', 'pending']);
  });
});

describe('row-level security', () => {
  it('the drainer’s scope reads and re-times deliveries in every tenant (and prunes finished ones), and can do nothing else', async () => {
    await endpointFor(['project.created']);
    await endpointFor(['project.created'], gina());
    await projects.projects(alice()).create({ name: 'Acme one', description: '' });
    await projects.projects(gina()).create({ name: 'Globex one', description: '' });
    const app = await (await import('@/lib/db/client')).db();
    const inScope = <T>(work: (tx: Parameters<Parameters<typeof app.$transaction>[0]>[0]) => Promise<T>) =>
      app.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT set_config('app.scope', 'webhook-drain', true)`;
        return work(tx);
      });
    expect(await inScope((tx) => tx.webhookDelivery.count())).toBe(2);
    expect(await inScope((tx) => tx.webhookEndpoint.count())).toBe(2);
    expect(await inScope((tx) => tx.project.count())).toBe(0);
    expect(await inScope((tx) => tx.auditEvent.count())).toBe(0);
    expect((await inScope((tx) => tx.webhookEndpoint.updateMany({ data: { url: 'https://attacker.test/' } }))).count).toBe(0);
    expect((await inScope((tx) => tx.webhookDelivery.deleteMany())).count).toBe(0); // pending ones are never deleted
    const [one] = await deliveries();
    await expect(inScope((tx) => tx.webhookDelivery.create({ data: { tenantId: ACME.tenantId, endpointId: one!.endpointId, eventId: 'e', eventType: 'project.created', payload: '{}' } }))).rejects.toThrow(/row-level security|policy/i);
    // Without the scope, nothing at all.
    expect(await app.webhookDelivery.count()).toBe(0);
    expect(await app.webhookEndpoint.count()).toBe(0);
  });
});

describe('SSRF: refused when saved and when sent', () => {
  const resolver = (answers: Record<string, string[]>) => async (host: string): Promise<ResolvedAddress[]> =>
    (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it.each([
    ['http://10.0.0.1/hook', '10.0.0.1'],
    ['http://192.168.1.20/hook', '192.168.1.20'],
    ['http://172.16.5.4/hook', '172.16.5.4'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['http://100.64.0.1/', '100.64.0.1'],
    ['http://[fc00::1]/', 'fc00::1'],
    ['http://[fe80::1]/', 'fe80::1'],
    ['http://[::ffff:10.0.0.1]/', '::ffff:a00:1'],
  ])('%s is refused even with loopback allowed', async (url) => {
    await expect(endpoints.createEndpoint(alice(), { url, description: '', eventTypes: ['project.created'] })).rejects.toMatchObject({ field: 'url', message: expect.stringContaining('is not a public internet address') });
    expect(await prisma.webhookEndpoint.count()).toBe(0);
  });

  it('a DNS name resolving to a private address is refused (any one of its addresses)', async () => {
    const resolve = resolver({ 'hooks.evil.test': ['93.184.216.34', '10.1.2.3'], 'meta.evil.test': ['169.254.169.254'] });
    for (const host of ['hooks.evil.test', 'meta.evil.test']) {
      await expect(endpoints.createEndpoint(alice(), { url: `https://${host}/x`, description: '', eventTypes: ['project.created'] }, { resolve })).rejects.toMatchObject({ field: 'url' });
    }
    expect(await prisma.webhookEndpoint.count()).toBe(0);
  });

  it('a name that was public when saved and resolves privately at delivery is refused then (rebinding)', async () => {
    const { id } = await endpoints.createEndpoint(alice(), { url: 'https://rebind.evil.test/x', description: '', eventTypes: ['project.created'] }, { resolve: resolver({ 'rebind.evil.test': ['93.184.216.34'] }) });
    await projects.projects(alice()).create({ name: 'Trojan', description: '' });
    await drain.drainWebhooks({ resolve: resolver({ 'rebind.evil.test': ['10.0.0.8'] }) });
    expect(await deliveries(id)).toEqual([expect.objectContaining({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: expect.stringMatching(/^Refused: rebind\.evil\.test is not a public internet address/) })]);
  });

  it('a redirect (here to the metadata service) is not followed: a failed attempt', async () => {
    const { id } = await endpointFor(['project.created']);
    receiver.mode = 'redirect';
    await projects.projects(alice()).create({ name: 'Sirens', description: '' });
    expect(await drain.drainWebhooks()).toMatchObject({ failed: 1 });
    expect(receiver.received).toHaveLength(1); // nothing requested the Location
    expect(await deliveries(id)).toEqual([expect.objectContaining({ status: 'pending', lastStatusCode: 302, lastError: 'Redirects are not followed: answer with 2xx at the URL itself.' })]);
  });

  it('https only without the development flag', async () => {
    const { parseWebhookUrl } = await import('@/lib/webhooks/ssrf');
    expect(() => parseWebhookUrl('http://example.com/x', { allowLoopback: false })).toThrow('The URL must start with https://.');
    expect(() => parseWebhookUrl('https://user:pw@example.com/x', { allowLoopback: false })).toThrow('A URL with a user name or password in it is not allowed.');
    expect(parseWebhookUrl('https://example.com/x', { allowLoopback: false }).href).toBe('https://example.com/x');
  });
});
