import { redirect } from 'next/navigation';
import { liveSession } from '@/lib/auth/session';
import { organizationsOfUser } from '@/lib/tenancy/user-organizations';
import { ManagementApiError } from '@/lib/management/errors';
import { Alert, Card, Page, TextLink } from '@/lib/ui/components';

export const metadata = { title: 'Choose an organization' };
export const dynamic = 'force-dynamic';

export default async function SelectOrganization() {
  const session = await liveSession();
  if (!session) redirect('/auth/login?returnTo=%2Fselect-organization');
  let orgs;
  try {
    orgs = await organizationsOfUser(session.user.sub);
  } catch (error) {
    if (!(error instanceof ManagementApiError)) throw error;
    return <Page title="Choose an organization"><Alert>{error.message}</Alert></Page>;
  }
  const hint = session.user.email ? `&login_hint=${encodeURIComponent(session.user.email)}` : '';
  // One organization: straight to it. This is safe only because nobody can be made a member
  // without consent or a trust basis any more: an invitation the person accepted, their own
  // organization (sign-up), the organization's own identity provider (SSO, just-in-time or an
  // identity in its connection), or an admin/SCIM add of a verified address at a domain the
  // organization has proven by DNS (lib/admin/invitations.ts trustedExistingUser,
  // lib/scim/users.ts requireVerifiedDomain). If a path without one is ever added, show the
  // picker here instead.
  if (orgs.length === 1) redirect(`${orgs[0]!.origin}/auth/login?returnTo=%2Fprojects${hint}`);
  return (
    <Page title={orgs.length ? 'Choose an organization' : 'No organization yet'}>
      {orgs.length === 0 ? (
        <Card>
          <p className="mb-4 text-slate-700">{session.user.email} is not a member of any organization.</p>
          <ul className="list-inside list-disc space-y-2 text-sm">
            <li><TextLink href="/signup">Create an organization</TextLink></li>
            <li><TextLink href="/personal">Continue to your personal workspace</TextLink></li>
            <li><TextLink href="/account">Your account</TextLink></li>
            <li>To join your company&apos;s organization, ask one of its admins for an invitation.</li>
          </ul>
        </Card>
      ) : (
        <Card>
          <ul className="divide-y divide-slate-100" aria-label="Your organizations">
            {orgs.map((o) => (
              <li key={o.slug}>
                <a className="flex items-center justify-between py-3 font-medium text-brand hover:underline" href={`${o.origin}/auth/login?returnTo=%2Fprojects${hint}`}>
                  {o.displayName}<span className="text-sm font-normal text-slate-500">{o.slug}</span>
                </a>
              </li>
            ))}
          </ul>
          <p className="mt-4 text-sm"><TextLink href="/account">Your account</TextLink></p>
        </Card>
      )}
    </Page>
  );
}
