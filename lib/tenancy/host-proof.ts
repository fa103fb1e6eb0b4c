// Next.js renders the target of a server action's redirect() by fetching it from itself
// (`http://<listen host>:<port>/path`), forwarding the original request's headers. That
// internal request arrives with the *apex* Host, so middleware would resolve the wrong
// tenant. Middleware therefore stamps every request it forwards with an HMAC of the host
// it validated; a request that carries a valid stamp for its X-Forwarded-Host is one of
// our own, and its X-Forwarded-Host is trusted. Clients cannot forge the stamp (it needs
// AUTH0_SECRET), so X-Forwarded-Host from the outside is still never trusted.
export const HOST_PROOF_HEADER = 'x-tenantry-host-proof';

const encoder = new TextEncoder();
let keyPromise: Promise<CryptoKey> | null = null;
let keySecret: string | null = null;

function key(secret: string): Promise<CryptoKey> {
  if (!keyPromise || keySecret !== secret) {
    keySecret = secret;
    keyPromise = crypto.subtle.importKey('raw', encoder.encode(`tenantry-host-proof:${secret}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }
  return keyPromise;
}

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// Stamps are the same for every request to a host: keep them (bounded) rather than
// computing an HMAC per request.
const stamps = new Map<string, string>();
const MAX_STAMPS = 1000;

/** The stamp middleware adds for `host`. */
export async function signHost(host: string, secret: string): Promise<string> {
  const cacheKey = `${secret}\u0000${host.toLowerCase()}`;
  const cached = stamps.get(cacheKey);
  if (cached) return cached;
  const stamp = toHex(await crypto.subtle.sign('HMAC', await key(secret), encoder.encode(host.toLowerCase())));
  if (stamps.size >= MAX_STAMPS) stamps.clear();
  stamps.set(cacheKey, stamp);
  return stamp;
}

/** The host a request was originally for: its X-Forwarded-Host when stamped by us, else Host. */
export async function originalHost(headers: Headers, secret: string): Promise<string | null> {
  const proof = headers.get(HOST_PROOF_HEADER);
  const forwarded = headers.get('x-forwarded-host');
  if (proof && forwarded && /^[0-9a-f]{64}$/.test(proof)) {
    const expected = await signHost(forwarded, secret);
    let diff = 0;
    for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ proof.charCodeAt(i);
    if (diff === 0) return forwarded;
  }
  return headers.get('host');
}
