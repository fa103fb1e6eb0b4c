import { authorizePage } from '@/lib/auth/page-guard';
import { organizationSettings } from '@/lib/admin/organization';
import { Card } from '@/lib/ui/components';
import { SettingsHeading } from '@/app/tenant/settings/heading';
import { DeleteOrganizationForm, OrganizationForm } from '@/app/tenant/settings/organization/organization-forms';

export const metadata = { title: 'Organization settings' };

export default async function OrganizationPage() {
  const ctx = await authorizePage({ permission: 'org:manage', returnTo: '/settings/organization' });
  const org = await organizationSettings(ctx);
  return (
    <>
      <SettingsHeading title="Organization">Name and branding of {org.displayName}, shown on your workspace and on its sign-in page.</SettingsHeading>
      <div className="space-y-6">
        <Card>
          <OrganizationForm
            initial={{
              displayName: org.displayName,
              logoUrl: org.logoUrl ?? '',
              primaryColor: org.primaryColor ?? '#4f46e5',
              pageBackgroundColor: org.pageBackgroundColor ?? '#f8fafc',
            }}
            address={org.slug}
          />
        </Card>
        <Card>
          <h2 className="mb-2 text-lg font-semibold text-red-800">Delete organization</h2>
          <p className="mb-4 text-sm text-slate-700">
            Deletes {org.displayName} in Auth0 and all of its data here: members, projects and settings. The people keep their accounts. This cannot be undone.
          </p>
          <DeleteOrganizationForm slug={org.slug} />
        </Card>
      </div>
    </>
  );
}
