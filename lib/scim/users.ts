// SCIM Users of one organization (joiner / mover / leaver). A SCIM user is a row of ScimUser
// (userName, externalId, active and the SCIM resource as last written) tied to an Auth0
// user and to the person's Membership row:
//   create      -> (address at a verified domain only) Auth0 user (reused by address when its
//                  email is verified) + org membership with their role(s)
//                  + Membership (source "scim") + ScimUser
//   update      -> profile to Auth0 (for users SCIM created) and to Membership
//   active=false, DELETE -> out of the Auth0 organization and Membership.removedAt set, so
//                  their next request is refused; the Auth0 user itself stays
//   active=true -> membership back, with the roles their groups give
// Auth0 goes first and each step is undone if a later one (or the database) fails.
import 'server-only';
import { z } from 'zod';
import { withTenant } from '@/lib/data/scope';
import { groupMemberListsByName, groupNamesOf, removeFromAllGroups } from '@/lib/data/scim-groups';
import {
  createScimUser, deleteScimUser, scimUserByExternalId, scimUserById, scimUserByUserName, scimUserCount, scimUserLinkedTo, scimUserPage, scimUsersMatching, updateScimUser,
  type ScimResource, type ScimUserRow,
} from '@/lib/data/scim-users';
import { forgetMembership } from '@/lib/auth/membership';
import { isRole, type Role } from '@/lib/core/permissions';
import { lockOrganization, otherAdmins, requireAnotherAdmin, LAST_ADMIN_MESSAGE } from '@/lib/admin/guard';
import { DomainError } from '@/lib/core/errors';
import { allOrNothing } from '@/lib/core/undo';
import type { ScimContext } from '@/lib/scim/auth';
import { updateUserProfile, type UserProfile } from '@/lib/management/users';
import { databaseConnection, findOrCreateUser, provisionedHere, syncOrgMember } from '@/lib/scim/auth0-sync';
import { scimAudit } from '@/lib/scim/audit';
import { verifiedDomainNames } from '@/lib/sso/domains';
import { badRequest, conflict, notFound } from '@/lib/scim/errors';
import { applyFilter, equalityTerms, parseFilter } from '@/lib/scim/filter';
import type { ListParams } from '@/lib/scim/http';
import { render, type Projection } from '@/lib/scim/projection';
import { rolesFromGroupNames } from '@/lib/scim/roles';
import { listResponse, userSchema } from '@/lib/scim/schemas';
import { applyPatch, normalizeBooleans } from '@/lib/scim/patch';

type GroupRef = { id: string; displayName: string; memberIds: string[] };
type Json = Record<string, unknown>;

const emailShape = z.email();
/** Attributes kept in their own columns (or never kept): not part of the stored resource. */
const COLUMN_ATTRIBUTES = ['id', 'meta', 'userName', 'externalId', 'active', 'groups', 'password'];

// ---------------------------------------------------------------- reading

async function orgGroups(tenantId: string): Promise<GroupRef[]> {
  return withTenant(tenantId, groupMemberListsByName);
}

function toScim(sc: ScimContext, row: ScimUserRow, groups: GroupRef[], projection: Projection = {}): Json {
  const stored = (row.resource ?? {}) as Json;
  const memberOf = groups.filter((g) => g.memberIds.includes(row.id));
  return render(
    userSchema(),
    {
      ...stored,
      id: row.id,
      userName: row.userName,
      ...(row.externalId ? { externalId: row.externalId } : {}),
      active: row.active,
      ...(memberOf.length ? { groups: memberOf.map((g) => ({ value: g.id, display: g.displayName, $ref: `${sc.baseUrl}/Groups/${g.id}` })) } : {}),
      meta: { created: row.createdAt, lastModified: row.updatedAt },
    },
    `${sc.baseUrl}/Users`,
    projection,
  );
}

async function findRow(sc: ScimContext, id: string): Promise<ScimUserRow> {
  const row = await withTenant(sc, (t) => scimUserById(t, id));
  if (!row) throw notFound('User');
  return row;
}

export async function getUser(sc: ScimContext, id: string, projection: Projection = {}): Promise<Json> {
  const row = await findRow(sc, id);
  return toScim(sc, row, await orgGroups(sc.tenant.tenantId), projection);
}

