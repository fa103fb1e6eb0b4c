// End to end against the real local tenant (server.ts): the SDK gets its token from the
// tenant's own /oauth/token with client credentials, then drives /api/v2.
// Skipped until auth0-local/src/server.ts exists.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { ManagementClient } from 'auth0';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TenantStore } from '../store';
import { M2M, READONLY_M2M, httpFetch, stateAfter } from '../../testing/management-api-harness';

const serverFile = new URL('../server.ts', import.meta.url);
const hasServer = existsSync(serverFile);

interface LocalTenant { url: string; issuer: string; store: TenantStore; close: () => Promise<void> }

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe.skipIf(!hasServer)('Management API on the real local tenant', () => {
  let tenant: LocalTenant;
  let port: number;
  const client = (creds: { id: string; secret: string }) =>
    new ManagementClient({ domain: `localhost:${port}`, clientId: creds.id, clientSecret: creds.secret, fetch: httpFetch(port), maxRetries: 0 });

  beforeAll(async () => {
    port = await freePort();
    const mod = (await import(/* @vite-ignore */ serverFile.href)) as {
      createLocalTenant: (o: { port: number; dataDir: null }) => Promise<LocalTenant>;
    };
    tenant = await mod.createLocalTenant({ port, dataDir: null });
  });
  afterAll(async () => { await tenant?.close(); });

  test('client-credentials token from /oauth/token, then organizations, members, invitations', async () => {
    const mc = client(M2M);
    const orgs = await mc.organizations.list();
    expect(orgs.data.map((o) => o.name)).toEqual(expect.arrayContaining(['acme', 'globex']));
    const org = await mc.organizations.create({ name: 'e2e-org', display_name: 'E2E', metadata: { tenantId: 'ten_e2e' } });
    const pat = (await mc.users.listUsersByEmail({ email: 'pat@personal.test' }))[0]!;
    await mc.organizations.members.create(org.id!, { members: [pat.user_id!] });
    const roles = await mc.roles.list({ name_filter: 'org_member' });
    await mc.organizations.members.roles.assign(org.id!, pat.user_id!, { roles: [roles.data[0]!.id!] });
    const members = await mc.organizations.members.list(org.id!, { fields: 'roles' });
    expect(members.data[0]).toMatchObject({ user_id: pat.user_id, roles: [{ name: 'org_member' }] });
    const inv = await mc.organizations.invitations.create(org.id!, {
      inviter: { name: 'E2E' }, invitee: { email: 'e2e@example.test' }, client_id: 'tenantry-local-app', send_invitation_email: false,
    });
    expect(inv.invitation_url).toContain(`invitation=${inv.ticket_id}&organization=${org.id}&organization_name=e2e-org`);
    await mc.organizations.delete(org.id!);
  });

  test('insufficient_scope for the read-only client changes nothing; a wrong secret gets no token', async () => {
    const ro = client(READONLY_M2M);
    expect((await ro.organizations.list()).data.length).toBeGreaterThan(0);
    const r = await stateAfter(tenant.store, () => ro.organizations.create({ name: 'ro-refused' }));
    expect(r.changed).toBe(false);
    expect((r.error as any).statusCode).toBe(403);
    expect((r.error as any).body.errorCode).toBe('insufficient_scope');

    const wrong = client({ id: M2M.id, secret: 'wrong' });
    const err = await wrong.organizations.list().then(() => null, (e: any) => e);
    expect(err?.message).toContain('token request failed');
    expect(err?.statusCode).toBe(401);
  });
});
