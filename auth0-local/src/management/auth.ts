// Bearer-token authentication for /api/v2 (a client-credentials JWT issued by the local
// tenant) and the per-endpoint scope check.
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Context, Middleware } from 'koa';
import { ApiError } from './http';

export interface ManagementCaller {
  clientId: string;
  scopes: Set<string>;
}

declare module 'koa' {
  interface DefaultState {
    mgmt?: ManagementCaller;
  }
}

function unauthorized(message: string) {
  // Auth0 repeats the reason under `attributes.error` on 401s.
  return new ApiError(401, message, undefined, { attributes: { error: message } });
}

export function createAuthMiddleware(opts: {
  publicJwks: { keys: JsonWebKey[] };
  issuer: string;
  audiences: string[];
  now: () => number;
}): Middleware {
  const jwks = createLocalJWKSet(opts.publicJwks as JSONWebKeySet);
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!header) throw unauthorized('Missing authentication');
    if (!match) throw unauthorized('Bad HTTP authentication header format');
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1]!, jwks, {
        issuer: opts.issuer,
        audience: opts.audiences,
        algorithms: ['RS256'],
        currentDate: new Date(opts.now()),
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthorized('Expired token received for JSON Web Token validation');
      if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey) {
        throw unauthorized('Invalid signature received for JSON Web Token validation');
      }
      if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'aud') {
        throw unauthorized(`Bad audience: ${String(err.payload.aud)}`);
      }
      throw unauthorized('Invalid token');
    }
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    const clientId = typeof payload.azp === 'string' ? payload.azp : String(payload.sub ?? '').replace(/@clients$/, '');
    ctx.state.mgmt = { clientId, scopes: new Set(scope.split(' ').filter(Boolean)) };
    await next();
  };
}

/** 403 unless the token carries at least one of `scopes`. */
export function requireScope(ctx: Context, scopes: string[]): void {
  const have = ctx.state.mgmt?.scopes;
  if (have && scopes.some((s) => have.has(s))) return;
  throw new ApiError(403, `Insufficient scope; expected any of: ${scopes.join(',')}.`, 'insufficient_scope');
}

export function hasScope(ctx: Context, scope: string): boolean {
  return !!ctx.state.mgmt?.scopes.has(scope);
}
