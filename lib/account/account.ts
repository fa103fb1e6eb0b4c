// A person's own account, from the account page (apex and tenant hosts): their profile,
// organizations, password, multi-factor factors, sessions, and deleting it all. Every
// operation acts on the signed-in person only (lib/auth/person.ts); where it is an
// organization's matter (leaving, deleting the account) the organization's audit log says so.
import 'server-only';
import type { Person } from '@/lib/auth/person';
import { revokeSessions } from '@/lib/auth/revocation';
import { forgetMembership } from '@/lib/auth/membership';
import { endMembership } from '@/lib/admin/members';
import { lastAdminMessageFor, lockOrganization, otherAdmins, requireAnotherAdmin, requireNotBreakGlass } from '@/lib/admin/guard';
import { DomainError } from '@/lib/core/errors';
import { allOrNothing } from '@/lib/core/undo';
import { recordAudit, type AuditActor } from '@/lib/data/audit';
import { membershipsOfPerson } from '@/lib/data/directory';
import { markRemoved, restoreRemoved, setMemberName } from '@/lib/data/memberships';
import { withTenant } from '@/lib/data/scope';
import { config } from '@/lib/config';
import { tenantOrigin } from '@/lib/tenancy/host';
import { deleteUser, endAuth0Sessions, getUser, renameUser } from '@/lib/management/users';
import { ManagementApiError } from '@/lib/management/errors';
import { authenticatorEnrollmentUrl, listFactors, passwordChangeUrl, removeFactor, type Factor } from '@/lib/management/credentials';

const breakGlassMessageFor = (organization: string) =>
  `You are a break-glass admin of ${organization} while it signs in through SSO only. Take yourself off its break-glass admins (Security page) first.`;

const actorOf = (person: Person): AuditActor => ({ type: 'user', id: person.userId, name: person.name ?? person.email ?? null, email: person.email ?? null });

export interface AccountOverview {
  name: string;
  email: string;
  /** Signs in with a password of ours (the database connection): may change it here. */
  hasPassword: boolean;
  /** The connection names they sign in through (an enterprise one: their company's identity provider). */
  connections: string[];
  organizations: { tenantId: string; slug: string; displayName: string; roles: string[]; origin: string }[];
  factors: Factor[];
}

export async function accountOverview(person: Person): Promise<AccountOverview> {
  const [user, memberships, factors] = await Promise.all([getUser(person.userId), membershipsOfPerson(person.userId), listFactors(person.userId)]);
  if (!user) throw new DomainError('This account no longer exists.');
  const cfg = config();
  return {
    name: user.name ?? '',
    email: user.email ?? person.email ?? '',
    hasPassword: user.connections.includes(cfg.auth0.dbConnection),
    connections: user.connections,
    organizations: memberships.map((m) => ({
      tenantId: m.organization.id,
      slug: m.organization.slug,
      displayName: m.organization.displayName,
      roles: m.roles,
      origin: tenantOrigin(m.organization.slug, cfg.scheme, cfg.rootDomain),
    })),
    factors,
  };
}

/** A new name, in Auth0 (their profile) and on every organization's members page. */
export async function renameMe(person: Person, name: string): Promise<void> {
  await renameUser(person.userId, name);
  for (const m of await membershipsOfPerson(person.userId)) {
    await withTenant(m.organization.id, (t) => setMemberName(t, person.userId, name));
    forgetMembership(m.organization.id, person.userId);
  }
}

async function membershipIn(person: Person, tenantId: string) {
  const m = (await membershipsOfPerson(person.userId)).find((x) => x.organization.id === tenantId);
  if (!m) throw new DomainError('You are not a member of this organization.', 'tenantId');
  return m;
}

/** Leaves one organization: the admins' "remove member" rule and steps, audited as member.left. */
export async function leaveOrganization(person: Person, tenantId: string): Promise<{ displayName: string }> {
  const m = await membershipIn(person, tenantId);
  const { id, auth0OrgId, slug, displayName } = m.organization;
  await endMembership({ tenantId: id, auth0OrgId, slug }, actorOf(person), { userId: person.userId, email: person.email ?? null, roles: m.roles }, 'member.left');
  return { displayName };
}

/**
 * Ends every session of the person, on every host and device, from their next request; then
 * their Auth0 sessions, so no device gets back in without credentials. The app's sessions end
 * first and stay ended when Auth0 fails: the answer then says what is left (null: all ended).
 */
