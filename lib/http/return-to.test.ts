// safeReturnTo: only same-site paths survive, including the ones a browser would rewrite
// into another origin (tabs and newlines are dropped when a URL is parsed).
import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '@/lib/http/return-to';

describe('safeReturnTo', () => {
  it('keeps same-site paths', () => {
    expect(safeReturnTo('/settings/sso?created=1')).toBe('/settings/sso?created=1');
  });

  it('refuses anything a browser would resolve to another origin', () => {
    for (const value of ['//evil.example', '//evil.example/x?y=1', '/\\evil.example', 'https://evil.example', '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/\u0000/x', '']) {
      expect(safeReturnTo(value)).toBe('/projects');
    }
    // What a browser makes of the tab trick, for the record.
    expect(new URL('/\t/evil.example', 'https://acme.example.com').host).toBe('evil.example');
  });

  it('a repeated returnTo (an array in searchParams) is refused, not a TypeError', () => {
    expect(safeReturnTo(['/settings', '/projects/x'])).toBe('/projects');
  });

  it('falls back to the caller’s default', () => {
    expect(safeReturnTo(undefined, '/')).toBe('/');
    expect(safeReturnTo('//evil.example', '/')).toBe('/');
  });
});
