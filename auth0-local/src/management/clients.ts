// /clients (list, get, create, update of the login-related settings, rotate-secret, delete) and
// /client-grants (list, create, update, delete; with the organization settings of
// machine-to-machine access).
import { z } from 'zod';
import { newId, type Client, type ClientGrant } from '../store';
import { type ApiRouter, type Ctx, type Env, guarded, param } from './context';
import { badRequest, conflict, noContent, notFoundErrors, projectFields, queryString, sendJson } from './http';
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

/** https, or (the local tenant's one allowance, where the app runs) http on localhost and *.localhost. */
function isHttpsOrLocal(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname.endsWith('.localhost')));
  } catch {
    return false;
  }
}

/** Auth0 requires https for initiate_login_uri (or an empty string to clear it). */
const initiateLoginUri = z.string().refine((v) => v === '' || isHttpsOrLocal(v), {
  error: (iss) => `Object didn't pass validation for format absolute-https-uri-or-empty: ${String(iss.input)}`,
});

// https://auth0.com/docs/secure/tokens/refresh-tokens/configure-refresh-token-rotation (the client's refresh_token object)
const refreshToken = z.strictObject({
  rotation_type: z.enum(['rotating', 'non-rotating']),
  expiration_type: z.enum(['expiring', 'non-expiring']),
  leeway: z.int().min(0).optional(),
  token_lifetime: z.int().min(1).optional(),
  infinite_token_lifetime: z.boolean().optional(),
  idle_token_lifetime: z.int().min(1).optional(),
  infinite_idle_token_lifetime: z.boolean().optional(),
});
const grantTypes = z.array(z.enum([
  'authorization_code', 'implicit', 'refresh_token', 'client_credentials', 'password',
  'http://auth0.com/oauth/grant-type/password-realm', 'http://auth0.com/oauth/grant-type/mfa-oob',
  'http://auth0.com/oauth/grant-type/mfa-otp', 'http://auth0.com/oauth/grant-type/mfa-recovery-code',
  'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange',
]));
/**
 * Auth0 requires an https back-channel logout URL on a public host
 * (https://auth0.com/docs/authenticate/login/logout/back-channel-logout/configure-back-channel-logout).
 */
const backchannelLogoutUrl = z.string().refine(isHttpsOrLocal, {
  error: (iss) => `Object didn't pass validation for format absolute-https-uri: ${String(iss.input)}`,
});

// "Name of this client (min length: 1 character, does not allow `<` or `>`)":
// https://auth0.com/docs/api/management/v2/clients/post-clients
const clientName = z.string().min(1).max(200).regex(/^[^<>]+$/, 'Object didn\'t pass validation for format: name does not allow < or >');

const updateSchema = z.strictObject({
  name: clientName.optional(),
  grant_types: grantTypes.optional(),
  refresh_token: refreshToken.optional(),
  callbacks: z.array(urlWithWildcard).max(100).optional(),
  allowed_logout_urls: z.array(urlWithWildcard).max(100).optional(),
  initiate_login_uri: initiateLoginUri.optional(),
  organization_usage: z.enum(['deny', 'allow', 'require']).optional(),
  organization_require_behavior: z.enum(['no_prompt', 'pre_login_prompt', 'post_login_prompt']).optional(),
  // "Currently only one URL is allowed" (Management API, Client.oidc_logout.backchannel_logout_urls).
  oidc_logout: z.strictObject({
    backchannel_logout_urls: z.array(backchannelLogoutUrl).max(1),
    backchannel_logout_initiators: z.strictObject({
      mode: z.enum(['custom', 'all']),
      selected_initiators: z.array(z.string()).optional(),
    }).optional(),
  }).optional(),
});

// https://auth0.com/docs/api/management/v2/clients/post-clients (the fields this tenant keeps)
const createSchema = z.strictObject({
  name: clientName,
  app_type: z.enum(['regular_web', 'non_interactive', 'spa']).optional(),
  grant_types: grantTypes.optional(),
  callbacks: z.array(urlWithWildcard).max(100).optional(),
  allowed_logout_urls: z.array(urlWithWildcard).max(100).optional(),
  initiate_login_uri: initiateLoginUri.optional(),
  organization_usage: z.enum(['deny', 'allow', 'require']).optional(),
  organization_require_behavior: z.enum(['no_prompt', 'pre_login_prompt', 'post_login_prompt']).optional(),
  refresh_token: refreshToken.optional(),
  oidc_conformant: z.literal(true).optional(),
  is_first_party: z.literal(true).optional(),
});

