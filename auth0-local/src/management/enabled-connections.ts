// /organizations/{id}/enabled_connections: add, list, get, update, remove.
import { z } from 'zod';
import type { OrgEnabledConnection } from '../store';
import { type ApiRouter, type Ctx, type Env, guarded, param } from './context';
import { badRequest, conflict, noContent, notFound, notFoundErrors, sendJson } from './http';
import { MAX_ENABLED_CONNECTIONS, checkSignupRule, findOrg } from './organizations';
import { sendOffset } from './pagination';
import { enabledConnectionJson } from './serialize';
import { body } from './validation';

const addSchema = z.strictObject({
  connection_id: z.string().min(1),
  assign_membership_on_login: z.boolean().optional(),
  is_signup_enabled: z.boolean().optional(),
  show_as_button: z.boolean().optional(),
});
const updateSchema = addSchema.omit({ connection_id: true });

export function registerEnabledConnections(router: ApiRouter, env: Env): void {
  const { store } = env;

  const findLink = (orgId: string, connectionId: string): OrgEnabledConnection => {
    const e = store.enabledConnection(orgId, connectionId);
    if (!e) throw notFound('The connection is not enabled for this organization.', 'inexistent_connection');
    return e;
  };

  router.post('/organizations/:id/enabled_connections', guarded('create:organization_connections', async (ctx: Ctx) => {
    const input = await body(ctx, addSchema);
    const org = findOrg(env, param(ctx, 'id'));
    if (!store.connectionById(input.connection_id)) throw notFoundErrors.connection();
    if (store.enabledConnection(org.id, input.connection_id)) {
      throw conflict('The connection is already enabled for this organization.', 'organization_connection_conflict');
    }
    if (store.state.enabledConnections.filter((e) => e.org_id === org.id).length >= MAX_ENABLED_CONNECTIONS) {
      throw badRequest(`An organization can have at most ${MAX_ENABLED_CONNECTIONS} enabled connections.`, 'too_many_connections');
    }
    checkSignupRule(input);
    const link: OrgEnabledConnection = {
      org_id: org.id,
      connection_id: input.connection_id,
      assign_membership_on_login: input.assign_membership_on_login ?? false,
      show_as_button: input.show_as_button ?? true,
      is_signup_enabled: input.is_signup_enabled ?? false,
    };
    store.mutate((s) => {
      s.enabledConnections.push(link);
    });
    sendJson(ctx, 201, enabledConnectionJson(store, link));
  }));

  router.get('/organizations/:id/enabled_connections', guarded('read:organization_connections', (ctx: Ctx) => {
    const org = findOrg(env, param(ctx, 'id'));
    const list = store.state.enabledConnections.filter((e) => e.org_id === org.id).map((e) => enabledConnectionJson(store, e));
    sendOffset(ctx, 'enabled_connections', list);
  }));

  router.get('/organizations/:id/enabled_connections/:connectionId', guarded('read:organization_connections', (ctx: Ctx) => {
    const org = findOrg(env, param(ctx, 'id'));
    ctx.body = enabledConnectionJson(store, findLink(org.id, param(ctx, 'connectionId')));
  }));

  router.patch('/organizations/:id/enabled_connections/:connectionId', guarded('update:organization_connections', async (ctx: Ctx) => {
    const input = await body(ctx, updateSchema);
    const org = findOrg(env, param(ctx, 'id'));
    const current = findLink(org.id, param(ctx, 'connectionId'));
    const next = { ...current, ...input } as OrgEnabledConnection;
    checkSignupRule(next);
    store.mutate((s) => {
      const i = s.enabledConnections.findIndex((e) => e.org_id === org.id && e.connection_id === current.connection_id);
      s.enabledConnections[i] = next;
    });
    ctx.body = enabledConnectionJson(store, next);
  }));

  router.delete('/organizations/:id/enabled_connections/:connectionId', guarded('delete:organization_connections', (ctx: Ctx) => {
    const org = findOrg(env, param(ctx, 'id'));
    const link = findLink(org.id, param(ctx, 'connectionId'));
    store.mutate((s) => {
      s.enabledConnections = s.enabledConnections.filter((e) => !(e.org_id === org.id && e.connection_id === link.connection_id));
    });
    noContent(ctx);
  }));
}
