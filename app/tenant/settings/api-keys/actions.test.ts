// The API keys settings' server actions refuse before anything changes (Auth0 is not even
// reachable in this world, so a refusal that came too late would show as an Auth0 error): a
// member without org:manage, another organization's key, bad input, and permissions beyond the
// admin's own, which the form never offers but a crafted post can send.
// Real actions, authorize() and database; credentials are bearer tokens from a stand-in issuer.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACME, ALICE, BOB, GINA, GLOBEX, as, form, request, seedAcmeAndGlobex, startWorld, stopWorld, type IssuerWorld } from '@/lib/testing/world';
import { CLAIMS } from '@/lib/auth/claims';
import { TENANT_HEADERS } from '@/lib/tenancy/headers';
import { APP_CLIENT } from '@/lib/testing/seeded';

vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock('next/cache', () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn(), forbidden: vi.fn(), notFound: vi.fn() }));

let world: IssuerWorld;
let actions: typeof import('@/app/tenant/settings/api-keys/actions');
let globexKeyId: string;

beforeAll(async () => {
  world = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '0' } });
  actions = await import('@/app/tenant/settings/api-keys/actions');
  await seedAcmeAndGlobex(world.prisma);
  globexKeyId = (await world.prisma.apiKey.create({ data: { tenantId: GLOBEX.tenantId, auth0ClientId: 'globex-key', name: 'Globex sync', permissions: ['projects:read'], createdBy: GINA } })).id;
});
afterAll(stopWorld);

const snapshot = async () => JSON.stringify([await world.prisma.apiKey.findMany({ orderBy: { id: 'asc' } }), await world.prisma.auditEvent.count()]);
let before: string;
beforeEach(async () => {
  before = await snapshot();
});
const unchanged = async () => expect(await snapshot()).toBe(before);

/** Alice (org_admin) with a token that carries only these permissions: her access is what both allow. */
async function aliceWith(permissions: string[]) {
  const token = await world.issuer.sign({ sub: ALICE, org_id: ACME.auth0OrgId, azp: APP_CLIENT.id, permissions, [CLAIMS.tenantId]: ACME.tenantId });
  request.headers = new Headers({ authorization: `Bearer ${token}`, [TENANT_HEADERS.slug]: ACME.slug, [TENANT_HEADERS.auth0OrgId]: ACME.auth0OrgId, [TENANT_HEADERS.tenantId]: ACME.tenantId });
}

describe('refusals: nothing changes', () => {
  it.each([
    ['create', () => actions.createApiKeyAction, () => ({ name: 'Sneaky', permissions: 'projects:read' })],
    ['rotate', () => actions.rotateApiKeyAction, () => ({ id: globexKeyId })],
    ['revoke', () => actions.revokeApiKeyAction, () => ({ id: globexKeyId })],
  ] as const)('a member without org:manage: %s', async (_name, action, fields) => {
    await as(BOB, ACME);
    const state = await action()({}, form(fields()));
    expect(state.message).toMatch(/needs the org:manage permission/);
    expect(state.issued).toBeUndefined();
    await unchanged();
  });

  it.each([
    ['rotate', () => actions.rotateApiKeyAction],
    ['revoke', () => actions.revokeApiKeyAction],
  ] as const)("an admin of Acme cannot %s Globex's key", async (_name, action) => {
    await as(ALICE, ACME);
    expect(await action()({}, form({ id: globexKeyId }))).toMatchObject({ message: 'This API key does not exist.' });
    await unchanged();
  });

  it('more permissions than the admin holds: a field error, checked on the server', async () => {
    await aliceWith(['org:manage', 'projects:read']);
    const state = await actions.createApiKeyAction({}, form({ name: 'Escalation', permissions: ['projects:read', 'members:manage'] }));
    expect(state.fields?.permissions).toMatch(/permissions you do not have yourself: members:manage/);
    await unchanged();
  });

  it.each([
    ['no name', { name: '  ', permissions: 'projects:read' }, 'name'],
    ['a name Auth0 refuses', { name: 'CI <prod>', permissions: 'projects:read' }, 'name'],
    ['no permission', { name: 'Empty' }, 'permissions'],
    ['an unknown permission', { name: 'Odd', permissions: 'root:all' }, 'permissions'],
    ['an expiry not offered', { name: 'Forever', permissions: 'projects:read', expiresInDays: '36500' }, 'expiresInDays'],
  ] as const)('bad input: %s', async (_name, fields, field) => {
    await as(ALICE, ACME);
    const state = await actions.createApiKeyAction({}, form(fields as Record<string, string>));
    expect(state.fields?.[field]).toBeTruthy();
    await unchanged();
  });

  it('a name an active key already has', async () => {
    await world.prisma.apiKey.create({ data: { tenantId: ACME.tenantId, auth0ClientId: 'acme-ci', name: 'CI', permissions: ['projects:read'], createdBy: ALICE } });
    before = await snapshot();
    await as(ALICE, ACME);
    expect((await actions.createApiKeyAction({}, form({ name: 'CI', permissions: 'projects:read' }))).fields?.name).toBe('An active key already has this name.');
    await unchanged();
  });
});
