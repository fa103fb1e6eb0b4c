// The SCIM settings' server actions: each one authorizes on its own (sso:manage) through
// authorize(), so a member without the permission and anyone from another organization are
// refused before anything changes; an admin switches SCIM on and off, creates a token (shown
// once, stored as a SHA-256 hash with a prefix) and revokes it, each with an audit event.
// Real actions, authorize() and database; credentials are bearer tokens from a stand-in issuer.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACME, ALICE, BOB, GINA, GLOBEX, as, form, request, seedAcmeAndGlobex, startWorld, stopWorld } from '@/lib/testing/world';
import type { ScimFormState } from '@/app/tenant/settings/scim/actions';

vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock('next/cache', () => ({ refresh: vi.fn(), revalidatePath: vi.fn() }));
vi.mock('next/navigation', () => ({ redirect: vi.fn(), forbidden: vi.fn(), notFound: vi.fn() }));

let prisma: Awaited<ReturnType<typeof import('@/lib/db/client').db>>;
let actions: typeof import('@/app/tenant/settings/scim/actions');
let globexTokenId: string;

const scimEvents = () => prisma.auditEvent.findMany({ where: { action: { startsWith: 'scim.' } }, orderBy: { createdAt: 'asc' } });

beforeAll(async () => {
  ({ prisma } = await startWorld({ auth0: 'stand-in-issuer', settings: { MEMBERSHIP_CACHE_SECONDS: '0' } }));
  actions = await import('@/app/tenant/settings/scim/actions');
  await seedAcmeAndGlobex(prisma);
  globexTokenId = (await prisma.scimToken.create({ data: { tenantId: GLOBEX.tenantId, name: 'Globex IdP', tokenHash: 'f'.repeat(64), prefix: 'tnt_scim_ffffff', createdBy: GINA } })).id;
});

afterAll(stopWorld);

type Action = (prev: ScimFormState, data: FormData) => Promise<ScimFormState>;
const cases: [string, () => Action, () => Record<string, string>][] = [
  ['turn SCIM on', () => actions.setScimEnabledAction, () => ({ enabled: 'on' })],
  ['turn SCIM off', () => actions.setScimEnabledAction, () => ({ enabled: 'off' })],
  ['create a token', () => actions.createScimTokenAction, () => ({ name: 'Sneaky' })],
  ['revoke a token', () => actions.revokeScimTokenAction, () => ({ id: globexTokenId })],
];

describe('refusals: nothing changes', () => {
  let before: string;
  beforeEach(async () => {
    before = JSON.stringify([await prisma.scimToken.findMany({ orderBy: { id: 'asc' } }), await prisma.organization.findMany({ orderBy: { id: 'asc' } })]);
  });
  const unchanged = async () => {
    expect(JSON.stringify([await prisma.scimToken.findMany({ orderBy: { id: 'asc' } }), await prisma.organization.findMany({ orderBy: { id: 'asc' } })])).toBe(before);
    expect(await scimEvents()).toHaveLength(0);
  };

  it.each(cases)('a member without sso:manage: %s', async (_name, action, fields) => {
    await as(BOB, ACME);
    const state = await action()({}, form(fields()));
    expect(state.message).toBe('This needs the sso:manage permission, which your role does not have.');
    expect(state.token).toBeUndefined();
    await unchanged();
  });

  it.each(cases)('another organization’s admin with their own credentials on this host: %s', async (_name, action, fields) => {
    await as(GINA, GLOBEX, ACME);
    const state = await action()({}, form(fields()));
    expect(state.message).toBe('This token is for another organization.');
    await unchanged();
  });

  it.each(cases)('another organization’s admin claiming this organization: %s', async (_name, action, fields) => {
    await as(GINA, ACME);
    const state = await action()({}, form(fields()));
    expect(state.message).toBe('You are no longer a member of this organization.');
    await unchanged();
  });

  it('an admin cannot revoke another organization’s token', async () => {
    await as(ALICE, ACME);
    const state = await actions.revokeScimTokenAction({}, form({ id: globexTokenId }));
    expect(state.message).toBe('This token does not exist.');
    await unchanged();
  });

  it('bad input comes back as field errors', async () => {
    await as(ALICE, ACME);
    expect((await actions.createScimTokenAction({}, form({ name: '   ' }))).fields).toEqual({ name: 'Name is required' });
    expect((await actions.createScimTokenAction({}, form({ name: 'x'.repeat(101) }))).fields).toEqual({ name: 'Name: at most 100 characters' });
    expect((await actions.revokeScimTokenAction({}, form({}))).fields).toEqual({ id: 'Token is required' });
    expect((await actions.setScimEnabledAction({}, form({ enabled: 'maybe' }))).ok).toBeUndefined();
    await unchanged();
  });
});

describe('an admin', () => {
  it('switches SCIM on and off, each with an audit event', async () => {
    await as(ALICE, ACME);
    expect(await actions.setScimEnabledAction({}, form({ enabled: 'on' }))).toMatchObject({ ok: true, message: 'SCIM provisioning is on.' });
    expect((await prisma.organization.findUnique({ where: { id: ACME.tenantId } }))!.scimEnabled).toBe(true);
    expect((await prisma.organization.findUnique({ where: { id: GLOBEX.tenantId } }))!.scimEnabled).toBe(false);
    await actions.setScimEnabledAction({}, form({ enabled: 'off' }));
    expect((await prisma.organization.findUnique({ where: { id: ACME.tenantId } }))!.scimEnabled).toBe(false);
    await actions.setScimEnabledAction({}, form({ enabled: 'on' }));
    expect((await scimEvents()).map((e) => [e.action, e.actor])).toEqual([['scim.enabled', ALICE], ['scim.disabled', ALICE], ['scim.enabled', ALICE]]);
  });

  it('creates a token that is shown once and stored only as a hash with a prefix, then revokes it', async () => {
    await as(ALICE, ACME);
    const state = await actions.createScimTokenAction({}, form({ name: 'Okta' }));
    expect(state.ok).toBe(true);
    expect(state.token).toMatch(/^tnt_scim_[A-Za-z0-9_-]{43}$/);
    const row = await prisma.scimToken.findFirst({ where: { tenantId: ACME.tenantId, name: 'Okta' } });
    expect(row).toMatchObject({ tokenHash: createHash('sha256').update(state.token!).digest('hex'), prefix: state.token!.slice(0, 15), createdBy: ALICE, revokedAt: null });
    expect(JSON.stringify(await prisma.scimToken.findMany())).not.toContain(state.token!);
    expect(JSON.stringify(await scimEvents())).not.toContain(state.token!);
    // A second active token with the same name is refused.
    expect((await actions.createScimTokenAction({}, form({ name: 'Okta' }))).fields).toEqual({ name: 'An active token already has this name.' });

    const revoked = await actions.revokeScimTokenAction({}, form({ id: row!.id }));
    expect(revoked).toMatchObject({ ok: true });
    expect((await prisma.scimToken.findUnique({ where: { id: row!.id } }))!.revokedAt).toBeInstanceOf(Date);
    expect((await actions.revokeScimTokenAction({}, form({ id: row!.id }))).message).toBe('This token is already revoked.');
    const events = (await scimEvents()).filter((e) => e.action.startsWith('scim.token.'));
    expect(events.map((e) => [e.action, e.target, (e.details as { name: string }).name])).toEqual([['scim.token.created', row!.id, 'Okta'], ['scim.token.revoked', row!.id, 'Okta']]);
  });
});
