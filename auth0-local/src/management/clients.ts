// /clients (list, get, update of the login-related settings) and /client-grants (list).
import { z } from 'zod';
import type { Client } from '../store';
import { type ApiRouter, type Ctx, type Env, guarded, param } from './context';
import { notFoundErrors, projectFields, queryString } from './http';
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

/**
 * Auth0 requires an https back-channel logout URL on a public host
 * (https://auth0.com/docs/authenticate/login/logout/back-channel-logout/configure-back-channel-logout).
 * The local tenant also accepts http on localhost and *.localhost, where the app runs.
 */
const backchannelLogoutUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    if (u.protocol === 'https:') return true;
    return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname.endsWith('.localhost'));
  } catch {
    return false;
  }
}, { error: (iss) => `Object didn't pass validation for format absolute-https-uri: ${String(iss.input)}` });

const updateSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
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
}
