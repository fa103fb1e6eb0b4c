// Invitations against the local tenant's Management API (in process) and a real database.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { whileMemberRolesAnswerEmpty } from '@/lib/testing/member-roles-answer';
import { startWorld, type World } from '@/lib/testing/world';

let w: World;
let inv: typeof import('@/lib/admin/invitations');
let ManagementApiError: typeof import('@/lib/management/client').ManagementApiError;
let DomainError: typeof import('@/lib/core/errors').DomainError;

beforeAll(async () => {
  w = await startWorld();
  inv = await import('@/lib/admin/invitations');
  ({ ManagementApiError } = await import('@/lib/management/client'));
  ({ DomainError } = await import('@/lib/core/errors'));
});
afterAll(async () => w?.close());
afterEach(async () => w.clearFaults());

const invitationsIn = (slug: string) => w.harness.store.state.invitations.filter((i) => i.organization_id === w.org(slug).auth0OrgId);
/** Removes pending invitations in the local tenant (test cleanup, no audit trail). */
const dropInvitations = (match: (email: string) => boolean) =>
  w.harness.store.mutate((s) => { s.invitations = s.invitations.filter((i) => !match(i.invitee.email)); });
const mailTo = (email: string) => w.harness.store.state.outbox.filter((m) => m.to === email);
const auditOf = (slug: string, action: string) => w.prisma.auditEvent.findMany({ where: { tenantId: w.org(slug).id, action }, orderBy: { createdAt: 'asc' } });

describe('inviting a new person', () => {
  it('creates an Auth0 invitation with the roles, the app as client and the admin as inviter, and mails it', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const outcome = await inv.invite(admin, { email: 'newbie@example.test', roles: ['org_member', 'org_billing'], mode: 'auto' });
    expect(outcome.kind).toBe('invited');
    const [created] = invitationsIn('acme');
    const roleIds = w.harness.store.state.roles.filter((r) => r.name === 'org_member' || r.name === 'org_billing').map((r) => r.id).sort();
    expect(created).toMatchObject({ invitee: { email: 'newbie@example.test' }, inviter: { name: 'Alice Admin' }, client_id: 'tenantry-local-app' });
    expect([...created!.roles].sort()).toEqual(roleIds);
    const [mail] = mailTo('newbie@example.test');
    expect(mail!.link).toContain(`invitation=${created!.ticket_id}`);
    const [event] = await auditOf('acme', 'invitation.created');
    expect(event).toMatchObject({ actor: admin.principal.id, target: 'newbie@example.test', details: { invitationId: created!.id, roles: ['org_member', 'org_billing'] } });
    const listed = await inv.listInvitations(admin);
    expect(listed).toEqual([expect.objectContaining({ id: created!.id, email: 'newbie@example.test', inviter: 'Alice Admin', roles: ['org_member', 'org_billing'], expired: false })]);
    expect(listed[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });

  it('refuses a second pending invitation for the same address, and an address that is already a member', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const again = await inv.invite(admin, { email: 'newbie@example.test', roles: ['org_member'], mode: 'invite' }).catch((e) => e);
    expect(again).toBeInstanceOf(DomainError);
    expect(again).toMatchObject({ field: 'email' });
    const member = await inv.invite(admin, { email: 'bob@acme.test', roles: ['org_member'], mode: 'auto' }).catch((e) => e);
    expect(member).toMatchObject({ field: 'email', message: 'bob@acme.test is already a member of this organization.' });
    expect(invitationsIn('acme')).toHaveLength(1);
  });

  it('a rate-limited invitation shows a plain message and leaves nothing behind', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    await w.fault({ path: '/\\/invitations$/', method: 'POST', status: 429, retry_after: 1 });
    const error = await inv.invite(admin, { email: 'later@example.test', roles: ['org_member'], mode: 'invite' }).catch((e) => e);
    expect(error).toBeInstanceOf(ManagementApiError);
    expect(error.message).toMatch(/rate limiting us, try again in \d+ s/);
    expect(invitationsIn('acme').map((i) => i.invitee.email)).not.toContain('later@example.test');
    expect(mailTo('later@example.test')).toHaveLength(0);
    expect((await auditOf('acme', 'invitation.created')).map((e) => e.target)).not.toContain('later@example.test');
  });
});

