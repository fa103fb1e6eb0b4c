// CIDR ranges for organization IP allowlists: parse (IPv4 and IPv6, canonical form) and test
// whether an address falls in one. Edge-safe (middleware checks the allowlist), so no node:net.
// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is matched as its IPv4 address, so a client
// reached over a dual-stack socket is judged by the address the admin wrote down.

export interface CidrRange {
  version: 4 | 6;
  /** The network address as a big integer (32 or 128 bits). */
  network: bigint;
  prefix: number;
  /** How the range reads back: the network address in canonical form, `/prefix`. */
  text: string;
}

const bitsOf = (version: 4 | 6) => (version === 4 ? 32 : 128);

function parseIPv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    // Decimal only, no leading zeros: "010" is octal to some parsers, so it is refused.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(text: string): bigint | null {
  if (text.includes('%')) return null; // zone ids name an interface, not an address
  let head = text;
  let tailV4: bigint | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groupsOf(halves[0]!);
  const right = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (tailV4 !== null) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

const MAPPED_V4_PREFIX = 0xffffn << 32n;

/** An IPv4 or IPv6 address, or null. IPv4-mapped IPv6 addresses come back as IPv4. */
export function parseIp(text: string): IpAddress | null {
  const trimmed = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (trimmed.includes(':')) {
    const value = parseIPv6(trimmed);
    if (value === null) return null;
    if (value >> 32n === MAPPED_V4_PREFIX >> 32n) return { version: 4, value: value & 0xffffffffn };
    return { version: 6, value };
  }
  const value = parseIPv4(trimmed);
  return value === null ? null : { version: 4, value };
}

function formatIp(address: IpAddress): string {
  if (address.version === 4) return [24n, 16n, 8n, 0n].map((s) => String((address.value >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((address.value >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: the longest run (of two or more) of zero groups becomes "::".
  let best = -1, bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) { best = i; bestLength = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

export class InvalidCidr extends Error {
  constructor(readonly input: string, reason: string) {
    super(`“${input}” is not a valid IP range: ${reason}`);
    this.name = 'InvalidCidr';
  }
}

/**
 * A range like "203.0.113.0/24" or "2001:db8::/32"; a bare address is a single-host range.
 * Host bits set below the prefix ("10.0.0.1/8") are refused rather than silently widened or
 * narrowed: the admin meant something, and we cannot tell what.
 */
export function parseCidr(input: string): CidrRange {
  const text = input.trim();
  const [addressText, prefixText, extra] = text.split('/');
  if (extra !== undefined) throw new InvalidCidr(input, 'more than one “/”.');
  const address = parseIp(addressText ?? '');
  if (!address) throw new InvalidCidr(input, 'not an IPv4 or IPv6 address.');
  // An IPv4-mapped IPv6 range is treated as the IPv4 range it maps.
  const mappedShift = address.version === 4 && addressText!.includes(':') ? 96 : 0;
  const bits = bitsOf(address.version);
  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) throw new InvalidCidr(input, 'the prefix length must be a number.');
    prefix = Number(prefixText) - mappedShift;
    if (prefix < 0 || prefix > bits) throw new InvalidCidr(input, `the prefix length must be between ${mappedShift} and ${bits + mappedShift}.`);
  }
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((address.value & hostMask) !== 0n) {
    const network = { version: address.version, value: address.value & ~hostMask };
    throw new InvalidCidr(input, `it has host bits set; did you mean ${formatIp(network)}/${prefix}?`);
  }
  return { version: address.version, network: address.value, prefix, text: `${formatIp(address)}/${prefix}` };
}

export function cidrContains(range: CidrRange, address: IpAddress): boolean {
  if (range.version !== address.version) return false;
  const bits = bitsOf(range.version);
  const shift = BigInt(bits - range.prefix);
  return address.value >> shift === range.network >> shift;
}

/** Whether `address` (text) is inside any of `ranges` (CIDR texts, already validated). */
export function ipAllowed(ranges: readonly string[], addressText: string | null): boolean {
  const address = addressText ? parseIp(addressText) : null;
  if (!address) return false;
  return ranges.some((r) => cidrContains(parseCidr(r), address));
}
