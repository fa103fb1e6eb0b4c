// Auth0's /oauth/token in front of oidc-provider's: JSON as well as form bodies, `audience`
// mapped to a resource indicator, client_credentials scoped by the client grant, and Auth0's
// `scope` in the response.
import type Koa from 'koa';
import * as querystring from 'node:querystring';
import { readRaw } from '../http-util.js';
import { toResource, type Runtime } from '../runtime.js';
import { tokenRequestState } from './request-state.js';
import { scopeList } from './scopes.js';

/**
 * Middleware in front of /oauth/token: accepts JSON as well as form bodies, maps Auth0's
 * `audience` to a resource indicator, gives client_credentials the client grant's scopes, and
 * puts Auth0's `scope` into the response.
 */
export function tokenEndpointShim(rt: Runtime): Koa.Middleware {
  return async (ctx, next) => {
    if (ctx.path !== '/oauth/token' || ctx.method !== 'POST') return next();
    const type = ctx.get('content-type');
    let raw: string;
    try {
      raw = await readRaw(ctx.req);
    } catch {
      return tokenError(ctx, 400, 'invalid_request', 'failed to read the request body');
    }
    let body: Record<string, unknown>;
    if (/^application\/json/i.test(type)) {
      try {
        const parsed: unknown = raw.trim() ? JSON.parse(raw) : {};
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return tokenError(ctx, 400, 'invalid_request', 'Invalid JSON body');
      }
    } else if (!type || /^application\/x-www-form-urlencoded/i.test(type)) {
      body = querystring.parse(raw) as Record<string, unknown>;
    } else {
      return tokenError(ctx, 400, 'invalid_request', `only application/x-www-form-urlencoded or application/json bodies are supported on POST /oauth/token`);
    }
    // Normalise values to what a form would have carried.
    for (const [k, v] of Object.entries(body)) {
      if (v === null || v === undefined) delete body[k];
      else if (Array.isArray(v)) body[k] = k === 'scope' ? v.join(' ') : v.map(String);
      else if (typeof v === 'object') body[k] = JSON.stringify(v);
      else body[k] = String(v);
    }
    const audience = typeof body.audience === 'string' ? body.audience : undefined;
    if (audience && body.resource === undefined) body.resource = toResource(audience);
    if (body.grant_type === 'client_credentials') {
      if (!audience) {
        return tokenError(ctx, 403, 'access_denied', 'No audience parameter was provided, and no default audience has been configured');
      }
      const grant = rt.store.state.clientGrants.find((g) => g.client_id === body.client_id && g.audience === audience);
      if (grant) {
        const requested = typeof body.scope === 'string' ? scopeList(body.scope) : undefined;
        body.scope = (requested ? grant.scope.filter((s) => requested.includes(s)) : grant.scope).join(' ');
        if (!body.scope) delete body.scope;
      }
      if (typeof body.organization === 'string' && body.organization) tokenRequestState(ctx).auth0LocalOrganization = body.organization;
    }
    delete body.organization;
    delete body.audience;
    ctx.request.headers['content-type'] = 'application/x-www-form-urlencoded';
    (ctx.request as unknown as { body: unknown }).body = body;
    await next();
    if (ctx.status === 200 && ctx.body && typeof ctx.body === 'object' && 'access_token' in (ctx.body as object)) {
      const out = ctx.body as Record<string, unknown>;
      const { auth0LocalScope } = tokenRequestState(ctx);
      if (typeof auth0LocalScope === 'string') {
        if (auth0LocalScope) out.scope = auth0LocalScope;
        else delete out.scope;
      }
    }
  };
}

function tokenError(ctx: Koa.Context, status: number, error: string, description: string) {
  ctx.status = status;
  ctx.set('cache-control', 'no-store');
  ctx.body = { error, error_description: description };
}
