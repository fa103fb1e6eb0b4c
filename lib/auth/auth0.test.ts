// The callback's redirect after sign-in stays on the host the person signed in to, and goes
// through admission first for an organization.
import { describe, expect, it } from 'vitest';
import { returnToUrl } from '@/lib/auth/auth0';

const BASE = 'https://acme.example.com';

describe('returnToUrl', () => {
  it('keeps same-origin paths with their query', () => {
    expect(returnToUrl('/projects/p1?tab=a', BASE).href).toBe('https://acme.example.com/projects/p1?tab=a');
    expect(returnToUrl(undefined, BASE).href).toBe('https://acme.example.com/');
  });

  it('never leaves the host, even for a path the SDK let through as "//evil.example"', () => {
    // What the SDK stores for ?returnTo=/a/..//evil.example: only the pathname, which is "//evil.example".
    expect(new URL('/a/..//evil.example', BASE).pathname).toBe('//evil.example');
    for (const returnTo of ['//evil.example', '//evil.example/x?y=1', 'https://evil.example/', '/\\evil.example']) {
      expect(returnToUrl(returnTo, BASE).origin).toBe(BASE);
    }
  });
});

describe('afterSignInUrl', () => {
  it('sends a sign-in to an organization through admission (/signed-in), keeping where it was headed', async () => {
    const { afterSignInUrl } = await import('@/lib/auth/auth0');
    expect(afterSignInUrl('/welcome', BASE, 'org_acme').href).toBe('https://acme.example.com/signed-in?returnTo=%2Fwelcome');
    expect(afterSignInUrl('//evil.example', BASE, 'org_acme').href).toBe('https://acme.example.com/signed-in?returnTo=%2F');
    // The apex has no organization and no admission.
    expect(afterSignInUrl('/personal', 'https://example.com', undefined).href).toBe('https://example.com/personal');
  });
});
