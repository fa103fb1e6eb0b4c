// Members of the caller's organization, as org admins manage them. Reads come from our
// Membership mirror (fast, paged, no Management API call per render); changes go to Auth0
// first, then to the mirror and the audit log in one transaction, and Auth0 is put back
// when the database step fails.
import 'server-only';
import { db } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/context';
import { forgetMembership } from '@/lib/auth/membership';
import { revokeSessions } from '@/lib/auth/revocation';
import { ROLES, isRole, type Role } from '@/lib/auth/permissions';
import { auditFor } from '@/lib/data/audit';
import { listMembers as listAuth0Members, memberRoles, removeMember as removeAuth0Member, setMemberRoles } from '@/lib/management/members';
import { DomainError } from '@/lib/core/errors';
import { ConfirmationNeeded, lockOrganization, requireAnotherAdmin, otherAdmins, LAST_ADMIN_MESSAGE } from '@/lib/admin/guard';
import { allOrNothing } from '@/lib/core/undo';

export const MEMBERS_PAGE_SIZE = 50;

const memberFields = { userId: true, email: true, name: true, roles: true, source: true, lastLoginAt: true, createdAt: true } as const;

export interface MemberListOptions { q?: string; page?: number; pageSize?: number }

/** One page of active members, by email, optionally filtered by name or email. */
export async function listMembers(ctx: TenantContext, options: MemberListOptions = {}) {
  // Who belongs to the organization (names, emails) is itself something a role grants.
  if (!ctx.can('members:read')) throw new DomainError('This needs the members:read permission, which your role does not have.');
  const orgId = ctx.tenant.tenantId;
  const pageSize = Math.min(Math.max(options.pageSize ?? MEMBERS_PAGE_SIZE, 1), 100);
  // NUL cannot be compared with by the database (an error, not "no match"): searched without it.
  const q = options.q?.replace(/\u0000/g, '').trim().slice(0, 100);
  const where = {
    orgId,
    removedAt: null,
    ...(q ? { OR: [{ email: { contains: q, mode: 'insensitive' as const } }, { name: { contains: q, mode: 'insensitive' as const } }] } : {}),
  };
  const database = await db();
  const total = await database.membership.count({ where });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.floor(options.page ?? 1), 1), pages);
  const rows = await database.membership.findMany({
    where,
    orderBy: [{ email: 'asc' }, { userId: 'asc' }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: memberFields,
  });
  const invited = await invitedEmails(orgId, rows.map((r) => r.email).filter((e): e is string => !!e));
  const members = rows.map((r) => ({ ...r, joined: joinedLabel(r.source, !!r.email && invited.has(r.email)) }));
  return { members, total, page, pages, pageSize, q: q ?? '' };
}

/**
 * People who joined through Auth0 are recorded by admission after sign-in with source "login";
 * an invitation we sent to their address tells us how they got in.
 */
async function invitedEmails(orgId: string, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const events = await (await db()).auditEvent.findMany({
    where: { orgId, action: 'invitation.created', target: { in: emails } },
    select: { target: true },
  });
  return new Set(events.map((e) => e.target!));
}

const JOINED: Record<string, string> = {
  signup: 'Created the organization',
  invitation: 'Invitation',
  admin: 'Added by an admin',
  auth0: 'Imported from Auth0',
  sso: 'Single sign-on',
  scim: 'Directory sync',
  login: 'Signed in through Auth0',
};

export function joinedLabel(source: string, invited: boolean): string {
  if (source === 'login' && invited) return 'Invitation';
  return JOINED[source] ?? source;
}

async function activeMember(orgId: string, userId: string) {
  return (await db()).membership.findFirst({ where: { orgId, userId, removedAt: null }, select: memberFields });
}

export interface ChangeRolesInput { userId: string; roles: Role[]; confirmed?: boolean }

export async function changeRoles(ctx: TenantContext, input: ChangeRolesInput) {
  const orgId = ctx.tenant.tenantId;
  const auth0OrgId = ctx.tenant.auth0OrgId;
  const member = await activeMember(orgId, input.userId);
  if (!member) throw new DomainError('This person is not a member of the organization any more.');
  const wanted = ROLES.filter((r) => input.roles.includes(r));
  const losesAdmin = member.roles.includes('org_admin') && !wanted.includes('org_admin');
  if (losesAdmin) {
    // Checked before Auth0 is touched, and again under the lock below.
    if ((await otherAdmins(await db(), orgId, input.userId)) === 0) throw new DomainError(LAST_ADMIN_MESSAGE, 'roles');
    if (input.userId === ctx.principal.id && !input.confirmed) {
      throw new ConfirmationNeeded('You are removing your own admin role. You will lose access to these settings at once. Save again to confirm.');
    }
  }

  await allOrNothing(async (undo) => {
    await setMemberRoles(auth0OrgId, input.userId, wanted, undo);
    await (await db()).$transaction(async (tx) => {
      await lockOrganization(tx, orgId);
      if (losesAdmin) await requireAnotherAdmin(tx, orgId, input.userId, 'roles');
      const { count } = await tx.membership.updateMany({ where: { orgId, userId: input.userId, removedAt: null }, data: { roles: wanted } });
      if (count === 0) throw new DomainError('This person is not a member of the organization any more.');
      await auditFor(ctx)(tx, 'member.roles_changed', input.userId, { email: member.email, from: member.roles, to: wanted });
    });
  });
  forgetMembership(orgId, input.userId);
  return { ...member, roles: wanted };
}

