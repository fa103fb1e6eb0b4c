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
import type { TenantContext } from '@/lib/auth/context';
import { forgetMembership } from '@/lib/auth/membership';
import { ROLES, isRole, type Role } from '@/lib/auth/permissions';
import { auditFor } from '@/lib/data/audit';
import { withTenant } from '@/lib/data/scope';
import { activeMemberByEmail, addMember } from '@/lib/data/memberships';
import { call, isNotFound } from '@/lib/management/client';
import { roleIdsByName, roleIdsOf } from '@/lib/management/roles';
import { AdminError, missingRole } from '@/lib/admin/errors';
import { allOrNothing } from '@/lib/admin/undo';
import { invitationConnection, listConnections } from '@/lib/sso/connections';
import { verifiedDomainNames } from '@/lib/sso/domains';
import { isAuth0OrganizationMember } from '@/lib/tenancy/user-organizations';

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

async function roleNames(ids: readonly string[]): Promise<string[]> {
  const byId = new Map([...(await roleIdsByName())].map(([name, id]) => [id, name]));
  return ids.map((id) => byId.get(id) ?? id);
}

async function refuseExistingMember(ctx: TenantContext, email: string): Promise<void> {
  const member = await withTenant(ctx, (t) => activeMemberByEmail(t, email));
  if (member) throw new AdminError(`${email} is already a member of this organization.`, 'email');
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
    call((api) => api.users.listUsersByEmail({ email })),
    listConnections(ctx).then((rows) => new Set(rows.map((r) => r.name))),
    verifiedDomainNames(ctx.tenant.tenantId),
  ]);
  const database = config().auth0.dbConnection;
  const atVerifiedDomain = verifiedDomains.includes(domainOf(email));
  const viaOwnIdp = users.find((u) => u.user_id && u.identities?.some((i) => !!i.connection && ssoConnections.has(i.connection)));
  const verifiedHere = users.find(
    (u) => atVerifiedDomain && u.user_id && u.email_verified === true && u.identities?.some((i) => i.connection === database),
  );
  const user = viaOwnIdp ?? verifiedHere;
  return user ? { userId: user.user_id!, email: user.email ?? email, name: user.name ?? null } : null;
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
    throw new AdminError(`${input.email} already has a pending invitation. Resend it from the list below.`, 'email');
  }
  const ids = await roleIdsOf(ROLES.filter((r) => input.roles.includes(r)), missingRole);
  return allOrNothing(async (undo) => {
    const created = await call((api) =>
      api.organizations.invitations.create(auth0OrgId, {
        inviter: { name: inviterName(ctx) },
        invitee: { email: input.email },
        client_id: config().auth0.clientId,
        ...(input.connectionId ? { connection_id: input.connectionId } : {}),
        roles: ids,
        send_invitation_email: true,
      }),
    );
    undo.push('create invitation', () => call((api) => api.organizations.invitations.delete(auth0OrgId, created.id!)));
    await withTenant(ctx, (t) => auditFor(ctx)(t, 'invitation.created', input.email, {
      invitationId: created.id!, roles: input.roles, expiresAt: created.expires_at ?? null, ...(input.connectionName ? { connection: input.connectionName } : {}),
    }));
    return toPending(created, input.roles);
  });
}

type Auth0Invitation = { id?: string; invitee?: { email?: string }; inviter?: { name?: string }; roles?: string[]; created_at?: string; expires_at?: string; connection_id?: string };

function toPending(inv: Auth0Invitation, roles: string[]): PendingInvitation {
  const expiresAt = new Date(inv.expires_at ?? 0);
  return {
    id: inv.id!,
    email: inv.invitee?.email ?? '',
    inviter: inv.inviter?.name ?? '',
    roles,
    createdAt: new Date(inv.created_at ?? 0),
    expiresAt,
    expired: expiresAt.getTime() <= Date.now(),
  };
}

/** Invitations not yet accepted or revoked, newest first (Auth0 keeps expired ones too). */
export async function listInvitations(ctx: TenantContext): Promise<PendingInvitation[]> {
  const page = await call((api) => api.organizations.invitations.list(ctx.tenant.auth0OrgId, { page: 0, per_page: 100, sort: 'created_at:-1' }));
  return Promise.all(page.data.map(async (inv) => toPending(inv, await roleNames(inv.roles ?? []))));
}

