// Inviting people to the caller's organization. Invitations live in Auth0 (it checks the
// ticket at login and adds the membership with the invited roles); we record who invited
// whom in the audit log.
//
// Consent: nobody joins without accepting an invitation unless the organization has a real
// trust basis for the account (trustedExistingUser). Outside that basis every answer is the
// one a brand-new address gets, so an admin (anyone can create an organization) learns
// nothing about whether an address has an account, nor its name.
import 'server-only';
import { config } from '@/lib/config';
import type { TenantContext } from '@/lib/core/context';
import { forgetMembership } from '@/lib/auth/membership';
import { ROLES, type Role } from '@/lib/core/permissions';
import { auditFor } from '@/lib/data/audit';
import { withTenant } from '@/lib/data/scope';
import { activeMemberByEmail, addMember } from '@/lib/data/memberships';
import { createInvitation as createAuth0Invitation, deleteInvitation, getInvitation as getAuth0Invitation, listInvitations as listAuth0Invitations, reissueInvitation, type Invitation } from '@/lib/management/invitations';
import { addMemberWithRoles, assignRoles, membershipOf } from '@/lib/management/members';
import { roleNamesOf } from '@/lib/management/roles';
import { findUsersByEmail } from '@/lib/management/users';
import { DomainError } from '@/lib/core/errors';
import { allOrNothing } from '@/lib/core/undo';
import { invitationConnection, listConnections } from '@/lib/sso/connections';
import { verifiedDomainNames } from '@/lib/sso/domains';

export interface ExistingUser { userId: string; email: string; name: string | null }
export interface PendingInvitation {
  id: string;
  email: string;
  inviter: string;
  roles: string[];
  createdAt: Date;
  expiresAt: Date;
  expired: boolean;
}

export const INVITATION_ID = /^uinv_[A-Za-z0-9]{1,64}$/;
const GONE = 'This invitation no longer exists: it was accepted, revoked or replaced.';

function inviterName(ctx: TenantContext): string {
  return (ctx.principal.name || ctx.principal.email || 'An administrator').slice(0, 300);
}

async function refuseExistingMember(ctx: TenantContext, email: string): Promise<void> {
  const member = await withTenant(ctx, (t) => activeMemberByEmail(t, email));
  if (member) throw new DomainError(`${email} is already a member of this organization.`, 'email');
}

export const NOT_ADDABLE =
  'This address cannot be added directly. Only people with a verified account at one of your verified domains, or who sign in through your single sign-on, can be. Send an invitation instead; they join when they accept it.';

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * The account with this address that the organization may add without an invitation, or
 * null. A trust basis is either
 *  - an identity in one of THIS organization's enterprise connections (its own identity
 *    provider vouches for the person), or
 *  - a database-connection account whose email is verified, at a domain this organization
 *    has verified (so the organization controls that mailbox).
 * An unverified email proves nothing: anyone can sign up with any address. The same lookups
 * run whatever the address, so the work done does not depend on whether an account exists.
 */
export async function trustedExistingUser(ctx: TenantContext, email: string): Promise<ExistingUser | null> {
  const [users, ssoConnections, verifiedDomains] = await Promise.all([
    findUsersByEmail(email),
    listConnections(ctx).then((rows) => new Set(rows.map((r) => r.name))),
    verifiedDomainNames(ctx.tenant.tenantId),
  ]);
  const database = config().auth0.dbConnection;
  const atVerifiedDomain = verifiedDomains.includes(domainOf(email));
  const viaOwnIdp = users.find((u) => u.connections.some((c) => ssoConnections.has(c)));
  const verifiedHere = users.find((u) => atVerifiedDomain && u.emailVerified && u.connections.includes(database));
  const user = viaOwnIdp ?? verifiedHere;
  return user ? { userId: user.userId, email: user.email ?? email, name: user.name ?? null } : null;
}

export type InviteOutcome =
  | { kind: 'invited'; invitation: PendingInvitation }
  | { kind: 'existing_user'; user: ExistingUser }
  | { kind: 'added'; user: ExistingUser };

/**
 * mode "auto" offers an account the organization may add directly (trust basis, see
 * trustedExistingUser) so the admin can choose, and otherwise sends an invitation; "invite"
 * always sends an invitation; "add" adds an account with a trust basis and is refused with
 * the same message for every other address (with or without an account).
 */
export async function invite(ctx: TenantContext, input: { email: string; roles: Role[]; mode: 'auto' | 'invite' | 'add'; connection?: string }): Promise<InviteOutcome> {
  await refuseExistingMember(ctx, input.email);
  // Checked first: another organization's connection is refused before anything happens.
  const connection = await invitationConnection(ctx, input.connection ?? '');
  if (input.mode === 'add') return { kind: 'added', user: await addExistingUser(ctx, input) };
  // Someone who must use single sign-on gets an invitation, not the offer of their password account.
  if (input.mode === 'auto' && connection?.kind !== 'sso') {
    const user = await trustedExistingUser(ctx, input.email);
    if (user) return { kind: 'existing_user', user };
  }
  return { kind: 'invited', invitation: await createInvitation(ctx, { ...input, connectionId: connection?.auth0ConnectionId, connectionName: connection?.name }) };
}

