// The Management API's access token, shared by every instance of the app. Auth0 meters
// client-credentials tokens per month, and a fleet of short-lived serverless instances that
// each fetched their own would spend one per cold start. So the token lives in the database
// (sealed, lib/data/management-token.ts), is fetched again only when little of its lifetime
// is left, by one instance at a time; each instance keeps it in memory until then.
//
// Sealed with AES-256-GCM under a key derived (HKDF) from the M2M client secret, not from
// AUTH0_SECRET: whoever holds the client secret can mint such a token anyway, so the row
// adds nothing to steal beside it, and a leaked session secret does not open it. Rotating
// the client secret (or another client) leaves the row unreadable: the next instance
// fetches a new token with the new credentials and replaces the row.
import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { forgetManagementToken, readManagementToken, refreshManagementTokenAlone, type StoredManagementToken } from '@/lib/data/management-token';
import { ManagementApiError } from '@/lib/management/errors';

export const TOKEN_TIMING = {
  /** A token with less than this left is replaced (Auth0's default lifetime is 24 h). */
  refreshBeforeMs: 10 * 60_000,
  /** How long an instance waits for another's refresh before fetching one of its own. */
  waitForRefresherMs: 5_000,
  pollMs: 100,
  fetchTimeoutMs: 10_000,
  /** A token refused for want of a scope is replaced only when older than this (see `discard`). */
  scopeRecheckAfterMs: 5 * 60_000,
};

export interface ManagementTokenSource {
  /** The tenant's origin (https://tenant.auth0.com, or the local tenant's http origin). */
  origin: string;
  clientId: string;
  clientSecret: string;
  audience: string;
}

interface Token {
  value: string;
  expiresAt: Date;
  /** The row it came from, when it did. */
  ciphertext?: string;
}

/** The SDK's token supplier, and a way to drop a token Auth0 refused. */
export type ManagementTokenProvider = (() => Promise<string>) & {
  /**
   * Forgets the current token (and the shared row, if it still holds it) so the next call
   * gets a new one. `reason` 'insufficient_scope' (scopes granted since the token was issued)
   * forgets only a token issued more than `scopeRecheckAfterMs` ago: a grant that truly lacks
   * the scope must not cost a token per call.
   */
  discard(reason: 'unauthorized' | 'insufficient_scope'): Promise<boolean>;
};

/** When the token (a JWT) was issued, or undefined when it says not. */
function issuedAtMs(token: string): number | undefined {
  try {
    const { iat } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat?: unknown };
    return typeof iat === 'number' ? iat * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The row of a client and audience: another client or tenant never reads this one's token. */
export function managementTokenId(source: Pick<ManagementTokenSource, 'clientId' | 'audience'>): string {
  return `${source.clientId} ${source.audience}`;
}

function keyOf(clientSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', clientSecret, 'tenantry', 'management-api-token v1', 32));
}

/** "v1." + base64url(iv | tag | ciphertext); the row id is bound in as associated data. */
export function sealManagementToken(token: string, clientSecret: string, id: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(clientSecret), iv).setAAD(Buffer.from(id));
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The token, or null when the row was sealed under another secret (or is damaged). */
function openManagementToken(ciphertext: string, clientSecret: string, id: string): string | null {
  if (!ciphertext.startsWith('v1.')) return null;
  const raw = Buffer.from(ciphertext.slice(3), 'base64url');
  if (raw.length < 29) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(clientSecret), raw.subarray(0, 12)).setAAD(Buffer.from(id));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One client-credentials token from the tenant's /oauth/token. */
async function fetchToken(source: ManagementTokenSource): Promise<Token> {
  let response: Response;
  try {
    response = await fetch(`${source.origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: source.clientId, client_secret: source.clientSecret, audience: source.audience }),
      signal: AbortSignal.timeout(TOKEN_TIMING.fetchTimeoutMs),
    });
  } catch {
    throw new ManagementApiError('Auth0 could not be reached. Nothing was changed; please try again shortly.', 503, undefined);
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
  if (response.status >= 500 || response.status === 429) {
    throw new ManagementApiError('Auth0 is not answering right now. Nothing was changed; please try again shortly.', 503, body.error);
  }
  if (!response.ok || typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
    // The app's own credentials were refused: a configuration fault, not the person's.
    throw new ManagementApiError(`Auth0 refused the app's Management API credentials (${response.status}).`, 502, body.error);
  }
  return { value: body.access_token, expiresAt: new Date(Date.now() + body.expires_in * 1000) };
}

/**
 * A token supplier for the SDK's `token` option. Each provider is one instance's view: it
 * keeps the token in memory until it is due for refresh, then reads the shared row; only if
 * that is due too (or unreadable) does it fetch, as the one refresher (others wait for its
 * row, and fetch their own only if it takes longer than `waitForRefresherMs`).
 */
export function createManagementTokenProvider(source: ManagementTokenSource): ManagementTokenProvider {
  const id = managementTokenId(source);
  let memo: Token | undefined;
  let loading: Promise<string> | undefined;

  const fresh = (token: Token | undefined): token is Token => !!token && token.expiresAt.getTime() - TOKEN_TIMING.refreshBeforeMs > Date.now();
  const opened = (row: StoredManagementToken | null): Token | undefined => {
    const value = row && openManagementToken(row.ciphertext, source.clientSecret, id);
    return value ? { value, expiresAt: row.expiresAt, ciphertext: row.ciphertext } : undefined;
  };
  const remember = (token: Token) => {
    memo = token;
    return token.value;
  };

  async function load(): Promise<string> {
    const shared = opened(await readManagementToken(id));
    if (fresh(shared)) return remember(shared);
    const giveUpAt = Date.now() + TOKEN_TIMING.waitForRefresherMs;
    for (;;) {
      let outcome: Awaited<ReturnType<typeof refreshManagementTokenAlone>>;
      try {
        outcome = await refreshManagementTokenAlone(
          id,
          async (current) => {
            if (fresh(opened(current))) return null; // refreshed while we were getting here
            const token = await fetchToken(source);
            return { ciphertext: sealManagementToken(token.value, source.clientSecret, id), expiresAt: token.expiresAt };
          },
          { startWithinMs: TOKEN_TIMING.waitForRefresherMs, finishWithinMs: TOKEN_TIMING.waitForRefresherMs + TOKEN_TIMING.fetchTimeoutMs },
        );
      } catch (error) {
        if (error instanceof ManagementApiError) throw error;
        outcome = undefined; // the database would not give us the transaction in time: as if busy
      }
      const token = outcome && opened(outcome.stored);
      if (token) return remember(token);
      // Another instance holds the lock: its row will do.
      await sleep(TOKEN_TIMING.pollMs);
      const theirs = opened(await readManagementToken(id));
      if (fresh(theirs)) return remember(theirs);
      // Never fail for want of the lock: past the wait, fetch one for this instance alone.
      if (Date.now() >= giveUpAt) return remember(await fetchToken(source));
    }
  }

  const get = async () => {
    if (fresh(memo)) return memo.value;
    loading ??= load().finally(() => {
      loading = undefined;
    });
    return loading;
  };
  const discard = async (reason: 'unauthorized' | 'insufficient_scope') => {
    const current = memo;
    if (!current) return false;
    if (reason === 'insufficient_scope' && (issuedAtMs(current.value) ?? 0) > Date.now() - TOKEN_TIMING.scopeRecheckAfterMs) return false;
    memo = undefined;
    if (current.ciphertext) await forgetManagementToken(id, current.ciphertext);
    return true;
  };
  return Object.assign(get, { discard });
}
