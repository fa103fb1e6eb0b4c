// Two app instances on one database (as on Vercel, where each request may land elsewhere):
// Playwright's app (port 3100) is instance 1; this spec starts instance 2 on port 3101 from
// the same build, database and local tenant, with a short membership cache, and checks that a
// change made through instance 1 reaches instance 2 within the documented bound.
// Embedded PGlite allows one process per data directory, so this runs only on Postgres.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import pg from 'pg';
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { APEX, AUTH0_ORIGIN, ROOT_DOMAIN, appEnv, tenantUrl } from './support/env';
import { NEW_PASSWORD, createAccount, foundOrganization, signIn, verifyEmail, memberActions, memberRow, setMemberRoles } from './support/admin';
import { fillSignup, uniqueEmail } from './support/auth';
import { machineToken } from './support/http';
import { MANAGEMENT_CLIENT } from '../lib/testing/seeded';
import { verifyDomainLocally } from './support/sso';
import { setSecurityPolicy } from './support/hooks';
import { INTERNAL_CALL_HEADER, signInternalCall } from '../lib/http/internal-call';

const SECOND_PORT = 3101;
const CACHE_SECONDS = 2;
const databaseUrl = process.env.E2E_DATABASE_URL;

test.describe.configure({ mode: 'serial' });
test.skip(!databaseUrl, 'two app instances need a shared Postgres (E2E_DATABASE_URL); embedded PGlite allows one process per data directory');

let second: ChildProcess | undefined;
let admin: Page;
let member: Page;
let slug: string;
let adminEmail: string;
let memberEmail: string;