export async function createInvitation(ctx: TenantContext, input: { email: string; roles: Role[]; connectionId?: string; connectionName?: string }): Promise<PendingInvitation> {
  const auth0OrgId = ctx.tenant.auth0OrgId;
  const pending = await listInvitations(ctx);
  if (pending.some((i) => i.email === input.email && !i.expired)) {
    throw new DomainError(`${input.email} already has a pending invitation. Resend it from the list below.`, 'email');
  }
  return allOrNothing(async (undo) => {
    const created = await createAuth0Invitation(auth0OrgId, { inviter: inviterName(ctx), email: input.email, roles: ROLES.filter((r) => input.roles.includes(r)), connectionId: input.connectionId }, undo);
    await withTenant(ctx, (t) => auditFor(ctx)(t, 'invitation.created', input.email, {
      invitationId: created.id, roles: input.roles, expiresAt: created.expiresAt ?? null, ...(input.connectionName ? { connection: input.connectionName } : {}),
    }));
    return toPending(created, input.roles);
  });
}

function toPending(inv: Invitation, roles: string[]): PendingInvitation {
  const expiresAt = new Date(inv.expiresAt ?? 0);
  return {
    id: inv.id,
    email: inv.email,
    inviter: inv.inviter,
    roles,
    createdAt: new Date(inv.createdAt ?? 0),
    expiresAt,
    expired: expiresAt.getTime() <= Date.now(),
  };
}

/** Invitations not yet accepted or revoked, newest first (Auth0 keeps expired ones too). */
export async function listInvitations(ctx: TenantContext): Promise<PendingInvitation[]> {
  const invitations = await listAuth0Invitations(ctx.tenant.auth0OrgId);
  return Promise.all(invitations.map(async (inv) => toPending(inv, await roleNamesOf(inv.roleIds))));
}

async function getInvitation(ctx: TenantContext, id: string): Promise<Invitation> {
  if (!INVITATION_ID.test(id)) throw new DomainError(GONE);
  const invitation = await getAuth0Invitation(ctx.tenant.auth0OrgId, id);
  if (!invitation) throw new DomainError(GONE);
  return invitation;
}

export async function revokeInvitation(ctx: TenantContext, id: string): Promise<void> {
  const inv = await getInvitation(ctx, id);
  await deleteInvitation(ctx.tenant.auth0OrgId, id);
  // The invitation is gone in Auth0 whatever happens next; the audit row records it.
  await withTenant(ctx, (t) => auditFor(ctx)(t, 'invitation.revoked', inv.email || null, { invitationId: id }));
}

/** A fresh invitation (new link, new expiry, new mail) in place of the old one. */
export async function resendInvitation(ctx: TenantContext, id: string): Promise<PendingInvitation> {
  const auth0OrgId = ctx.tenant.auth0OrgId;
  const old = await getInvitation(ctx, id);
  const email = old.email;
  return allOrNothing(async (undo) => {
    const created = await reissueInvitation(auth0OrgId, old, inviterName(ctx), undo);
    const roles = await roleNamesOf(old.roleIds);
    await withTenant(ctx, (t) => auditFor(ctx)(t, 'invitation.resent', email, { invitationId: created.id, replaces: id, roles }));
    return toPending(created, roles);
  });
}

/**
 * Adds a person who already has an account and whom the organization has a trust basis for:
 * Auth0 membership and roles, our row, audit.
 */
export async function addExistingUser(ctx: TenantContext, input: { email: string; roles: Role[] }): Promise<ExistingUser> {
  const tenantId = ctx.tenant.tenantId;
  const auth0OrgId = ctx.tenant.auth0OrgId;
  const user = await trustedExistingUser(ctx, input.email);
  if (!user) throw new DomainError(NOT_ADDABLE, 'email');
  const roles = ROLES.filter((r) => input.roles.includes(r));
  await allOrNothing(async (undo) => {
    // Membership from the documented list of the user's organizations; the member-roles
    // lookup is read only for someone who is a member.
    const current = await membershipOf(auth0OrgId, user.userId);
    if (current === null) await addMemberWithRoles(auth0OrgId, user.userId, roles, undo);
    else await assignRoles(auth0OrgId, user.userId, roles.filter((r) => !current.includes(r)), undo);
    await withTenant(ctx, async (t) => {
      await addMember(t, { userId: user.userId, email: user.email.toLowerCase(), name: user.name, roles, source: 'admin' });
      await auditFor(ctx)(t, 'member.added', user.userId, { email: user.email, roles });
    });
  });
  forgetMembership(tenantId, user.userId);
  return user;
}
