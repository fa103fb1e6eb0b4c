import { redirect } from 'next/navigation';
import { liveSession } from '@/lib/auth/session';
import { config } from '@/lib/config';
import { Card, Page, TextLink } from '@/lib/ui/components';

export const metadata = { title: 'Personal workspace' };

export default async function PersonalWorkspace() {
  const session = await liveSession();
  if (!session) redirect('/auth/login?returnTo=%2Fpersonal');
  return (
    <Page title="Your personal workspace">
      <Card>
        <p className="mb-2 text-slate-700" data-testid="personal-user">Signed in as <strong>{session.user.email}</strong>, without an organization.</p>
        <p className="mb-6 text-sm text-slate-600">This workspace is yours alone. Create an organization to work with colleagues, or join one by accepting an invitation.</p>
        <ul className="space-y-2 text-sm">
          <li><TextLink href="/signup">Create an organization</TextLink></li>
          <li><TextLink href="/select-organization">My organizations</TextLink></li>
          <li><TextLink href="/account">Your account</TextLink></li>
          <li><a className="font-medium text-brand hover:underline" href={`/auth/logout?returnTo=${encodeURIComponent(config().apexOrigin)}`}>Sign out</a></li>
        </ul>
      </Card>
    </Page>
  );
}