export async function removeMember(ctx: TenantContext, input: { userId: string; confirmed?: boolean }) {
  const orgId = ctx.tenant.tenantId;
  const auth0OrgId = ctx.tenant.auth0OrgId;
  const member = await activeMember(orgId, input.userId);
  if (!member) throw new DomainError('This person is not a member of the organization any more.');
  const isAdmin = member.roles.includes('org_admin');
  if (isAdmin && (await otherAdmins(await db(), orgId, input.userId)) === 0) throw new DomainError(LAST_ADMIN_MESSAGE);
  if (input.userId === ctx.principal.id && !input.confirmed) {
    throw new ConfirmationNeeded('You are removing yourself from the organization. You will lose access at once. Remove again to confirm.');
  }

  await allOrNothing(async (undo) => {
    // Remember the Auth0 roles so a failed database step can put the membership back as it was.
    const roles = await memberRoles(auth0OrgId, input.userId).catch(() => member.roles.filter(isRole));
    await removeAuth0Member(auth0OrgId, input.userId, roles, undo);
    await (await db()).$transaction(async (tx) => {
      await lockOrganization(tx, orgId);
      if (isAdmin) await requireAnotherAdmin(tx, orgId, input.userId);
      const { count } = await tx.membership.updateMany({ where: { orgId, userId: input.userId, removedAt: null }, data: { removedAt: new Date() } });
      if (count === 0) throw new DomainError('This person is not a member of the organization any more.');
      await auditFor(ctx)(tx, 'member.removed', input.userId, { email: member.email, roles: member.roles });
    });
  });
  forgetMembership(orgId, input.userId);
}

/**
 * Brings the mirror up to date with Auth0's member list (people added in the Auth0
 * dashboard, or before Tenantry recorded members). Admin-triggered only: it pages through
 * the Management API, which is rate limited. Removed rows stay removed.
 */
export async function syncMembersFromAuth0(ctx: TenantContext) {
  const orgId = ctx.tenant.tenantId;
  const seen = await listAuth0Members(ctx.tenant.auth0OrgId);
  const database = await db();
  let added = 0;
  let updated = 0;
  await database.$transaction(async (tx) => {
    const existing = new Map((await tx.membership.findMany({ where: { orgId }, select: { userId: true, removedAt: true, roles: true } })).map((r) => [r.userId, r]));
    for (const m of seen) {
      const row = existing.get(m.userId);
      if (!row) {
        await tx.membership.create({ data: { orgId, userId: m.userId, email: m.email?.toLowerCase(), name: m.name, roles: m.roles, source: 'auth0' } });
        added += 1;
      } else if (!row.removedAt && [...row.roles].sort().join() !== [...m.roles].sort().join()) {
        await tx.membership.update({ where: { orgId_userId: { orgId, userId: m.userId } }, data: { roles: m.roles } });
        forgetMembership(orgId, m.userId);
        updated += 1;
      }
    }
    await auditFor(ctx)(tx, 'members.synced', null, { added, updated, inAuth0: seen.length });
  });
  return { added, updated, inAuth0: seen.length };
}

/**
 * "Sign out of all sessions": every session of this member in this organization (any browser,
 * any device) is refused from its next request. Their sessions in other organizations, their
 * Auth0 login and API access tokens are not touched; a new sign-in starts a new session.
 */
export async function signOutMember(ctx: TenantContext, input: { userId: string }) {
  const orgId = ctx.tenant.tenantId;
  const member = await activeMember(orgId, input.userId);
  if (!member) throw new DomainError('This person is not a member of the organization any more.');
  await (await db()).$transaction(async (tx) => {
    await revokeSessions({ auth0OrgId: ctx.tenant.auth0OrgId, userId: input.userId }, { tx });
    await auditFor(ctx)(tx, 'member.signed_out', input.userId, { email: member.email });
  });
}

/** Signs out everyone in the organization (the admin who asks too): every session created until now. */
export async function signOutOrganization(ctx: TenantContext) {
  await (await db()).$transaction(async (tx) => {
    await revokeSessions({ auth0OrgId: ctx.tenant.auth0OrgId }, { tx });
    await auditFor(ctx)(tx, 'organization.signed_out', null, {});
  });
}
