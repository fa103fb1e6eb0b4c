import { headers } from 'next/headers';
import { authorizePage } from '@/lib/auth/page-guard';
import { securityPolicySettings } from '@/lib/admin/security-policy';
import { config } from '@/lib/config';
import { clientIp } from '@/lib/http/client-ip';
import { SESSION_POLICY_BOUNDS } from '@/lib/security/policy';
import { Card } from '@/lib/ui/components';
import { SettingsHeading } from '@/app/tenant/settings/heading';
import { SecurityPolicyForm } from '@/app/tenant/settings/security/security-form';
import { SignOutEveryone } from '@/app/tenant/settings/security/sign-out-everyone';

export const metadata = { title: 'Security settings' };

export default async function SecuritySettingsPage() {
  const ctx = await authorizePage({ permission: 'org:manage', returnTo: '/settings/security' });
  const { policy, admins, ssoConnections } = await securityPolicySettings(ctx);
  const yourAddress = clientIp(await headers(), config().trustedProxyHops);
  return (
    <>
      <SettingsHeading title="Security">
        Rules for everyone who signs in to this organization. They are enforced when people sign in and on every request.
        Members can read a summary on <a className="underline" href="/security">the security policy page</a>.
      </SettingsHeading>
      <div className="space-y-6">
        <Card>
          <SecurityPolicyForm policy={policy} admins={admins} ssoConnections={ssoConnections} bounds={SESSION_POLICY_BOUNDS} yourAddress={yourAddress} />
        </Card>
        <Card>
          <SignOutEveryone />
        </Card>
      </div>
    </>
  );
}
