import { authorizePage } from '@/lib/auth/page-guard';
import { listApiKeys } from '@/lib/api-keys/keys';
import { PERMISSIONS } from '@/lib/core/permissions';
import { Card } from '@/lib/ui/components';
import { SettingsHeading, formatTime } from '@/app/tenant/settings/heading';
import { CreateApiKeyForm, RevokeApiKeyButton, RotateApiKeyButton } from '@/app/tenant/settings/api-keys/api-key-forms';

export const metadata = { title: 'API keys' };
export const dynamic = 'force-dynamic';

function status(key: { revokedAt: Date | null; expiresAt: Date | null }, now: number): string {
  if (key.revokedAt) return `Revoked ${formatTime(key.revokedAt)}`;
  if (key.expiresAt && key.expiresAt.getTime() <= now) return `Expired ${formatTime(key.expiresAt)}`;
  return 'Active';
}

export default async function ApiKeysPage() {
  const ctx = await authorizePage({ permission: 'org:manage', returnTo: '/settings/api-keys' });
  const keys = await listApiKeys(ctx);
  // Only what this admin holds can go on a key (checked again on the server).
  const grantable = PERMISSIONS.filter((p) => ctx.can(p));
  const now = Date.now();
  return (
    <>
      <SettingsHeading title="API keys">
        Let your own systems call the Tenantry API for this organization. A key gets an access token from the client
        credentials grant and can do only what its permissions allow, in this organization only.
      </SettingsHeading>
      <div className="space-y-6">
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Create a key</h2>
          <CreateApiKeyForm grantable={grantable} />
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Keys</h2>
          {keys.length === 0 ? (
            <p className="text-slate-600">No API keys yet.</p>
          ) : (
            <table className="w-full text-left text-sm" aria-label="API keys">
              <thead className="text-xs uppercase text-slate-500">
                <tr><th className="py-2">Name</th><th>Permissions</th><th>Created</th><th>Last used</th><th>Expires</th><th>Status</th><th><span className="sr-only">Actions</span></th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {keys.map((k) => {
                  const state = status(k, now);
                  return (
                    <tr key={k.id} data-testid="api-key-row" data-name={k.name} className="align-top">
                      <td className="py-3 pr-3"><span className="font-medium">{k.name}</span><br /><code className="text-xs text-slate-500">{k.auth0ClientId}</code></td>
                      <td className="py-3 pr-3" data-testid="api-key-permissions">{k.permissions.join(', ')}</td>
                      <td className="py-3 pr-3 whitespace-nowrap">{formatTime(k.createdAt)}<br /><span className="text-xs text-slate-500">by {k.createdByName ?? k.createdBy}</span></td>
                      <td className="py-3 pr-3 whitespace-nowrap" data-testid="api-key-last-used">{k.lastUsedAt ? formatTime(k.lastUsedAt) : 'Never'}</td>
                      <td className="py-3 pr-3 whitespace-nowrap">{k.expiresAt ? formatTime(k.expiresAt) : 'Never'}</td>
                      <td className="py-3 pr-3" data-testid="api-key-status">{state}</td>
                      <td className="py-3 space-y-2">
                        {state === 'Active' && <RotateApiKeyButton id={k.id} name={k.name} />}
                        {!k.revokedAt && <RevokeApiKeyButton id={k.id} name={k.name} />}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}
