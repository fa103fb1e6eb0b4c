// The organizations gateway against the local tenant's Management API (in process).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';

let w: World;
let orgs: typeof import('@/lib/management/organizations');
let allOrNothing: typeof import('@/lib/core/undo').allOrNothing;

beforeAll(async () => {
  w = await startWorld();
  orgs = await import('@/lib/management/organizations');
  ({ allOrNothing } = await import('@/lib/core/undo'));
});
afterAll(async () => w?.close());
afterEach(async () => w.clearFaults());

const LATER_STEP = 'a later step of the change failed';
const state = () => w.harness.store.state;
const byName = (name: string) => state().organizations.find((o) => o.name === name);
const databaseConnectionId = () => state().connections.find((c) => c.name === 'Username-Password-Authentication')!.id;
const roleName = (id: string) => state().roles.find((r) => r.id === id)!.name;

describe('createOrganizationWithOwner', () => {
  const input = (name: string) => ({ name, displayName: 'Initech', tenantId: `ten_${name}`, connectionId: databaseConnectionId(), ownerUserId: w.userId('pat@personal.test') });

  it('creates the organization with our tenant id, the database connection and the owner as org_admin', async () => {
    const id = await allOrNothing((undo) => orgs.createOrganizationWithOwner(input('initech'), undo));
    expect(byName('initech')).toMatchObject({ id, display_name: 'Initech', metadata: { tenantId: 'ten_initech' } });
    expect(state().enabledConnections.filter((e) => e.org_id === id)).toEqual([expect.objectContaining({ connection_id: databaseConnectionId(), assign_membership_on_login: false })]);
    const owner = state().members.find((m) => m.org_id === id && m.user_id === w.userId('pat@personal.test'));
    expect(owner?.roles.map(roleName)).toEqual(['org_admin']);
  });

  it('a failure after it deletes the organization again', async () => {
    const error = await allOrNothing(async (undo) => {
      await orgs.createOrganizationWithOwner(input('hooli'), undo);
      expect(byName('hooli')).toBeTruthy();
      throw new Error(LATER_STEP);
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(LATER_STEP);
    expect(byName('hooli')).toBeUndefined();
  });

  it('when adding the owner fails, the organization it had just made is deleted', async () => {
    await w.fault({ path: '/\\/organizations\\/[^/]+\\/members$/', method: 'POST', status: 400 });
    await expect(allOrNothing((undo) => orgs.createOrganizationWithOwner(input('piedpiper'), undo))).rejects.toThrow();
    expect(byName('piedpiper')).toBeUndefined();
  });

  it('a name Auth0 already has is OrganizationNameTaken, and nothing is created', async () => {
    const before = state().organizations.length;
    await expect(allOrNothing((undo) => orgs.createOrganizationWithOwner(input('acme'), undo))).rejects.toBeInstanceOf(orgs.OrganizationNameTaken);
    expect(state().organizations).toHaveLength(before);
  });
});

describe('updateNameAndBranding', () => {
  const profile = { displayName: 'Acme Renamed', logoUrl: 'https://cdn.acme.test/logo.png', primaryColor: '#112233', pageBackgroundColor: '#445566' };

  it('sets name and branding and keeps the metadata; its undo puts the previous ones back', async () => {
    const before = structuredClone(byName('acme')!);
    await expect(allOrNothing(async (undo) => {
      await orgs.updateNameAndBranding(before.id, profile, undo);
      expect(byName('acme')).toMatchObject({ display_name: 'Acme Renamed', branding: { logo_url: profile.logoUrl, colors: { primary: '#112233', page_background: '#445566' } }, metadata: before.metadata });
      throw new Error(LATER_STEP);
    })).rejects.toThrow(LATER_STEP);
    expect(byName('acme')).toMatchObject({ display_name: before.display_name, branding: before.branding, metadata: before.metadata });
  });
});

describe('listing and deleting', () => {
  it('lists the organizations with the tenant id from their metadata', async () => {
    const list = await orgs.listOrganizations();
    expect(list.find((o) => o.name === 'globex')).toMatchObject({ id: w.org('globex').auth0OrgId, tenantId: w.org('globex').id });
  });

  it('deleteOrganization deletes, and an organization already gone counts as deleted', async () => {
    const id = await allOrNothing((undo) => orgs.createOrganizationWithOwner({ name: 'vandelay', displayName: 'Vandelay', tenantId: 'ten_vandelay', connectionId: databaseConnectionId(), ownerUserId: w.userId('pat@personal.test') }, undo));
    await orgs.deleteOrganization(id);
    expect(byName('vandelay')).toBeUndefined();
    await expect(orgs.deleteOrganization(id)).resolves.toBeUndefined();
  });
});
