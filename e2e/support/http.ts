// HTTP from the test process to the app. Node does not resolve *.localhost, so requests go
// to 127.0.0.1 with the tenant's Host header, exactly what a browser sends.
import { request as httpRequest } from 'node:http';
import { INTERNAL_CALL_HEADER, signInternalCall } from '../../lib/http/internal-call';

export interface HttpResponse { status: number; headers: Record<string, string | string[] | undefined>; body: string; json<T = unknown>(): T }

export function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: target.port, path: `${target.pathname}${target.search}`, method: init.method ?? 'GET', headers: { host: target.host, ...init.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
      },
    );
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

/** A client-credentials token from the local tenant (org-bound when `organization` is given). */
export async function machineToken(authOrigin: string, opts: { clientId: string; clientSecret: string; audience: string; organization?: string }): Promise<string> {
  const response = await fetch(`${authOrigin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: opts.clientId, client_secret: opts.clientSecret, audience: opts.audience, ...(opts.organization ? { organization: opts.organization } : {}) }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!body.access_token) throw new Error(`token request failed: ${body.error} ${body.error_description}`);
  return body.access_token;
}

/** A tenant's Auth0 organization id, from the app's internal lookup, signed as middleware signs it. */
export async function auth0OrgIdOf(apex: string, slug: string, secret: string): Promise<string> {
  const path = `/api/internal/tenants/${slug}`;
  const response = await call(`${apex}${path}`, { headers: { [INTERNAL_CALL_HEADER]: await signInternalCall('GET', path, secret) } });
  if (response.status !== 200) throw new Error(`tenant lookup for ${slug}: ${response.status} ${response.body}`);
  return response.json<{ auth0OrgId: string }>().auth0OrgId;
}
