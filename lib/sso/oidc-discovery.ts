// Reads an OpenID provider's discovery document before a connection is saved, so a typo in
// the issuer is a field error now instead of a failed sign-in later.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AdminError } from '@/lib/admin/errors';
import { config } from '@/lib/config';

const WELL_KNOWN = '/.well-known/openid-configuration';

export interface OidcProvider { issuer: string; discoveryUrl: string }

/** Accepts the issuer or the discovery URL itself. */
export function discoveryUrlFor(issuerOrDiscovery: string): string {
  const url = issuerOrDiscovery.trim();
  if (url.includes(WELL_KNOWN)) return url;
  return `${url.replace(/\/+$/, '')}${WELL_KNOWN}`;
}

// Loopback, private, link-local (cloud metadata), carrier-grade NAT and unique-local ranges.
const PRIVATE_RANGES = new BlockList();
for (const [network, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv6');
}

/** True when `hostname` is, or resolves to, an address that is not on the public internet. */
export async function isPrivateHost(hostname: string): Promise<boolean> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true, verbatim: true });
  return addresses.some(({ address, family }) => PRIVATE_RANGES.check(address, family === 6 ? 'ipv6' : 'ipv4'));
}

export async function discoverOidcProvider(issuerOrDiscovery: string, timeoutMs = 5000): Promise<OidcProvider> {
  const discoveryUrl = discoveryUrlFor(issuerOrDiscovery);
  const refuse = (why: string) => new AdminError(`We could not read the OpenID configuration at ${discoveryUrl}: ${why}`, 'issuer');
  if (!config().allowPrivateIdps) {
    let hostname: string;
    try {
      hostname = new URL(discoveryUrl).hostname;
    } catch {
      throw refuse('it is not a valid address.');
    }
    const isPrivate = await isPrivateHost(hostname).catch(() => null);
    if (isPrivate === null) throw refuse('the address could not be reached.');
    if (isPrivate) throw refuse('it is not a public address. The identity provider must be reachable on the internet.');
  }
  let response: Response;
  try {
    response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, redirect: 'error' });
  } catch (error) {
    throw refuse(error instanceof Error && error.name === 'TimeoutError' ? 'it did not answer in time.' : 'the address could not be reached.');
  }
  if (!response.ok) throw refuse(`it answered ${response.status}.`);
  let doc: { issuer?: unknown; authorization_endpoint?: unknown; token_endpoint?: unknown };
  try {
    doc = (await response.json()) as typeof doc;
  } catch {
    throw refuse('the answer is not JSON.');
  }
  if (typeof doc.issuer !== 'string' || typeof doc.authorization_endpoint !== 'string' || typeof doc.token_endpoint !== 'string') {
    throw refuse('it is not an OpenID provider configuration (issuer, authorization_endpoint and token_endpoint are required).');
  }
  return { issuer: doc.issuer, discoveryUrl };
}
