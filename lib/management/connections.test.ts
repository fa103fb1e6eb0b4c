// The connections gateway against the local tenant's Management API (in process).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';
import { APP_CLIENT } from '@/auth0-local/testing/management-api-harness';

let w: World;
let connections: typeof import('@/lib/management/connections');
let allOrNothing: typeof import('@/lib/core/undo').allOrNothing;

beforeAll(async () => {
  w = await startWorld();
  connections = await import('@/lib/management/connections');
  ({ allOrNothing } = await import('@/lib/core/undo'));
});
afterAll(async () => w?.close());
afterEach(async () => w.clearFaults());

const LATER_STEP = 'a later step of the change failed';
const state = () => w.harness.store.state;
const stored = (id: string) => w.harness.store.connectionById(id);
const enabledOn = (slug: string, id: string) => state().enabledConnections.find((e) => e.org_id === w.org(slug).auth0OrgId && e.connection_id === id);
const saml = (name: string) => ({ name, strategy: 'samlp' as const, displayName: `SAML ${name}`, options: { signInEndpoint: 'https://idp.example.test/sso', domain_aliases: [] } });

let n = 0;
/** A connection that stays (no undo runs), enabled for the app and on acme. */
async function standing(autoMembership = false) {
  return allOrNothing(async (undo) => {
    const created = (await connections.createConnection(saml(`acme-saml-${++n}`), undo))!;
    await connections.enableConnectionForApp(created.id);
    await connections.enableConnectionOnOrganization(w.org('acme').auth0OrgId, created.id, { autoMembership }, undo);
    return created;
  });
}

describe('creating', () => {
  it('creates a connection the app may use, enabled on the organization; a later failure removes it all', async () => {
    let id = '';
    await expect(allOrNothing(async (undo) => {
      const created = (await connections.createConnection(saml('acme-saml-undo'), undo))!;
      id = created.id;
      await connections.enableConnectionForApp(id);
      await connections.enableConnectionOnOrganization(w.org('acme').auth0OrgId, id, { autoMembership: true }, undo);
      expect(stored(id)).toMatchObject({ name: 'acme-saml-undo', strategy: 'samlp', display_name: 'SAML acme-saml-undo', enabled_clients: [APP_CLIENT] });
      expect(enabledOn('acme', id)).toMatchObject({ assign_membership_on_login: true, show_as_button: true });
      throw new Error(LATER_STEP);
    })).rejects.toThrow(LATER_STEP);
    expect(stored(id)).toBeUndefined();
    expect(enabledOn('acme', id)).toBeUndefined();
  });

  it('a name the tenant already has answers null and creates nothing', async () => {
    const first = await standing();
    const count = state().connections.length;
    expect(await allOrNothing((undo) => connections.createConnection(saml(first.name), undo))).toBeNull();
    expect(state().connections).toHaveLength(count);
  });

  it('finds a connection by name, and lists the ones enabled on an organization', async () => {
    const database = await connections.findConnectionByName('Username-Password-Authentication');
    expect(database).toMatchObject({ name: 'Username-Password-Authentication' });
    expect(await connections.findConnectionByName('no-such-connection')).toBeNull();
    expect(await connections.enabledConnectionsOf(w.org('globex').auth0OrgId)).toContainEqual({ id: database!.id, name: 'Username-Password-Authentication', strategy: 'auth0' });
  });
});

describe('changing', () => {
  it('updateConnectionSettings writes name and options; its undo puts the previous ones back', async () => {
    const { id } = await standing();
    const before = (await connections.readConnection(id))!;
    await expect(allOrNothing(async (undo) => {
      await connections.updateConnectionSettings(id, { displayName: before.displayName, options: before.options! }, { displayName: 'Renamed', options: { ...before.options, domain_aliases: ['acme.test'] } }, undo);
      expect(stored(id)).toMatchObject({ display_name: 'Renamed', options: { domain_aliases: ['acme.test'] } });
      throw new Error(LATER_STEP);
    })).rejects.toThrow(LATER_STEP);
    expect(stored(id)).toMatchObject({ display_name: before.displayName, options: before.options });
  });

  it('disabling takes it off the organization (again is fine); its undo enables it again with its auto-membership', async () => {
    const { id } = await standing(true);
    const acme = w.org('acme').auth0OrgId;
    await expect(allOrNothing(async (undo) => {
      await connections.disableConnectionOnOrganization(acme, id, { autoMembership: true }, undo);
      await connections.disableConnectionOnOrganization(acme, id, { autoMembership: true }, undo);
      expect(enabledOn('acme', id)).toBeUndefined();
      throw new Error(LATER_STEP);
    })).rejects.toThrow(LATER_STEP);
    expect(enabledOn('acme', id)).toMatchObject({ assign_membership_on_login: true, show_as_button: true });
  });

  it('enabling one already enabled is fine; its undo takes it off', async () => {
    const { id } = await standing();
    await expect(allOrNothing(async (undo) => {
      await connections.enableConnectionOnOrganization(w.org('acme').auth0OrgId, id, { autoMembership: false }, undo);
      throw new Error(LATER_STEP);
    })).rejects.toThrow(LATER_STEP);
    expect(enabledOn('acme', id)).toBeUndefined();
  });

  it('setAutoMembership switches it; its undo switches it back', async () => {
    const { id } = await standing(false);
    await expect(allOrNothing(async (undo) => {
      await connections.setAutoMembership(w.org('acme').auth0OrgId, id, { from: false, to: true }, undo);
      expect(enabledOn('acme', id)?.assign_membership_on_login).toBe(true);
      throw new Error(LATER_STEP);
    })).rejects.toThrow(LATER_STEP);
    expect(enabledOn('acme', id)?.assign_membership_on_login).toBe(false);
  });

  it('deleteConnection deletes; one already gone counts as deleted, and reads as null', async () => {
    const { id } = await standing();
    await connections.deleteConnection(id);
    expect(stored(id)).toBeUndefined();
    await expect(connections.deleteConnection(id)).resolves.toBeUndefined();
    expect(await connections.readConnection(id)).toBeNull();
  });
});
