// Helpers for the enterprise SSO tests: a ManagementClient on the running local tenant, and a
// browser walk through a test IdP's sign-in page and back.
import { ManagementClient } from 'auth0';
import { httpFetch } from '../src/management/test-harness.js';
import type { LocalTenant } from '../src/server.js';
import { APP, M2M, type Page, type StartedLogin } from './helpers.js';

/**
 * The `auth0` SDK pointed at the local tenant (it hard-codes https; httpFetch sends it to http).
 * The tenant applies Essentials rate limits, so the SDK retries a 429 after x-ratelimit-reset.
 */
export function managementClient(tenant: LocalTenant): ManagementClient {
  return new ManagementClient({
    domain: `localhost:${tenant.port}`, clientId: M2M.clientId, clientSecret: M2M.clientSecret, fetch: httpFetch(tenant.port), maxRetries: 3,
  });
}

/**
 * From a page that redirects to a test IdP (SAML or OIDC): open its sign-in page, fill Email
 * and Name, press Sign in, let the auto-posted SAMLResponse (if any) reach the tenant, and
 * follow redirects until the app's callback. Returns that last page.
 */
export async function signInAtIdp(started: StartedLogin, page: Page, email: string, name: string): Promise<Page> {
  if (!page.location) throw new Error(`expected a redirect to the IdP, got ${page.status} ${page.url}\n${page.body.slice(0, 500)}`);
  const { browser } = started;
  const form = await browser.go(page.location, APP.redirectUri);
  if (!form.body.includes('<label for="email">Email</label>') || !form.body.includes('<label for="name">Name</label>') || !/<button type="submit">Sign in<\/button>/.test(form.body)) {
    throw new Error(`not the test IdP's sign-in page: ${form.status} ${form.url}\n${form.body.slice(0, 500)}`);
  }
  let next = await browser.submit(form, { email, name }, APP.redirectUri);
  // SAML (and OIDC front_channel): the IdP answers with an auto-submitting form to the tenant.
  if (next.status === 200 && /name="(SAMLResponse|id_token)"/.test(next.body)) next = await browser.submit(next, {}, APP.redirectUri);
  // OIDC: the IdP redirects to the tenant's /login/callback (another origin than the IdP's).
  while (next.location && !next.location.startsWith(APP.redirectUri)) next = await browser.go(next.location, APP.redirectUri);
  return next;
}
