// The tenant's own operator endpoints: request counters and the test clock's effect on
// Management API tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalTenant } from './server.js';
import { M2M, startTenant } from '../testing/local-tenant.js';

let tenant: LocalTenant;
beforeAll(async () => { tenant = await startTenant(); });
afterAll(async () => { await tenant.close(); });

async function managementToken(): Promise<string> {
  const res = await fetch(`${tenant.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: M2M.clientId, client_secret: M2M.clientSecret, audience: tenant.managementAudience }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const stats = async () => (await (await fetch(`${tenant.url}/__local/stats`)).json()) as Record<string, number>;
const setClock = (offset: number) => fetch(`${tenant.url}/__local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offset_seconds: offset }) });

describe('/__local/stats', () => {
  it('counts Management API and token requests, and resets on DELETE', async () => {
    expect((await fetch(`${tenant.url}/__local/stats`, { method: 'DELETE' })).status).toBe(204);
    expect(await stats()).toMatchObject({ management_api_requests: 0, token_requests: 0 });
    const token = await managementToken();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${tenant.url}/api/v2/organizations`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    }
    expect(await stats()).toMatchObject({ management_api_requests: 3, token_requests: 1 });
  });
});

describe('the test clock', () => {
  it('does not expire a Management API token the app already holds', async () => {
    const token = await managementToken();
    try {
      expect((await setClock(3 * 24 * 3600)).status).toBe(200);
      const res = await fetch(`${tenant.url}/api/v2/organizations`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    } finally {
      await setClock(0);
    }
  });
});