describe('an address outside the trust basis (consent: only an invitation the person accepts)', () => {
  it('an unverified account at a verified domain is never offered nor added: an invitation goes to the mailbox (account takeover)', async () => {
    // Anyone can sign up newhire@acme.test with their own password; the address is unproven.
    await w.verifyDomain('acme', 'acme.test');
    const squatter = w.addUser('newhire@acme.test', { name: 'Mallory', emailVerified: false });
    const admin = await w.ctx('acme', 'alice@acme.test');
    const outcome = await inv.invite(admin, { email: 'newhire@acme.test', roles: ['org_member'], mode: 'auto' });
    expect(outcome.kind).toBe('invited');
    expect(JSON.stringify(outcome)).not.toContain('Mallory');
    expect(mailTo('newhire@acme.test')).toHaveLength(1);
    const add = await inv.invite(admin, { email: 'newhire@acme.test', roles: ['org_member'], mode: 'add' }).catch((e) => e);
    expect(add).toMatchObject({ field: 'email', message: inv.NOT_ADDABLE });
    expect(w.harness.store.state.members.some((m) => m.user_id === squatter)).toBe(false);
    expect(await w.prisma.membership.count({ where: { userId: squatter } })).toBe(0);
  });

  it('another company’s (or a personal) account gets exactly the answer a brand-new address gets: no name, no add', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const existing = await inv.invite(admin, { email: 'pat@personal.test', roles: ['org_readonly'], mode: 'auto' });
    const fresh = await inv.invite(admin, { email: 'nobody@personal.test', roles: ['org_readonly'], mode: 'auto' });
    const shape = (o: typeof existing) => (o.kind === 'invited' ? { kind: o.kind, roles: o.invitation.roles, inviter: o.invitation.inviter, keys: Object.keys(o.invitation).sort() } : o);
    expect(shape(existing)).toEqual(shape(fresh));
    expect(JSON.stringify(existing)).not.toContain('Pat Personal');
    // "add" for either: the same refusal, and nobody joins.
    const addExisting = await inv.invite(admin, { email: 'dave@globex.test', roles: ['org_member'], mode: 'add' }).catch((e) => e);
    const addFresh = await inv.invite(admin, { email: 'ghost@globex.test', roles: ['org_member'], mode: 'add' }).catch((e) => e);
    expect(addExisting).toBeInstanceOf(DomainError);
    expect({ message: addExisting.message, field: addExisting.field }).toEqual({ message: addFresh.message, field: addFresh.field });
    expect(w.auth0Roles('acme', 'pat@personal.test')).toBeNull();
    expect(await w.prisma.auditEvent.count({ where: { tenantId: w.org('acme').id, action: 'member.added' } })).toBe(0);
    dropInvitations((email) => email !== 'newbie@example.test');
  });
});

