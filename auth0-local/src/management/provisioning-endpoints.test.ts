// The endpoints `npm run auth0:provision` needs beyond the app's: creating applications and
// client grants, updating a grant's scopes, an API's offline access, and binding only Actions
// made for the trigger.
import type { ManagementClient } from 'auth0';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { API_IDENTIFIER, PROVISIONER, startHarness, stateAfter, type Harness } from '../../testing/management-api-harness';

let h: Harness;
let pc: ManagementClient;
beforeAll(async () => {
  h = await startHarness();
  pc = h.client(PROVISIONER);
});
afterAll(async () => { await h.close(); });

describe('applications', () => {
  test('create answers the secret once, enables the application on every connection, and reads never show it', async () => {
    const created = await pc.clients.create({
      name: 'Web', app_type: 'regular_web', grant_types: ['authorization_code', 'refresh_token'],
      callbacks: ['https://{organization_name}.example.com/auth/callback'],
      refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', token_lifetime: 2_592_000 },
    });
    expect(created.client_secret).toMatch(/.{32,}/);
    expect(created).toMatchObject({ name: 'Web', app_type: 'regular_web', refresh_token: { rotation_type: 'rotating' } });
    expect((await pc.clients.get(created.client_id!)).client_secret).toBeUndefined();
    for (const c of h.store.state.connections) expect(c.enabled_clients).toContain(created.client_id);
    const m2m = await pc.clients.create({ name: 'M2M', app_type: 'non_interactive' });
    expect(m2m.grant_types).toEqual(['client_credentials']);
  });

  test('a bad body is 400 and creates nothing', async () => {
    const r = await stateAfter(h.store, () => pc.clients.create({ name: 'x', app_type: 'regular_web', callbacks: ['not a url'] }));
    expect(r.changed).toBe(false);
    expect((r.error as any).statusCode).toBe(400);
  });
});

describe('client grants', () => {
  test('create and update scopes; unknown client, unknown API and a second grant for the pair are refused', async () => {
    const app = await pc.clients.create({ name: 'Grantee', app_type: 'non_interactive' });
    const grant = await pc.clientGrants.create({ client_id: app.client_id!, audience: API_IDENTIFIER, scope: ['projects:read'] });
    expect(grant).toMatchObject({ client_id: app.client_id, audience: API_IDENTIFIER, scope: ['projects:read'] });
    expect((await pc.clientGrants.update(grant.id!, { scope: ['projects:read', 'projects:write'] })).scope).toEqual(['projects:read', 'projects:write']);

    for (const [body, status] of [
      [{ client_id: 'nope', audience: API_IDENTIFIER, scope: [] }, 404],
      [{ client_id: app.client_id!, audience: 'https://nope', scope: [] }, 404],
      [{ client_id: app.client_id!, audience: API_IDENTIFIER, scope: [] }, 409],
    ] as const) {
      const r = await stateAfter(h.store, () => pc.clientGrants.create(body as never));
      expect(r.changed).toBe(false);
      expect((r.error as any).statusCode).toBe(status);
    }
    expect((await stateAfter(h.store, () => pc.clientGrants.update('cgr_nope', { scope: [] }))).error).toMatchObject({ statusCode: 404 });
  });

  test('create:client_grants and update:client_grants are needed', async () => {
    const token = await h.token('read:client_grants');
    expect((await h.api('POST', '/api/v2/client-grants', { token, body: { client_id: 'x', audience: API_IDENTIFIER, scope: [] } })).status).toBe(403);
    expect((await h.api('PATCH', '/api/v2/client-grants/cgr_x', { token, body: { scope: [] } })).status).toBe(403);
  });
});

test('an API keeps allow_offline_access', async () => {
  const rs = (await pc.resourceServers.get(API_IDENTIFIER));
  expect((await pc.resourceServers.update(rs.id!, { allow_offline_access: true })).allow_offline_access).toBe(true);
  expect((await pc.resourceServers.get(API_IDENTIFIER)).allow_offline_access).toBe(true);
});

test('an Action is bound only to a trigger it supports', async () => {
  const a = await pc.actions.create({ name: 'exchange', supported_triggers: [{ id: 'credentials-exchange', version: 'v2' }], code: 'exports.onExecuteCredentialsExchange = async () => {};' });
  await pc.actions.deploy(a.id!);
  const r = await stateAfter(h.store, () => pc.actions.triggers.bindings.updateMany('post-login', { bindings: [{ ref: { type: 'action_id', value: a.id! } }] }));
  expect(r.changed).toBe(false);
  expect((r.error as any).body.message).toMatch(/does not support the post-login trigger/);
});
