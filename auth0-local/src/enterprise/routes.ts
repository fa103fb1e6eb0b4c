// Enterprise sign-in routes of the local tenant:
//   GET  /login/enterprise?state=<interaction>&connection=<name>[&login_hint][&organization]
//        leaves Universal Login for the connection's IdP (used by /authorize?connection=…,
//        the "Continue with …" buttons and home-realm discovery);
//   POST /login/callback?connection=<name>   the IdP's SAMLResponse (HTTP-POST binding);
//   GET  /login/callback?code&state          the upstream OIDC answer (back_channel);
//   POST /login/callback (state, id_token)   the upstream OIDC answer (front_channel, form_post);
//   GET  /samlp/metadata?connection=<name>   SP metadata to give the IdP.
// A good answer creates or updates the user (just in time) and finishes the oidc-provider
// interaction exactly as a password login does; organization rules are then applied by
// login-flow.ts's completeAuthorization.
import Router from '@koa/router';
import type Koa from 'koa';
import * as querystring from 'node:querystring';
import { html, readRaw } from '../http-util.js';
import type { Runtime } from '../runtime.js';
import type { Connection } from '../store.js';
import { errorPage } from '../ui/pages.js';
import { isEnterprise, requiredConnection } from './connections.js';
import { SsoError } from './errors.js';
import { acceptOidcCallback, oidcLoginUrl, takeOidcLogin } from './oidc-upstream.js';
import { acceptSamlResponse, samlLoginUrl, samlMetadata } from './saml.js';
import { upsertEnterpriseUser, type UpstreamProfile } from './users.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Interaction = any;

