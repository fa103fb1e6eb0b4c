// SCIM Groups of one organization. A group whose displayName names a role (see roles.ts)
// gives that role to its members: adding or removing members, renaming or deleting such a
// group changes the members' roles in Auth0 and in Membership, with the last-admin rule and
// an undo of the Auth0 steps when something fails. Other groups are kept and returned, and
// change nobody's access.
import 'server-only';
import { withTenant, type TenantData } from '@/lib/data/scope';
import {
  createScimGroup, deleteScimGroup, groupMemberLists, scimGroupByDisplayName, scimGroupByExternalId, scimGroupById, scimGroupsMatching, updateScimGroup, type ScimGroupRow,
} from '@/lib/data/scim-groups';
import { activeScimUsersAmong, scimUserNames } from '@/lib/data/scim-users';
import { forgetMembership } from '@/lib/auth/membership';
import { isRole, type Role } from '@/lib/core/permissions';
import { lockOrganization, LAST_ADMIN_MESSAGE } from '@/lib/admin/guard';
import { DomainError } from '@/lib/core/errors';
import { allOrNothing } from '@/lib/core/undo';
import type { ScimContext } from '@/lib/scim/auth';
import { syncOrgMember } from '@/lib/scim/auth0-sync';
import { scimAudit } from '@/lib/scim/audit';
import { badRequest, conflict, notFound } from '@/lib/scim/errors';
import { applyFilter, equalityTerms, parseFilter } from '@/lib/scim/filter';
import type { ListParams } from '@/lib/scim/http';
import { render, type Projection } from '@/lib/scim/projection';
import { roleOfGroup, rolesFromGroupNames } from '@/lib/scim/roles';
import { groupSchema, listResponse } from '@/lib/scim/schemas';
import { applyPatch } from '@/lib/scim/patch';

type Json = Record<string, unknown>;
const MAX_MEMBERS = 10_000;

// ---------------------------------------------------------------- reading

async function userNames(tenantId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await withTenant(tenantId, (t) => scimUserNames(t, ids));
  return new Map(rows.map((r) => [r.id, r.userName]));
}

function toScim(sc: ScimContext, row: ScimGroupRow, names: Map<string, string>, projection: Projection = {}): Json {
  return render(
    groupSchema(),
    {
      id: row.id,
      displayName: row.displayName,
      ...(row.externalId ? { externalId: row.externalId } : {}),
      ...(row.memberIds.length
        ? { members: row.memberIds.map((id) => ({ value: id, ...(names.has(id) ? { display: names.get(id) } : {}), $ref: `${sc.baseUrl}/Users/${id}`, type: 'User' })) }
        : {}),
      meta: { created: row.createdAt, lastModified: row.updatedAt },
    },
    `${sc.baseUrl}/Groups`,
    projection,
  );
}

async function findRow(sc: ScimContext, id: string): Promise<ScimGroupRow> {
  const row = await withTenant(sc, (t) => scimGroupById(t, id));
  if (!row) throw notFound('Group');
  return row;
}

async function render1(sc: ScimContext, row: ScimGroupRow, projection: Projection = {}): Promise<Json> {
  return toScim(sc, row, await userNames(sc.tenant.tenantId, row.memberIds), projection);
}

export async function getGroup(sc: ScimContext, id: string, projection: Projection = {}): Promise<Json> {
  return render1(sc, await findRow(sc, id), projection);
}

export async function listGroups(sc: ScimContext, params: ListParams) {
  const tenantId = sc.tenant.tenantId;
  const filter = params.filter ? parseFilter(params.filter, groupSchema().definition) : null;
  const terms = filter ? equalityTerms(filter, ['displayName', 'externalId', 'id']) : null;
  const rows = await withTenant(sc, (t) => scimGroupsMatching(t, terms));
  const names = await userNames(tenantId, [...new Set(rows.flatMap((r) => r.memberIds))]);
  const matched = filter ? applyFilter(filter, rows, (r) => toScim(sc, r, names)) : rows;
  const page = matched.slice(params.startIndex - 1, params.startIndex - 1 + params.count);
  return listResponse(page.map((r) => toScim(sc, r, names, params)), matched.length, params.startIndex);
}

// ---------------------------------------------------------------- input

interface GroupInput { displayName: string; externalId: string | null; memberIds: string[] }

function coerceGroup(body: Json): Json {
  try {
    return JSON.parse(JSON.stringify(new (groupSchema())(body, 'in'))) as Json;
  } catch (error) {
    throw badRequest('invalidValue', error instanceof Error ? error.message : 'The group does not match the SCIM Group schema.');
  }
}

