// SCIM responses and errors (RFC 7644 §3.12): every answer is application/scim+json, every
// failure an Error message with `status` as a string and, for 400/409, a scimType. Failures
// we did not expect become a plain 500 message, never a stack trace.
import { ManagementApiError } from '@/lib/management/errors';
import { DomainError } from '@/lib/core/errors';
import { MissingRole } from '@/lib/management/roles';

export const SCIM_CONTENT_TYPE = 'application/scim+json';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimType =
  | 'uniqueness' | 'tooMany' | 'invalidFilter' | 'mutability' | 'invalidSyntax'
  | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive';

export class ScimError extends Error {
  constructor(readonly status: number, message: string, readonly scimType?: ScimType, readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ScimError';
  }
}

export const badRequest = (scimType: ScimType, message: string) => new ScimError(400, message, scimType);
export const notFound = (what: string) => new ScimError(404, `${what} not found.`);
export const conflict = (message: string) => new ScimError(409, message, 'uniqueness');
export const unauthorized = (message = 'A valid SCIM bearer token for this organization is required.') =>
  new ScimError(401, message, undefined, { 'www-authenticate': 'Bearer realm="SCIM"' });

export function scimJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': SCIM_CONTENT_TYPE, ...headers } });
}

function errorBody(status: number, detail: string, scimType?: ScimType) {
  return { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

/** A SCIMMY error (it carries status and scimType) seen from outside the library. */
function isLibraryError(error: unknown): error is Error & { status: number; scimType?: ScimType } {
  return error instanceof Error && error.name === 'SCIMError' && typeof (error as { status?: unknown }).status === 'number';
}

/** Any thrown value as a SCIM error response. */
export function scimErrorResponse(error: unknown): Response {
  if (error instanceof ScimError) return scimJson(errorBody(error.status, error.message, error.scimType), error.status, error.headers);
  if (isLibraryError(error)) {
    const status = error.status >= 400 && error.status < 500 ? error.status : 400;
    return scimJson(errorBody(status, error.message, error.scimType), status);
  }
  if (error instanceof MissingRole) {
    // Our setup is incomplete, not the client's request.
    return scimJson(errorBody(500, `The role ${error.role} is missing in Auth0. Ask Tenantry support to run npm run auth0:provision.`), 500);
  }
  if (error instanceof DomainError) {
    // A rule of the organization refused the change (the last admin stays an admin).
    return scimJson(errorBody(409, error.message), 409);
  }
  if (error instanceof ManagementApiError) {
    // Auth0 refused or failed: everything done before was undone; the client may retry.
    const status = error.status === 429 ? 429 : 503;
    const headers: Record<string, string> = error.retryAfterSeconds ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    const detail = status === 503 && error.status < 500 && error.status !== 408
      ? `Auth0 refused the change (${error.message}). Nothing was changed.`
      : error.message;
    return scimJson(errorBody(status, detail), status, headers);
  }
  console.error('scim: unexpected error:', error);
  return scimJson(errorBody(500, 'Something went wrong on our side. Nothing was changed; please try again.'), 500);
}
