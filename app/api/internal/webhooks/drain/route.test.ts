// The cron route: only Vercel Cron's bearer secret drains the outbox; without CRON_SECRET set,
// nobody does. vercel.json schedules it.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACME, ALICE, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import { permissionsOf } from '@/lib/core/permissions';
import type { PrismaClient } from '@/lib/db/client';

const SECRET = 'cron-secret-for-tests-0123456789';
let route: typeof import('./route');
let prisma: PrismaClient;
let server: Server;
let hits = 0;

beforeAll(async () => {
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { WEBHOOKS_ALLOW_LOOPBACK: 'true', CRON_SECRET: SECRET } }));
  await seedAcmeAndGlobex(prisma);
  server = createServer((_req, res) => {
    hits++;
    res.writeHead(200).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  route = await import('./route');
  const { createEndpoint, sendTestEvent } = await import('@/lib/webhooks/endpoints');
  const permissions = permissionsOf(['org_admin']);
  const ctx = { tenant: ACME, principal: { kind: 'user' as const, id: ALICE, email: 'alice@acme.test', name: 'Alice' }, roles: ['org_admin'], permissions, can: (p: never) => permissions.has(p), via: 'session' as const };
  const { id } = await createEndpoint(ctx, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, description: '', eventTypes: ['project.created'] });
  await sendTestEvent(ctx, id);
});
afterAll(async () => {
  await stopWorld();
  await new Promise((r) => server?.close(r));
});

const call = (authorization?: string) => route.GET(new Request('http://localhost:3000/api/internal/webhooks/drain', { headers: authorization ? { authorization } : {} }));

it.each([undefined, 'Bearer wrong', `Bearer ${SECRET}x`, SECRET, `Basic ${SECRET}`])('refuses %s and sends nothing', async (authorization) => {
  const response = await call(authorization);
  expect(response.status).toBe(401);
  expect(hits).toBe(0);
  expect(await prisma.webhookDelivery.count({ where: { status: 'pending' } })).toBe(1);
});

it('Vercel Cron’s bearer secret drains the outbox', async () => {
  const response = await call(`Bearer ${SECRET}`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ claimed: 1, delivered: 1, failed: 0, pruned: 0 });
  expect(hits).toBe(1);
});

it('vercel.json runs it every minute', () => {
  const vercel = JSON.parse(readFileSync(new URL('../../../../../vercel.json', import.meta.url), 'utf8'));
  expect(vercel.crons).toContainEqual({ path: '/api/internal/webhooks/drain', schedule: '* * * * *' });
});