async function getInvitation(ctx: TenantContext, id: string): Promise<Auth0Invitation> {
  if (!INVITATION_ID.test(id)) throw new AdminError(GONE);
  try {
    return await call((api) => api.organizations.invitations.get(ctx.tenant.auth0OrgId, id));
  } catch (error) {
    if (isNotFound(error)) throw new AdminError(GONE);
    throw error;
  }
}

export async function revokeInvitation(ctx: TenantContext, id: string): Promise<void> {
  const inv = await getInvitation(ctx, id);
  await call((api) => api.organizations.invitations.delete(ctx.tenant.auth0OrgId, id));
  // The invitation is gone in Auth0 whatever happens next; the audit row records it.
  await withTenant(ctx, (t) => auditFor(ctx)(t, 'invitation.revoked', inv.invitee?.email ?? null, { invitationId: id }));
}

/** A fresh invitation (new link, new expiry, new mail) in place of the old one. */
export async function resendInvitation(ctx: TenantContext, id: string): Promise<PendingInvitation> {
  const auth0OrgId = ctx.tenant.auth0OrgId;
  const old = await getInvitation(ctx, id);
  const email = old.invitee?.email ?? '';
  return allOrNothing(async (undo) => {
    const created = await call((api) =>
      api.organizations.invitations.create(auth0OrgId, {
        inviter: { name: inviterName(ctx) },
        invitee: { email },
        client_id: config().auth0.clientId,
        ...(old.connection_id ? { connection_id: old.connection_id } : {}),
        roles: old.roles ?? [],
        send_invitation_email: true,
      }),
    );
    undo.push('create invitation', () => call((api) => api.organizations.invitations.delete(auth0OrgId, created.id!)));
    await call((api) => api.organizations.invitations.delete(auth0OrgId, id));
    const roles = await roleNames(old.roles ?? []);
    await withTenant(ctx, (t) => auditFor(ctx)(t, 'invitation.resent', email, { invitationId: created.id!, replaces: id, roles }));
    return toPending(created, roles);
  });
}

/**
 * Adds a person who already has an account and whom the organization has a trust basis for:
 * Auth0 membership and roles, our row, audit.
 */
export async function addExistingUser(ctx: TenantContext, input: { email: string; roles: Role[] }): Promise<ExistingUser> {
  const orgId = ctx.tenant.tenantId;
  const auth0OrgId = ctx.tenant.auth0OrgId;
  const user = await trustedExistingUser(ctx, input.email);
  if (!user) throw new AdminError(NOT_ADDABLE, 'email');
  const roles = ROLES.filter((r) => input.roles.includes(r));
  await allOrNothing(async (undo) => {
    // Membership from the documented list of the user's organizations; the member-roles
    // lookup is read only for someone who is a member.
    const member = await isAuth0OrganizationMember(auth0OrgId, user.userId);
    const current = member
      ? (await call((api) => api.organizations.members.roles.list(auth0OrgId, user.userId, { per_page: 100 }))).data.map((r) => r.name ?? '').filter(isRole)
      : [];
    if (!member) {
      await call((api) => api.organizations.members.create(auth0OrgId, { members: [user.userId] }));
      undo.push('add member', () => call((api) => api.organizations.members.delete(auth0OrgId, { members: [user.userId] })));
    }
    const add = roles.filter((r) => !current.includes(r));
    if (add.length) {
      const ids = await roleIdsOf(add, missingRole);
      await call((api) => api.organizations.members.roles.assign(auth0OrgId, user.userId, { roles: ids }));
      undo.push('assign roles', () => call((api) => api.organizations.members.roles.delete(auth0OrgId, user.userId, { roles: ids })));
    }
    await withTenant(ctx, async (t) => {
      await addMember(t, { userId: user.userId, email: user.email.toLowerCase(), name: user.name, roles, source: 'admin' });
      await auditFor(ctx)(t, 'member.added', user.userId, { email: user.email, roles });
    });
  });
  forgetMembership(orgId, user.userId);
  return user;
}
