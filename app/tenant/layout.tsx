// Every page on a tenant subdomain: the organization's branding and its navigation.
import { notFound } from 'next/navigation';
import { currentTenant } from '@/lib/tenancy/current';
import { liveSession } from '@/lib/auth/session';
import { TenantHeader } from '@/app/tenant/tenant-header';

export default async function TenantLayout({ children }: { children: React.ReactNode }) {
  const tenant = await currentTenant();
  if (!tenant) notFound();
  const session = await liveSession();
  const style = {
    '--brand': tenant.primaryColor ?? '#4f46e5',
    '--brand-page': tenant.pageBackgroundColor ?? '#f8fafc',
  } as React.CSSProperties;
  return (
    <div style={style} className="min-h-screen bg-brand-page" data-tenant={tenant.slug}>
      <TenantHeader tenant={tenant} user={session ? { sub: session.user.sub, name: session.user.name, email: session.user.email } : null} />
      {children}
    </div>
  );
}
