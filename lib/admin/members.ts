// Members of the caller's organization, as org admins manage them. Reads come from our
// Membership mirror (fast, paged, no Management API call per render); changes go to Auth0
// first, then to the mirror and the audit log in one transaction, and Auth0 is put back
// when the database step fails.
import 'server-only';
import type { ResolvedTenant, TenantContext } from '@/lib/core/context';
import { forgetMembership } from '@/lib/auth/membership';
import { revokeSessions } from '@/lib/auth/revocation';
import { ROLES, isRole, type Role } from '@/lib/core/permissions';
import { actorOf, auditFor, recordAudit, type AuditActor } from '@/lib/data/audit';
import { withTenant } from '@/lib/data/scope';
import { activeMember as activeMemberIn, invitedEmails, markRemoved, memberPage, setRoles, syncMembers } from '@/lib/data/memberships';
import { listMembers as listAuth0Members, memberRoles, removeMember as removeAuth0Member, setMemberRoles } from '@/lib/management/members';
import { DomainError } from '@/lib/core/errors';
import { ConfirmationNeeded, lockOrganization, requireAdminMayStepDown } from '@/lib/admin/guard';
import { allOrNothing } from '@/lib/core/undo';

export const MEMBERS_PAGE_SIZE = 50;

export interface MemberListOptions { q?: string; page?: number; pageSize?: number }

