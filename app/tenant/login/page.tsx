import { redirect } from 'next/navigation';
import { currentTenant } from '@/lib/tenancy/current';
import { liveSession } from '@/lib/auth/session';
import { safeReturnTo } from '@/lib/http/return-to';
import { Card } from '@/lib/ui/components';
import { TenantLoginForm } from '@/app/tenant/login/login-form';
import { breakGlassLoginPath, ssoOnlyRoute } from '@/lib/sso/home-realm';

export const metadata = { title: 'Sign in' };

// Email first: the address decides between the organization's single sign-on and the password login.
export default async function TenantLoginPage({ searchParams }: { searchParams: Promise<{ returnTo?: string }> }) {
  const tenant = (await currentTenant())!;
  const returnTo = safeReturnTo((await searchParams).returnTo);
  if (await liveSession()) redirect(returnTo);
  const ssoOnly = (await ssoOnlyRoute(tenant.id)) !== null;
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <h1 className="mb-2 text-center text-2xl font-semibold">Sign in to {tenant.displayName}</h1>
      <p className="mb-6 text-center text-slate-600">
        {ssoOnly ? `${tenant.displayName} signs in through your company’s single sign-on. Enter your work email to continue.` : 'Enter your email. If your company uses single sign-on, we take you there.'}
      </p>
      <Card>
        <TenantLoginForm returnTo={returnTo} />
      </Card>
      {ssoOnly && (
        <p className="mt-6 text-center text-xs text-slate-500">
          <a id="break-glass-sign-in" className="underline" href={breakGlassLoginPath(returnTo)}>Break-glass admin sign-in</a>
        </p>
      )}
    </main>
  );
}
