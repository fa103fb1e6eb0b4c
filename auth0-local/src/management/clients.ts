// /clients (list, get, update of the login-related settings) and /client-grants (list, create,
// update; with the organization settings of machine-to-machine access).
import { z } from 'zod';
import { newId, type Client, type ClientGrant } from '../store';
import { type ApiRouter, type Ctx, type Env, guarded, param } from './context';
import { badRequest, conflict, notFoundErrors, projectFields, queryString, sendJson } from './http';
import { sendList, sendOffset } from './pagination';
import { clientGrantJson, clientJson } from './serialize';
import { body } from './validation';

/** A callback / logout URL; Auth0 allows a `*` wildcard for one subdomain label. */
const urlWithWildcard = z.string().refine((v) => {
  try {
    const u = new URL(v.replace('://*.', '://wildcard.'));
    return u.protocol === 'https:' || u.protocol === 'http:' || /^[a-z][a-z0-9+.-]*:$/.test(u.protocol);
  } catch {
    return false;
  }
}, { error: (iss) => `Object didn't pass validation for format url-with-placeholders: ${String(iss.input)}` });

/**
 * Auth0 requires https for initiate_login_uri (or an empty string to clear it).
 * The local tenant also accepts http on localhost and *.localhost, where the app runs.
 */
const initiateLoginUri = z.string().refine((v) => {
  if (v === '') return true;
  try {
    const u = new URL(v);
    if (u.protocol === 'https:') return true;
    return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname.endsWith('.localhost'));
  } catch {
    return false;
  }
}, { error: (iss) => `Object didn't pass validation for format absolute-https-uri-or-empty: ${String(iss.input)}` });

const updateSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  callbacks: z.array(urlWithWildcard).max(100).optional(),
  allowed_logout_urls: z.array(urlWithWildcard).max(100).optional(),
  initiate_login_uri: initiateLoginUri.optional(),
  organization_usage: z.enum(['deny', 'allow', 'require']).optional(),
  organization_require_behavior: z.enum(['no_prompt', 'pre_login_prompt', 'post_login_prompt']).optional(),
});

// How client-credentials requests with the grant may use organizations, and whether any
// organization may be named or only those associated with the grant.
// https://auth0.com/docs/manage-users/organizations/organizations-for-m2m-applications/configure-your-application-for-m2m-access
const grantOrganizationSettings = {
  organization_usage: z.enum(['deny', 'allow', 'require']).optional(),
  allow_any_organization: z.boolean().optional(),
};
const grantCreateSchema = z.strictObject({
  client_id: z.string().min(1),
  audience: z.string().min(1).max(600),
  scope: z.array(z.string().min(1).max(280)),
  ...grantOrganizationSettings,
});
const grantUpdateSchema = z.strictObject({
  scope: z.array(z.string().min(1).max(280)).optional(),
  ...grantOrganizationSettings,
});

export function registerClients(router: ApiRouter, env: Env): void {
  const { store } = env;

  const find = (id: string): Client => {
    const c = store.client(id);
    if (!c) throw notFoundErrors.client();
    return c;
  };

  router.get('/clients', guarded('read:clients', (ctx: Ctx) => {
    const appType = queryString(ctx, 'app_type');
    const types = appType ? appType.split(',') : null;
    const list = store.state.clients
      .filter((c) => !types || types.includes(c.app_type))
      .map((c) => projectFields(ctx, clientJson(c), ['client_id']));
    sendOffset(ctx, 'clients', list);
  }));

  router.get('/clients/:id', guarded('read:clients', (ctx: Ctx) => {
    ctx.body = projectFields(ctx, clientJson(find(param(ctx, 'id'))), ['client_id']);
  }));

  router.patch('/clients/:id', guarded('update:clients', async (ctx: Ctx) => {
    const input = await body(ctx, updateSchema);
    const client = find(param(ctx, 'id'));
    const updated = store.mutate((s) => {
      const c = s.clients.find((x) => x.client_id === client.client_id)!;
      const { initiate_login_uri, ...rest } = input;
      Object.assign(c, rest);
      if (initiate_login_uri === '') delete c.initiate_login_uri;
      else if (initiate_login_uri !== undefined) c.initiate_login_uri = initiate_login_uri;
      return c;
    });
    ctx.body = clientJson(updated);
  }));

  router.get('/client-grants', guarded('read:client_grants', (ctx: Ctx) => {
    const clientId = queryString(ctx, 'client_id');
    const audience = queryString(ctx, 'audience');
    const list = store.state.clientGrants.filter(
      (g) => (!clientId || g.client_id === clientId) && (!audience || g.audience === audience),
    );
    sendList(ctx, 'client_grants', list, (g) => g.id, clientGrantJson);
  }));

  router.post('/client-grants', guarded('create:client_grants', async (ctx: Ctx) => {
    const input = await body(ctx, grantCreateSchema);
    find(input.client_id);
    if (!store.resourceServer(input.audience)) throw notFoundErrors.resourceServer();
    if (store.state.clientGrants.some((g) => g.client_id === input.client_id && g.audience === input.audience)) {
      throw conflict('A resource server grant already exists for that client and audience.', 'conflict');
    }
    const grant: ClientGrant = { id: newId.clientGrant(), client_id: input.client_id, audience: input.audience, scope: [...new Set(input.scope)] };
    if (input.organization_usage) grant.organization_usage = input.organization_usage;
    if (input.allow_any_organization !== undefined) grant.allow_any_organization = input.allow_any_organization;
    store.mutate((s) => { s.clientGrants.push(grant); });
    sendJson(ctx, 201, clientGrantJson(grant));
  }));

  router.patch('/client-grants/:id', guarded('update:client_grants', async (ctx: Ctx) => {
    const input = await body(ctx, grantUpdateSchema);
    const id = param(ctx, 'id');
    if (!store.state.clientGrants.some((g) => g.id === id)) throw notFoundErrors.clientGrant();
    const updated = store.mutate((s) => {
      const g = s.clientGrants.find((x) => x.id === id)!;
      if (input.scope) g.scope = [...new Set(input.scope)];
      if (input.organization_usage) g.organization_usage = input.organization_usage;
      if (input.allow_any_organization !== undefined) g.allow_any_organization = input.allow_any_organization;
      // A grant that no longer allows organizations keeps no organization associations.
      if (g.organization_usage === undefined || g.organization_usage === 'deny') {
        s.organizationClientGrants = s.organizationClientGrants.filter((a) => a.grant_id !== id);
      }
      return g;
    });
    ctx.body = clientGrantJson(updated);
  }));
}

/** Refuses a grant that cannot be associated with organizations. */
export function checkGrantAllowsOrganizations(g: ClientGrant): void {
  if (!g.organization_usage || g.organization_usage === 'deny') {
    throw badRequest(`The client grant ${g.id} does not allow organizations (organization_usage is deny).`, 'invalid_body');
  }
}
