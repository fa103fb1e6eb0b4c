// Auth0's Application Login URI: invitation links land here on the apex and move on to the
// organization's own subdomain, where sign-in happens within that organization.
import { redirect } from 'next/navigation';
import { config } from '@/lib/config';
import { parseInvitationParams } from '@/lib/tenancy/invitation-link';
import { tenantOrigin } from '@/lib/tenancy/host';
import { findTenantByAuth0OrgId } from '@/lib/tenancy/organizations';
import { Alert, Page } from '@/lib/ui/components';

export const metadata = { title: 'Invitation' };

export default async function AcceptInvitation({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = parseInvitationParams(await searchParams);
  const tenant = params ? await findTenantByAuth0OrgId(params.organization) : null;
  if (!params || !tenant) {
    return (
      <Page title="This invitation link is not valid">
        <Alert>The link is incomplete or the organization no longer exists. Ask for a new invitation.</Alert>
      </Page>
    );
  }
  const cfg = config();
  const query = new URLSearchParams({ invitation: params.invitation, organization: params.organization, organization_name: tenant.slug });
  redirect(`${tenantOrigin(tenant.slug, cfg.scheme, cfg.rootDomain)}/invitations/accept?${query}`);
}
