// The organization's security policy as its members see it: what is asked of them and why.
// Not the allowlist's ranges nor who the break-glass admins are (admins see those on
// /settings/security): a member only needs to know that a rule exists.
import { authorizePolicyReader } from '@/lib/auth/page-guard';
import { securityPolicySummary } from '@/lib/admin/security-policy';
import { Card, Page, buttonClass } from '@/lib/ui/components';

export const metadata = { title: 'Security policy' };

const duration = (minutes: number) => (minutes % 1440 === 0 ? `${minutes / 1440} day${minutes === 1440 ? '' : 's'}` : minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`);

export default async function SecurityPolicyPage() {
  const { tenantId, mfaMissing } = await authorizePolicyReader('/security');
  const p = await securityPolicySummary(tenantId);
  return (
    <Page title="Your organization’s security policy">
      <p className="mb-6 text-slate-700">Your organization’s admins set these rules for everyone who signs in here.</p>
      <Card>
        <dl className="space-y-5" id="policy-summary">
          <div>
            <dt className="font-medium">Multi-factor authentication</dt>
            <dd className="text-slate-700" id="policy-mfa">
              {p.mfa === 'required'
                ? `Required: confirm each sign-in with a code from an authenticator app${p.mfaSsoExempt ? ', unless you sign in through your company’s single sign-on, which checks this itself' : ''}. It protects the organization’s data if a password leaks.`
                : 'Not required by your organization.'}
            </dd>
          </div>
          <div>
            <dt className="font-medium">How you sign in</dt>
            <dd className="text-slate-700" id="policy-sign-in">
              {p.signInMethods === 'sso_only'
                ? 'Through your company’s single sign-on only, so that your company controls who has access. Start with your work email on the sign-in page.'
                : 'With a password or your company’s single sign-on, where it is set up.'}
            </dd>
          </div>
          <div>
            <dt className="font-medium">Session length</dt>
            <dd className="text-slate-700" id="policy-session">
              {p.sessionMaxAgeMinutes === null && p.sessionIdleMinutes === null
                ? 'The standard limits apply.'
                : [
                    p.sessionMaxAgeMinutes !== null ? `You are asked to sign in again after ${duration(p.sessionMaxAgeMinutes)}` : null,
                    p.sessionIdleMinutes !== null ? `${p.sessionMaxAgeMinutes !== null ? ', or' : 'You are signed out'} after ${duration(p.sessionIdleMinutes)} without activity` : null,
                  ].filter(Boolean).join('') + '.'}
            </dd>
          </div>
          <div>
            <dt className="font-medium">Network</dt>
            <dd className="text-slate-700" id="policy-network">
              {p.ipAllowlist ? 'Access is limited to your company’s network. Away from it (at home, travelling) you may need your company’s VPN.' : 'You can sign in from anywhere.'}
            </dd>
          </div>
        </dl>
      </Card>
      {mfaMissing && (
        <p className="mt-6">
          <a className={buttonClass} href="/mfa-required">Complete multi-factor authentication</a>
        </p>
      )}
    </Page>
  );
}
