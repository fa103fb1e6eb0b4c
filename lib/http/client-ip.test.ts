// The client address from X-Forwarded-For: only the trusted hops are believed.
import { expect, it } from 'vitest';
import { clientIp } from '@/lib/http/client-ip';

const h = (xff?: string, extra: Record<string, string> = {}) => new Headers({ ...(xff === undefined ? {} : { 'x-forwarded-for': xff }), ...extra });

it('one trusted hop (Vercel, or one load balancer): the last entry', () => {
  expect(clientIp(h('203.0.113.7'), 1)).toBe('203.0.113.7');
  expect(clientIp(h('198.51.100.1, 203.0.113.7'), 1)).toBe('203.0.113.7');
  expect(clientIp(h(' 2001:db8::1 '), 1)).toBe('2001:db8::1');
  expect(clientIp(h('[2001:db8::1]'), 1)).toBe('2001:db8::1');
});

it('two trusted hops: the second entry from the right; fewer entries than hops is no address', () => {
  expect(clientIp(h('198.51.100.1, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
  expect(clientIp(h('203.0.113.7'), 2)).toBeNull();
});

it('no header, a malformed entry, or no trusted hops: no address; other headers are not read', () => {
  expect(clientIp(h(), 1)).toBeNull();
  expect(clientIp(h('', { 'x-real-ip': '203.0.113.7', 'x-vercel-forwarded-for': '203.0.113.7' }), 1)).toBeNull();
  expect(clientIp(h('unknown'), 1)).toBeNull();
  expect(clientIp(h('203.0.113.7:1234'), 1)).toBeNull();
  expect(clientIp(h('203.0.113.7'), 0)).toBeNull();
});
