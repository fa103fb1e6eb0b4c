// Test helpers: a minimal browser (cookie jar, manual redirects, HTML forms) and an
// openid-client driven login against the local tenant.
import * as client from 'openid-client';
import { createLocalTenant, type LocalTenant, type LocalTenantOptions } from '../src/server.js';

export const APP = {
  clientId: 'tenantry-local-app',
  clientSecret: 'local-app-secret-not-for-production-0000000000',
  redirectUri: 'http://localhost:3000/auth/callback',
};
export const M2M = { clientId: 'tenantry-local-m2m', clientSecret: 'local-m2m-secret-not-for-production-0000000000' };
export const API_CLIENT = { clientId: 'tenantry-local-api-client', clientSecret: 'local-api-client-secret-not-for-production-000' };
export const API = 'https://api.tenantry.local';
export const PASSWORD = 'Tenantry-demo-1';

export function startTenant(opts: Partial<LocalTenantOptions> = {}): Promise<LocalTenant> {
  return createLocalTenant({ port: 0, dataDir: null, quiet: true, ...opts });
}

interface Cookie { value: string; path: string }

export interface Page { status: number; url: string; location?: string | undefined; body: string; headers: Headers }

/** Just enough of a browser: cookies per name (one host), redirects followed by hand, form submission. */
export class Browser {
  readonly jar = new Map<string, Cookie>();

  private cookieHeader(url: URL): string {
    return [...this.jar].filter(([, c]) => url.pathname.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`).join('; ');
  }

  private store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      let path = '/';
      let expired = value === '';
      for (const a of attrs) {
        const [k, v] = a.trim().split('=');
        if (k!.toLowerCase() === 'path') path = v ?? '/';
        if (k!.toLowerCase() === 'expires' && v && Date.parse(v) < Date.now()) expired = true;
        if (k!.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      }
      if (expired) this.jar.delete(name);
      else this.jar.set(name, { value, path });
    }
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Page> {
    const u = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(u);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(u, { ...init, headers, redirect: 'manual' });
    this.store(res);
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, url, location: location ? new URL(location, u).href : undefined, body: await res.text(), headers: res.headers };
  }

  /**
   * Follows redirects until one leaves the current origin or goes to `stopPrefix` (that one is
   * returned unfetched: it is the app's callback), or a page is reached.
   */
  async go(url: string, stopPrefix: string, init?: RequestInit): Promise<Page> {
    let page = await this.fetch(url, init);
    for (let hops = 0; page.location && hops < 20; hops++) {
      if (page.location.startsWith(stopPrefix) || new URL(page.location).origin !== new URL(page.url).origin) return page;
      page = await this.fetch(page.location);
    }
    return page;
  }

  /** Submits the first form on the page (or the one whose action contains `actionContains`). */
  async submit(page: Page, fields: Record<string, string>, stopPrefix: string, actionContains?: string): Promise<Page> {
    const forms = [...page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)];
    const form = forms.find((f) => !actionContains || (attr(f[1]!, 'action') ?? '').includes(actionContains));
    if (!form) throw new Error(`no form on ${page.url}:\n${page.body.slice(0, 500)}`);
    const action = new URL(decodeEntities(attr(form[1]!, 'action') ?? page.url), page.url).href;
    const data = new URLSearchParams();
    for (const m of form[2]!.matchAll(/<input\b([^>]*)>/gi)) {
      const name = attr(m[1]!, 'name');
      if (name && !(name in fields)) data.set(name, decodeEntities(attr(m[1]!, 'value') ?? ''));
    }
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    return this.go(action, stopPrefix, { method: 'POST', body: data, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(tag);
  return m?.[1];
}
export function decodeEntities(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

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

export function decode(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}
export function decodeHeader(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString());
}

export async function postToken(tenant: LocalTenant, body: Record<string, string> | string, json = false) {
  const res = await fetch(`${tenant.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: typeof body === 'string' ? body : json ? JSON.stringify(body) : new URLSearchParams(body),
  });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}
