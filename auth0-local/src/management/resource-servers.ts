// /resource-servers: list, create, get (by id or identifier), update.
import { z } from 'zod';
import { newId, type ResourceServer } from '../store';
import { type ApiRouter, type Ctx, type Env, guarded, param } from './context';
import { conflict, notFoundErrors, projectFields, queryList, sendJson } from './http';
import { sendOffset } from './pagination';
import { resourceServerJson } from './serialize';
import { body } from './validation';

const scopes = z.array(z.strictObject({ value: z.string().min(1).max(280), description: z.string().max(500).optional() }));
const editable = {
  name: z.string().min(1).max(200).optional(),
  scopes: scopes.optional(),
  enforce_policies: z.boolean().optional(),
  token_dialect: z.enum(['access_token', 'access_token_authz']).optional(),
  signing_alg: z.enum(['RS256']).optional(),
  token_lifetime: z.int().min(1).max(2592000).optional(),
  // Whether refresh tokens can be issued for this API.
  // https://auth0.com/docs/get-started/apis/api-settings#access-settings
  allow_offline_access: z.boolean().optional(),
  // Accepted; this tenant always skips consent for its first-party applications.
  skip_consent_for_verifiable_first_party_clients: z.boolean().optional(),
};
const createSchema = z.strictObject({ identifier: z.string().min(1).max(600), ...editable });
const updateSchema = z.strictObject(editable);

export function registerResourceServers(router: ApiRouter, env: Env): void {
  const { store } = env;

  const find = (idOrIdentifier: string): ResourceServer => {
    const rs = store.state.resourceServers.find((r) => r.id === idOrIdentifier) ?? store.resourceServer(idOrIdentifier);
    if (!rs) throw notFoundErrors.resourceServer();
    return rs;
  };
  const normalizeScopes = (list: z.infer<typeof scopes>) => list.map((s) => ({ value: s.value, description: s.description ?? '' }));

  router.get('/resource-servers', guarded('read:resource_servers', (ctx: Ctx) => {
    const identifiers = queryList(ctx, 'identifiers');
    const list = store.state.resourceServers
      .filter((r) => identifiers.length === 0 || identifiers.includes(r.identifier))
      .map((r) => projectFields(ctx, resourceServerJson(r), ['id']));
    sendOffset(ctx, 'resource_servers', list);
  }));

  router.post('/resource-servers', guarded('create:resource_servers', async (ctx: Ctx) => {
    const input = await body(ctx, createSchema);
    if (store.resourceServer(input.identifier)) {
      throw conflict('A resource server with the same identifier already exists', 'conflict');
    }
    const rs: ResourceServer = {
      id: newId.resourceServer(),
      name: input.name ?? input.identifier,
      identifier: input.identifier,
      scopes: normalizeScopes(input.scopes ?? []),
      enforce_policies: input.enforce_policies ?? false,
      token_dialect: input.token_dialect ?? 'access_token',
      signing_alg: 'RS256',
      token_lifetime: input.token_lifetime ?? 86400,
      allow_offline_access: input.allow_offline_access ?? false,
    };
    store.mutate((s) => {
      s.resourceServers.push(rs);
    });
    sendJson(ctx, 201, resourceServerJson(rs));
  }));

  router.get('/resource-servers/:id', guarded('read:resource_servers', (ctx: Ctx) => {
    ctx.body = projectFields(ctx, resourceServerJson(find(param(ctx, 'id'))), ['id']);
  }));

  router.patch('/resource-servers/:id', guarded('update:resource_servers', async (ctx: Ctx) => {
    const input = await body(ctx, updateSchema);
    const rs = find(param(ctx, 'id'));
    const updated = store.mutate((s) => {
      const r = s.resourceServers.find((x) => x.id === rs.id)!;
      const { scopes: newScopes, signing_alg: _alg, skip_consent_for_verifiable_first_party_clients: _skip, ...rest } = input;
      Object.assign(r, rest);
      if (newScopes) r.scopes = normalizeScopes(newScopes);
      return r;
    });
    ctx.body = resourceServerJson(updated);
  }));
}