export async function listUsers(sc: ScimContext, params: ListParams) {
  const tenantId = sc.tenant.tenantId;
  const groups = await orgGroups(tenantId);
  if (!params.filter) {
    const total = await withTenant(sc, scimUserCount);
    const rows = params.count === 0 ? [] : await withTenant(sc, (t) => scimUserPage(t, params.startIndex, params.count));
    return listResponse(rows.map((r) => toScim(sc, r, groups, params)), total, params.startIndex);
  }
  const filter = parseFilter(params.filter, userSchema().definition);
  // Equality on userName, externalId or id narrows the rows in the database first.
  const terms = equalityTerms(filter, ['userName', 'externalId', 'id']);
  const rows = await withTenant(sc, (t) => scimUsersMatching(t, terms));
  const matched = applyFilter(filter, rows, (r) => toScim(sc, r, groups));
  const page = matched.slice(params.startIndex - 1, params.startIndex - 1 + params.count);
  return listResponse(page.map((r) => toScim(sc, r, groups, params)), matched.length, params.startIndex);
}

// ---------------------------------------------------------------- input

function plain(instance: object): Json {
  return JSON.parse(JSON.stringify(instance)) as Json;
}

/** A User resource from a request body, checked against the schema (400 when it does not fit). */
function coerceUser(body: Json): Json {
  const { password: _password, groups: _groups, ...rest } = body;
  try {
    return plain(new (userSchema())(normalizeBooleans(rest), 'in'));
  } catch (error) {
    throw badRequest('invalidValue', error instanceof Error ? error.message : 'The user does not match the SCIM User schema.');
  }
}

interface UserInput { userName: string; externalId: string | null; active: boolean | undefined; profile: UserProfile; stored: Json }

function readInput(resource: Json): UserInput {
  const userName = typeof resource.userName === 'string' ? resource.userName.trim() : '';
  if (!userName) throw badRequest('invalidValue', 'userName is required.');
  if (userName.length > 256) throw badRequest('invalidValue', 'userName: at most 256 characters.');
  const externalId = typeof resource.externalId === 'string' && resource.externalId.trim() ? resource.externalId.trim() : null;
  if (externalId && externalId.length > 256) throw badRequest('invalidValue', 'externalId: at most 256 characters.');
  const active = typeof resource.active === 'boolean' ? resource.active : undefined;

  const emails = Array.isArray(resource.emails) ? (resource.emails as { value?: unknown; primary?: unknown }[]) : [];
  const candidates = [emails.find((e) => e.primary === true)?.value, emails[0]?.value, userName];
  const email = candidates.map((c) => (typeof c === 'string' ? c.trim().toLowerCase() : '')).find((c) => emailShape.safeParse(c).success && c.length <= 254);
  if (!email) throw badRequest('invalidValue', 'An email address is required: in emails, or as the userName.');
  const name = (resource.name ?? {}) as { formatted?: string; givenName?: string; familyName?: string };
  const joined = [name.givenName, name.familyName].filter(Boolean).join(' ');
  const display = [resource.displayName, name.formatted, joined].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const profile: UserProfile = {
    email,
    name: (display ?? email).trim().slice(0, 300),
    ...(name.givenName?.trim() ? { givenName: name.givenName.trim().slice(0, 150) } : {}),
    ...(name.familyName?.trim() ? { familyName: name.familyName.trim().slice(0, 150) } : {}),
  };
  const stored = Object.fromEntries(Object.entries(resource).filter(([k]) => !COLUMN_ATTRIBUTES.includes(k)));
  return { userName, externalId, active, profile, stored };
}