export function createEnterpriseRouter(rt: Runtime): Router {
  const router = new Router();
  const { store } = rt;

  const fail = (ctx: Koa.Context, status: number, message: string) => html(ctx, status, errorPage({
    title: 'Single sign-on failed',
    message,
    action: 'Go back to the application and sign in again. If it keeps happening, ask your administrator to check the single sign-on settings.',
  }));

  const expired = (ctx: Koa.Context) => html(ctx, 400, errorPage({
    title: 'This sign-in page has expired',
    message: 'We could not find your sign-in request. It may have expired or already been used.',
    action: 'Go back to the application and sign in again.',
  }));

  const q = (ctx: Koa.Context, name: string) => (typeof ctx.query[name] === 'string' ? ctx.query[name] as string : undefined);

  async function guarded(ctx: Koa.Context, fn: () => Promise<void>) {
    try {
      await fn();
    } catch (e) {
      if (e instanceof SsoError) return fail(ctx, e.status, e.message);
      throw e;
    }
  }

  // ---- leave for the IdP ----
  router.get('/login/enterprise', (ctx) => guarded(ctx, async () => {
    const uid = q(ctx, 'state');
    const interaction: Interaction = uid ? await rt.provider.Interaction.find(uid) : undefined;
    if (!interaction || interaction.prompt?.name !== 'login') return expired(ctx);
    const params = interaction.params as Record<string, string | undefined>;
    const clientId = params.client_id ?? '';
    const required = requiredConnection(rt, params);
    const name = q(ctx, 'connection') ?? required;
    if (required && name !== required) return fail(ctx, 400, `This sign-in must use the connection ${required}.`);
    const conn = name ? store.connectionByName(name) : undefined;
    if (!isEnterprise(conn) || !conn.enabled_clients.includes(clientId)) {
      return fail(ctx, 400, name ? `The connection ${name} is not an enterprise connection of this application.` : 'No connection was named.');
    }
    const chosen = !params.organization ? q(ctx, 'organization') : undefined;
    const org = store.orgById(params.organization ?? chosen ?? '');
    if ((params.organization || chosen) && !org) return fail(ctx, 400, 'The organization of this sign-in does not exist.');
    if (org && !store.enabledConnection(org.id, conn.id)) {
      return fail(ctx, 403, `The connection ${conn.name} is not enabled for ${org.display_name || org.name}.`);
    }
    if (chosen && org) {
      // Remember the organization picked on the pre-login prompt, as the password form does.
      interaction.result = { ...interaction.result, tenantry: { orgId: org.id } };
      await interaction.persist();
    }
    const loginHint = q(ctx, 'login_hint') ?? params.login_hint;
    const url = conn.strategy === 'samlp'
      ? await samlLoginUrl(rt, conn, interaction.uid, interaction.uid)
      : await oidcLoginUrl(rt, conn, interaction.uid, loginHint);
    ctx.status = 302;
    ctx.redirect(url);
  }));

  // ---- back from the IdP ----
  async function finish(ctx: Koa.Context, uid: string, conn: Connection, profile: UpstreamProfile) {
    const interaction: Interaction = await rt.provider.Interaction.find(uid);
    if (!interaction) return expired(ctx);
    if (!profile.id) return fail(ctx, 400, 'The identity provider did not name the user.');
    const user = upsertEnterpriseUser(rt, conn, profile);
    interaction.result = { ...interaction.result, login: { accountId: user.user_id, amr: ['fed'], remember: true } };
    await interaction.persist();
    ctx.status = 303;
    ctx.redirect(interaction.returnTo);
  }

  async function oidcCallback(ctx: Koa.Context, params: URLSearchParams, method: 'GET' | 'POST') {
    const pending = takeOidcLogin(rt, params.get('state') ?? undefined);
    if (!pending) return fail(ctx, 400, 'This answer of the identity provider does not match a sign-in of this tenant, or it was already used.');
    const conn = store.connectionByName(pending.connection);
    if (!conn || conn.strategy !== 'oidc') return fail(ctx, 400, `The connection ${pending.connection} no longer exists.`);
    const profile = await acceptOidcCallback(rt, conn, pending, { params, method });
    await finish(ctx, pending.uid, conn, profile);
  }

  router.get('/login/callback', (ctx) => guarded(ctx, async () => {
    const params = new URLSearchParams(ctx.querystring);
    if (params.has('SAMLResponse')) return fail(ctx, 400, 'SAML responses must be posted (HTTP-POST binding).');
    await oidcCallback(ctx, params, 'GET');
  }));

  router.post('/login/callback', (ctx) => guarded(ctx, async () => {
    let raw: string;
    try {
      raw = await readRaw(ctx.req, 2 * 1024 * 1024);
    } catch {
      return fail(ctx, 413, 'The answer of the identity provider is too large.');
    }
    if (ctx.get('content-type') && !/^application\/x-www-form-urlencoded/i.test(ctx.get('content-type'))) {
      return fail(ctx, 415, 'The answer of the identity provider must be an HTML form post.');
    }
    const form = querystring.parse(raw);
    const one = (k: string) => (typeof form[k] === 'string' ? form[k] as string : undefined);
    const samlResponse = one('SAMLResponse');
    if (!samlResponse) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) if (typeof v === 'string') params.set(k, v);
      return oidcCallback(ctx, params, 'POST');
    }
    const name = q(ctx, 'connection');
    const conn = name ? store.connectionByName(name) : undefined;
    if (!conn || conn.strategy !== 'samlp') return fail(ctx, 400, name ? `There is no SAML connection named ${name}.` : 'The SAML response must be posted to /login/callback?connection=<connection name>.');
    const { uid, profile } = await acceptSamlResponse(rt, conn, samlResponse, one('RelayState'));
    await finish(ctx, uid, conn, profile);
  }));

  router.get('/samlp/metadata', (ctx) => {
    const name = q(ctx, 'connection');
    const conn = name ? store.connectionByName(name) : undefined;
    if (!conn || conn.strategy !== 'samlp') {
      ctx.status = 404;
      ctx.type = 'text/plain';
      ctx.body = name ? `There is no SAML connection named ${name}.` : 'Name the connection: /samlp/metadata?connection=<name>';
      return;
    }
    ctx.type = 'application/samlmetadata+xml';
    ctx.body = samlMetadata(rt, conn);
  });

  return router;
}
