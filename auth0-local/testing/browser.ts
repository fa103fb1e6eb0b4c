// A scripted browser for tests of the local tenant. Redirects are followed by hand so a test can
// stop at the app's callback. The app's browser-less sign-in (e2e/support/session.ts) is a
// different tool: a jar per host over loopback with the Host header, for the app on *.localhost.
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
