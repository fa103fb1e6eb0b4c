// /connections: list (checkpoint or offset; strategy and name filters), create, get, update, delete,
// and the connection's enabled clients (/connections/{id}/clients).
import { z } from 'zod';
import { checkConnectionOptions } from '../enterprise/options';
import { newId, type Connection } from '../store';
import { hasScope, requireScope } from './auth';
import { type ApiRouter, type Ctx, type Env, guarded, param } from './context';
import { badRequest, conflict, noContent, notFoundErrors, projectFields, queryList, queryString, sendJson } from './http';
import { sendCheckpoint, sendList } from './pagination';
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
  // No `enabled_clients`: Auth0 deprecated it on the connection endpoints in favour of
  // /connections/{id}/clients; the local tenant refuses it (400, "Additional properties not
  // allowed") as a tenant past the migration does.
  // https://auth0.com/docs/troubleshoot/product-lifecycle/deprecations-and-migrations/migrate-dedicated-connection-endpoints
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

// PATCH /connections/{id}/clients: 1 to 50 { client_id, status } items.
// https://auth0.com/docs/api/management/v2/connections/patch-clients
const clientsSchema = z.array(z.strictObject({ client_id: z.string().min(1), status: z.boolean() })).min(1).max(50);

/**
 * Connection options are behind their own scopes: without read:connections_options the
 * connection comes back without `options` (GET, list and the answer to a write).
 * https://auth0.com/docs/troubleshoot/product-lifecycle/deprecations-and-migrations/migrate-connection-options-scope
 */
function visibleJson(ctx: Ctx, c: Connection) {
  const json: Partial<ReturnType<typeof connectionJson>> = connectionJson(c);
  if (!hasScope(ctx, 'read:connections_options')) delete json.options;
  return json;
}

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
    sendList(ctx, 'connections', list, (c) => c.name, (c) => projectFields(ctx, visibleJson(ctx, c), ['id']));
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
      enabled_clients: [],
      realms: input.realms ?? [input.name],
      is_domain_connection: input.is_domain_connection ?? false,
      ...(input.show_as_button !== undefined ? { show_as_button: input.show_as_button } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
    };
    store.mutate((s) => {
      s.connections.push(conn);
    });
    sendJson(ctx, 201, visibleJson(ctx, conn));
  }));

  router.get('/connections/:id', guarded('read:connections', (ctx: Ctx) => {
    ctx.body = projectFields(ctx, visibleJson(ctx, find(param(ctx, 'id'))), ['id']);
  }));

  // Like Auth0, `options` (and `metadata`) replace the stored value as a whole.
  router.patch('/connections/:id', guarded('update:connections', async (ctx: Ctx) => {
    const input = await body(ctx, updateSchema);
    // A PATCH carrying options needs update:connections_options (403 insufficient_scope).
    // https://auth0.com/docs/troubleshoot/product-lifecycle/deprecations-and-migrations/migrate-connection-options-scope
    if (input.options !== undefined) requireScope(ctx, ['update:connections_options']);
    const conn = find(param(ctx, 'id'));
    const change = input.options ? { ...input, options: checkedOptions(conn.strategy, input.options) } : input;
    const updated = store.mutate((s) => {
      const c = s.connections.find((x) => x.id === conn.id)!;
      Object.assign(c, change);
      return c;
    });
    ctx.body = visibleJson(ctx, updated);
  }));

  // The applications the connection is enabled for (checkpoint: take/from, answer { clients, next? }).
  // https://auth0.com/docs/api/management/v2/connections/get-connection-clients
  router.get('/connections/:id/clients', guarded('read:connections', (ctx: Ctx) => {
    const conn = find(param(ctx, 'id'));
    const ids = [...conn.enabled_clients].sort();
    sendCheckpoint(ctx, 'clients', ids, (id) => id, (client_id) => ({ client_id }));
  }));

  // Turns the connection on (status true) or off for each listed application; 204.
  // https://auth0.com/docs/api/management/v2/connections/patch-clients
  router.patch('/connections/:id/clients', guarded('update:connections', async (ctx: Ctx) => {
    const changes = await body(ctx, clientsSchema);
    const conn = find(param(ctx, 'id'));
    for (const change of changes) if (!store.client(change.client_id)) throw notFoundErrors.client();
    store.mutate((s) => {
      const c = s.connections.find((x) => x.id === conn.id)!;
      const enabled = new Set(c.enabled_clients);
      for (const change of changes) {
        if (change.status) enabled.add(change.client_id);
        else enabled.delete(change.client_id);
      }
      c.enabled_clients = [...enabled];
    });
    noContent(ctx);
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
