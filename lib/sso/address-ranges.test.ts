// The addresses an admin's OIDC issuer may make the server connect to: public unicast only.
import { describe, expect, it } from 'vitest';
import { embeddedIPv4, isPublicAddress } from './address-ranges';

describe('isPublicAddress', () => {
  it.each([
    // IPv4 special-purpose ranges
    '0.0.0.0', '0.1.2.3', '10.1.2.3', '100.64.0.1', '100.127.255.254', '127.0.0.1', '127.1.2.3', '169.254.169.254',
    '172.16.0.1', '172.31.255.255', '192.0.0.8', '192.0.2.1', '192.88.99.1', '192.168.1.1', '198.18.0.1', '198.19.255.254',
    '198.51.100.7', '203.0.113.9', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
    // IPv6 special-purpose ranges
    '::', '::1', '[::1]', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fec0::1', 'ff02::1', '2001:db8::1', '100::1', '3fff::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
    '64:ff9b:1::a00:1', // local-use NAT64
    // IPv6 forms of private IPv4 addresses
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::127.0.0.1',
    '64:ff9b::10.0.0.1', '64:ff9b::a9fe:a9fe', '2002:a00:1::1', '2002:c0a8:101::1',
    // not an address at all
    'localhost', '', 'example.com',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.216.34', '1.1.1.1', '100.63.255.255', '100.128.0.1', '172.32.0.1', '198.20.0.1', '223.255.255.254',
    '2606:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('embeddedIPv4', () => {
  it.each([
    ['::ffff:10.0.0.1', '10.0.0.1'], ['::ffff:a00:1', '10.0.0.1'], ['64:ff9b::c0a8:101', '192.168.1.1'], ['2002:7f00:1::', '127.0.0.1'],
    ['2606:4700::1111', null], ['fe80::1', null],
  ])('%s -> %s', (address, expected) => {
    expect(embeddedIPv4(address)).toBe(expected);
  });
});
