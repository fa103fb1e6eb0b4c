// The audit stream and its schema through the whole stack (middleware, the production build),
// over HTTP: the schema is public, the stream needs audit:read on the organization's host.
import { test, expect } from '@playwright/test';
import { auth0OrgIdOf, call, machineToken } from './support/http';
import { APEX, AUTH0_ORIGIN, appEnv, tenantUrl } from './support/env';
import { API_AUDIENCE, API_CLIENT } from '../lib/testing/seeded';

test('the v1 event schema is published; the stream refuses a token without audit:read and a caller without one', async () => {
  const schema = await call(tenantUrl('acme', '/api/audit/schema'));
  expect(schema.status).toBe(200);
  expect(String(schema.headers['content-type'])).toContain('application/schema+json');
  expect(schema.json<{ properties: { schema: { const: string } } }>().properties.schema.const).toBe('tenantry.audit/v1');

  expect((await call(tenantUrl('acme', '/api/audit/export?limit=10'))).status).toBe(401);
  // The seeded API client's grant carries the projects scopes only.
  const organization = await auth0OrgIdOf(APEX, 'acme', appEnv().AUTH0_SECRET!);
  const token = await machineToken(AUTH0_ORIGIN, { clientId: API_CLIENT.id, clientSecret: API_CLIENT.secret, audience: API_AUDIENCE, organization });
  const refused = await call(tenantUrl('acme', '/api/audit/export?limit=10'), { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status).toBe(403);
  expect(refused.json<{ error: string }>().error).toBe('forbidden');
});
