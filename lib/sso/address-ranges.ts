// Which IP addresses an admin-supplied URL may make the server connect to: public unicast
// only. Special-purpose ranges of the IANA registries (RFC 6890 and updates) are refused,
// and IPv6 forms that embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are
// judged by that IPv4 address, so ::ffff:10.0.0.1 is as private as 10.0.0.1.
// https://www.iana.org/assignments/iana-ipv4-special-registry/
// https://www.iana.org/assignments/iana-ipv6-special-registry/
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const V4_SPECIAL: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.31.196.0', 24], // AS112
  ['192.52.193.0', 24], // AMT
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['192.175.48.0', 24], // AS112 direct delegation
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
];

const V6_SPECIAL: [string, number][] = [
  ['::', 96], // unspecified, loopback, IPv4-compatible (deprecated)
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments: Teredo, benchmarking, ORCHID...
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['5f00::', 16], // segment routing
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const BLOCKED = new BlockList();
for (const [network, prefix] of V4_SPECIAL) BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of V6_SPECIAL) BLOCKED.addSubnet(network, prefix, 'ipv6');

/** The 16 bytes of an IPv6 address (any textual form, with or without brackets). */
function ipv6Bytes(address: string): number[] {
  // The URL parser canonicalizes (::ffff:1.2.3.4 -> ::ffff:102:304): only hex groups remain.
  const canonical = new URL(`http://[${address.replace(/^\[|\]$/g, '')}]/`).hostname.slice(1, -1);
  const [head, tail] = canonical.includes('::') ? canonical.split('::') : [canonical, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

const v4 = (bytes: number[]) => bytes.join('.');

/** The IPv4 address an IPv6 address stands for (mapped, NAT64 well-known prefix, 6to4), or null. */
export function embeddedIPv4(address: string): string | null {
  const b = ipv6Bytes(address);
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(b.slice(12)); // ::ffff:a.b.c.d
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return v4(b.slice(12)); // 64:ff9b::a.b.c.d
  if (b[0] === 0x20 && b[1] === 0x02) return v4(b.slice(2, 6)); // 2002:aabb:ccdd::
  return null;
}

/** True when `address` (an IP literal) is a public unicast address the server may connect to. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIPv4(bare)) return !BLOCKED.check(bare, 'ipv4');
  if (!isIPv6(bare)) return false;
  const inner = embeddedIPv4(bare);
  if (inner !== null) return !BLOCKED.check(inner, 'ipv4');
  return !BLOCKED.check(bare, 'ipv6');
}
