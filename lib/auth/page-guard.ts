// Page-side use of authorize(): sends signed-out people to sign in, a sign-in that skipped
// admission back to it (/signed-in, lib/admission), and turns refusals into the forbidden
// page, so pages only deal with the authorized case.
import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { authorize, AuthError, type AuthorizeOptions } from '@/lib/auth/authorize';
import type { TenantContext } from '@/lib/core/context';

export async function authorizePage(options: AuthorizeOptions & { returnTo?: string } = {}): Promise<TenantContext> {
  try {
    return await authorize(options);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const returnTo = encodeURIComponent(options.returnTo ?? '/');
    if (error.reason === 'unauthenticated') redirect(`/auth/login?returnTo=${returnTo}`);
    if (error.reason === 'not_admitted') redirect(`/signed-in?returnTo=${returnTo}`);
    if (error.reason === 'not_a_member' || error.reason === 'wrong_organization') redirect('/not-a-member');
    forbidden();
  }
}

/** Like authorizePage, but null for signed-out visitors instead of a redirect. */
export async function optionalTenantSession(): Promise<TenantContext | null> {
  try {
    return await authorize();
  } catch (error) {
    if (error instanceof AuthError && error.reason === 'unauthenticated') return null;
    throw error;
  }
}
