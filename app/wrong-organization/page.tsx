import { Page } from '@/lib/ui/components';

export const metadata = { title: 'Signed in elsewhere' };

export default function WrongOrganization() {
  return (
    <Page title="This session belongs to another organization">
      <p className="mb-4 text-slate-700">
        You were signed in for a different organization, so we signed you out here. Sign in again to continue.
      </p>
      <a className="font-medium text-brand underline" href="/auth/login">Sign in</a>
    </Page>
  );
}
