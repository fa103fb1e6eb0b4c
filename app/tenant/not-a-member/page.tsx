import { Page } from '@/lib/ui/components';
import { currentTenant } from '@/lib/tenancy/current';

export const metadata = { title: 'No access' };

export default async function NotAMember() {
  const tenant = await currentTenant();
  return (
    <Page title="You are not a member of this organization">
      <p className="mb-6 text-slate-700">
        Your account has no access to {tenant?.displayName ?? 'this organization'} (any more). If you think this is a
        mistake, ask one of its admins to invite you.
      </p>
      <a className="font-medium text-brand underline" href={`/auth/logout?returnTo=${encodeURIComponent(tenant?.origin ?? '/')}`}>Sign out</a>
    </Page>
  );
}
