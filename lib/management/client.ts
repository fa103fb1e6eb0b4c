// The one Management API client. Server-only. Every call to Auth0's Management API goes
// through `management()`; failures become ManagementApiError with a message a page can show.
// Only the gateway modules beside this file call it (scopes.test.ts checks): features use
// their operations (organizations.ts, members.ts, invitations.ts, connections.ts, users.ts, credentials.ts).
import 'server-only';
import { ManagementClient, ManagementError } from 'auth0';
import { ManagementApiError } from '@/lib/management/errors';
import { createManagementTokenProvider, type ManagementTokenProvider } from '@/lib/management/token';
import { config } from '@/lib/config';

// For the gateway's modules; everyone else imports them from errors.ts.
export { ManagementApiError, isConflict, isNotFound } from '@/lib/management/errors';

let client: ManagementClient | undefined;
let token: ManagementTokenProvider | undefined;

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
  const domain = new URL(auth0.origin).host;
  client = new ManagementClient({
    domain,
    // One token for every instance, kept in the database (token.ts), not one per process.
    token: (token = createManagementTokenProvider({
      origin: auth0.origin, clientId: auth0.m2mClientId, clientSecret: auth0.m2mClientSecret, audience: `https://${domain}/api/v2/`,
    })),
    fetch: fetchForOrigin(auth0.origin),
    // Retries are `call`'s: the SDK's own would wait up to 60 s per 429 however far off the reset is.
    maxRetries: 0,
    timeoutInSeconds: 10,
  });
  return client;
}

/** Milliseconds until Auth0 takes requests again, from Retry-After (seconds) or X-RateLimit-Reset (epoch seconds). */
function rateLimitWaitMs(error: ManagementError): number | undefined {
  const headers = (error as unknown as { rawResponse?: { headers?: Headers } }).rawResponse?.headers;
  const value = headers?.get?.('retry-after');
  if (value && /^\d+$/.test(value)) return Number(value) * 1000;
  const reset = headers?.get?.('x-ratelimit-reset');
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - Date.now());
  return undefined;
}

function retryAfter(error: ManagementError): number | undefined {
  const ms = rateLimitWaitMs(error);
  return ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1000));
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

/**
 * Retry policy. A 429 is waited out when Auth0 says it lifts soon: Auth0's buckets refill
 * every second, so a push that drains one mostly waits well under a second per call. A wait
 * beyond `maxWaitMs` means the budget is gone: the caller gets the 429 with its Retry-After
 * at once instead of holding the request. 5xx and 408 get two more tries (1 s, 2 s), as the
 * SDK's own retry did.
 */
export const RETRY = { rateLimited: { maxRetries: 4, maxWaitMs: 5_000 }, serverErrors: { maxRetries: 2, firstDelayMs: 1_000 } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long to wait before trying `error`'s call again, or null to give up. */
function retryDelayMs(error: unknown, attempt: { rateLimited: number; serverErrors: number }): number | null {
  if (!(error instanceof ManagementError)) return null; // unreachable or timed out: nothing to wait for
  const status = error.statusCode ?? 0;
  if (status === 429) {
    if (attempt.rateLimited >= RETRY.rateLimited.maxRetries) return null;
    const wait = rateLimitWaitMs(error) ?? RETRY.serverErrors.firstDelayMs * 2 ** attempt.rateLimited;
    if (wait > RETRY.rateLimited.maxWaitMs) return null;
    // A little positive jitter so concurrent callers do not all come back at the same instant.
    return Math.max(50, wait) * (1 + Math.random() * 0.2);
  }
  if (status >= 500 || status === 408) {
    if (attempt.serverErrors >= RETRY.serverErrors.maxRetries) return null;
    return RETRY.serverErrors.firstDelayMs * 2 ** attempt.serverErrors * (0.9 + Math.random() * 0.2);
  }
  return null;
}

/**
 * Runs a Management API call and converts its failure, retrying what `RETRY` allows. `run`
 * runs again whole, so it holds one write at most (reads may page).
 */
export async function call<T>(run: (api: ManagementClient) => Promise<T>): Promise<T> {
  const api = management();
  try {
    return await callWith(api, run);
  } catch (error) {
    // The shared token outlives deploys: one Auth0 no longer takes, or issued before a scope
    // was granted, is replaced once and the call made again.
    const reason = error instanceof ManagementApiError && (error.status === 401 ? 'unauthorized' : error.status === 403 && error.code === 'insufficient_scope' ? 'insufficient_scope' : undefined);
    if (!reason || !(await token?.discard(reason))) throw error;
    return callWith(api, run);
  }
}

/** `call` on another client (provisioning runs with its own bootstrap credentials). */
export async function callWith<T>(api: ManagementClient, run: (api: ManagementClient) => Promise<T>): Promise<T> {
  const attempt = { rateLimited: 0, serverErrors: 0 };
  for (;;) {
    try {
      return await run(api);
    } catch (error) {
      const delay = retryDelayMs(error, attempt);
      if (delay === null) throw toManagementApiError(error);
      if ((error as ManagementError).statusCode === 429) attempt.rateLimited += 1;
      else attempt.serverErrors += 1;
      await sleep(delay);
    }
  }
}
