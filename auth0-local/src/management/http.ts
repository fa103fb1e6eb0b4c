// Shared HTTP plumbing for the Management API: Auth0-shaped errors, a small JSON body
// reader, query-string helpers and the `fields` projection Auth0 applies to GET responses.
import { STATUS_CODES } from 'node:http';
import type { Context } from 'koa';

/** An error that becomes Auth0's `{ statusCode, error, message, errorCode }` JSON. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorCode?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export function errorBody(status: number, message: string, errorCode?: string, extra?: Record<string, unknown>) {
  return { statusCode: status, error: reason(status), message, ...(errorCode ? { errorCode } : {}), ...extra };
}

export function sendError(ctx: Context, err: ApiError): void {
  ctx.status = err.status;
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = errorBody(err.status, err.message, err.errorCode, err.extra);
}

export const badRequest = (message: string, errorCode = 'invalid_body') => new ApiError(400, message, errorCode);
export const notFound = (message: string, errorCode: string) => new ApiError(404, message, errorCode);
export const conflict = (message: string, errorCode: string) => new ApiError(409, message, errorCode);

// The 404s the resources share, with the messages Auth0 sends where they are known.
export const notFoundErrors = {
  organization: () => notFound('No organization found by that id or name', 'inexistent_organization'),
  user: () => notFound('The user does not exist.', 'inexistent_user'),
  role: () => notFound('The role does not exist.', 'inexistent_role'),
  connection: () => notFound('The connection does not exist', 'inexistent_connection'),
  client: () => notFound('The client does not exist', 'inexistent_client'),
  resourceServer: () => notFound('The resource server does not exist', 'inexistent_resource_server'),
  invitation: () => notFound('The invitation does not exist', 'inexistent_invitation'),
  member: () => notFound('The user is not a member of the organization.', 'inexistent_member'),
  clientGrant: () => notFound('The client grant does not exist.', 'inexistent_client_grant'),
};

export const DEFAULT_BODY_LIMIT = 512 * 1024;

/**
 * Read and parse a JSON request body. Returns `undefined` for an empty body.
 * Malformed JSON and bodies over the limit are refused before anything changes.
 */
export async function readJsonBody(ctx: Context, limit = DEFAULT_BODY_LIMIT): Promise<unknown> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  const type = ctx.get('content-type');
  if (type && !/json/i.test(type)) throw new ApiError(415, 'Unsupported Media Type', 'unsupported_media_type');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Invalid request payload JSON format', 'invalid_body');
  }
}

function tooLarge(limit: number) {
  return new ApiError(413, `Payload content length greater than maximum allowed: ${limit}`, 'payload_too_large');
}

// ---- query string ----

function queryError(message: string, property: string) {
  return badRequest(`Query validation error: '${message}' on property ${property}.`, 'invalid_query_string');
}

/** The last value of a query parameter (Auth0 tolerates repeats). */
export function queryString(ctx: Context, name: string): string | undefined {
  const v = ctx.query[name];
  if (Array.isArray(v)) return v[v.length - 1];
  return v;
}

/** Every value of a repeatable query parameter (`strategy=a&strategy=b`). */
export function queryList(ctx: Context, name: string): string[] {
  const v = ctx.query[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function queryInt(ctx: Context, name: string, opts: { min: number; max?: number; def: number }): number {
  const raw = queryString(ctx, name);
  if (raw === undefined || raw === '') return opts.def;
  if (!/^-?\d+$/.test(raw)) throw queryError(`Expected type integer but found type string`, name);
  const n = Number(raw);
  if (n < opts.min) throw queryError(`Value ${n} is less than minimum ${opts.min}`, name);
  if (opts.max !== undefined && n > opts.max) throw queryError(`Value ${n} is greater than maximum ${opts.max}`, name);
  return n;
}

export function queryBool(ctx: Context, name: string, def: boolean): boolean {
  const raw = queryString(ctx, name);
  if (raw === undefined || raw === '') return def;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw queryError(`Expected type boolean but found type string`, name);
}

export function queryRequired(ctx: Context, name: string): string {
  const v = queryString(ctx, name);
  if (v === undefined || v === '') throw badRequest(`Query validation error: 'Missing required property: ${name}'.`, 'invalid_query_string');
  return v;
}

/**
 * Auth0's `fields` / `include_fields`: keep (or drop) the listed top-level properties.
 * `always` lists properties that stay whatever is asked (ids).
 */
export function projectFields<T extends object>(ctx: Context, obj: T, always: string[] = []): Partial<T> {
  const fields = queryString(ctx, 'fields');
  if (!fields) return obj;
  const names = new Set(fields.split(',').map((s) => s.trim()).filter(Boolean));
  const include = queryBool(ctx, 'include_fields', true);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (always.includes(k) || names.has(k) === include) out[k] = v;
  }
  return out as Partial<T>;
}

export function noContent(ctx: Context, status = 204): void {
  ctx.status = status;
  ctx.body = null;
}

export function sendJson(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = JSON.stringify(body);
}
