import { redirect } from 'next/navigation';
import { currentTenant } from '@/lib/tenancy/current';
import { liveSession } from '@/lib/auth/session';
import { buttonClass, OrganizationLogo } from '@/lib/ui/components';

export default async function TenantLanding() {
  const tenant = (await currentTenant())!;
  if (await liveSession()) redirect('/projects');
  return (
    <main className="mx-auto max-w-xl px-6 py-20 text-center">
      {tenant.logoUrl && <OrganizationLogo src={tenant.logoUrl} name={tenant.displayName} className="mx-auto mb-6 h-16 w-16 object-contain" />}
      <h1 className="mb-3 text-3xl font-semibold">{tenant.displayName}</h1>
      <p className="mb-8 text-slate-600">Sign in to the {tenant.displayName} workspace.</p>
      <a className={buttonClass} href="/login?returnTo=%2Fprojects">Sign in</a>
    </main>
  );
}
