// The one Management API client. Server-only. Every call to Auth0's Management API goes
// through `management()`; failures become ManagementApiError with a message a page can show.
import 'server-only';
import { ManagementClient, ManagementError } from 'auth0';
import { config } from '@/lib/config';

let client: ManagementClient | undefined;

/**
 * The auth0 SDK always speaks https://<domain>. When the configured tenant origin is plain
 * http (the local tenant), this fetch sends the same requests over http. Nothing else
 * differs between a local and a real tenant.
 */
export function fetchForOrigin(origin: string): typeof fetch | undefined {
  const url = new URL(origin);
  if (url.protocol === 'https:') return undefined;
  const httpsPrefix = `https://${url.host}/`;
  return (input, init) => {
    const target = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const rewritten = target.startsWith(httpsPrefix) ? `${origin}/${target.slice(httpsPrefix.length)}` : target;
    return fetch(rewritten, init);
  };
}

export function management(): ManagementClient {
  if (client) return client;
  const { auth0 } = config();
  client = new ManagementClient({
    domain: new URL(auth0.origin).host,
    clientId: auth0.m2mClientId,
    clientSecret: auth0.m2mClientSecret,
    fetch: fetchForOrigin(auth0.origin),
    // The SDK caches the client-credentials token until shortly before expiry and retries
    // 429 and 5xx, honouring Retry-After and X-RateLimit-Reset.
    maxRetries: 2,
    timeoutInSeconds: 10,
  });
  return client;
}

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

function retryAfter(error: ManagementError): number | undefined {
  const headers = (error as unknown as { rawResponse?: { headers?: Headers } }).rawResponse?.headers;
  const value = headers?.get?.('retry-after');
  if (value && /^\d+$/.test(value)) return Number(value);
  const reset = headers?.get?.('x-ratelimit-reset');
  if (reset && /^\d+$/.test(reset)) return Math.max(1, Number(reset) - Math.floor(Date.now() / 1000));
  return undefined;
}

/** Converts whatever the SDK threw into a ManagementApiError. */
export function toManagementApiError(error: unknown): ManagementApiError {
  if (error instanceof ManagementApiError) return error;
  if (error instanceof ManagementError) {
    const status = error.statusCode ?? 500;
    const body = (error.body ?? {}) as { message?: string; errorCode?: string };
    if (status === 429) {
      const seconds = retryAfter(error) ?? 10;
      return new ManagementApiError(`Auth0 is rate limiting us, try again in ${seconds} s.`, 429, 'too_many_requests', seconds);
    }
    if (status >= 500 || status === 408) {
      return new ManagementApiError('Auth0 is not answering right now. Nothing was changed; please try again shortly.', status, body.errorCode);
    }
    return new ManagementApiError(body.message ?? `Auth0 refused the request (${status}).`, status, body.errorCode);
  }
  return new ManagementApiError('Auth0 could not be reached. Nothing was changed; please try again shortly.', 503, undefined);
}

/** Runs a Management API call and converts its failure. */
export async function call<T>(run: (api: ManagementClient) => Promise<T>): Promise<T> {
  try {
    return await run(management());
  } catch (error) {
    throw toManagementApiError(error);
  }
}

/** True when the error is Auth0's 404 for the thing asked about. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ManagementApiError ? error.status === 404 : error instanceof ManagementError && error.statusCode === 404;
}
