// The error page shows the digest Next.js hands the browser, never the error's own message
// or stack (in development, and for errors thrown in the browser, those are the real thing).
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ErrorMessage } from '@/lib/ui/error-pages';

describe('ErrorMessage', () => {
  it('shows the digest, not the message or the stack', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED postgres://app:s3cret@db:5432'), { digest: '1234567890' });
    const html = renderToStaticMarkup(createElement(ErrorMessage, { error, reset: () => {}, home: { href: '/', label: 'Home' } }));
    expect(html).toContain('Something went wrong');
    expect(html).toContain('1234567890');
    expect(html).not.toContain('ECONNREFUSED');
    expect(html).not.toContain('s3cret');
    expect(html).not.toContain(error.stack!.split('\n')[1]!.trim());
  });

  it('without a digest (an error in the browser) says nothing about the error at all', () => {
    const html = renderToStaticMarkup(createElement(ErrorMessage, { error: new Error('TypeError: x is undefined'), reset: () => {}, home: { href: '/', label: 'Home' } }));
    expect(html).not.toContain('x is undefined');
    expect(html).not.toContain('reference');
  });
});
