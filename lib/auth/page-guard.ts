// Page-side use of authorize(): sends signed-out people to sign in, a sign-in that skipped
// admission back to it (/signed-in, lib/admission), a sign-in without the MFA the organization
// requires to complete it (/mfa-required), and turns refusals into the forbidden
// page, so pages only deal with the authorized case.
import 'server-only';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { tenantFromHeaders } from '@/lib/tenancy/headers';
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
    if (error.reason === 'mfa_required') redirect(`/mfa-required?returnTo=${returnTo}`);
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

/**
 * For the page that explains the organization's rules (/security): any member may read it,
 * including one whose sign-in lacks the MFA the organization requires (that is who needs it).
 * Everyone else is handled as by authorizePage.
 */
export async function authorizePolicyReader(returnTo: string, request?: Request): Promise<{ tenantId: string; mfaMissing: boolean }> {
  try {
    const ctx = await authorize({ request });
    return { tenantId: ctx.tenant.tenantId, mfaMissing: false };
  } catch (error) {
    // mfa_required is only decided after the membership was confirmed.
    const tenant = error instanceof AuthError && error.reason === 'mfa_required' ? tenantFromHeaders(request?.headers ?? (await headers())) : null;
    if (tenant) return { tenantId: tenant.tenantId, mfaMissing: true };
    const ctx = await authorizePage({ returnTo, request });
    return { tenantId: ctx.tenant.tenantId, mfaMissing: false };
  }
}