async function checkUnique(tenantId: string, input: UserInput, exceptId?: string): Promise<void> {
  const sameName = await withTenant(tenantId, (t) => scimUserByUserName(t, input.userName, exceptId));
  if (sameName) throw conflict(`A user with userName "${input.userName}" already exists.`);
  if (input.externalId) {
    const sameExternal = await withTenant(tenantId, (t) => scimUserByExternalId(t, input.externalId!, exceptId));
    if (sameExternal) throw conflict(`A user with externalId "${input.externalId}" already exists.`);
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}

// ---------------------------------------------------------------- writing

/** The roles a SCIM user's groups give them (Member when none names a role). */
export async function rolesFromGroups(tenantId: string, scimUserId: string | null): Promise<Role[]> {
  if (!scimUserId) return rolesFromGroupNames([]);
  const groups = await withTenant(tenantId, (t) => groupNamesOf(t, scimUserId));
  return rolesFromGroupNames(groups.map((g) => g.displayName));
}

function sameProfile(a: UserProfile, b: UserProfile): boolean {
  return a.email === b.email && a.name === b.name && (a.givenName ?? '') === (b.givenName ?? '') && (a.familyName ?? '') === (b.familyName ?? '');
}

/**
 * SCIM creates or links only accounts at the organization's verified domains: the identity
 * provider speaks for the organization's own people, not for another company's (or a
 * personal) address, which would otherwise join without consent.
 */
async function requireVerifiedDomain(tenantId: string, email: string): Promise<void> {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if ((await verifiedDomainNames(tenantId)).includes(domain)) return;
  throw badRequest('invalidValue', `${domain} is not a verified domain of this organization. SCIM creates or links only accounts at the organization's verified domains (Settings > Single sign-on > Verified domains); people at other addresses join through an invitation.`);
}

/**
 * Writes `input` over `before` (null: a new user): Auth0 first, then ScimUser, Membership
 * and the audit event in one transaction; Auth0 is put back when anything fails.
 */
async function commitUser(sc: ScimContext, before: ScimUserRow | null, input: UserInput): Promise<ScimUserRow> {
  const tenantId = sc.tenant.tenantId;
  const auth0OrgId = sc.tenant.auth0OrgId;
  await checkUnique(tenantId, input, before?.id);
  const active = input.active ?? before?.active ?? true;
  let userId = before?.userId ?? '';

  const saved = await allOrNothing(async (undo) => {
    let ownsProfile = false;
    let newUser = false;
    if (!before) {
      await requireVerifiedDomain(tenantId, input.profile.email);
      const connection = await databaseConnection(auth0OrgId);
      const found = await findOrCreateUser(connection, tenantId, input.profile, undo);
      userId = found.userId;
      ownsProfile = found.created;
      newUser = found.created;
      const other = await withTenant(sc, (t) => scimUserLinkedTo(t, userId));
      if (other) throw conflict(`This person (${input.profile.email}) is already provisioned as "${other.userName}".`);
    } else {
      const previous = readInput({ ...(before.resource as Json), userName: before.userName }).profile;
      if (!sameProfile(previous, input.profile)) {
        // Only a user SCIM created here has a profile this organization may change: a reused
        // account (it exists globally) keeps its own.
        const current = await provisionedHere(userId, tenantId);
        ownsProfile = current.owned;
        if (current.owned && current.profile) await updateUserProfile(userId, current.profile, input.profile, undo);
      }
    }

    const membership = await withTenant(sc, (t) => t.memberships.findFirst({ where: { userId }, select: { roles: true, removedAt: true } }));
    const wasMember = !!membership && !membership.removedAt;
    // Joining (created, or reactivated) and leaving (deactivated) change the membership.
    // Other updates leave it as it is: a person an admin removed by hand is not brought back
    // by a profile change, only by a reactivation in the identity provider.
    const joining = active && (!before || !before.active);
    const leaving = !active && wasMember;
    // An active member keeps their roles (groups change them); a joiner or a returning
    // person gets the roles their groups give.
    const roles: Role[] = wasMember ? membership.roles.filter(isRole) : await rolesFromGroups(tenantId, before?.id ?? null);
    const losesAdmin = leaving && membership.roles.includes('org_admin');
    if (losesAdmin && (await withTenant(sc, (t) => otherAdmins(t, userId))) === 0) throw new DomainError(LAST_ADMIN_MESSAGE);

    // A user created just now is in no organization: no need to ask Auth0 (one call fewer per create).
    if (joining || leaving) await syncOrgMember(auth0OrgId, userId, { active, roles }, undo, { newUser });

    return withTenant(sc, async (t) => {
      await lockOrganization(t);
      if (losesAdmin) await requireAnotherAdmin(t, userId);
      const data = { userName: input.userName, externalId: input.externalId, active, resource: input.stored as ScimResource };
      const row = before
        ? await updateScimUser(t, before.id, data)
        : await createScimUser(t, userId, data);
      // Membership mirrors Auth0's profile: SCIM's name and address only for users SCIM created.
      const profile = ownsProfile || !membership ? { email: input.profile.email, name: input.profile.name } : {};
      const where = { tenantId_userId: { tenantId: t.tenantId, userId } };
      if (joining) {
        await t.memberships.upsert({
          where,
          create: { tenantId: t.tenantId, userId, email: input.profile.email, name: input.profile.name, roles, source: 'scim' },
          update: { ...profile, roles, removedAt: null, ...(wasMember ? {} : { source: 'scim' }) },
        });
      } else if (leaving) {
        await t.memberships.update({ where, data: { ...profile, removedAt: new Date() } });
      } else if (membership && Object.keys(profile).length) {
        await t.memberships.update({ where, data: profile });
      }
      const action = !before ? 'scim.user.created' : before.active && !active ? 'scim.user.deactivated' : !before.active && active ? 'scim.user.reactivated' : 'scim.user.updated';
      await scimAudit(sc)(t, action, userId, {
        scimId: row.id,
        userName: input.userName,
        externalId: input.externalId,
        email: input.profile.email,
        active,
        ...(joining && !wasMember ? { roles } : {}),
      });
      return row;
    });
  }).catch((error) => {
    if (isUniqueViolation(error)) throw conflict('A user with this userName or externalId already exists.');
    throw error;
  });
  forgetMembership(tenantId, userId);
  return saved;
}

export async function createUser(sc: ScimContext, body: Json): Promise<Json> {
  const input = readInput(coerceUser(body));
  const row = await commitUser(sc, null, input);
  return toScim(sc, row, []);
}

export async function replaceUser(sc: ScimContext, id: string, body: Json): Promise<Json> {
  const before = await findRow(sc, id);
  const input = readInput(coerceUser({ ...body, id: undefined }));
  const row = unchanged(before, input) ? before : await commitUser(sc, before, input);
  return toScim(sc, row, await orgGroups(sc.tenant.tenantId));
}

function unchanged(before: ScimUserRow, input: UserInput): boolean {
  return (
    before.userName === input.userName &&
    before.externalId === input.externalId &&
    (input.active === undefined || before.active === input.active) &&
    JSON.stringify(before.resource) === JSON.stringify(input.stored)
  );
}

export async function patchUser(sc: ScimContext, id: string, body: Json): Promise<Json> {
  const before = await findRow(sc, id);
  const current = { ...(before.resource as Json), userName: before.userName, ...(before.externalId ? { externalId: before.externalId } : {}), active: before.active };
  const patched = await applyPatch(userSchema(), current, body);
  let row = before;
  if (patched) {
    const input = readInput(coerceUser(patched));
    if (!unchanged(before, input)) row = await commitUser(sc, before, input);
  }
  return toScim(sc, row, await orgGroups(sc.tenant.tenantId));
}

export async function deleteUser(sc: ScimContext, id: string): Promise<void> {
  const tenantId = sc.tenant.tenantId;
  const before = await findRow(sc, id);
  const membership = await withTenant(sc, (t) => t.memberships.findFirst({ where: { userId: before.userId }, select: { roles: true, removedAt: true } }));
  const wasMember = !!membership && !membership.removedAt;
  const losesAdmin = wasMember && membership.roles.includes('org_admin');
  if (losesAdmin && (await withTenant(sc, (t) => otherAdmins(t, before.userId))) === 0) throw new DomainError(LAST_ADMIN_MESSAGE);
  await allOrNothing(async (undo) => {
    if (wasMember) await syncOrgMember(sc.tenant.auth0OrgId, before.userId, { active: false, roles: [] }, undo);
    await withTenant(sc, async (t) => {
      await lockOrganization(t);
      if (losesAdmin) await requireAnotherAdmin(t, before.userId);
      if (wasMember) await t.memberships.update({ where: { tenantId_userId: { tenantId: t.tenantId, userId: before.userId } }, data: { removedAt: new Date() } });
      await removeFromAllGroups(t, id);
      await deleteScimUser(t, id);
      await scimAudit(sc)(t, 'scim.user.deleted', before.userId, { scimId: id, userName: before.userName, externalId: before.externalId, wasMember });
    });
  });
  forgetMembership(tenantId, before.userId);
}
