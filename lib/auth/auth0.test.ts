// The callback's redirect after sign-in stays on the host the person signed in to, and goes
// through admission first for an organization.
import { describe, expect, it } from 'vitest';
import type { OnCallbackHook } from '@auth0/nextjs-auth0/types';
import { auth0 } from '@/lib/auth/auth0';

const BASE = 'https://acme.example.com';

// Our onCallback as the SDK holds it (no public accessor; the static-domain client).
const onCallback = (auth0 as unknown as { provider: { getAuthClientForStaticMode(): { onCallback: OnCallbackHook } } }).provider.getAuthClientForStaticMode().onCallback;
const redirectAfter = async (returnTo: string | undefined) =>
  (await onCallback(null, { returnTo, appBaseUrl: BASE } as Parameters<OnCallbackHook>[1], null)).headers.get('location');

describe('onCallback redirect', () => {
  it('keeps same-origin paths with their query', async () => {
    expect(await redirectAfter('/projects/p1?tab=a')).toBe('https://acme.example.com/projects/p1?tab=a');
    expect(await redirectAfter(undefined)).toBe('https://acme.example.com/');
  });

  it('never leaves the host, even for a path the SDK let through as "//evil.example"', async () => {
    // What the SDK stores for ?returnTo=/a/..//evil.example: only the pathname, which is "//evil.example".
    expect(new URL('/a/..//evil.example', BASE).pathname).toBe('//evil.example');
    for (const returnTo of ['//evil.example', '//evil.example/x?y=1', 'https://evil.example/', '/\\evil.example', '/\t/evil.example']) {
      expect(await redirectAfter(returnTo)).toBe('https://acme.example.com/');
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
