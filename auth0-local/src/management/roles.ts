// /roles and /roles/{id}/permissions.
import { z } from 'zod';
import { newId, type Permission, type Role } from '../store';
import { type ApiRouter, type Ctx, type Env, guarded, param } from './context';
import { badRequest, conflict, noContent, notFound, notFoundErrors, queryString, sendJson } from './http';
import { sendOffset } from './pagination';
import { roleJson } from './serialize';
import { body } from './validation';

const createSchema = z.strictObject({ name: z.string().min(1).max(50), description: z.string().max(140).optional() });
const updateSchema = z.strictObject({ name: z.string().min(1).max(50).optional(), description: z.string().max(140).optional() });
const permissionsSchema = z.strictObject({
  permissions: z
    .array(z.strictObject({ resource_server_identifier: z.string().min(1), permission_name: z.string().min(1) }))
    .min(1)
    .max(1000),
});

export function registerRoles(router: ApiRouter, env: Env): void {
  const { store } = env;

  const find = (id: string): Role => {
    const r = store.state.roles.find((x) => x.id === id);
    if (!r) throw notFoundErrors.role();
    return r;
  };
  const nameTaken = (name: string, except?: string) =>
    store.state.roles.some((r) => r.name === name && r.id !== except);
  const roleConflict = () => conflict('A role with this name already exists', 'role_conflict');

  router.get('/roles', guarded('read:roles', (ctx: Ctx) => {
    const filter = queryString(ctx, 'name_filter')?.toLowerCase();
    const list = store.state.roles.filter((r) => !filter || r.name.toLowerCase().includes(filter)).map(roleJson);
    sendOffset(ctx, 'roles', list);
  }));

  router.post('/roles', guarded('create:roles', async (ctx: Ctx) => {
    const input = await body(ctx, createSchema);
    if (nameTaken(input.name)) throw roleConflict();
    const role: Role = { id: newId.role(), name: input.name, description: input.description ?? '', permissions: [] };
    store.mutate((s) => {
      s.roles.push(role);
    });
    sendJson(ctx, 200, roleJson(role)); // Auth0 answers 200 here
  }));

  router.get('/roles/:id', guarded('read:roles', (ctx: Ctx) => {
    ctx.body = roleJson(find(param(ctx, 'id')));
  }));

  router.patch('/roles/:id', guarded('update:roles', async (ctx: Ctx) => {
    const input = await body(ctx, updateSchema);
    const role = find(param(ctx, 'id'));
    if (input.name !== undefined && nameTaken(input.name, role.id)) throw roleConflict();
    const updated = store.mutate((s) => {
      const r = s.roles.find((x) => x.id === role.id)!;
      if (input.name !== undefined) r.name = input.name;
      if (input.description !== undefined) r.description = input.description;
      return r;
    });
    ctx.body = roleJson(updated);
  }));

  router.delete('/roles/:id', guarded('delete:roles', (ctx: Ctx) => {
    const role = find(param(ctx, 'id'));
    store.mutate((s) => {
      s.roles = s.roles.filter((r) => r.id !== role.id);
      for (const m of s.members) m.roles = m.roles.filter((r) => r !== role.id);
      for (const i of s.invitations) i.roles = (i.roles ?? []).filter((r) => r !== role.id);
    });
    noContent(ctx);
  }));

  router.get('/roles/:id/permissions', guarded('read:roles', (ctx: Ctx) => {
    const role = find(param(ctx, 'id'));
    const list = role.permissions.map((p) => {
      const rs = store.resourceServer(p.resource_server_identifier);
      const scope = rs?.scopes.find((s) => s.value === p.permission_name);
      return {
        permission_name: p.permission_name,
        description: scope?.description ?? '',
        resource_server_name: rs?.name ?? '',
        resource_server_identifier: p.resource_server_identifier,
      };
    });
    sendOffset(ctx, 'permissions', list);
  }));

  const checkPermissions = (perms: Permission[]) => {
    for (const p of perms) {
      const rs = store.resourceServer(p.resource_server_identifier);
      if (!rs) throw notFound(`Resource server (${p.resource_server_identifier}) does not exist`, 'inexistent_resource_server');
      if (!rs.scopes.some((s) => s.value === p.permission_name)) {
        throw badRequest(`Permission (${p.permission_name}) does not exist on resource server (${p.resource_server_identifier})`, 'invalid_body');
      }
    }
  };
  const same = (a: Permission, b: Permission) =>
    a.resource_server_identifier === b.resource_server_identifier && a.permission_name === b.permission_name;

  router.post('/roles/:id/permissions', guarded('update:roles', async (ctx: Ctx) => {
    const input = await body(ctx, permissionsSchema);
    const role = find(param(ctx, 'id'));
    checkPermissions(input.permissions);
    store.mutate((s) => {
      const r = s.roles.find((x) => x.id === role.id)!;
      for (const p of input.permissions) if (!r.permissions.some((q) => same(p, q))) r.permissions.push(p);
    });
    noContent(ctx, 201);
  }));

  router.delete('/roles/:id/permissions', guarded('update:roles', async (ctx: Ctx) => {
    const input = await body(ctx, permissionsSchema);
    const role = find(param(ctx, 'id'));
    store.mutate((s) => {
      const r = s.roles.find((x) => x.id === role.id)!;
      r.permissions = r.permissions.filter((q) => !input.permissions.some((p) => same(p, q)));
    });
    noContent(ctx);
  }));
}
