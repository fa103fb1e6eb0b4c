import Link from 'next/link';
import { authorizePage } from '@/lib/auth/page-guard';
import { listConnections, defaultRoleOf, STRATEGY_LABELS, type Strategy } from '@/lib/sso/connections';
import { listDomains } from '@/lib/sso/domains';
import { ROLE_LABELS } from '@/lib/core/permissions';
import { Alert, Card, buttonClass, secondaryButtonClass } from '@/lib/ui/components';
import { SettingsHeading } from '@/app/tenant/settings/heading';

export const metadata = { title: 'Single sign-on' };
export const dynamic = 'force-dynamic';

export default async function SsoPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const ctx = await authorizePage({ permission: 'sso:manage', returnTo: '/settings/sso' });
  const [connections, domains, params] = await Promise.all([listConnections(ctx), listDomains(ctx), searchParams]);
  const verified = domains.filter((d) => d.verifiedAt).length;
  return (
    <>
      <SettingsHeading title="Single sign-on">Let people sign in with your company’s identity provider (SAML or OpenID Connect).</SettingsHeading>
      {params.deleted && <Alert tone="success">Connection deleted.</Alert>}
      <div className="space-y-6">
        <Card>
          <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h2 className="text-lg font-semibold">Connections</h2>
            <div className="flex gap-2">
              <Link href="/settings/sso/new?type=saml" className={buttonClass}>Add SAML connection</Link>
              <Link href="/settings/sso/new?type=oidc" className={secondaryButtonClass}>Add OpenID Connect connection</Link>
            </div>
          </div>
          {connections.length === 0 ? (
            <p className="text-slate-600">No single sign-on connection yet. Members sign in with email and password.</p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Connections">
              {connections.map((c) => (
                <li key={c.id} data-testid="connection-row" data-name={c.name} className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm">
                  <div>
                    <Link href={`/settings/sso/${c.id}`} className="font-medium text-brand hover:underline">{c.displayName}</Link>
                    <p className="text-slate-600">
                      {STRATEGY_LABELS[c.strategy as Strategy] ?? c.strategy} · <code>{c.name}</code> · {c.autoMembership ? `joins as ${ROLE_LABELS[defaultRoleOf(c)]}` : 'invited people only'}
                    </p>
                  </div>
                  <span className={c.enabled ? 'text-emerald-700' : 'text-slate-500'}>{c.enabled ? 'Enabled' : 'Disabled'}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card>
          <h2 className="mb-2 text-lg font-semibold">Verified domains</h2>
          <p className="mb-3 text-sm text-slate-600">
            People whose email is at a verified domain go straight to your single sign-on. {verified} of {domains.length} {domains.length === 1 ? 'domain' : 'domains'} verified.
          </p>
          <Link href="/settings/sso/domains" className={secondaryButtonClass}>Manage domains</Link>
        </Card>
      </div>
    </>
  );
}
