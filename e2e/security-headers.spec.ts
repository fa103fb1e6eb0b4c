// Issue 10, "Low": security headers, CSP nonces, and requests that must be a 4xx, not a 500,
// through the built app and its middleware (raw HTTP as in isolation-http.spec.ts, and a
// browser for the CSP).
import { test, expect, type Page } from '@playwright/test';
import { fillLogin } from './support/auth';
import { createRenameDeleteProject } from './support/projects';
import { auth0OrgIdOf, call, machineToken } from './support/http';
import { APEX, AUTH0_ORIGIN, appEnv, tenantUrl } from './support/env';

const API_CLIENT = { clientId: 'tenantry-local-api-client', clientSecret: 'local-api-client-secret-not-for-production-000', audience: 'https://api.tenantry.local' };

async function acmeToken() {
  const acme = await auth0OrgIdOf(APEX, 'acme', appEnv().AUTH0_SECRET!);
  return machineToken(AUTH0_ORIGIN, { ...API_CLIENT, organization: acme });
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value ?? '');

test('pages carry anti-framing, nosniff, referrer policy and a CSP with a fresh nonce that Next.js puts on its scripts', async () => {
  const first = await call(`${APEX}/`);
  const second = await call(tenantUrl('acme', '/'));
  for (const response of [first, second]) {
    expect(response.status).toBe(200);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    // http here: no HSTS (it is set when APP_SCHEME is https, see lib/http/security-headers.test.ts).
    expect(response.headers['strict-transport-security']).toBeUndefined();
    const csp = header(response.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    // Every script of the page carries this request's nonce.
    const scripts = [...response.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  }
  expect(/'nonce-([^']+)'/.exec(header(first.headers['content-security-policy']))?.[1]).not.toBe(/'nonce-([^']+)'/.exec(header(second.headers['content-security-policy']))?.[1]);
});

test('a client cannot choose the nonce', async () => {
  const response = await call(`${APEX}/`, { headers: { 'x-nonce': 'chosen-by-attacker', 'content-security-policy': "script-src 'nonce-chosen-by-attacker'" } });
  expect(response.body).not.toContain('chosen-by-attacker');
  expect(header(response.headers['content-security-policy'])).not.toContain('chosen-by-attacker');
});

test('tenant API answers are private and not stored', async () => {
  const token = await acmeToken();
  const auth = { authorization: `Bearer ${token}` };
  const list = await call(tenantUrl('acme', '/api/projects'), { headers: auth });
  expect(list.status).toBe(200);
  expect(list.headers['cache-control']).toBe('private, no-store');
  const created = await call(tenantUrl('acme', '/api/projects'), { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: `headers-${Date.now()}` }) });
  expect(created.headers['cache-control']).toBe('private, no-store');
  const id = created.json<{ id: string }>().id;
  const one = await call(tenantUrl('acme', `/api/projects/${id}`), { headers: auth });
  expect(one.status).toBe(200);
  expect(one.headers['cache-control']).toBe('private, no-store');
  expect((await call(tenantUrl('acme', '/api/projects/nope'), { headers: auth })).headers['cache-control']).toBe('private, no-store');
  expect((await call(tenantUrl('acme', `/api/projects/${id}`), { method: 'DELETE', headers: auth })).status).toBe(204);
});

test('a malformed percent-escape or a NUL in the path is a 400, not a 500', async () => {
  for (const path of ['/api/projects/%ZZ', '/projects/%ZZ', '/settings/sso/%ZZ', '/scim/v2/Users/%ZZ', '/scim/v2/Groups/%ZZ', '/projects/%00']) {
    expect(`${path}: ${(await call(tenantUrl('acme', path))).status}`).toBe(`${path}: 400`);
  }
  expect((await call(`${APEX}/api/internal/tenants/%00`)).status).toBe(400);
  expect((await call(`${APEX}/api/internal/tenants/%ZZ`)).status).toBe(400);
});

test('TRACE is a 405', async () => {
  for (const url of [`${APEX}/`, tenantUrl('acme', '/projects'), tenantUrl('acme', '/api/projects')]) {
    expect((await call(url, { method: 'TRACE' })).status).toBe(405);
  }
});

test('a server action posted from another origin is a 403', async () => {
  const post = (origin?: string, type = 'text/plain;charset=UTF-8') => call(tenantUrl('acme', '/projects'), {
    method: 'POST',
    headers: { 'next-action': '7f00000000000000000000000000000000000000', 'content-type': type, ...(origin ? { origin } : {}) },
    body: '[]',
  });
  expect((await post('https://evil.example')).status).toBe(403);
  expect((await post('http://globex.localhost:3100')).status).toBe(403);
  expect((await post()).status).toBe(403);
  expect((await post('https://evil.example', 'multipart/form-data; boundary=x')).status).toBe(403);
  // From its own origin it reaches Next.js, which does not know this action: not a 403 or 500.
  const own = await post(tenantUrl('acme', '/').replace(/\/$/, ''));
  expect(own.status).not.toBe(403);
  expect(own.status).toBeLessThan(500);
});

/** Collects CSP violations the page reports (Playwright's init script is not subject to the CSP). */
async function watchCsp(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => { if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return problems;
}

test('pages run under the CSP without violations, and forms (server actions) still work', async ({ page }) => {
  const problems = await watchCsp(page);
  const response = await page.goto(`${APEX}/find`);
  expect(header(response?.headers()['content-security-policy'])).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  await page.getByLabel('Work email').fill('not-an-email');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible(); // answered by the server action

  await page.goto(tenantUrl('acme', '/auth/login?returnTo=%2Fprojects'));
  await fillLogin(page, 'alice@acme.test');
  await page.waitForURL(tenantUrl('acme', '/projects'));
  // The bound-id actions (update, delete) pass their argument checks.
  await createRenameDeleteProject(page, `CSP ${Date.now()}`);
  await page.goto(tenantUrl('acme', '/settings/members'));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(problems).toEqual([]);
});

test('/auth-error shows only our own words', async ({ page }) => {
  await page.goto(`${APEX}/auth-error?error=account_locked&description=${encodeURIComponent('Your account is locked. Call +1 555 0100.')}`);
  await expect(page.getByRole('heading', { name: 'We could not sign you in' })).toBeVisible();
  await expect(page.getByText('555 0100')).toHaveCount(0);
  await expect(page.getByText('account_locked')).toHaveCount(0);
  await expect(page.getByText('Something went wrong while signing you in')).toBeVisible();
});
