// The account page on a tenant host: the same page as the apex's, in the organization's frame.
import { notFound } from 'next/navigation';
import { currentTenant } from '@/lib/tenancy/current';
import { AccountPage } from '@/app/account/account-page';

export const metadata = { title: 'Your account' };

export default async function TenantAccount({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await currentTenant();
  if (!tenant) notFound();
  return <AccountPage origin={tenant.origin} searchParams={searchParams} />;
}