async function readInput(tenantId: string, resource: Json): Promise<GroupInput> {
  const displayName = typeof resource.displayName === 'string' ? resource.displayName.trim() : '';
  if (!displayName) throw badRequest('invalidValue', 'displayName is required.');
  if (displayName.length > 256) throw badRequest('invalidValue', 'displayName: at most 256 characters.');
  const externalId = typeof resource.externalId === 'string' && resource.externalId.trim() ? resource.externalId.trim() : null;
  const members = Array.isArray(resource.members) ? (resource.members as { value?: unknown; type?: unknown }[]) : [];
  if (members.some((m) => typeof m.type === 'string' && m.type.toLowerCase() === 'group')) throw badRequest('invalidValue', 'Groups inside groups are not supported.');
  const memberIds = [...new Set(members.map((m) => (typeof m.value === 'string' ? m.value.trim() : '')))];
  if (memberIds.some((id) => !id)) throw badRequest('invalidValue', 'Every member needs a value (the id of a user).');
  if (memberIds.length > MAX_MEMBERS) throw badRequest('invalidValue', `A group can have at most ${MAX_MEMBERS} members.`);
  const known = await userNames(tenantId, memberIds);
  const unknown = memberIds.filter((id) => !known.has(id));
  if (unknown.length) throw badRequest('invalidValue', `No user with id ${unknown.slice(0, 3).join(', ')} in this organization.`);
  return { displayName, externalId, memberIds };
}

async function checkUnique(tenantId: string, input: GroupInput, exceptId?: string): Promise<void> {
  const [sameName, sameExternal] = await withTenant(tenantId, async (t) => [
    await scimGroupByDisplayName(t, input.displayName, exceptId),
    input.externalId ? await scimGroupByExternalId(t, input.externalId, exceptId) : null,
  ]);
  if (sameName) {
    throw conflict(`A group named "${input.displayName}" already exists.`);
  }
  if (sameExternal) {
    throw conflict(`A group with externalId "${input.externalId}" already exists.`);
  }
}

// ---------------------------------------------------------------- writing

interface RoleChange { userId: string; from: Role[]; to: Role[] }
const sameRoles = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/** The role changes that follow from the group going from `before` to `after`. */
async function roleChanges(tenantId: string, before: ScimGroupRow | null, after: (GroupInput & { id: string }) | null): Promise<RoleChange[]> {
  const relevant = (before && roleOfGroup(before.displayName)) || (after && roleOfGroup(after.displayName));
  if (!relevant) return [];
  const affectedIds = [...new Set([...(before?.memberIds ?? []), ...(after?.memberIds ?? [])])];
  if (!affectedIds.length) return [];
  const { stored, users, memberships } = await withTenant(tenantId, async (t) => {
    const users = await activeScimUsersAmong(t, affectedIds);
    return {
      stored: await groupMemberLists(t),
      users,
      memberships: await t.memberships.findMany({ where: { userId: { in: users.map((u) => u.userId) }, removedAt: null }, select: { userId: true, roles: true } }),
    };
  });
  const groups = stored
    .filter((g) => g.id !== before?.id)
    .concat(after ? [{ id: after.id, displayName: after.displayName, memberIds: after.memberIds }] : []);
  const current = new Map(memberships.map((m) => [m.userId, m.roles.filter(isRole)]));
  const changes: RoleChange[] = [];
  for (const user of users) {
    const from = current.get(user.userId);
    if (!from) continue; // not an active member: their roles apply when they come back
    const to = rolesFromGroupNames(groups.filter((g) => g.memberIds.includes(user.id)).map((g) => g.displayName));
    if (!sameRoles(from, to)) changes.push({ userId: user.userId, from, to });
  }
  return changes;
}

async function activeAdmins(t: TenantData): Promise<number> {
  return t.memberships.count({ where: { removedAt: null, roles: { has: 'org_admin' } } });
}

async function refuseLastAdminLoss(tenantId: string, changes: RoleChange[]): Promise<void> {
  const losing = changes.filter((c) => c.from.includes('org_admin') && !c.to.includes('org_admin')).length;
  if (!losing) return;
  const gaining = changes.filter((c) => !c.from.includes('org_admin') && c.to.includes('org_admin')).length;
  if ((await withTenant(tenantId, activeAdmins)) - losing + gaining <= 0) throw new DomainError(LAST_ADMIN_MESSAGE);
}

