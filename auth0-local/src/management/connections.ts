// /connections: list (checkpoint or offset; strategy and name filters), create, get, update, delete.
import { z } from 'zod';
import { checkConnectionOptions } from '../enterprise/options';
import { newId, type Connection } from '../store';
import { type ApiRouter, type Ctx, type Env, guarded, param } from './context';
import { badRequest, conflict, noContent, notFoundErrors, projectFields, queryList, queryString, sendJson } from './http';
import { sendList } from './pagination';
import { connectionJson } from './serialize';
import { body } from './validation';

/** The strategies this tenant knows by name (Auth0 has more; these cover database, enterprise and common social). */
export const STRATEGIES = [
  'auth0', 'samlp', 'oidc', 'okta', 'waad', 'adfs', 'ad', 'pingfederate', 'google-apps', 'google-oauth2',
  'github', 'windowslive', 'apple', 'linkedin', 'facebook', 'email', 'sms',
] as const;

const connectionMetadata = z
  .record(z.string().max(255), z.string().max(255))
  .refine((m) => Object.keys(m).length <= 10, { error: 'Too many properties defined, maximum 10' });

const editable = {
  display_name: z.string().max(128).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  enabled_clients: z.array(z.string().min(1)).optional(),
  is_domain_connection: z.boolean().optional(),
  show_as_button: z.boolean().optional(),
  realms: z.array(z.string().min(1)).optional(),
  metadata: connectionMetadata.optional(),
};

const createSchema = z.strictObject({
  name: z.string().min(1).max(128).regex(/^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$/),
  strategy: z.enum(STRATEGIES),
  ...editable,
});
const updateSchema = z.strictObject(editable);

/** Enterprise strategies (samlp, oidc) get their options checked; see enterprise/options.ts. */
function checkedOptions(strategy: string, options: Record<string, unknown>): Record<string, unknown> {
  const r = checkConnectionOptions(strategy, options);
  if ('error' in r) throw badRequest(r.error, 'invalid_body');
  return r.options;
}

export function registerConnections(router: ApiRouter, env: Env): void {
  const { store } = env;

  const find = (id: string): Connection => {
    const c = store.connectionById(id);
    if (!c) throw notFoundErrors.connection();
    return c;
  };

  router.get('/connections', guarded('read:connections', (ctx: Ctx) => {
    const strategies = queryList(ctx, 'strategy');
    const name = queryString(ctx, 'name');
    const list = store.state.connections.filter(
      (c) => (strategies.length === 0 || strategies.includes(c.strategy)) && (!name || c.name === name),
    );
    sendList(ctx, 'connections', list, (c) => c.name, (c) => projectFields(ctx, connectionJson(c), ['id']));
  }));

  router.post('/connections', guarded('create:connections', async (ctx: Ctx) => {
    const input = await body(ctx, createSchema);
    if (store.connectionByName(input.name)) {
      throw conflict('A connection with the same name already exists', 'connection_conflict');
    }
    const options = checkedOptions(input.strategy, input.options ?? {});
    const conn: Connection = {
      id: newId.connection(),
      name: input.name,
      ...(input.display_name !== undefined ? { display_name: input.display_name } : {}),
      strategy: input.strategy,
      options,
      enabled_clients: input.enabled_clients ?? [],
      realms: input.realms ?? [input.name],
      is_domain_connection: input.is_domain_connection ?? false,
      ...(input.show_as_button !== undefined ? { show_as_button: input.show_as_button } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
    };
    store.mutate((s) => {
      s.connections.push(conn);
    });
    sendJson(ctx, 201, connectionJson(conn));
  }));

  router.get('/connections/:id', guarded('read:connections', (ctx: Ctx) => {
    ctx.body = projectFields(ctx, connectionJson(find(param(ctx, 'id'))), ['id']);
  }));

  // Like Auth0, `options` (and `enabled_clients`, `metadata`) replace the stored value as a whole.
  router.patch('/connections/:id', guarded('update:connections', async (ctx: Ctx) => {
    const input = await body(ctx, updateSchema);
    const conn = find(param(ctx, 'id'));
    const change = input.options ? { ...input, options: checkedOptions(conn.strategy, input.options) } : input;
    const updated = store.mutate((s) => {
      const c = s.connections.find((x) => x.id === conn.id)!;
      Object.assign(c, change);
      return c;
    });
    ctx.body = connectionJson(updated);
  }));

  // Auth0 answers 202 and deletes the connection's users with it.
  router.delete('/connections/:id', guarded('delete:connections', (ctx: Ctx) => {
    const conn = find(param(ctx, 'id'));
    store.mutate((s) => {
      const goneUsers = new Set(s.users.filter((u) => u.connection === conn.name).map((u) => u.user_id));
      s.connections = s.connections.filter((c) => c.id !== conn.id);
      s.enabledConnections = s.enabledConnections.filter((e) => e.connection_id !== conn.id);
      s.users = s.users.filter((u) => !goneUsers.has(u.user_id));
      s.members = s.members.filter((m) => !goneUsers.has(m.user_id));
    });
    noContent(ctx, 202);
  }));
}
