// The caller's address: the entry TRUSTED_PROXY_HOPS from the right of X-Forwarded-For, never
// one the client could have written itself.
import { describe, expect, it } from 'vitest';
import { clientInfo, clientIp, USER_AGENT_MAX } from '@/lib/http/client-ip';

const h = (init: Record<string, string>) => new Headers(init);

describe('clientIp', () => {
  it('on Vercel (one hop) takes the address the platform set', () => {
    expect(clientIp(h({ 'x-forwarded-for': '203.0.113.7' }), 1)).toBe('203.0.113.7');
    expect(clientIp(h({ 'x-forwarded-for': '2001:db8::1' }), 1)).toBe('2001:db8::1');
  });

  it('takes the entry the trusted proxies appended, not what the client sent further left', () => {
    const forged = h({ 'x-forwarded-for': '10.9.9.9, 198.51.100.4, 192.0.2.1' });
    expect(clientIp(forged, 1)).toBe('192.0.2.1');
    expect(clientIp(forged, 2)).toBe('198.51.100.4');
  });

  it('says nothing when it cannot know: no proxy trusted, too few entries, not an address', () => {
    expect(clientIp(h({ 'x-forwarded-for': '203.0.113.7' }), 0)).toBeNull();
    expect(clientIp(h({ 'x-forwarded-for': '203.0.113.7' }), 2)).toBeNull();
    expect(clientIp(h({}), 1)).toBeNull();
    expect(clientIp(h({ 'x-forwarded-for': 'evil<script>' }), 1)).toBeNull();
    expect(clientIp(h({ 'x-real-ip': '203.0.113.7' }), 1)).toBeNull();
  });

  it('defaults to TRUSTED_PROXY_HOPS (1)', () => {
    expect(clientIp(h({ 'x-forwarded-for': '10.0.0.1, 203.0.113.7' }))).toBe('203.0.113.7');
  });
});

describe('clientInfo', () => {
  it('keeps a printable, bounded user agent', () => {
    expect(clientInfo(h({ 'user-agent': 'curl/8.5.0' }), 1)).toEqual({ userAgent: 'curl/8.5.0' });
    expect(clientInfo(h({ 'user-agent': `a\u0001b\tc${'x'.repeat(1000)}` }), 1).userAgent).toHaveLength(USER_AGENT_MAX);
    expect(clientInfo(h({ 'user-agent': 'a\u0001b\u007f' }), 1).userAgent).toBe('ab');
    expect(clientInfo(h({ 'x-forwarded-for': '192.0.2.1' }), 1)).toEqual({ ip: '192.0.2.1' });
  });
});

describe('clientIp edge cases', () => {
  it('strips spaces and brackets, refuses an address with a port', () => {
    expect(clientIp(h({ 'x-forwarded-for': ' 2001:db8::1 ' }), 1)).toBe('2001:db8::1');
    expect(clientIp(h({ 'x-forwarded-for': '[2001:db8::1]' }), 1)).toBe('2001:db8::1');
    expect(clientIp(h({ 'x-forwarded-for': '203.0.113.7:1234' }), 1)).toBeNull();
    expect(clientIp(h({ 'x-vercel-forwarded-for': '203.0.113.7' }), 1)).toBeNull();
  });
});
