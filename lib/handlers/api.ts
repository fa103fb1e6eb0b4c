// JSON route handlers: authorization, body parsing and errors in one wrapper, so every
// API answers the same way: 400 with field errors, 401 with WWW-Authenticate, 403, 404,
// 405, and never a stack trace.
import 'server-only';
import { z } from 'zod';
import { authorize, AuthError } from '@/lib/auth/authorize';
import { admitBearer, recordKeyUse } from '@/lib/admission/admit';
import type { TenantContext } from '@/lib/core/context';
import type { Permission } from '@/lib/core/permissions';

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly fields?: Record<string, string[]>) {
    super(message);
  }
}

export const notFound = (what = 'Not found') => new HttpError(404, 'not_found', what);

export function errorResponse(error: unknown): Response {
  if (error instanceof AuthError) {
    const headers: Record<string, string> = {};
    if (error.status === 401) {
      headers['www-authenticate'] = error.reason === 'invalid_token'
        // A header value is Latin-1 only (Headers throws on more): plain ASCII, no quotes.
        ? `Bearer error="invalid_token", error_description="${error.message.replace(/"/g, "'").replace(/[^\x20-\x7e]/g, '?')}"`
        : 'Bearer';
    }
    return Response.json({ error: error.reason, message: error.message }, { status: error.status, headers });
  }
  if (error instanceof HttpError) {
    return Response.json({ error: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) }, { status: error.status });
  }
  console.error('api: unexpected error:', error);
  return Response.json({ error: 'internal_error', message: 'Something went wrong on our side.' }, { status: 500 });
}

export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body must be JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fields[issue.path.join('.') || '_'] ??= []).push(issue.message);
    throw new HttpError(400, 'invalid_body', 'Some fields are not valid.', fields);
  }
  return parsed.data;
}

type Handler<P> = (ctx: TenantContext, request: Request, params: P) => Promise<Response>;

/**
 * Tenant data is for the caller only: no shared cache (proxy, CDN) may keep it, and the browser
 * may not store it either (a shared computer, the back button after sign-out).
 */
export const TENANT_DATA_CACHE_CONTROL = 'private, no-store';

/**
 * Wraps a tenant API handler: admit a user's bearer token (the one place API callers are
 * admitted, lib/admission), authorize with `permission`, record an API key's use, then run;
 * errors become JSON.
 */
export function tenantApi<P = Record<string, never>>(permission: Permission, handler: Handler<P>) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    let response: Response;
    try {
      await admitBearer(request);
      const ctx = await authorize({ permission, request });
      await recordKeyUse(ctx);
      response = await handler(ctx, request, await route.params);
    } catch (error) {
      response = errorResponse(error);
    }
    response.headers.set('cache-control', TENANT_DATA_CACHE_CONTROL);
    return response;
  };
}

export function methodNotAllowed(allowed: string[]) {
  return () => Response.json({ error: 'method_not_allowed', message: `Use ${allowed.join(', ')}.` }, { status: 405, headers: { allow: allowed.join(', ') } });
}
