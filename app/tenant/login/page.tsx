import { redirect } from 'next/navigation';
import { currentTenant } from '@/lib/tenancy/current';
import { liveSession } from '@/lib/auth/session';
import { safeReturnTo } from '@/lib/http/return-to';
import { Card } from '@/lib/ui/components';
import { TenantLoginForm } from '@/app/tenant/login/login-form';

export const metadata = { title: 'Sign in' };

// Email first: the address decides between the organization's single sign-on and the password login.
export default async function TenantLoginPage({ searchParams }: { searchParams: Promise<{ returnTo?: string }> }) {
  const tenant = (await currentTenant())!;
  const returnTo = safeReturnTo((await searchParams).returnTo);
  if (await liveSession()) redirect(returnTo);
  return (
    <main className="mx-auto max-w-md px-6 py-16">
      <h1 className="mb-2 text-center text-2xl font-semibold">Sign in to {tenant.displayName}</h1>
      <p className="mb-6 text-center text-slate-600">Enter your email. If your company uses single sign-on, we take you there.</p>
      <Card>
        <TenantLoginForm returnTo={returnTo} />
      </Card>
    </main>
  );
}
