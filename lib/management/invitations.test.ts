// The invitations gateway against the local tenant's Management API (in process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';
import { APP_CLIENT } from '@/auth0-local/testing/management-api-harness';

let w: World;
let invitations: typeof import('@/lib/management/invitations');
let roles: typeof import('@/lib/management/roles');
let allOrNothing: typeof import('@/lib/core/undo').allOrNothing;

beforeAll(async () => {
  w = await startWorld();
  invitations = await import('@/lib/management/invitations');
  roles = await import('@/lib/management/roles');
  ({ allOrNothing } = await import('@/lib/core/undo'));
});
afterAll(async () => w?.close());

const LATER_STEP = 'a later step of the change failed';
const stored = (id: string) => w.harness.store.state.invitations.find((i) => i.id === id);

describe('invitations', () => {
  it('creates an invitation for the app with the roles, reads and lists it', async () => {
    const acme = w.org('acme').auth0OrgId;
    const created = await allOrNothing((undo) => invitations.createInvitation(acme, { inviter: 'Alice', email: 'new@acme.test', roles: ['org_member'] }, undo));
    expect(stored(created.id)).toMatchObject({ organization_id: acme, client_id: APP_CLIENT, inviter: { name: 'Alice' }, invitee: { email: 'new@acme.test' } });
    expect(await roles.roleNamesOf(created.roleIds)).toEqual(['org_member']);
    expect(await invitations.getInvitation(acme, created.id)).toMatchObject({ id: created.id, email: 'new@acme.test', inviter: 'Alice', roleIds: created.roleIds });
    expect((await invitations.listInvitations(acme)).map((i) => i.id)).toContain(created.id);
  });

  it('a failure after creating revokes the invitation again', async () => {
    const acme = w.org('acme').auth0OrgId;
    let id = '';
    await expect(allOrNothing(async (undo) => {
      id = (await invitations.createInvitation(acme, { inviter: 'Alice', email: 'undone@acme.test', roles: ['org_readonly'] }, undo)).id;
      throw new Error(LATER_STEP);
    })).rejects.toThrow(LATER_STEP);
    expect(id).toMatch(/^uinv_/);
    expect(stored(id)).toBeUndefined();
  });

  it('reissuing replaces the invitation with one for the same address and roles; its undo revokes the new one', async () => {
    const acme = w.org('acme').auth0OrgId;
    const old = await allOrNothing((undo) => invitations.createInvitation(acme, { inviter: 'Alice', email: 'again@acme.test', roles: ['org_admin'] }, undo));
    const fresh = await allOrNothing((undo) => invitations.reissueInvitation(acme, old, 'Bob', undo));
    expect(fresh).toMatchObject({ email: 'again@acme.test', inviter: 'Bob', roleIds: old.roleIds });
    expect(fresh.id).not.toBe(old.id);
    expect(stored(old.id)).toBeUndefined();

    let undone = '';
    await expect(allOrNothing(async (undo) => {
      undone = (await invitations.reissueInvitation(acme, fresh, 'Bob', undo)).id;
      throw new Error(LATER_STEP);
    })).rejects.toThrow(LATER_STEP);
    expect(stored(undone)).toBeUndefined();
  });

  it('another organization’s invitation, or one that is gone, reads as null', async () => {
    const created = await allOrNothing((undo) => invitations.createInvitation(w.org('acme').auth0OrgId, { inviter: 'Alice', email: 'x@acme.test', roles: [] }, undo));
    expect(await invitations.getInvitation(w.org('globex').auth0OrgId, created.id)).toBeNull();
    await invitations.deleteInvitation(w.org('acme').auth0OrgId, created.id);
    expect(await invitations.getInvitation(w.org('acme').auth0OrgId, created.id)).toBeNull();
  });
});
