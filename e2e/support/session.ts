// Signs in without a browser (for the bench and HTTP tests): follows the redirects of a
// real login through the app and the local tenant, keeping cookies per host, and submits
// the Universal Login form like a browser would.
import { call, type HttpResponse } from './http';

type Jar = Map<string, Map<string, string>>;

function store(jar: Jar, host: string, response: HttpResponse) {
  const raw = response.headers['set-cookie'];
  for (const line of Array.isArray(raw) ? raw : raw ? [raw] : []) {
    const [pair, ...attrs] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const cookies = jar.get(host) ?? new Map<string, string>();
    const expired = attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
    if (expired || value === '') cookies.delete(name);
    else cookies.set(name, value);
    jar.set(host, cookies);
  }
}

function cookieHeader(jar: Jar, host: string): string {
  return [...(jar.get(host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
}

async function go(jar: Jar, url: string, init: { method?: string; body?: string; contentType?: string } = {}): Promise<{ url: string; response: HttpResponse }> {
  let current = url;
  let method = init.method ?? 'GET';
  let body = init.body;
  for (let hops = 0; hops < 20; hops++) {
    const host = new URL(current).host;
    const headers: Record<string, string> = { cookie: cookieHeader(jar, host) };
    if (body) headers['content-type'] = init.contentType ?? 'application/x-www-form-urlencoded';
    const response = await call(current, { method, headers, body });
    store(jar, host, response);
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location) {
      current = new URL(String(location), current).toString();
      method = 'GET';
      body = undefined;
      continue;
    }
    return { url: current, response };
  }
  throw new Error(`too many redirects from ${url}`);
}

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** Submits the first form on the page, with `fields` filled in over its hidden inputs. */
async function submitForm(jar: Jar, page: { url: string; response: HttpResponse }, fields: Record<string, string>) {
  const html = page.response.body;
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form at ${page.url}: ${html.slice(0, 300)}`);
  const data = new URLSearchParams();
  for (const input of form[2]!.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name && /type="hidden"/i.test(input[0])) data.set(decode(name), decode(value));
  }
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return go(jar, new URL(decode(form[1]!), page.url).toString(), { method: 'POST', body: data.toString() });
}

/** Logs in on `origin` (an app host) as `email`; returns the app's session cookie header. */
export async function signInProgrammatically(origin: string, email: string, password: string): Promise<string> {
  const jar: Jar = new Map();
  const loginPage = await go(jar, `${origin}/auth/login?returnTo=%2Fprojects`);
  const landed = await submitForm(jar, loginPage, { username: email, password });
  const appHost = new URL(origin).host;
  if (!new URL(landed.url).host.startsWith(appHost.split(':')[0]!) || !cookieHeader(jar, appHost).includes('__session')) {
    throw new Error(`login as ${email} did not reach ${origin} (ended at ${landed.url} with ${landed.response.status})`);
  }
  return cookieHeader(jar, appHost);
}