/** Auth0's default grant types per application type when none are given. */
const DEFAULT_GRANT_TYPES: Record<Client['app_type'], string[]> = {
  regular_web: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
  spa: ['authorization_code', 'implicit', 'refresh_token'],
  non_interactive: ['client_credentials'],
};

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

  // Answers the new client with its client_secret (the one response that carries it).
  router.post('/clients', guarded('create:clients', async (ctx: Ctx) => {
    const input = await body(ctx, createSchema);
    const appType = input.app_type ?? 'regular_web';
    const client: Client = {
      client_id: newId.clientId(),
      client_secret: newId.clientSecret(),
      name: input.name,
      app_type: appType,
      grant_types: input.grant_types ?? DEFAULT_GRANT_TYPES[appType],
      callbacks: input.callbacks ?? [],
      allowed_logout_urls: input.allowed_logout_urls ?? [],
      organization_usage: input.organization_usage ?? 'deny',
      organization_require_behavior: input.organization_require_behavior ?? 'no_prompt',
    };
    if (input.initiate_login_uri) client.initiate_login_uri = input.initiate_login_uri;
    if (input.refresh_token) client.refresh_token = input.refresh_token;
    store.mutate((s) => {
      s.clients.push(client);
      // A tenant's "enable_client_connections" flag (on by default) enables a new application
      // on every existing connection: https://auth0.com/docs/api/management/v2/tenants/patch-settings
      for (const c of s.connections) if (!c.enabled_clients.includes(client.client_id)) c.enabled_clients.push(client.client_id);
    });
    sendJson(ctx, 201, { ...clientJson(client), client_secret: client.client_secret });
  }));

  router.patch('/clients/:id', guarded('update:clients', async (ctx: Ctx) => {
    const input = await body(ctx, updateSchema);
    const client = find(param(ctx, 'id'));
    const updated = store.mutate((s) => {
      const c = s.clients.find((x) => x.client_id === client.client_id)!;
      const { initiate_login_uri, refresh_token, ...rest } = input;
      Object.assign(c, rest);
      if (refresh_token) c.refresh_token = { ...c.refresh_token, ...refresh_token };
      if (initiate_login_uri === '') delete c.initiate_login_uri;
      else if (initiate_login_uri !== undefined) c.initiate_login_uri = initiate_login_uri;
      return c;
    });
    ctx.body = clientJson(updated);
  }));

  // A new secret, answered once; the old one stops working at once here (Auth0 says a new
  // secret "may be delayed up to thirty seconds": the stricter reading is no overlap).
  // Scope update:client_keys: https://auth0.com/docs/api/management/v2/clients/post-rotate-secret,
  // https://auth0.com/docs/get-started/applications/rotate-client-secret
  router.post('/clients/:id/rotate-secret', guarded('update:client_keys', (ctx: Ctx) => {
    const client = find(param(ctx, 'id'));
    const rotated = store.mutate((s) => {
      const c = s.clients.find((x) => x.client_id === client.client_id)!;
      c.client_secret = newId.clientSecret();
      return c;
    });
    ctx.body = { ...clientJson(rotated), client_secret: rotated.client_secret };
  }));

  // Deletes the application and what hangs off it: its client grants (and their organization
  // associations) and its place on connections. Issued access tokens are JWTs and stay valid
  // until they expire, as on Auth0 (an API must refuse them itself).
  // https://auth0.com/docs/api/management/v2/clients/delete-clients-by-id (scope delete:clients; 204)
  router.delete('/clients/:id', guarded('delete:clients', (ctx: Ctx) => {
    const client = find(param(ctx, 'id'));
    store.mutate((s) => {
      const grants = new Set(s.clientGrants.filter((g) => g.client_id === client.client_id).map((g) => g.id));
      s.clients = s.clients.filter((c) => c.client_id !== client.client_id);
      s.clientGrants = s.clientGrants.filter((g) => !grants.has(g.id));
      s.organizationClientGrants = s.organizationClientGrants.filter((a) => !grants.has(a.grant_id));
      for (const c of s.connections) c.enabled_clients = c.enabled_clients.filter((id) => id !== client.client_id);
    });
    noContent(ctx);
  }));

  router.get('/client-grants', guarded('read:client_grants', (ctx: Ctx) => {
    const clientId = queryString(ctx, 'client_id');
    const audience = queryString(ctx, 'audience');
    const list = store.state.clientGrants.filter(
      (g) => (!clientId || g.client_id === clientId) && (!audience || g.audience === audience),
    );
    sendList(ctx, 'client_grants', list, (g) => g.id, clientGrantJson);
  }));

  // https://auth0.com/docs/api/management/v2/client-grants/post-client-grants
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

  // https://auth0.com/docs/api/management/v2/client-grants/patch-client-grants-by-id
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

  // https://auth0.com/docs/api/management/v2/client-grants/delete-client-grants-by-id (scope delete:client_grants; 204)
  router.delete('/client-grants/:id', guarded('delete:client_grants', (ctx: Ctx) => {
    const id = param(ctx, 'id');
    if (!store.state.clientGrants.some((g) => g.id === id)) throw notFoundErrors.clientGrant();
    store.mutate((s) => {
      s.clientGrants = s.clientGrants.filter((g) => g.id !== id);
      s.organizationClientGrants = s.organizationClientGrants.filter((a) => a.grant_id !== id);
    });
    noContent(ctx);
  }));
}

/** Refuses a grant that cannot be associated with organizations. */
export function checkGrantAllowsOrganizations(g: ClientGrant): void {
  if (!g.organization_usage || g.organization_usage === 'deny') {
    throw badRequest(`The client grant ${g.id} does not allow organizations (organization_usage is deny).`, 'invalid_body');
  }
}
