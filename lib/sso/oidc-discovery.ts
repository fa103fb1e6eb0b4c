// Reads an OpenID provider's discovery document before a connection is saved, so a typo in
// the issuer is a field error now instead of a failed sign-in later.
//
// The address is an admin's input and the server fetches it, so the fetch is guarded against
// server-side request forgery (unless SSO_ALLOW_PRIVATE_IDPS, on with the local tenant):
//   - the host is resolved once, every address it resolves to must be public
//     (lib/sso/address-ranges.ts), and the connection goes to that vetted address: there is
//     no second resolution a DNS-rebinding answer could change (TLS still checks the name);
//   - redirects are not followed (the document must be at the address given);
//   - errors say what went wrong in our words, never what the server answered.
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { DomainError } from '@/lib/core/errors';
import { config } from '@/lib/config';
import { isPublicAddress } from '@/lib/sso/address-ranges';

const WELL_KNOWN = '/.well-known/openid-configuration';
/** A discovery document is a few KB; anything much larger is not one. */
const MAX_DOCUMENT_BYTES = 256 * 1024;

export interface OidcProvider { issuer: string; discoveryUrl: string }

/** Accepts the issuer or the discovery URL itself. */
export function discoveryUrlFor(issuerOrDiscovery: string): string {
  const url = issuerOrDiscovery.trim();
  if (url.includes(WELL_KNOWN)) return url;
  return `${url.replace(/\/+$/, '')}${WELL_KNOWN}`;
}

interface ResolvedAddress { address: string; family: 4 | 6 }

/** Every address `hostname` stands for (itself when it is an IP literal), resolved once. */
async function resolve(hostname: string): Promise<ResolvedAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return [{ address: bare, family: isIP(bare) as 4 | 6 }];
  return (await lookup(bare, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family as 4 | 6 }));
}

/** True when `hostname` is, or resolves to, an address that is not on the public internet. */
export async function isPrivateHost(hostname: string): Promise<boolean> {
  return (await resolve(hostname)).some(({ address }) => !isPublicAddress(address));
}

class Refusal extends Error {}

/** A lookup for node:http that answers `pinned` whatever it is asked (no DNS query). */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

/** GET `url` from `pinned` (not a new resolution of its host), at most MAX_DOCUMENT_BYTES. */
function getPinned(url: URL, pinned: ResolvedAddress, timeoutMs: number): Promise<{ status: number; body: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolvePromise, reject) => {
    const req = send(url, { method: 'GET', headers: { accept: 'application/json' }, lookup: pinnedLookup(pinned), timeout: timeoutMs, agent: false }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_DOCUMENT_BYTES) {
          req.destroy(new Refusal('the answer is too large to be an OpenID configuration.'));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Refusal('it did not answer in time.')));
    req.on('error', reject);
    req.end();
  });
}

export async function discoverOidcProvider(issuerOrDiscovery: string, timeoutMs = 5000): Promise<OidcProvider> {
  const discoveryUrl = discoveryUrlFor(issuerOrDiscovery);
  const refuse = (why: string) => new DomainError(`We could not read the OpenID configuration at ${discoveryUrl}: ${why}`, 'issuer');
  let url: URL;
  try {
    url = new URL(discoveryUrl);
  } catch {
    throw refuse('it is not a valid address.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('it is not a valid address.');
  if (url.username || url.password) throw refuse('an address with a user name or password in it is not allowed.');

  const addresses = await resolve(url.hostname).catch(() => null);
  if (!addresses || addresses.length === 0) throw refuse('the address could not be reached.');
  if (!config().allowPrivateIdps && addresses.some(({ address }) => !isPublicAddress(address))) {
    throw refuse('it is not a public address. The identity provider must be reachable on the internet.');
  }

  let answer: { status: number; body: string };
  try {
    answer = await getPinned(url, addresses[0]!, timeoutMs);
  } catch (error) {
    throw refuse(error instanceof Refusal ? error.message : 'the address could not be reached.');
  }
  // Redirects are not followed, and what a server answered is not repeated (it could be an
  // internal service's page): only whether it was an OpenID configuration.
  if (answer.status >= 300 && answer.status < 400) throw refuse('it redirects elsewhere. Enter the address the configuration is served at.');
  if (answer.status !== 200) throw refuse('it did not answer with an OpenID configuration.');
  let doc: { issuer?: unknown; authorization_endpoint?: unknown; token_endpoint?: unknown };
  try {
    doc = JSON.parse(answer.body) as typeof doc;
  } catch {
    throw refuse('the answer is not JSON.');
  }
  if (typeof doc?.issuer !== 'string' || typeof doc.authorization_endpoint !== 'string' || typeof doc.token_endpoint !== 'string') {
    throw refuse('it is not an OpenID provider configuration (issuer, authorization_endpoint and token_endpoint are required).');
  }
  return { issuer: doc.issuer, discoveryUrl };
}