/** One page of active members, by email, optionally filtered by name or email. */
export async function listMembers(ctx: TenantContext, options: MemberListOptions = {}) {
  // Who belongs to the organization (names, emails) is itself something a role grants.
  if (!ctx.can('members:read')) throw new DomainError('This needs the members:read permission, which your role does not have.');
  const pageSize = Math.min(Math.max(options.pageSize ?? MEMBERS_PAGE_SIZE, 1), 100);
  // NUL cannot be compared with by the database (an error, not "no match"): searched without it.
  const q = options.q?.replace(/\u0000/g, '').trim().slice(0, 100);
  const { rows, total, page, pages, invited } = await withTenant(ctx, async (t) => {
    const found = await memberPage(t, { q, page: options.page ?? 1, pageSize });
    // People who joined through Auth0 are recorded on their first request with source
    // "login"; an invitation we sent to their address tells us how they got in.
    return { ...found, invited: await invitedEmails(t, found.rows.map((r) => r.email).filter((e): e is string => !!e)) };
  });
  const members = rows.map((r) => ({ ...r, joined: joinedLabel(r.source, !!r.email && invited.has(r.email)) }));
  return { members, total, page, pages, pageSize, q: q ?? '' };
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

function activeMember(ctx: TenantContext, userId: string) {
  return withTenant(ctx, (t) => activeMemberIn(t, userId));
}

export interface ChangeRolesInput { userId: string; roles: Role[]; confirmed?: boolean }

export async function changeRoles(ctx: TenantContext, input: ChangeRolesInput) {
  const tenantId = ctx.tenant.tenantId;
  const auth0OrgId = ctx.tenant.auth0OrgId;
  const member = await activeMember(ctx, input.userId);
  if (!member) throw new DomainError('This person is not a member of the organization any more.');
  const wanted = ROLES.filter((r) => input.roles.includes(r));
  const losesAdmin = member.roles.includes('org_admin') && !wanted.includes('org_admin');
  if (losesAdmin) {
    // Checked before Auth0 is touched, and again under the lock below.
    await withTenant(ctx, (t) => requireAdminMayStepDown(t, input.userId, 'roles'));
    if (input.userId === ctx.principal.id && !input.confirmed) {
      throw new ConfirmationNeeded('You are removing your own admin role. You will lose access to these settings at once. Save again to confirm.');
    }
  }

  await allOrNothing(async (undo) => {
    await setMemberRoles(auth0OrgId, input.userId, wanted, undo);
    await withTenant(ctx, async (t) => {
      await lockOrganization(t);
      if (losesAdmin) await requireAdminMayStepDown(t, input.userId, 'roles');
      if (!(await setRoles(t, input.userId, wanted))) throw new DomainError('This person is not a member of the organization any more.');
      await auditFor(ctx)(t, 'member.roles_changed', input.userId, { email: member.email, from: member.roles, to: wanted });
    });
  });
  forgetMembership(tenantId, input.userId);
  return { ...member, roles: wanted };
}

export async function removeMember(ctx: TenantContext, input: { userId: string; confirmed?: boolean }) {
  const member = await activeMember(ctx, input.userId);
  if (!member) throw new DomainError('This person is not a member of the organization any more.');
  await endMembership(ctx.tenant, actorOf(ctx), { ...member, userId: input.userId }, 'member.removed', async () => {
    if (input.userId === ctx.principal.id && !input.confirmed) {
      throw new ConfirmationNeeded('You are removing yourself from the organization. You will lose access at once. Remove again to confirm.');
    }
  });
}

/**
 * Ends one membership, in Auth0 and in the mirror, with `action` in the organization's audit
 * log: an admin removing a member (member.removed) and a person leaving (member.left) alike.
 * The last-admin and break-glass rules hold for both: checked first, and again under the
 * organization's lock.
 * `beforeChange` runs after the rule and before anything is changed (an admin's confirmation).
 */
export async function endMembership(
  tenant: ResolvedTenant,
  actor: AuditActor,
  member: { userId: string; email: string | null; roles: string[] },
  action: 'member.removed' | 'member.left',
  beforeChange?: () => Promise<void>,
) {
  const isAdmin = member.roles.includes('org_admin');
  if (isAdmin) await withTenant(tenant.tenantId, (t) => requireAdminMayStepDown(t, member.userId));
  await beforeChange?.();

  await allOrNothing(async (undo) => {
    // Remember the Auth0 roles so a failed database step can put the membership back as it was.
    const roles = await memberRoles(tenant.auth0OrgId, member.userId).catch(() => member.roles.filter(isRole));
    await removeAuth0Member(tenant.auth0OrgId, member.userId, roles, undo);
    await withTenant(tenant.tenantId, async (t) => {
      await lockOrganization(t);
      if (isAdmin) await requireAdminMayStepDown(t, member.userId);
      if (!(await markRemoved(t, member.userId))) throw new DomainError('This person is not a member of the organization any more.');
      await recordAudit(t, actor, action, member.userId, { email: member.email, roles: member.roles });
    });
  });
  forgetMembership(tenant.tenantId, member.userId);
}

/**
 * Brings the mirror up to date with Auth0's member list (people added in the Auth0
 * dashboard, or before Tenantry recorded members). Admin-triggered only: it pages through
 * the Management API, which is rate limited. Removed rows stay removed.
 */
export async function syncMembersFromAuth0(ctx: TenantContext) {
  const tenantId = ctx.tenant.tenantId;
  const seen = await listAuth0Members(ctx.tenant.auth0OrgId);
  const { added, updated } = await withTenant(ctx, async (t) => {
    const changed = await syncMembers(t, seen);
    await auditFor(ctx)(t, 'members.synced', null, { added: changed.added.length, updated: changed.updated.length, inAuth0: seen.length });
    return { added: changed.added.length, updated: changed.updated.length, forget: changed.updated };
  }).then((r) => {
    for (const userId of r.forget) forgetMembership(tenantId, userId);
    return r;
  });
  return { added, updated, inAuth0: seen.length };
}

/**
 * "Sign out of all sessions": every session of this member in this organization (any browser,
 * any device) is refused from its next request. Their sessions in other organizations, their
 * Auth0 login and API access tokens are not touched; a new sign-in starts a new session.
 */
export async function signOutMember(ctx: TenantContext, input: { userId: string }) {
  const member = await activeMember(ctx, input.userId);
  if (!member) throw new DomainError('This person is not a member of the organization any more.');
  await withTenant(ctx, async (t) => {
    await revokeSessions({ auth0OrgId: ctx.tenant.auth0OrgId, userId: input.userId }, { within: t });
    await auditFor(ctx)(t, 'member.signed_out', input.userId, { email: member.email });
  });
}

/** Signs out everyone in the organization (the admin who asks too): every session created until now. */
export async function signOutOrganization(ctx: TenantContext) {
  await withTenant(ctx, async (t) => {
    await revokeSessions({ auth0OrgId: ctx.tenant.auth0OrgId }, { within: t });
    await auditFor(ctx)(t, 'organization.signed_out', null, {});
  });
}
