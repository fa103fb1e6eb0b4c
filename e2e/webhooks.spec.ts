// Settings > Webhooks: the seeded admin adds an endpoint pointing at a receiver this test runs
// on this machine (allowed by WEBHOOKS_ALLOW_LOOPBACK, test and development only), copies the
// secret shown once, sends a test event and sees it delivered in the delivery log: the
// server's own timer (instrumentation.ts) sends it, with nothing else running. The receiver
// verifies the signature with the standardwebhooks library. A project created afterwards
// arrives too. A member without org:manage cannot open the page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, type Page } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { DEMO_PASSWORD, tenantUrl } from './support/env';
import { auditRows, signIn } from './support/admin';

test.describe.configure({ mode: 'serial' });

const SLUG = 'acme';
const run = Date.now().toString(36);

interface Received { type: string; verified: boolean; body: { data: Record<string, unknown> } }
const received: Received[] = [];
let secret = '';
let server: Server;
let receiverUrl: string;
let admin: Page;

test.beforeAll(async ({ browser }) => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        new Webhook(secret).verify(raw, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      const body = JSON.parse(raw);
      received.push({ type: body.type, verified, body });
      res.writeHead(verified ? 204 : 400).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${run}`;
  admin = await signIn(browser, SLUG, 'alice@acme.test', DEMO_PASSWORD);
});

test.afterAll(async () => {
  await admin?.context().close();
  await new Promise((r) => server?.close(r));
});

test('a member without org:manage cannot open the webhook settings (403)', async ({ browser }) => {
  const member = await signIn(browser, SLUG, 'bob@acme.test', DEMO_PASSWORD);
  const response = await member.goto(tenantUrl(SLUG, '/settings/webhooks'));
  expect(response!.status()).toBe(403);
  await member.context().close();
});

test('an address on a private network is refused with a field error', async () => {
  await admin.goto(tenantUrl(SLUG, '/settings/webhooks'));
  await admin.getByLabel('Endpoint URL').fill('http://169.254.169.254/latest/meta-data/');
  await admin.getByRole('checkbox', { name: 'project.created' }).check();
  await admin.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(admin.getByText('169.254.169.254 is not a public internet address')).toBeVisible();
  await expect(admin.getByTestId('webhook-endpoint-row').filter({ hasText: '169.254.169.254' })).toHaveCount(0);
});

test('the admin adds an endpoint, sends a test event and sees it delivered', async () => {
  await admin.goto(tenantUrl(SLUG, '/settings/webhooks'));
  await admin.getByLabel('Endpoint URL').fill(receiverUrl);
  await admin.getByLabel('Description (optional)').fill(`e2e ${run}`);
  await admin.getByRole('checkbox', { name: 'project.created' }).check();
  await admin.getByRole('button', { name: 'Add endpoint' }).click();
  const secretField = admin.getByTestId('webhook-secret');
  await expect(secretField).toHaveValue(/^whsec_/);
  secret = await secretField.inputValue();

  await admin.getByTestId('webhook-endpoint-row').filter({ hasText: receiverUrl }).getByRole('link').click();
  await expect(admin.getByTestId('webhook-url')).toHaveText(receiverUrl);
  await admin.getByRole('button', { name: 'Send test event' }).click();
  await expect(admin.getByText('Test event queued.')).toBeVisible();

  // Delivered by the server's background timer; the log shows it after a reload.
  await expect(async () => {
    await admin.reload();
    await expect(admin.locator('[data-testid="webhook-delivery-row"][data-event-type="webhook.test"][data-status="delivered"]')).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(admin.getByTestId('webhook-delivery-row').first().getByTestId('webhook-delivery-code')).toHaveText('204');
  await expect(admin.getByTestId('webhook-delivery-row').first().getByTestId('webhook-delivery-attempts')).toHaveText('1');
  expect(received.filter((r) => r.type === 'webhook.test')).toEqual([expect.objectContaining({ verified: true })]);
  expect(await auditRows(admin, SLUG, 'webhook.test_sent')).not.toHaveLength(0);
});

test('a change made in the app arrives as its event', async () => {
  const name = `Webhook project ${run}`;
  await admin.goto(tenantUrl(SLUG, '/projects'));
  await admin.getByLabel('Name').fill(name);
  await admin.getByRole('button', { name: /create project/i }).click();
  await expect.poll(() => received.find((r) => r.type === 'project.created' && r.body.data.name === name)?.verified, { timeout: 30_000 }).toBe(true);
});
