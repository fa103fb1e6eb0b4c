// Invitation links on a tenant host: sign in (or sign up) within this organization with the
// invitation ticket. Auth0 checks the ticket; a bad one comes back as a clear error page.
import { redirect } from 'next/navigation';
import { currentTenant } from '@/lib/tenancy/current';
import { parseInvitationParams } from '@/lib/tenancy/invitation-link';
import { Alert, Page } from '@/lib/ui/components';

export const metadata = { title: 'Invitation' };

export default async function TenantAcceptInvitation({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = (await currentTenant())!;
  const params = parseInvitationParams(await searchParams);
  if (!params || params.organization !== tenant.auth0OrgId) {
    return (
      <Page title="This invitation link is not valid">
        <Alert>This invitation is not for {tenant.displayName}, or the link is incomplete. Ask for a new invitation.</Alert>
      </Page>
    );
  }
  const query = new URLSearchParams({ invitation: params.invitation, returnTo: '/welcome' });
  redirect(`/auth/login?${query}`);
}
