// Sign-ins against the local tenant as an application does them, with openid-client: the
// authorization request, the Universal Login form or a test IdP's page, and the code exchange.
import * as client from 'openid-client';
import type { LocalTenant } from '../src/server.js';
import { Browser, type Page } from './browser.js';
import { APP, PASSWORD } from './local-tenant.js';

export async function appConfig(tenant: LocalTenant, creds = APP): Promise<client.Configuration> {
  return client.discovery(new URL(tenant.issuer), creds.clientId, creds.clientSecret, client.ClientSecretPost(creds.clientSecret), {
    execute: [client.allowInsecureRequests],
  });
}

export interface StartedLogin {
  browser: Browser;
  config: client.Configuration;
  verifier: string;
  state: string;
  nonce: string;
  /** The page reached (login form, prompt, or the redirect back to the app). */
  page: Page;
}

export async function startLogin(tenant: LocalTenant, params: Record<string, string> = {}, browser = new Browser(), creds = APP): Promise<StartedLogin> {
  const config = await appConfig(tenant, creds);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: creds.redirectUri,
    scope: 'openid profile email offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  const page = await browser.go(url.href, APP.redirectUri);
  return { browser, config, verifier, state, nonce, page };
}

/** Fills the login form; returns the page reached (normally the redirect to the app's callback). */
export async function submitLogin(started: StartedLogin, email: string, password = PASSWORD): Promise<Page> {
  return started.browser.submit(started.page, { username: email, password }, APP.redirectUri, '/u/login');
}

export function callbackParams(page: Page): URLSearchParams {
  if (!page.location || !/[?&](code|error)=/.test(page.location)) throw new Error(`expected a redirect to the app, got ${page.status} ${page.url}\n${page.body.slice(0, 800)}`);
  return new URL(page.location).searchParams;
}

export async function exchange(started: StartedLogin, page: Page) {
  return client.authorizationCodeGrant(started.config, new URL(page.location!), {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });
}

/** Full login: authorize, sign in, exchange the code. */
export async function login(tenant: LocalTenant, email: string, params: Record<string, string> = {}, password = PASSWORD) {
  const started = await startLogin(tenant, params);
  const page = await submitLogin(started, email, password);
  const cb = callbackParams(page);
  if (cb.get('error')) throw new Error(`login refused: ${cb.get('error')} ${cb.get('error_description')}`);
  const tokens = await exchange(started, page);
  return { started, tokens };
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
