import Link from 'next/link';
import { authorizePage } from '@/lib/auth/page-guard';
import { Card } from '@/lib/ui/components';
import { SettingsHeading } from '@/app/tenant/settings/heading';
import { ConnectionForm } from '@/app/tenant/settings/sso/connection-forms';
import { oidcRedirectUri } from '@/lib/sso/service-provider';

export const metadata = { title: 'New single sign-on connection' };

export default async function NewConnectionPage({ searchParams }: { searchParams: Promise<{ type?: string }> }) {
  await authorizePage({ permission: 'sso:manage', returnTo: '/settings/sso/new' });
  const strategy = (await searchParams).type === 'oidc' ? 'oidc' : 'samlp';
  return (
    <>
      <SettingsHeading title={strategy === 'samlp' ? 'New SAML connection' : 'New OpenID Connect connection'}>
        {strategy === 'samlp'
          ? 'Enter your identity provider’s sign-in URL and signing certificate, or paste its metadata. After saving you get the details to register Tenantry with your IdP.'
          : `Register an application at your provider with the redirect URI ${oidcRedirectUri()}, then enter its issuer, client ID and secret.`}
      </SettingsHeading>
      <Card>
        <ConnectionForm initial={{ strategy, displayName: '', autoMembership: true, defaultRole: 'org_member' }} />
      </Card>
      <p className="mt-4 text-sm"><Link href="/settings/sso" className="text-brand hover:underline">Back to single sign-on</Link></p>
    </>
  );
}