type GroupWrite = { kind: 'create'; input: GroupInput } | { kind: 'update'; before: ScimGroupRow; input: GroupInput } | { kind: 'delete'; before: ScimGroupRow };

async function commitGroup(sc: ScimContext, write: GroupWrite): Promise<ScimGroupRow | null> {
  const tenantId = sc.tenant.tenantId;
  const before = write.kind === 'create' ? null : write.before;
  const input = write.kind === 'delete' ? null : write.input;
  if (input) await checkUnique(tenantId, input, before?.id);
  const changes = await roleChanges(tenantId, before, input ? { ...input, id: before?.id ?? '(new)' } : null);
  await refuseLastAdminLoss(tenantId, changes);

  const saved = await allOrNothing(async (undo) => {
    for (const change of changes) await syncOrgMember(sc.tenant.auth0OrgId, change.userId, { active: true, roles: change.to }, undo, { activeMember: true });
    return withTenant(sc, async (t) => {
      await lockOrganization(t);
      let row: ScimGroupRow | null = null;
      const data = input ? { displayName: input.displayName, externalId: input.externalId, memberIds: input.memberIds } : null;
      if (write.kind === 'create') row = await createScimGroup(t, data!);
      else if (write.kind === 'update') row = await updateScimGroup(t, write.before.id, data!);
      else await deleteScimGroup(t, write.before.id);
      for (const change of changes) {
        await t.memberships.updateMany({ where: { userId: change.userId, removedAt: null }, data: { roles: change.to } });
      }
      if (changes.some((c) => c.from.includes('org_admin') && !c.to.includes('org_admin')) && (await activeAdmins(t)) === 0) {
        throw new DomainError(LAST_ADMIN_MESSAGE);
      }
      const id = row?.id ?? before!.id;
      const added = input ? input.memberIds.filter((m) => !(before?.memberIds ?? []).includes(m)) : [];
      const removed = before ? before.memberIds.filter((m) => !(input?.memberIds ?? []).includes(m)) : [];
      await scimAudit(sc)(t, `scim.group.${write.kind === 'create' ? 'created' : write.kind === 'update' ? 'updated' : 'deleted'}`, id, {
        displayName: input?.displayName ?? before!.displayName,
        ...(before && input && before.displayName !== input.displayName ? { renamedFrom: before.displayName } : {}),
        role: roleOfGroup(input?.displayName ?? before!.displayName),
        added,
        removed,
        roleChanges: changes.map((c) => ({ userId: c.userId, from: c.from, to: c.to })),
      });
      return row;
    });
  }).catch((error) => {
    if (typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002') throw conflict('A group with this displayName or externalId already exists.');
    throw error;
  });
  for (const change of changes) forgetMembership(tenantId, change.userId);
  return saved;
}

function unchanged(before: ScimGroupRow, input: GroupInput): boolean {
  return before.displayName === input.displayName && before.externalId === input.externalId && sameRoles(before.memberIds, input.memberIds) && before.memberIds.length === input.memberIds.length;
}

export async function createGroup(sc: ScimContext, body: Json): Promise<Json> {
  const input = await readInput(sc.tenant.tenantId, coerceGroup(body));
  return render1(sc, (await commitGroup(sc, { kind: 'create', input }))!);
}

export async function replaceGroup(sc: ScimContext, id: string, body: Json): Promise<Json> {
  const before = await findRow(sc, id);
  const input = await readInput(sc.tenant.tenantId, coerceGroup({ ...body, id: undefined }));
  const row = unchanged(before, input) ? before : (await commitGroup(sc, { kind: 'update', before, input }))!;
  return render1(sc, row);
}

export async function patchGroup(sc: ScimContext, id: string, body: Json, projection: Projection = {}): Promise<Json> {
  const before = await findRow(sc, id);
  const current = { displayName: before.displayName, ...(before.externalId ? { externalId: before.externalId } : {}), members: before.memberIds.map((value) => ({ value })) };
  const patched = await applyPatch(groupSchema(), current, body);
  let row = before;
  if (patched) {
    const input = await readInput(sc.tenant.tenantId, patched);
    if (!unchanged(before, input)) row = (await commitGroup(sc, { kind: 'update', before, input }))!;
  }
  return render1(sc, row, projection);
}

export async function deleteGroup(sc: ScimContext, id: string): Promise<void> {
  const before = await findRow(sc, id);
  await commitGroup(sc, { kind: 'delete', before });
}