describe('an address with a trust basis', () => {
  it('a verified account at a verified domain is offered, and adding makes them a member with the roles, in Auth0 and here', async () => {
    const vera = w.addUser('vera@acme.test', { name: 'Vera Verified', emailVerified: true });
    const admin = await w.ctx('acme', 'alice@acme.test');
    const offered = await inv.invite(admin, { email: 'vera@acme.test', roles: ['org_readonly'], mode: 'auto' });
    expect(offered).toEqual({ kind: 'existing_user', user: { userId: vera, email: 'vera@acme.test', name: 'Vera Verified' } });
    expect(w.auth0Roles('acme', 'vera@acme.test')).toBeNull(); // nothing done yet
    const added = await inv.invite(admin, { email: 'vera@acme.test', roles: ['org_readonly'], mode: 'add' });
    expect(added.kind).toBe('added');
    expect(w.auth0Roles('acme', 'vera@acme.test')).toEqual(['org_readonly']);
    const row = await w.prisma.membership.findUnique({ where: { tenantId_userId: { tenantId: w.org('acme').id, userId: vera } } });
    expect(row).toMatchObject({ roles: ['org_readonly'], source: 'admin', removedAt: null });
    expect(await auditOf('acme', 'member.added')).toEqual([expect.objectContaining({ target: vera, details: { email: 'vera@acme.test', roles: ['org_readonly'] } })]);
  });

  it('a verified account at a domain verified by ANOTHER organization is not addable here', async () => {
    const admin = await w.ctx('globex', 'carol@example.test');
    const outcome = await inv.invite(admin, { email: 'vera@acme.test', roles: ['org_member'], mode: 'auto' });
    expect(outcome.kind).toBe('invited');
    dropInvitations((email) => email === 'vera@acme.test');
  });

  it('someone with an identity in one of the organization’s own SSO connections is addable, whatever the domain', async () => {
    const org = w.org('globex');
    await w.prisma.ssoConnection.create({ data: { tenantId: org.id, auth0ConnectionId: 'con_globexsaml00001', name: 'globex-saml', strategy: 'samlp', displayName: 'Globex SSO', createdBy: 'test' } });
    const sam = w.addUser('sam@contractor.test', { name: 'Sam Sso', emailVerified: false, sso: 'globex-saml' });
    const admin = await w.ctx('globex', 'carol@example.test');
    expect(await inv.invite(admin, { email: 'sam@contractor.test', roles: ['org_member'], mode: 'auto' })).toMatchObject({ kind: 'existing_user', user: { userId: sam } });
    // Acme's IdP does not vouch for Globex's people.
    const acmeAdmin = await w.ctx('acme', 'alice@acme.test');
    expect(await inv.invite(acmeAdmin, { email: 'sam@contractor.test', roles: ['org_member'], mode: 'add' }).catch((e) => e)).toMatchObject({ message: inv.NOT_ADDABLE });
    expect(w.harness.store.state.members.some((m) => m.user_id === sam)).toBe(false);
  });

  it('membership comes from the user’s organizations, not from a member-roles answer: a 200 [] for a non-member still adds them first', async () => {
    // Auth0 does not document GET /organizations/{id}/members/{user}/roles as a membership
    // test; here it answers 200 [] for a non-member. The person must still be added as a
    // member before roles are assigned (the old check skipped that and failed half-way).
    const tina = w.addUser('tina@acme.test', { name: 'Tina', emailVerified: true });
    await whileMemberRolesAnswerEmpty(async () => {
      const admin = await w.ctx('acme', 'alice@acme.test');
      await inv.invite(admin, { email: 'tina@acme.test', roles: ['org_member'], mode: 'add' });
    });
    expect(w.auth0Roles('acme', 'tina@acme.test')).toEqual(['org_member']);
    expect(w.harness.store.state.members.some((m) => m.user_id === tina)).toBe(true);
  });

  it('when assigning roles fails, the Auth0 membership is taken back and nothing is recorded', async () => {
    await w.verifyDomain('globex', 'globex.test');
    const gus = w.addUser('gus@globex.test', { emailVerified: true });
    const admin = await w.ctx('globex', 'carol@example.test');
    await w.fault({ path: '/\\/members\\/.+\\/roles$/', method: 'POST', status: 500, times: 3 });
    const error = await inv.invite(admin, { email: 'gus@globex.test', roles: ['org_member'], mode: 'add' }).catch((e) => e);
    expect(error).toBeInstanceOf(ManagementApiError);
    expect(w.auth0Roles('globex', 'gus@globex.test')).toBeNull();
    expect(await w.prisma.membership.count({ where: { tenantId: w.org('globex').id, userId: gus } })).toBe(0);
  });
});

