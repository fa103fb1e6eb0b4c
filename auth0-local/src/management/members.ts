// /organizations/{id}/members and /organizations/{id}/members/{user_id}/roles.
import { z } from 'zod';
import type { Member } from '../store';
import { requireScope } from './auth';
import { type ApiRouter, type Ctx, type Env, guarded, isoNow, param } from './context';
import { badRequest, noContent, notFoundErrors, queryString } from './http';
import { findOrg } from './organizations';
import { sendList, sendOffset } from './pagination';
import { roleJson } from './serialize';
import { body } from './validation';

export const MAX_MEMBERS_PER_REQUEST = 10;
export const MAX_ROLES_PER_MEMBER = 50;

const membersSchema = z.strictObject({ members: z.array(z.string().min(1)).min(1).max(MAX_MEMBERS_PER_REQUEST) });
const rolesSchema = z.strictObject({ roles: z.array(z.string().min(1)).min(1).max(MAX_ROLES_PER_MEMBER) });

export function registerMembers(router: ApiRouter, env: Env): void {
  const { store } = env;

  const findMember = (orgId: string, userId: string): Member => {
    const m = store.member(orgId, userId);
    if (!m) throw notFoundErrors.member();
    return m;
  };
  const checkRoles = (ids: string[]) => {
    for (const id of ids) if (!store.state.roles.some((r) => r.id === id)) throw notFoundErrors.role();
  };

  router.get('/organizations/:id/members', guarded('read:organization_members', (ctx: Ctx) => {
    const org = findOrg(env, param(ctx, 'id'));
    const fields = (queryString(ctx, 'fields') ?? '').split(',').map((f) => f.trim());
    const withRoles = fields.includes('roles') && queryString(ctx, 'include_fields') !== 'false';
    // Auth0 asks for one more scope before it reveals member roles.
    if (withRoles) requireScope(ctx, ['read:organization_member_roles']);
    const members = store.state.members.filter((m) => m.org_id === org.id && store.userById(m.user_id));
    sendList(ctx, 'members', members, (m) => `${m.created_at}|${m.user_id}`, (m) => {
      const u = store.userById(m.user_id)!;
      return {
        user_id: u.user_id,
        email: u.email,
        name: u.name,
        picture: u.picture,
        ...(withRoles ? { roles: m.roles.map((id) => store.state.roles.find((r) => r.id === id)).filter((r) => !!r).map((r) => ({ id: r.id, name: r.name })) } : {}),
      };
    });
  }));

  // Adding someone who is already a member is accepted and changes nothing (Auth0 is idempotent here).
  router.post('/organizations/:id/members', guarded('create:organization_members', async (ctx: Ctx) => {
    const input = await body(ctx, membersSchema);
    const org = findOrg(env, param(ctx, 'id'));
    for (const uid of input.members) if (!store.userById(uid)) throw notFoundErrors.user();
    const created_at = isoNow(env);
    store.mutate((s) => {
      for (const uid of new Set(input.members)) {
        if (!s.members.some((m) => m.org_id === org.id && m.user_id === uid)) s.members.push({ org_id: org.id, user_id: uid, roles: [], created_at });
      }
    });
    noContent(ctx);
  }));

  router.delete('/organizations/:id/members', guarded('delete:organization_members', async (ctx: Ctx) => {
    const input = await body(ctx, membersSchema);
    const org = findOrg(env, param(ctx, 'id'));
    const gone = new Set(input.members);
    store.mutate((s) => {
      s.members = s.members.filter((m) => !(m.org_id === org.id && gone.has(m.user_id)));
    });
    noContent(ctx);
  }));

  router.get('/organizations/:id/members/:user_id/roles', guarded('read:organization_member_roles', (ctx: Ctx) => {
    const org = findOrg(env, param(ctx, 'id'));
    const m = findMember(org.id, param(ctx, 'user_id'));
    const roles = m.roles.map((id) => store.state.roles.find((r) => r.id === id)).filter((r) => !!r).map(roleJson);
    sendOffset(ctx, 'roles', roles);
  }));

  router.post('/organizations/:id/members/:user_id/roles', guarded('create:organization_member_roles', async (ctx: Ctx) => {
    const input = await body(ctx, rolesSchema);
    const org = findOrg(env, param(ctx, 'id'));
    const m = findMember(org.id, param(ctx, 'user_id'));
    checkRoles(input.roles);
    const next = [...new Set([...m.roles, ...input.roles])];
    if (next.length > MAX_ROLES_PER_MEMBER) {
      throw badRequest(`A member can have at most ${MAX_ROLES_PER_MEMBER} roles in an organization.`, 'too_many_roles');
    }
    store.mutate((s) => {
      s.members.find((x) => x.org_id === org.id && x.user_id === m.user_id)!.roles = next;
    });
    noContent(ctx);
  }));

  router.delete('/organizations/:id/members/:user_id/roles', guarded('delete:organization_member_roles', async (ctx: Ctx) => {
    const input = await body(ctx, rolesSchema);
    const org = findOrg(env, param(ctx, 'id'));
    const m = findMember(org.id, param(ctx, 'user_id'));
    checkRoles(input.roles);
    const gone = new Set(input.roles);
    store.mutate((s) => {
      const target = s.members.find((x) => x.org_id === org.id && x.user_id === m.user_id)!;
      target.roles = target.roles.filter((r) => !gone.has(r));
    });
    noContent(ctx);
  }));
}
