// Calls from middleware (Edge, no database) to the app's internal routes on the apex
// (/api/internal/*). Those routes answer only a request signed here: an HMAC of method, path
// and time with a key derived from AUTH0_SECRET, fresh for MAX_AGE_MS. Without it anyone
// could list tenants and their Auth0 organization ids. Runs on Edge and Node (Web Crypto).
//
// The header is not one of INTERNAL_HEADER_PREFIXES on purpose: the call passes through
// middleware itself on its way to the route, and must keep its signature.
export const INTERNAL_CALL_HEADER = 'x-internal-call';

/** How long a signature is accepted (both clocks are the same machine's, or close). */
export const MAX_AGE_MS = 60_000;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function key(secret: string): Promise<CryptoKey> {
  let found = keys.get(secret);
  if (!found) {
    found = crypto.subtle.importKey('raw', encoder.encode(`tenantry-internal-call:${secret}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, found);
  }
  return found;
}

const message = (method: string, path: string, time: number) => encoder.encode(`${method.toUpperCase()} ${path} ${time}`);
const toHex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The header value that makes `method path` an internal call: `<ms since epoch>.<hex hmac>`. */
export async function signInternalCall(method: string, path: string, secret: string, now = Date.now()): Promise<string> {
  return `${now}.${toHex(await crypto.subtle.sign('HMAC', await key(secret), message(method, path, now)))}`;
}

/** True when `request` carries a fresh signature for its own method and path. */
export async function isInternalCall(request: Request, secret: string, now = Date.now()): Promise<boolean> {
  const match = /^(\d{1,15})\.([0-9a-f]{64})$/.exec(request.headers.get(INTERNAL_CALL_HEADER) ?? '');
  if (!match) return false;
  const time = Number(match[1]);
  if (Math.abs(now - time) > MAX_AGE_MS) return false;
  const signature = new Uint8Array(match[2]!.match(/../g)!.map((byte) => parseInt(byte, 16)));
  // crypto.subtle.verify compares in constant time.
  return crypto.subtle.verify('HMAC', await key(secret), signature, message(request.method, new URL(request.url).pathname, time));
}

/** A request to `url` (an internal route), signed. */
export async function internalRequest(url: string, secret: string, init: RequestInit = {}): Promise<Request> {
  const method = init.method ?? 'GET';
  const headers = new Headers(init.headers);
  headers.set(INTERNAL_CALL_HEADER, await signInternalCall(method, new URL(url).pathname, secret));
  return new Request(url, { ...init, method, headers, cache: 'no-store' });
}

/** fetch() of an internal route on the apex, signed. */
export async function internalFetch(apexOrigin: string, path: string, secret: string, init: RequestInit = {}): Promise<Response> {
  return fetch(await internalRequest(`${apexOrigin}${path}`, secret, init));
}

/** For an internal route: a 403 unless `request` is a signed internal call, else null. */
export async function refuseUnsignedCall(request: Request, secret: string): Promise<Response | null> {
  if (await isInternalCall(request, secret)) return null;
  return Response.json({ error: 'forbidden', message: 'This route answers only calls from the app itself.' }, { status: 403 });
}