/** A request to instance 2 with the Host a browser on the tenant's address would send. */
function onSecond(path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: SECOND_PORT, path, headers: { host: new URL(tenantUrl(slug)).host, cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function cookiesOf(page: Page): Promise<string> {
  const cookies = await page.context().cookies(tenantUrl(slug));
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

async function startSecondInstance() {
  const env = { ...process.env, ...appEnv(databaseUrl), MEMBERSHIP_CACHE_SECONDS: String(CACHE_SECONDS), NODE_OPTIONS: '' };
  second = spawn(process.execPath, ['--require', './lib/http/refuse-trace.cjs', 'node_modules/next/dist/bin/next', 'start', '--port', String(SECOND_PORT)], { env, stdio: 'ignore' });
  for (let i = 0; i < 120; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port: SECOND_PORT, path: '/api/health', headers: { host: ROOT_DOMAIN } }, (res) => { res.resume(); resolve(res.statusCode === 200); });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('instance 2 did not start');
}

const rowOf = (email: string) => memberRow(admin, email);
const setRoles = (email: string, roles: string[]) => setMemberRoles(admin, slug, email, roles);

/** Polls instance 2 until `path` answers `status`; returns how long that took (ms). */
async function secondAnswers(path: string, cookie: string, status: number, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const got = await onSecond(path, cookie);
    if (got === status) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`instance 2 still answers ${got} for ${path} after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  await startSecondInstance();
  const org = await foundOrganization(browser, 'twoinst');
  ({ page: admin, slug, email: adminEmail } = org);
  const domain = `twoinst-${Date.now().toString(36)}.test`;
  await verifyDomainLocally(admin, slug, domain);
  memberEmail = (await createAccount(browser, 'worker', `worker-${Date.now().toString(36)}@${domain}`)).email;
  await verifyEmail(memberEmail);
  await admin.goto(tenantUrl(slug, '/settings/invitations'));
  await admin.getByLabel('Email').fill(memberEmail);
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await admin.getByRole('button', { name: 'Add to organization' }).click();
  await expect(admin.getByText(`${memberEmail} is now a member.`)).toBeVisible();
  member = await signIn(browser, slug, memberEmail);
});

async function stopSecondInstance() {
  const child = second;
  second = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

test.afterAll(stopSecondInstance);

/** Moves instance 2's session clock (its own test hook, signed like every internal call). */
async function moveSecondClock(offsetMs: number): Promise<void> {
  const path = '/api/internal/test/clock';
  const payload = JSON.stringify({ offsetMs });
  const signature = await signInternalCall('POST', path, appEnv().AUTH0_SECRET!);
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1', port: SECOND_PORT, path, method: 'POST',
      headers: { host: ROOT_DOMAIN, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), [INTERNAL_CALL_HEADER]: signature },
    }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
    req.on('error', reject);
    req.end(payload);
  });
  expect(status).toBe(200);
}

/** What the local tenant has been asked so far (auth0-local/src/server.ts). */
async function tenantStats(): Promise<{ token_requests: number; management_api_requests: number }> {
  return (await fetch(`${AUTH0_ORIGIN}/__local/stats`)).json() as Promise<{ token_requests: number; management_api_requests: number }>;
}

/** A SCIM request to instance 2. */
function scimOnSecond(token: string, body: unknown): Promise<{ status: number; body: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1', port: SECOND_PORT, path: '/scim/v2/Users', method: 'POST',
      headers: { host: new URL(tenantUrl(slug)).host, authorization: `Bearer ${token}`, accept: 'application/scim+json', 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

test('a demotion on instance 1 takes the permission away on instance 2 within MEMBERSHIP_CACHE_SECONDS', async () => {
  const cookie = await cookiesOf(member);
  // The session made on instance 1 is valid on instance 2 (same secret, same database).
  expect(await onSecond('/settings/audit', cookie)).toBe(403);
  await setRoles(memberEmail, ['Admin']);
  // Instance 2 may still hold "Member" in its cache, at most CACHE_SECONDS.
  await secondAnswers('/settings/audit', cookie, 200, CACHE_SECONDS * 1000 + 1500);
  await setRoles(memberEmail, ['Member']);
  const demotedAfter = Date.now();
  // Instance 2 cached "Admin" just now: it may keep answering 200, but never past the bound.
  await secondAnswers('/settings/audit', cookie, 403, CACHE_SECONDS * 1000 + 1500);
  expect(Date.now() - demotedAfter).toBeLessThan(CACHE_SECONDS * 1000 + 1500);
  // And it stays refused.
  await new Promise((r) => setTimeout(r, CACHE_SECONDS * 1000 + 200));
  expect(await onSecond('/settings/audit', cookie)).toBe(403);
});

test('"sign out of all sessions" on instance 1 applies on instance 2 at once (revocations are never cached)', async ({ browser }) => {
  const cookie = await cookiesOf(member);
  expect(await onSecond('/api/projects', cookie)).toBe(200); // membership now cached on instance 2
  await admin.goto(tenantUrl(slug, '/settings/members'));
  await (await memberActions(admin, memberEmail)).getByRole('button', { name: 'Sign out of all sessions' }).click();
  await expect(rowOf(memberEmail).getByRole('status')).toBeVisible();
  // No waiting for a cache: the very next request on instance 2 is refused.
  expect(await onSecond('/api/projects', cookie)).toBe(401);
  member = await signIn(browser, slug, memberEmail);
});

test('the organization’s session policy, saved through instance 1, is applied by instance 2 on the next request', async () => {
  const cookie = await cookiesOf(member);
  expect(await onSecond('/api/projects', cookie)).toBe(200);
  // An idle timeout of 5 minutes, saved through instance 1; instance 2's clock then runs 6
  // minutes ahead, so the member's session has been idle past it there.
  await setSecurityPolicy(slug, { sessionIdleMinutes: 5 });
  try {
    await moveSecondClock(6 * 60_000);
    // The policy is read per request, not cached: no waiting.
    expect(await onSecond('/api/projects', cookie)).toBe(401);
    await moveSecondClock(0);
    expect(await onSecond('/api/projects', cookie)).toBe(200);
    // With the clock ahead but the policy lifted (through instance 1), instance 2 lets it in.
    await setSecurityPolicy(slug, { sessionIdleMinutes: null });
    await moveSecondClock(6 * 60_000);
    expect(await onSecond('/api/projects', cookie)).toBe(200);
  } finally {
    await moveSecondClock(0);
    await setSecurityPolicy(slug, { sessionIdleMinutes: null });
  }
});

test('"sign out everyone" on instance 1 ends every session of the organization on instance 2 at once', async ({ browser }) => {
  const memberCookie = await cookiesOf(member);
  const adminCookie = await cookiesOf(admin);
  expect(await onSecond('/api/projects', memberCookie)).toBe(200);
  expect(await onSecond('/api/projects', adminCookie)).toBe(200);
  await admin.goto(tenantUrl(slug, '/settings/security'));
  admin.once('dialog', (dialog) => dialog.accept());
  const sentToSignIn = admin.waitForRequest((r) => new URL(r.url()).pathname === '/auth/login');
  await admin.getByRole('button', { name: 'Sign out everyone now' }).click();
  await sentToSignIn;
  expect(await onSecond('/api/projects', memberCookie)).toBe(401);
  expect(await onSecond('/api/projects', adminCookie)).toBe(401);
  await admin.context().close();
  await member.context().close();
  admin = await signIn(browser, slug, adminEmail);
  member = await signIn(browser, slug, memberEmail);
});

test('the Management API token is shared: instance 2, and instance 2 restarted, fetch none of their own', async () => {
  // A SCIM token (made on instance 1): SCIM creating a person calls the Management API.
  await admin.goto(tenantUrl(slug, '/settings/scim'));
  const turnOn = admin.getByRole('button', { name: 'Turn on SCIM provisioning' });
  if (await turnOn.isVisible()) await turnOn.click();
  await expect(admin.getByTestId('scim-status')).toHaveText('SCIM provisioning is on.');
  await admin.getByLabel('Token name').fill('two instances');
  await admin.getByRole('button', { name: 'Create token' }).click();
  const scimToken = await admin.getByTestId('new-scim-token').inputValue();
  const domain = memberEmail.slice(memberEmail.indexOf('@') + 1);
  const provision = (name: string) => scimOnSecond(scimToken, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `${name}@${domain}`, emails: [{ value: `${name}@${domain}`, primary: true }], active: true });

  // Instance 1 has used the Management API already (founding, adding the member): its token is in the database.
  const before = await tenantStats();
  const first = await provision(`scim-a-${Date.now().toString(36)}`);
  expect(first.status, first.body).toBe(201);
  await stopSecondInstance();
  await startSecondInstance();
  const afterRestart = await provision(`scim-b-${Date.now().toString(36)}`);
  expect(afterRestart.status, afterRestart.body).toBe(201);
  const after = await tenantStats();
  expect(after.management_api_requests).toBeGreaterThan(before.management_api_requests);
  expect(after.token_requests - before.token_requests).toBe(0);
});

test('a member removed on instance 1 is refused on instance 2 within MEMBERSHIP_CACHE_SECONDS', async () => {
  const cookie = await cookiesOf(member);
  expect(await onSecond('/api/projects', cookie)).toBe(200); // cached on instance 2 from here
  await admin.goto(tenantUrl(slug, '/settings/members'));
  admin.once('dialog', (dialog) => dialog.accept());
  await (await memberActions(admin, memberEmail)).getByRole('button', { name: 'Remove' }).click();
  await expect(rowOf(memberEmail)).toHaveCount(0);
  // Instance 1 clears its own cache at once.
  expect((await member.evaluate(async () => (await fetch('/api/projects')).status))).toBe(403);
  // Instance 2 learns it from the database when its entry expires.
  await secondAnswers('/api/projects', cookie, 403, CACHE_SECONDS * 1000 + 1500);
  await new Promise((r) => setTimeout(r, CACHE_SECONDS * 1000 + 200));
  expect(await onSecond('/api/projects', cookie)).toBe(403);
});

test('an organization deleted on instance 1 is not served by instance 2', async () => {
  // Instance 2's middleware may keep resolving the slug (its lookup cache, README "Tenant
  // lookup": 45 s at most, too long to wait for here), but a stale answer names a tenant whose
  // rows are gone: nothing of it is served once the membership cache has expired.
  const cookie = await cookiesOf(admin);
  expect(await onSecond('/api/projects', cookie)).toBe(200); // tenant and membership cached on instance 2
  await admin.goto(tenantUrl(slug, '/settings/organization'));
  await admin.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await admin.getByRole('button', { name: 'Delete this organization' }).click();
  await admin.waitForURL((url) => url.searchParams.get('deleted') === slug);
  const refused = async (path: string) => [401, 403, 404].includes(await onSecond(path, cookie));
  const started = Date.now();
  while (!(await refused('/api/projects'))) {
    expect(Date.now() - started, 'instance 2 still serves the deleted organization').toBeLessThan(CACHE_SECONDS * 1000 + 1500);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, CACHE_SECONDS * 1000 + 200));
  expect(await refused('/api/projects')).toBe(true);
  expect(await refused('/projects')).toBe(true);
});

/** Sends every request of `context` for the app's hosts to instance 2 (the browser cannot resolve them there). */
async function throughSecondInstance(context: BrowserContext): Promise<{ posts: number }> {
  const forwarded = { posts: 0 };
  await context.route((url) => url.host === ROOT_DOMAIN || url.host.endsWith(`.${ROOT_DOMAIN}`), async (route) => {
    const request = route.request();
    const headers = Object.fromEntries(Object.entries(await request.allHeaders()).filter(([k]) => !k.startsWith(':')));
    const body = request.postDataBuffer();
    const target = new URL(request.url());
    const answer = await new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: SECOND_PORT, path: `${target.pathname}${target.search}`, method: request.method(), headers: { ...headers, host: target.host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const flat: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join('\n') : v;
          resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
        });
      });
      req.on('error', reject);
      req.end(body ?? undefined);
    });
    if (request.method() === 'POST') forwarded.posts += 1;
    await route.fulfill(answer);
  });
  return forwarded;
}

/** A new account's sign-up page with the organization form filled in, ready to submit. */
async function readyToFound(page: Page, raceSlug: string) {
  await page.goto(`${APEX}/signup`);
  await page.getByRole('link', { name: 'Create account' }).click();
  await fillSignup(page, uniqueEmail('racer'), 'Rae Racer', NEW_PASSWORD);
  await page.getByLabel('Company name').fill('Race Ltd');
  await page.getByLabel('Workspace address').fill(raceSlug);
  await expect(page.getByText('Available')).toBeVisible();
}

test('two sign-ups racing for one slug on the two instances leave one organization and no orphans', async ({ browser }) => {
  const raceSlug = `race-${Date.now().toString(36)}`;
  const onFirst = await (await browser.newContext()).newPage();
  const secondContext = await browser.newContext();
  const forwarded = await throughSecondInstance(secondContext);
  const onSecondPage = await secondContext.newPage();
  await readyToFound(onFirst, raceSlug);
  await readyToFound(onSecondPage, raceSlug);

  const create = (page: Page) => page.getByRole('button', { name: 'Create organization' }).click();
  const postsBefore = forwarded.posts;
  await Promise.all([create(onFirst), create(onSecondPage)]);
  const outcome = async (page: Page) => {
    await expect(page.getByText('That address is taken').first().or(page.getByTestId('my-roles'))).toBeVisible({ timeout: 20_000 });
    return new URL(page.url()).host === new URL(tenantUrl(raceSlug)).host ? 'won' : 'refused';
  };
  expect([await outcome(onFirst), await outcome(onSecondPage)].sort()).toEqual(['refused', 'won']);
  expect(forwarded.posts, 'the second sign-up went to instance 2').toBeGreaterThan(postsBefore);

  // The database: one organization, nothing left half made.
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const rows = (await db.query<{ auth0OrgId: string }>('SELECT "auth0OrgId" FROM "Organization" WHERE slug = $1', [raceSlug])).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.auth0OrgId).not.toMatch(/^pending:/);
    // The local tenant: the one Auth0 organization of that name is the database's, with one member.
    const token = await machineToken(AUTH0_ORIGIN, { clientId: MANAGEMENT_CLIENT.id, clientSecret: MANAGEMENT_CLIENT.secret, audience: `https://${new URL(AUTH0_ORIGIN).host}/api/v2/` });
    const api = (path: string) => fetch(`${AUTH0_ORIGIN}/api/v2${path}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as Promise<unknown>);
    const org = (await api(`/organizations/name/${raceSlug}`)) as { id: string };
    expect(org.id).toBe(rows[0]!.auth0OrgId);
    expect(await api(`/organizations/${org.id}/members`)).toHaveLength(1);
  } finally {
    await db.end();
  }
});
