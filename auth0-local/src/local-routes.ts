// Routes beside oidc-provider's: Auth0's /v2/logout, /userinfo for JWT access tokens, the
// outbox (page and JSON), email verification links, and the test-control endpoints.
import Router from '@koa/router';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { html, readForm } from './http-util.js';
import { grantsEndingWith, revokeGrants } from './oidc/sessions.js';
import type { Runtime } from './runtime.js';
import { errorPage, messagePage, outboxPage } from './ui/pages.js';
import { EMAIL_VERIFICATION_MODEL } from './ui/routes.js';
import { urlAllowed } from './urls.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

export function createLocalRouter(rt: Runtime, deps: { publicJwks: { keys: JWK[] }; reset: () => Promise<void>; stats: Record<string, number> }): Router {
  const router = new Router();
  const { store } = rt;
  const jwks = createLocalJWKSet(deps.publicJwks as never);

  // ---- /v2/logout?client_id&returnTo ----
  router.get('/v2/logout', async (ctx) => {
    const clientId = typeof ctx.query.client_id === 'string' ? ctx.query.client_id : undefined;
    const returnTo = typeof ctx.query.returnTo === 'string' ? ctx.query.returnTo : undefined;
    const client = clientId ? store.client(clientId) : undefined;
    if (clientId && !client) {
      return html(ctx, 400, errorPage({ title: 'Logout failed', message: `invalid_request: the client_id "${clientId}" is not known to this tenant.`, action: 'Check the client_id the application sends to /v2/logout.' }));
    }
    let destination = returnTo;
    if (returnTo) {
      if (!client || !urlAllowed(returnTo, client.allowed_logout_urls, 'logout')) {
        return html(ctx, 400, errorPage({
          title: 'Logout failed',
          message: `invalid_request: The "returnTo" querystring parameter "${returnTo}" is not defined as a valid URL in "Allowed Logout URLs"${client ? ` of the application ${client.name}` : ' (no client_id was sent, and the tenant has no allowed logout URLs)'}.`,
          action: 'Add the URL to the application\'s allowed_logout_urls in the local tenant (tenant.config.json or PATCH /api/v2/clients/{id}), or send one that is listed.',
        }));
      }
    } else if (client) {
      destination = client.allowed_logout_urls.find((u) => !u.includes('*') && !u.includes('{'));
    }

    await endSession(ctx);
    if (destination) {
      ctx.status = 302;
      return ctx.redirect(destination);
    }
    html(ctx, 200, messagePage({ title: 'Signed out', message: 'You have been signed out.' }));
  });

  async function endSession(ctx: any) {
    const session: any = await rt.provider.Session.get(ctx);
    if (session?.accountId) revokeGrants(rt, grantsEndingWith(rt, session));
    if (session?.jti) await session.destroy();
    for (const name of ['_session', '_session.sig']) ctx.cookies.set(name, null, { path: '/', httpOnly: true, sameSite: 'lax' });
  }

  // ---- /userinfo with an Auth0-style JWT access token (aud includes <issuer>userinfo) ----
  const userinfo = async (ctx: any, next: () => Promise<unknown>) => {
    const auth = ctx.get('authorization');
    const token = /^bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
    if (!token || token.split('.').length !== 3) return next();
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: rt.issuer, audience: `${rt.issuer}userinfo`, algorithms: ['RS256'] });
      const user = store.userById(String(payload.sub));
      if (!user) throw new Error('no such user');
      const scopes = new Set(String(payload.scope ?? '').split(' '));
      const claims: Record<string, unknown> = { sub: user.user_id };
      if (scopes.has('profile')) {
        Object.assign(claims, { name: user.name, nickname: user.nickname, picture: user.picture, updated_at: user.updated_at });
        if (user.given_name) claims.given_name = user.given_name;
        if (user.family_name) claims.family_name = user.family_name;
      }
      if (scopes.has('email')) Object.assign(claims, { email: user.email, email_verified: user.email_verified });
      if (payload.org_id) claims.org_id = payload.org_id;
      ctx.set('cache-control', 'no-store');
      ctx.body = claims;
    } catch {
      ctx.status = 401;
      ctx.set('www-authenticate', 'Bearer realm="userinfo", error="invalid_token", error_description="invalid token provided"');
      ctx.body = { error: 'invalid_token', error_description: 'invalid token provided' };
    }
  };
  router.get('/userinfo', userinfo);
  router.post('/userinfo', userinfo);

  // ---- email verification link from the verify_email mail ----
  router.get('/u/email-verification', async (ctx) => {
    const ticket = typeof ctx.query.ticket === 'string' ? ctx.query.ticket : '';
    const rec = ticket ? rt.models.get(EMAIL_VERIFICATION_MODEL, ticket) : undefined;
    const user = rec ? store.userById(String(rec.user_id)) : undefined;
    if (!user) {
      return html(ctx, 400, errorPage({ title: 'This link cannot be used', message: 'The verification link is invalid, expired or was already used.', action: 'Sign in to the application to get a new one.' }));
    }
    store.mutate((s) => {
      const u = s.users.find((x) => x.user_id === user.user_id);
      if (u) { u.email_verified = true; u.updated_at = new Date(rt.now() * 1000).toISOString(); }
    });
    rt.models.delete(EMAIL_VERIFICATION_MODEL, ticket);
    html(ctx, 200, messagePage({ title: 'Email verified', message: `Your email address ${user.email} was verified. You can close this page and return to the application.` }));
  });

  // ---- a landing page for people who open the tenant's URL ----
  router.get('/', (ctx) => html(ctx, 200, messagePage({
    title: 'Local Auth0 tenant',
    message: `This is the local, offline Auth0 tenant (issuer ${rt.issuer}). Applications sign in through /authorize; the Management API lives under /api/v2/. Mail it would send is in the outbox.`,
    link: { href: '/outbox', text: 'Open the outbox' },
  })));

  // ---- outbox ----
  const newestFirst = () => [...store.state.outbox].sort((a, b) => b.created_at.localeCompare(a.created_at));
  router.get('/outbox', (ctx) => html(ctx, 200, outboxPage(newestFirst())));
  router.get('/__local/outbox', (ctx) => {
    const to = typeof ctx.query.to === 'string' ? ctx.query.to.toLowerCase() : undefined;
    ctx.set('cache-control', 'no-store');
    ctx.body = { mails: newestFirst().filter((m) => !to || m.to.toLowerCase() === to) };
  });
  router.delete('/__local/outbox', (ctx) => {
    store.mutate((s) => { s.outbox = []; });
    ctx.status = 204;
  });

  // ---- request counters (since start or the last DELETE) ----
  router.get('/__local/stats', (ctx) => {
    ctx.set('cache-control', 'no-store');
    ctx.body = { ...deps.stats };
  });
  router.delete('/__local/stats', (ctx) => {
    for (const key of Object.keys(deps.stats)) deps.stats[key] = 0;
    ctx.status = 204;
  });

  // ---- clock and reset ----
  router.get('/__local/clock', (ctx) => {
    ctx.body = { offset_seconds: rt.clock.offsetSeconds, now: new Date(rt.now() * 1000).toISOString() };
  });
  router.post('/__local/clock', async (ctx) => {
    const body = await readForm(ctx);
    const offset = Number(body.offset_seconds);
    if (!Number.isFinite(offset)) {
      ctx.status = 400;
      ctx.body = { statusCode: 400, error: 'Bad Request', message: 'offset_seconds must be a number', errorCode: 'invalid_body' };
      return;
    }
    rt.clock.offsetSeconds = offset;
    ctx.body = { offset_seconds: offset, now: new Date(rt.now() * 1000).toISOString() };
  });
  router.post('/__local/reset', async (ctx) => {
    await deps.reset();
    ctx.body = { ok: true };
  });

  return router;
}
