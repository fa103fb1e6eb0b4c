// The users gateway against the local tenant's Management API (in process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';

let w: World;
let users: typeof import('@/lib/management/users');
let client: typeof import('@/lib/management/client');
let allOrNothing: typeof import('@/lib/core/undo').allOrNothing;

beforeAll(async () => {
  w = await startWorld();
  users = await import('@/lib/management/users');
  client = await import('@/lib/management/client');
  ({ allOrNothing } = await import('@/lib/core/undo'));
});
afterAll(async () => w?.close());

const LATER_STEP = 'a later step of the change failed';
const DATABASE = 'Username-Password-Authentication';
const stored = (id: string) => w.harness.store.state.users.find((u) => u.user_id === id);

describe('users', () => {
  it('creates an unverified account with app metadata and a password nobody was told; finds it by address', async () => {
    const id = await allOrNothing((undo) => users.createUser(DATABASE, { email: 'sam@acme.test', name: 'Sam', givenName: 'Sam', familyName: 'Doe' }, { marker: 'x' }, undo));
    expect(stored(id)).toMatchObject({ email: 'sam@acme.test', email_verified: false, given_name: 'Sam', family_name: 'Doe', app_metadata: { marker: 'x' } });
    expect(stored(id)!.password_hash).toBeTruthy();
    expect(await users.findUsersByEmail('sam@acme.test')).toEqual([expect.objectContaining({ userId: id, emailVerified: false, connections: [DATABASE], appMetadata: { marker: 'x' } })]);
    expect(await users.getUser(id)).toMatchObject({ userId: id, name: 'Sam', givenName: 'Sam', familyName: 'Doe' });
  });

  it('a failure after creating deletes the account again', async () => {
    let id = '';
    await expect(allOrNothing(async (undo) => {
      id = await users.createUser(DATABASE, { email: 'temp@acme.test', name: 'Temp' }, {}, undo);
      throw new Error(LATER_STEP);
    })).rejects.toThrow(LATER_STEP);
    expect(id).toBeTruthy();
    expect(stored(id)).toBeUndefined();
    expect(await users.getUser(id)).toBeNull();
  });

  it('an address the connection already has is a conflict (isConflict), and nothing is created', async () => {
    const count = w.harness.store.state.users.length;
    const error = await allOrNothing((undo) => users.createUser(DATABASE, { email: 'bob@acme.test', name: 'Other Bob' }, {}, undo)).catch((e: unknown) => e);
    expect(client.isConflict(error)).toBe(true);
    expect(w.harness.store.state.users).toHaveLength(count);
  });

  it('updateUserProfile writes name and address; its undo writes the old ones back', async () => {
    const id = w.addUser('lee@acme.test', { name: 'Lee', emailVerified: true });
    const before = { email: 'lee@acme.test', name: 'Lee' };
    await expect(allOrNothing(async (undo) => {
      await users.updateUserProfile(id, before, { email: 'lee.new@acme.test', name: 'Lee New', givenName: 'Lee' }, undo);
      expect(stored(id)).toMatchObject({ email: 'lee.new@acme.test', name: 'Lee New', given_name: 'Lee' });
      throw new Error(LATER_STEP);
    })).rejects.toThrow(LATER_STEP);
    expect(stored(id)).toMatchObject({ email: 'lee@acme.test', name: 'Lee' });
  });

  it('lists the organizations a user belongs to', async () => {
    const ids = await users.organizationIdsOfUser(w.userId('carol@example.test'));
    expect(ids.sort()).toEqual([w.org('acme').auth0OrgId, w.org('globex').auth0OrgId].sort());
  });

  it('renameUser writes the name only; deleteUser deletes the account (and one already gone is no error)', async () => {
    const id = w.addUser('mo@acme.test', { name: 'Mo', emailVerified: true });
    await users.renameUser(id, 'Mo Renamed');
    expect(stored(id)).toMatchObject({ name: 'Mo Renamed', email: 'mo@acme.test', email_verified: true });
    await users.deleteUser(id);
    expect(stored(id)).toBeUndefined();
    await expect(users.deleteUser(id)).resolves.toBeUndefined();
  });
});
