// Server-side request forgery guard for webhook URLs. An org admin chooses where the server
// POSTs, so a URL may only lead to the public internet:
//   - https only (http only with WEBHOOKS_ALLOW_LOOPBACK, local development and tests), no
//     user name or password in the URL;
//   - the host is resolved once and EVERY address it resolves to must be public unicast
//     (lib/sso/address-ranges.ts: loopback, private, link-local incl. 169.254.169.254,
//     unique-local, CGNAT, IPv4-mapped/NAT64/6to4 forms of those, ... are refused);
//     WEBHOOKS_ALLOW_LOOPBACK admits loopback addresses and nothing else;
//   - the caller connects to the address returned here (pinnedLookup), never to a second
//     resolution, so a DNS answer that changes between check and connect (rebinding) cannot
//     move the request;
//   - redirects are never followed (lib/webhooks/send.ts counts a 3xx as a failure).
// Checked when an endpoint is saved and again before every delivery.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, isIPv4, type LookupFunction } from 'node:net';
import { embeddedIPv4, isPublicAddress } from '@/lib/sso/address-ranges';

export interface ResolvedAddress { address: string; family: 4 | 6 }
/** Every address a host name stands for (injectable: tests answer with chosen addresses). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family as 4 | 6 }));

export class UnsafeWebhookUrl extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnsafeWebhookUrl';
  }
}

export interface SsrfPolicy {
  /** Local development and tests: http:// and loopback addresses are allowed. */
  allowLoopback: boolean;
  resolve?: Resolver;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

function isLoopback(address: string): boolean {
  if (isIPv4(address)) return LOOPBACK.check(address, 'ipv4');
  const inner = embeddedIPv4(address);
  return inner !== null ? LOOPBACK.check(inner, 'ipv4') : LOOPBACK.check(address, 'ipv6');
}

/** The URL's form alone (no DNS): a field error's worth of reasons. */
export function parseWebhookUrl(raw: string, policy: Pick<SsrfPolicy, 'allowLoopback'>): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UnsafeWebhookUrl('Enter a full URL, such as https://example.com/webhooks.');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowLoopback)) throw new UnsafeWebhookUrl('The URL must start with https://.');
  if (url.username || url.password) throw new UnsafeWebhookUrl('A URL with a user name or password in it is not allowed.');
  if (!url.hostname) throw new UnsafeWebhookUrl('Enter a full URL, such as https://example.com/webhooks.');
  return url;
}

/**
 * The one address to connect to for `url`, after checking every address its host resolves
 * to. Throws UnsafeWebhookUrl when any of them is not allowed or the host does not resolve.
 */
export async function vettedAddress(url: URL, policy: SsrfPolicy): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) as 4 | 6 }];
  else {
    addresses = await (policy.resolve ?? systemResolver)(host).catch(() => []);
    if (addresses.length === 0) throw new UnsafeWebhookUrl(`${host} could not be resolved.`);
  }
  for (const { address } of addresses) {
    if (isPublicAddress(address)) continue;
    if (policy.allowLoopback && isLoopback(address)) continue;
    throw new UnsafeWebhookUrl(`${url.hostname} is not a public internet address (${address}). Webhooks are only sent to public addresses.`);
  }
  return addresses[0]!;
}

/** A lookup for node:http that answers `pinned` whatever it is asked: no DNS query at connect time. */
export function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}
