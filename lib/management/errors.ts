// What the gateway's callers may know of a Management API failure: the error they show, and
// the two outcomes they decide on (already exists, not found). The transport is client.ts.
import { ManagementError } from 'auth0';

/** A Management API failure, with a message fit for the person on the page. */
export class ManagementApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ManagementApiError';
  }
}

/** True when the error is Auth0's 409: what was to be created exists already. */
export function isConflict(error: unknown): boolean {
  return error instanceof ManagementApiError ? error.status === 409 : error instanceof ManagementError && error.statusCode === 409;
}

/** True when the error is Auth0's 404 for the thing asked about. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ManagementApiError ? error.status === 404 : error instanceof ManagementError && error.statusCode === 404;
}