export async function signOutEverywhere(person: Person): Promise<{ auth0Problem: string | null }> {
  await revokeSessions({ userId: person.userId });
  try {
    await endAuth0Sessions(person.userId);
    return { auth0Problem: null };
  } catch (error) {
    if (!(error instanceof ManagementApiError)) throw error;
    const why = error.status === 403 ? 'Tenantry is not allowed to end Auth0 sessions' : 'Auth0 did not answer';
    return {
      auth0Problem: `You are signed out of Tenantry on every device, but your sign-ins at Auth0 could not be ended (${why}): other devices may stay signed in at Auth0 until they sign out there, and get back in without a password. Sign out of this browser as well.`,
    };
  }
}

/**
 * Deletes the account. Refused while they are the last admin of an organization (named).
 * Their memberships end first, each in its organization's transaction with an audit event
 * and the last-admin rule under the organization's lock; then Auth0 deletes the user (a
 * failure there puts the memberships back); then every session of theirs ends. Their Auth0
 * sessions end just before the user is deleted (after, the user is gone and so is the way to
 * name them); a failure there does not keep the account.
 */
export async function deleteMyAccount(person: Person, confirmEmail: string): Promise<void> {
  const user = await getUser(person.userId);
  const email = user?.email ?? person.email ?? '';
  if (!email || confirmEmail.trim().toLowerCase() !== email.toLowerCase()) {
    throw new DomainError(`Type your email address (${email}) exactly to confirm.`, 'confirmEmail');
  }
  const memberships = await membershipsOfPerson(person.userId);
  const isAdmin = (m: (typeof memberships)[number]) => m.roles.includes('org_admin');
  for (const m of memberships.filter(isAdmin)) {
    if ((await withTenant(m.organization.id, (t) => otherAdmins(t, person.userId))) === 0) throw new DomainError(lastAdminMessageFor(m.organization.displayName));
    await withTenant(m.organization.id, (t) => requireNotBreakGlass(t, person.userId)).catch((error: unknown) => {
      throw error instanceof DomainError ? new DomainError(breakGlassMessageFor(m.organization.displayName)) : error;
    });
  }

  const actor = actorOf(person);
  await allOrNothing(async (undo) => {
    for (const m of memberships) {
      await withTenant(m.organization.id, async (t) => {
        await lockOrganization(t);
        if (isAdmin(m)) {
          await requireAnotherAdmin(t, person.userId).catch((error: unknown) => {
            throw error instanceof DomainError ? new DomainError(lastAdminMessageFor(m.organization.displayName)) : error;
          });
          await requireNotBreakGlass(t, person.userId).catch((error: unknown) => {
            throw error instanceof DomainError ? new DomainError(breakGlassMessageFor(m.organization.displayName)) : error;
          });
        }
        if (!(await markRemoved(t, person.userId))) return;
        await recordAudit(t, actor, 'member.account_deleted', person.userId, { email, roles: m.roles });
      });
      undo.push(`membership in ${m.organization.slug}`, () =>
        withTenant(m.organization.id, async (t) => {
          await restoreRemoved(t, person.userId);
          await recordAudit(t, actor, 'member.account_deletion_failed', person.userId, { email });
        }),
      );
    }
    await endAuth0Sessions(person.userId).catch((error: unknown) => {
      if (!(error instanceof ManagementApiError)) throw error;
      console.warn(`account: Auth0 sessions of ${person.userId} not ended before deletion: ${error.message}`);
    });
    await deleteUser(person.userId);
  });
  for (const m of memberships) forgetMembership(m.organization.id, person.userId);
  await revokeSessions({ userId: person.userId });
}

/** A password-change link for a database-connection user; after it they come back to `returnUrl`. */
export async function passwordChangeLink(person: Person, returnUrl: string): Promise<string> {
  const user = await getUser(person.userId);
  if (!user?.connections.includes(config().auth0.dbConnection)) {
    throw new DomainError('You sign in through your company’s identity provider: change your password there.');
  }
  return passwordChangeUrl(person.userId, returnUrl);
}

/** The link to enrol an authenticator app (one at a time: remove the old one to enrol again). */
export async function authenticatorEnrollmentLink(person: Person): Promise<string> {
  if ((await listFactors(person.userId)).some((f) => f.type === 'totp')) {
    throw new DomainError('You already have an authenticator app. Remove it first to enrol a new one.');
  }
  return authenticatorEnrollmentUrl(person.userId);
}

/** Removes one of the person's own factors (the id must be one of theirs). */
export async function removeMyFactor(person: Person, factorId: string): Promise<void> {
  if (!(await listFactors(person.userId)).some((f) => f.id === factorId)) {
    throw new DomainError('This factor is not enrolled on your account (any more).', 'factorId');
  }
  await removeFactor(person.userId, factorId);
}