describe('revoking and resending', () => {
  it('resend replaces the invitation with a new link and a new mail', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const [old] = invitationsIn('acme');
    const fresh = await inv.resendInvitation(admin, old!.id);
    expect(fresh.id).not.toBe(old!.id);
    expect(invitationsIn('acme').map((i) => i.id)).toEqual([fresh.id]);
    expect(invitationsIn('acme')[0]!.roles).toEqual(old!.roles);
    expect(mailTo('newbie@example.test')).toHaveLength(2);
    expect(await auditOf('acme', 'invitation.resent')).toEqual([expect.objectContaining({ target: 'newbie@example.test', details: expect.objectContaining({ invitationId: fresh.id, replaces: old!.id }) })]);
  });

  it('another organization’s admin cannot revoke or resend it', async () => {
    const globexAdmin = await w.ctx('globex', 'carol@example.test');
    const [acmeInvitation] = invitationsIn('acme');
    await expect(inv.revokeInvitation(globexAdmin, acmeInvitation!.id)).rejects.toThrow(DomainError);
    await expect(inv.resendInvitation(globexAdmin, acmeInvitation!.id)).rejects.toThrow(DomainError);
    expect(invitationsIn('acme')).toHaveLength(1);
  });

  it('revoke deletes it; it cannot be revoked or resent again (no replay)', async () => {
    const admin = await w.ctx('acme', 'alice@acme.test');
    const [current] = invitationsIn('acme');
    await inv.revokeInvitation(admin, current!.id);
    expect(invitationsIn('acme')).toHaveLength(0);
    expect(await auditOf('acme', 'invitation.revoked')).toEqual([expect.objectContaining({ target: 'newbie@example.test', details: { invitationId: current!.id } })]);
    await expect(inv.revokeInvitation(admin, current!.id)).rejects.toThrow(/no longer exists/);
    await expect(inv.resendInvitation(admin, current!.id)).rejects.toThrow(/no longer exists/);
    expect(invitationsIn('acme')).toHaveLength(0);
    await expect(inv.revokeInvitation(admin, '../../organizations')).rejects.toThrow(DomainError);
  });

  it('the accepted-invitation path records the member once, from the token, and a replayed old token after removal is refused', async () => {
    // Auth0 consumes the ticket at login (local tenant: one use). What reaches the app is the
    // signed token's roles: admission after sign-in records the member; after a removal, only a
    // sign-in after it readmits, so an old session or a refreshed token cannot rejoin.
    const { admit } = await import('@/lib/admission/admit');
    const org = w.org('acme');
    const joinedAt = new Date();
    const first = { userId: 'auth0|invitee1', issuedAt: joinedAt, proof: 'session' as const, claimedRoles: ['org_member'], claimedTenantId: org.id, email: 'invitee1@example.test' };
    expect(await admit(org.id, first)).toMatchObject({ roles: ['org_member'] });
    expect(await admit(org.id, first)).toMatchObject({ roles: ['org_member'] });
    expect(await w.prisma.auditEvent.count({ where: { tenantId: org.id, action: 'member.joined', target: 'auth0|invitee1' } })).toBe(1);
    const members = await import('@/lib/admin/members');
    await members.removeMember(await w.ctx('acme', 'alice@acme.test'), { userId: 'auth0|invitee1' });
    expect(await admit(org.id, first)).toBeNull();
    // Another org's tenant id in the claims never records a membership here.
    expect(await admit(org.id, { ...first, userId: 'auth0|other', claimedTenantId: w.org('globex').id })).toBeNull();
    // A bearer token issued after the removal (a refresh grant keeps the old claims) does not
    // readmit; a new sign-in (session) after the removal does.
    const later = new Date(Date.now() + 1000);
    expect(await admit(org.id, { ...first, issuedAt: later, proof: 'bearer' })).toBeNull();
    expect(await admit(org.id, { ...first, issuedAt: later, proof: 'session' })).toMatchObject({ roles: ['org_member'] });
  });
});
