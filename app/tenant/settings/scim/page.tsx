import { authorizePage } from '@/lib/auth/page-guard';
import { ROLES, ROLE_LABELS } from '@/lib/core/permissions';
import { scimBaseUrl } from '@/lib/scim/auth';
import { scimSettings } from '@/lib/scim/tokens';
import { Card } from '@/lib/ui/components';
import { SettingsHeading, formatTime } from '@/app/tenant/settings/heading';
import { CreateTokenForm, RevokeTokenButton, ScimSwitch } from '@/app/tenant/settings/scim/scim-forms';

export const metadata = { title: 'Provisioning (SCIM)' };
export const dynamic = 'force-dynamic';

export default async function ScimSettingsPage() {
  const ctx = await authorizePage({ permission: 'sso:manage', returnTo: '/settings/scim' });
  const settings = await scimSettings(ctx);
  const baseUrl = scimBaseUrl(ctx.tenant.slug);
  return (
    <>
      <SettingsHeading title="Provisioning (SCIM)">
        Let your identity provider (Okta, Entra ID, …) add, update and remove members through SCIM 2.0.
      </SettingsHeading>
      <div className="space-y-6">
        <Card>
          <h2 className="mb-2 text-lg font-semibold">Status</h2>
          <p className="mb-4 text-sm" data-testid="scim-status">
            {settings.enabled ? 'SCIM provisioning is on.' : 'SCIM provisioning is off: every SCIM request is refused.'}
          </p>
          <ScimSwitch enabled={settings.enabled} />
          <dl className="mt-6 text-sm">
            <dt className="font-medium text-slate-700">SCIM base URL</dt>
            <dd className="mt-1"><code className="rounded bg-slate-100 px-2 py-1" data-testid="scim-base-url">{baseUrl}</code></dd>
            <dt className="mt-3 font-medium text-slate-700">Authentication</dt>
            <dd className="mt-1 text-slate-600">HTTP header <code>Authorization: Bearer &lt;token&gt;</code>, with a token created below.</dd>
          </dl>
        </Card>

        <Card>
          <h2 className="mb-4 text-lg font-semibold">Tokens</h2>
          <CreateTokenForm />
          {settings.tokens.length === 0 ? (
            <p className="mt-6 text-slate-600">No tokens yet.</p>
          ) : (
            <table className="mt-6 w-full text-left text-sm" aria-label="SCIM tokens">
              <thead className="text-xs uppercase text-slate-500">
                <tr><th className="py-2">Name</th><th>Token</th><th>Created</th><th>Last used</th><th>Status</th><th><span className="sr-only">Actions</span></th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {settings.tokens.map((t) => (
                  <tr key={t.id} data-testid="scim-token-row" data-name={t.name} className="align-top">
                    <td className="py-3 pr-3 font-medium">{t.name}</td>
                    <td className="py-3 pr-3"><code>{t.prefix}…</code></td>
                    <td className="py-3 pr-3 whitespace-nowrap">{formatTime(t.createdAt)}</td>
                    <td className="py-3 pr-3 whitespace-nowrap">{t.lastUsedAt ? formatTime(t.lastUsedAt) : 'Never'}</td>
                    <td className="py-3 pr-3" data-testid="scim-token-status">{t.revokedAt ? `Revoked ${formatTime(t.revokedAt)}` : 'Active'}</td>
                    <td className="py-3">{!t.revokedAt && <RevokeTokenButton id={t.id} name={t.name} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>

        <Card>
          <h2 className="mb-2 text-lg font-semibold">Roles from groups</h2>
          <p className="mb-2 text-sm text-slate-700">
            Push groups named after a role and their members get that role. Everyone else provisioned through SCIM is a Member.
            Deactivating or deleting a person in your identity provider removes them from this organization at once; their account itself stays.
          </p>
          <ul className="list-disc pl-5 text-sm text-slate-700">
            {ROLES.map((role) => (
              <li key={role}>Group <strong>{ROLE_LABELS[role]}</strong> (or <code>{role}</code>) gives the {ROLE_LABELS[role]} role</li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
