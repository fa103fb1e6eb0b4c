// CIDR ranges for IP allowlists: parsing (IPv4, IPv6, canonical form), refusals, containment.
import { describe, expect, it } from 'vitest';
import { InvalidCidr, ipAllowed, parseCidr, parseIp } from '@/lib/security/cidr';

describe('parseCidr', () => {
  it.each([
    ['203.0.113.0/24', '203.0.113.0/24'],
    ['10.1.2.3', '10.1.2.3/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    [' 192.0.2.0/25 ', '192.0.2.0/25'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1/128'],
    ['2001:db8:0:0:1:0:0:0/112', '2001:db8:0:0:1::/112'], // the longest run of zeros becomes ::
    ['::/0', '::/0'],
    ['::1', '::1/128'],
    ['fe80:0:0:0:0:0:0:0/10', 'fe80::/10'],
    ['::ffff:192.0.2.0/120', '192.0.2.0/24'],
  ])('reads %s as %s', (input, canonical) => {
    expect(parseCidr(input).text).toBe(canonical);
  });

  it.each([
    ['10.0.0.1/8', 'host bits set; did you mean 10.0.0.0/8'],
    ['2001:db8::1/32', 'host bits set; did you mean 2001:db8::/32'],
    ['256.0.0.0/8', 'not an IPv4 or IPv6 address'],
    ['10.0.0/8', 'not an IPv4 or IPv6 address'],
    ['010.0.0.0/8', 'not an IPv4 or IPv6 address'],
    ['10.0.0.0/33', 'between 0 and 32'],
    ['10.0.0.0/-1', 'must be a number'],
    ['10.0.0.0/8/8', 'more than one'],
    ['2001:db8::/129', 'between 0 and 128'],
    ['2001:db8:::1', 'not an IPv4 or IPv6 address'],
    ['1:2:3:4:5:6:7:8:9', 'not an IPv4 or IPv6 address'],
    ['fe80::1%eth0', 'not an IPv4 or IPv6 address'],
    ['example.com', 'not an IPv4 or IPv6 address'],
    ['', 'not an IPv4 or IPv6 address'],
  ])('refuses %s (%s)', (input, reason) => {
    expect(() => parseCidr(input)).toThrowError(InvalidCidr);
    expect(() => parseCidr(input)).toThrowError(reason);
  });
});

describe('parseIp', () => {
  it('reads an IPv4-mapped IPv6 address as its IPv4 address, and brackets around IPv6', () => {
    expect(parseIp('::ffff:203.0.113.7')).toEqual(parseIp('203.0.113.7'));
    expect(parseIp('[2001:db8::1]')).toEqual(parseIp('2001:db8::1'));
    expect(parseIp('203.0.113.7:443')).toBeNull();
  });
});

describe('ipAllowed', () => {
  const ranges = ['203.0.113.0/24', '2001:db8:abcd::/48', '198.51.100.10/32'];

  it.each([
    ['203.0.113.0', true], ['203.0.113.255', true], ['203.0.114.0', false], ['203.0.112.255', false],
    ['198.51.100.10', true], ['198.51.100.11', false],
    ['2001:db8:abcd::', true], ['2001:db8:abcd:ffff:ffff:ffff:ffff:ffff', true], ['2001:db8:abce::', false],
    ['::ffff:203.0.113.9', true], ['::ffff:198.51.100.11', false],
  ])('%s allowed: %s', (address, allowed) => {
    expect(ipAllowed(ranges, address)).toBe(allowed);
  });

  it('an IPv4 range never matches an IPv6 address that is not mapped, nor the reverse', () => {
    expect(ipAllowed(['0.0.0.0/0'], '2001:db8::1')).toBe(false);
    expect(ipAllowed(['::/0'], '203.0.113.7')).toBe(false);
  });

  it('no address, a malformed one, or no ranges: not allowed', () => {
    for (const address of [null, '', 'nope', '203.0.113']) expect(ipAllowed(ranges, address)).toBe(false);
    expect(ipAllowed([], '203.0.113.7')).toBe(false);
  });
});
