// The members gateway against the local tenant's Management API (in process): each write is
// undone when a later step of the change fails, so Auth0 is left as it was.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '@/lib/testing/world';

let w: World;
let members: typeof import('@/lib/management/members');
let allOrNothing: typeof import('@/lib/core/undo').allOrNothing;
let ManagementApiError: typeof import('@/lib/management/client').ManagementApiError;

beforeAll(async () => {
  w = await startWorld();
  members = await import('@/lib/management/members');
  ({ allOrNothing } = await import('@/lib/core/undo'));
  ({ ManagementApiError } = await import('@/lib/management/client'));
});
afterAll(async () => w?.close());
afterEach(async () => w.clearFaults());

const LATER_STEP = 'a later step of the change failed';
/** Runs `step` as one step of a change whose next step fails. */
const failingAfter = (step: Parameters<typeof allOrNothing>[0]) =>
  allOrNothing(async (undo) => {
    await step(undo);
    throw new Error(LATER_STEP);
  });

let n = 0;
const newUser = () => w.addUser(`person${++n}@members.test`, { emailVerified: true });
/** The member's role names in the local tenant, or null when not a member. */
const rolesIn = (slug: string, userId: string) => {
  const s = w.harness.store.state;
  const member = s.members.find((m) => m.org_id === w.org(slug).auth0OrgId && m.user_id === userId);
  return member ? member.roles.map((id) => s.roles.find((r) => r.id === id)!.name).sort() : null;
};

describe('addMemberWithRoles', () => {
  it('makes the user a member with the roles', async () => {
    const user = newUser();
    await allOrNothing((undo) => members.addMemberWithRoles(w.org('acme').auth0OrgId, user, ['org_member', 'org_readonly'], undo));
    expect(rolesIn('acme', user)).toEqual(['org_member', 'org_readonly']);
    expect(await members.membershipOf(w.org('acme').auth0OrgId, user)).toEqual(['org_member', 'org_readonly']);
  });

  it('a failure after it takes the membership and the roles back in Auth0', async () => {
    const user = newUser();
    await expect(failingAfter((undo) => members.addMemberWithRoles(w.org('acme').auth0OrgId, user, ['org_admin'], undo))).rejects.toThrow(LATER_STEP);
    expect(rolesIn('acme', user)).toBeNull();
    expect(await members.membershipOf(w.org('acme').auth0OrgId, user)).toBeNull();
  });

  it('when Auth0 refuses the roles, the membership it had just made is taken back', async () => {
    const user = newUser();
    await w.fault({ path: '/\\/members\\/[^/]+\\/roles$/', method: 'POST', status: 400 });
    const error = await allOrNothing((undo) => members.addMemberWithRoles(w.org('acme').auth0OrgId, user, ['org_member'], undo)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManagementApiError);
    expect(rolesIn('acme', user)).toBeNull();
  });
});

describe('roles', () => {
  it('setMemberRoles brings the roles to exactly these, and its undo puts the old ones back', async () => {
    const acme = w.org('acme').auth0OrgId;
    const bob = w.userId('bob@acme.test');
    expect(rolesIn('acme', bob)).toEqual(['org_member']);
    await expect(failingAfter(async (undo) => {
      expect(await members.setMemberRoles(acme, bob, ['org_admin', 'org_readonly'], undo)).toEqual(['org_member']);
      expect(rolesIn('acme', bob)).toEqual(['org_admin', 'org_readonly']);
    })).rejects.toThrow(LATER_STEP);
    expect(rolesIn('acme', bob)).toEqual(['org_member']);
  });

  it('assignRoles adds to what the member has; removeRoles takes away; both are undone', async () => {
    const acme = w.org('acme').auth0OrgId;
    const bob = w.userId('bob@acme.test');
    await expect(failingAfter(async (undo) => {
      await members.assignRoles(acme, bob, ['org_readonly'], undo);
      await members.removeRoles(acme, bob, ['org_member'], undo);
      expect(rolesIn('acme', bob)).toEqual(['org_readonly']);
    })).rejects.toThrow(LATER_STEP);
    expect(rolesIn('acme', bob)).toEqual(['org_member']);
  });

  it('membershipOf answers null for someone who is no member, without asking for their roles', async () => {
    const stranger = newUser();
    await w.fault({ path: '/\\/members\\/[^/]+\\/roles$/', method: 'GET', status: 400 });
    expect(await members.membershipOf(w.org('acme').auth0OrgId, stranger)).toBeNull();
    expect(await members.isMember(w.org('acme').auth0OrgId, w.userId('bob@acme.test'))).toBe(true);
    expect(await members.isMember(w.org('globex').auth0OrgId, w.userId('bob@acme.test'))).toBe(false);
  });
});

describe('removeMember', () => {
  it('ends the membership; its undo makes them a member again with the roles they had', async () => {
    const acme = w.org('acme').auth0OrgId;
    const user = newUser();
    await allOrNothing((undo) => members.addMemberWithRoles(acme, user, ['org_admin', 'org_member'], undo));
    await expect(failingAfter(async (undo) => {
      await members.removeMember(acme, user, ['org_admin', 'org_member'], undo);
      expect(rolesIn('acme', user)).toBeNull();
    })).rejects.toThrow(LATER_STEP);
    expect(rolesIn('acme', user)).toEqual(['org_admin', 'org_member']);

    await allOrNothing((undo) => members.removeMember(acme, user, [], undo));
    expect(rolesIn('acme', user)).toBeNull();
  });
});

it('listMembers lists the organization’s members with their Tenantry roles, and no one else', async () => {
  const list = await members.listMembers(w.org('globex').auth0OrgId);
  expect(list.map((m) => [m.email, m.roles]).sort()).toEqual([
    ['carol@example.test', ['org_admin']],
    ['dave@globex.test', ['org_readonly']],
  ]);
});
